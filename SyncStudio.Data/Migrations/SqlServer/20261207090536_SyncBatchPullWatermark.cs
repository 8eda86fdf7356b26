using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SyncBatchPullWatermark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "pull_watermark",
                table: "sync_batches",
                type: "datetime2",
                nullable: true);

            // Pulls recorded before the watermark existed keep counting as the incremental starting point only if
            // they read the whole store: their configuration names no collection and no updated_since.
            migrationBuilder.Sql("""
                UPDATE sync_batches SET pull_watermark = started_at
                WHERE sync_direction = 'pull_from_shopify' AND sync_type IN ('full', 'incremental')
                  AND (configuration IS NULL
                    OR (configuration LIKE '%"updated_since":null%' AND configuration LIKE '%"collection_id":null%'))
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "pull_watermark",
                table: "sync_batches");
        }
    }
}
