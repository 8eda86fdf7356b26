using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StockPerLocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stock_locations",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    shopify_location_id = table.Column<long>(type: "INTEGER", nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_locations", x => x.id);
                    table.UniqueConstraint("ak_stock_locations_key", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "variant_stock_levels",
                columns: table => new
                {
                    product_variant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    location_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    available = table.Column<int>(type: "INTEGER", nullable: false),
                    on_hand = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_variant_stock_levels", x => new { x.product_variant_id, x.location_key });
                    table.ForeignKey(
                        name: "fk_variant_stock_levels_product_variants_product_variant_id",
                        column: x => x.product_variant_id,
                        principalTable: "product_variants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_variant_stock_levels_stock_locations_location_key",
                        column: x => x.location_key,
                        principalTable: "stock_locations",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "stock_locations",
                columns: new[] { "id", "key", "name", "position", "shopify_location_id" },
                values: new object[] { 1, "default", "Default location", 0, null });

            migrationBuilder.CreateIndex(
                name: "ix_stock_locations_key",
                table: "stock_locations",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_locations_shopify_location_id",
                table: "stock_locations",
                column: "shopify_location_id",
                unique: true,
                filter: "shopify_location_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_variant_stock_levels_location_key",
                table: "variant_stock_levels",
                column: "location_key");

            // The single stock figure each variant had becomes its level at the default location (docs/decisions/0019).
            migrationBuilder.Sql(
                "INSERT INTO variant_stock_levels (product_variant_id, location_key, available) " +
                "SELECT id, 'default', inventory_quantity FROM product_variants");

            // The seeded Inventory Reduction rule, as the merchant left it, also watches stock per location.
            migrationBuilder.Sql(
                "UPDATE sync_approval_rules SET field_patterns = " +
                "'[\"inventory_quantity\",\"variants[*].inventory_quantity\",\"inventory[*]\",\"variants[*].inventory[*]\"]' " +
                "WHERE rule_name = 'Inventory Reduction' AND field_patterns = '[\"inventory_quantity\",\"variants[*].inventory_quantity\"]'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "variant_stock_levels");

            migrationBuilder.DropTable(
                name: "stock_locations");
        }
    }
}
