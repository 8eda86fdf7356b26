using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddCircuitBreaker : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "breaker",
                table: "sync_batches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sync_safety_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    breaker_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    max_catalog_changed_percent = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    max_variants_zeroed = table.Column<int>(type: "INTEGER", nullable: false),
                    max_deleted_percent = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    max_read_shrink_percent = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    updated_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_safety_settings", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_safety_settings");

            migrationBuilder.DropColumn(
                name: "breaker",
                table: "sync_batches");
        }
    }
}
