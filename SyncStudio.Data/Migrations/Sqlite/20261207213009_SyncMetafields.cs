using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SyncMetafields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "metafields",
                table: "products",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "metafields",
                table: "product_variants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sync_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_settings", x => x.key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_settings");

            migrationBuilder.DropColumn(
                name: "metafields",
                table: "products");

            migrationBuilder.DropColumn(
                name: "metafields",
                table: "product_variants");
        }
    }
}
