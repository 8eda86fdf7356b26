using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MoreProductFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "csv_extra",
                table: "products",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "seo_description",
                table: "products",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "seo_title",
                table: "products",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "cost",
                table: "product_variants",
                type: "decimal(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "country_of_origin",
                table: "product_variants",
                type: "nvarchar(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "csv_extra",
                table: "product_variants",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "harmonized_system_code",
                table: "product_variants",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "inventory_policy",
                table: "product_variants",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "requires_shipping",
                table: "product_variants",
                type: "bit",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "taxable",
                table: "product_variants",
                type: "bit",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "tracked",
                table: "product_variants",
                type: "bit",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "csv_extra",
                table: "products");

            migrationBuilder.DropColumn(
                name: "seo_description",
                table: "products");

            migrationBuilder.DropColumn(
                name: "seo_title",
                table: "products");

            migrationBuilder.DropColumn(
                name: "cost",
                table: "product_variants");

            migrationBuilder.DropColumn(
                name: "country_of_origin",
                table: "product_variants");

            migrationBuilder.DropColumn(
                name: "csv_extra",
                table: "product_variants");

            migrationBuilder.DropColumn(
                name: "harmonized_system_code",
                table: "product_variants");

            migrationBuilder.DropColumn(
                name: "inventory_policy",
                table: "product_variants");

            migrationBuilder.DropColumn(
                name: "requires_shipping",
                table: "product_variants");

            migrationBuilder.DropColumn(
                name: "taxable",
                table: "product_variants");

            migrationBuilder.DropColumn(
                name: "tracked",
                table: "product_variants");
        }
    }
}
