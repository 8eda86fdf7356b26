using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StagedChangeCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_batch_id_id",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_change_type_id",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_has_conflicts_id",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_status_id",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_sync_direction_id",
                table: "staged_product_changes");

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_batch_id_covering",
                table: "staged_product_changes",
                columns: new[] { "batch_id", "id", "change_type", "has_conflicts", "sync_direction", "priority", "product_id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_change_type_covering",
                table: "staged_product_changes",
                columns: new[] { "change_type", "id", "batch_id", "has_conflicts", "sync_direction", "priority", "product_id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_has_conflicts_covering",
                table: "staged_product_changes",
                columns: new[] { "has_conflicts", "id", "batch_id", "change_type", "sync_direction", "priority", "product_id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_id",
                table: "staged_product_changes",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_priority_covering",
                table: "staged_product_changes",
                columns: new[] { "priority", "id", "batch_id", "change_type", "has_conflicts", "sync_direction", "product_id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_reviewed_at_reviewed_by_id",
                table: "staged_product_changes",
                columns: new[] { "reviewed_at", "reviewed_by_id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_status_covering",
                table: "staged_product_changes",
                columns: new[] { "status", "id", "batch_id", "change_type", "has_conflicts", "sync_direction", "priority", "product_id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_sync_direction_covering",
                table: "staged_product_changes",
                columns: new[] { "sync_direction", "id", "batch_id", "change_type", "has_conflicts", "priority", "product_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_batch_id_covering",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_change_type_covering",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_has_conflicts_covering",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_id",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_priority_covering",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_reviewed_at_reviewed_by_id",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_status_covering",
                table: "staged_product_changes");

            migrationBuilder.DropIndex(
                name: "ix_staged_product_changes_sync_direction_covering",
                table: "staged_product_changes");

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_batch_id_id",
                table: "staged_product_changes",
                columns: new[] { "batch_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_change_type_id",
                table: "staged_product_changes",
                columns: new[] { "change_type", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_has_conflicts_id",
                table: "staged_product_changes",
                columns: new[] { "has_conflicts", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_status_id",
                table: "staged_product_changes",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_sync_direction_id",
                table: "staged_product_changes",
                columns: new[] { "sync_direction", "id" });
        }
    }
}
