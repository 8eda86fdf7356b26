using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SyncProductImages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "images",
                table: "products",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "image",
                table: "product_variants",
                type: "nvarchar(max)",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "images",
                table: "products");

            migrationBuilder.DropColumn(
                name: "image",
                table: "product_variants");
        }
    }
}
