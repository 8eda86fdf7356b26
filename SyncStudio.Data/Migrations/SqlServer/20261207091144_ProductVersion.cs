using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ProductVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "products",
                type: "int",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "version",
                table: "products");
        }
    }
}
