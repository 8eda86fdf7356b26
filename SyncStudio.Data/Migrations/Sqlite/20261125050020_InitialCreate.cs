using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: true),
                    user_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    before_status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    after_status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    data = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    title = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    handle = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    body_html = table.Column<string>(type: "TEXT", nullable: true),
                    vendor = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    product_type = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    tags = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    option1name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    option2name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    option3name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    shopify_product_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "shopify_connections",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    shop_domain = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    api_version = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    encrypted_access_token = table.Column<string>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by_id = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shopify_connections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: true),
                    security_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    access_failed_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    webhook_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    topic = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    shopify_product_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    processed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    batch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "product_variants",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    product_id = table.Column<int>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    sku = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    compare_at_price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    inventory_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    barcode = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    weight = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    weight_unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    option1 = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    option2 = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    option3 = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    shopify_variant_id = table.Column<long>(type: "INTEGER", nullable: true),
                    shopify_inventory_item_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_variants", x => x.id);
                    table.ForeignKey(
                        name: "fk_product_variants_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    role_id = table.Column<int>(type: "INTEGER", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "staged_product_changes",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    product_id = table.Column<int>(type: "INTEGER", nullable: true),
                    shopify_product_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    change_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    sync_direction = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    source_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    target_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    current_data = table.Column<string>(type: "TEXT", nullable: true),
                    proposed_data = table.Column<string>(type: "TEXT", nullable: true),
                    field_changes = table.Column<string>(type: "TEXT", nullable: true),
                    has_conflicts = table.Column<bool>(type: "INTEGER", nullable: false),
                    conflict_fields = table.Column<string>(type: "TEXT", nullable: true),
                    conflict_resolution = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reviewed_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    reviewed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    review_notes = table.Column<string>(type: "TEXT", nullable: true),
                    auto_approved = table.Column<bool>(type: "INTEGER", nullable: false),
                    applied_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    applied_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    application_result = table.Column<string>(type: "TEXT", nullable: true),
                    rollback_data = table.Column<string>(type: "TEXT", nullable: true),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    batch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    priority = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 3),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    required_approval_level = table.Column<int>(type: "INTEGER", nullable: false),
                    rule_evaluation = table.Column<string>(type: "TEXT", nullable: true),
                    base_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    authored_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    applied_batch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    failure_reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    row_version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staged_product_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_staged_product_changes_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_staged_product_changes_users_applied_by_id",
                        column: x => x.applied_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_staged_product_changes_users_reviewed_by_id",
                        column: x => x.reviewed_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sync_approval_rules",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    rule_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    rule_description = table.Column<string>(type: "TEXT", nullable: true),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    change_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    field_patterns = table.Column<string>(type: "TEXT", nullable: true),
                    value_thresholds = table.Column<string>(type: "TEXT", nullable: true),
                    requires_approval = table.Column<bool>(type: "INTEGER", nullable: false),
                    auto_approve_conditions = table.Column<string>(type: "TEXT", nullable: true),
                    approval_level = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 1),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 3),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    seed_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_approval_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_sync_approval_rules_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sync_batches",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    batch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    batch_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    sync_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    sync_direction = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    total_items = table.Column<int>(type: "INTEGER", nullable: false),
                    processed_items = table.Column<int>(type: "INTEGER", nullable: false),
                    successful_items = table.Column<int>(type: "INTEGER", nullable: false),
                    failed_items = table.Column<int>(type: "INTEGER", nullable: false),
                    skipped_items = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    estimated_completion = table.Column<DateTime>(type: "TEXT", nullable: true),
                    processing_rate = table.Column<double>(type: "REAL", nullable: true),
                    api_calls_made = table.Column<int>(type: "INTEGER", nullable: false),
                    api_quota_used = table.Column<int>(type: "INTEGER", nullable: false),
                    error_summary = table.Column<string>(type: "TEXT", nullable: true),
                    warnings = table.Column<string>(type: "TEXT", nullable: true),
                    created_by_id = table.Column<int>(type: "INTEGER", nullable: false),
                    cancelled_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    configuration = table.Column<string>(type: "TEXT", nullable: true),
                    summary = table.Column<string>(type: "TEXT", nullable: true),
                    schedule_id = table.Column<int>(type: "INTEGER", nullable: true),
                    active_lock = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_batches", x => x.id);
                    table.ForeignKey(
                        name: "fk_sync_batches_users_cancelled_by_id",
                        column: x => x.cancelled_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sync_batches_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sync_schedules",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    cron_expression = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    sync_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    filters = table.Column<string>(type: "TEXT", nullable: true),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_by_id = table.Column<int>(type: "INTEGER", nullable: false),
                    last_fired_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_batch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    last_outcome = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_schedules", x => x.id);
                    table.ForeignKey(
                        name: "fk_sync_schedules_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sync_versions",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    entity_id = table.Column<int>(type: "INTEGER", nullable: false),
                    shopify_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    version_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version_number = table.Column<int>(type: "INTEGER", nullable: false),
                    data_snapshot = table.Column<string>(type: "TEXT", nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    sync_direction = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    change_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sync_versions_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    provider_key = table.Column<string>(type: "TEXT", nullable: false),
                    provider_display_name = table.Column<string>(type: "TEXT", nullable: true),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    role_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_action",
                table: "audit_events",
                column: "action");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_entity_type_entity_id",
                table: "audit_events",
                columns: new[] { "entity_type", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_occurred_at",
                table: "audit_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_user_id",
                table: "audit_events",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_variants_product_id_position",
                table: "product_variants",
                columns: new[] { "product_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_product_variants_shopify_variant_id",
                table: "product_variants",
                column: "shopify_variant_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_variants_sku",
                table: "product_variants",
                column: "sku");

            migrationBuilder.CreateIndex(
                name: "ix_products_handle",
                table: "products",
                column: "handle",
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_products_shopify_product_id",
                table: "products",
                column: "shopify_product_id",
                unique: true,
                filter: "shopify_product_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_products_title",
                table: "products",
                column: "title");

            migrationBuilder.CreateIndex(
                name: "ix_products_updated_at",
                table: "products",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_applied_batch_id",
                table: "staged_product_changes",
                column: "applied_batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_applied_by_id",
                table: "staged_product_changes",
                column: "applied_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_batch_id_id",
                table: "staged_product_changes",
                columns: new[] { "batch_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_change_id",
                table: "staged_product_changes",
                column: "change_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_change_type_id",
                table: "staged_product_changes",
                columns: new[] { "change_type", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_created_at",
                table: "staged_product_changes",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_has_conflicts_id",
                table: "staged_product_changes",
                columns: new[] { "has_conflicts", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_product_id_sync_direction_status",
                table: "staged_product_changes",
                columns: new[] { "product_id", "sync_direction", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_reviewed_by_id",
                table: "staged_product_changes",
                column: "reviewed_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_status_id",
                table: "staged_product_changes",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_staged_product_changes_sync_direction_id",
                table: "staged_product_changes",
                columns: new[] { "sync_direction", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sync_approval_rules_created_by_id",
                table: "sync_approval_rules",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_sync_approval_rules_is_active_priority",
                table: "sync_approval_rules",
                columns: new[] { "is_active", "priority" });

            migrationBuilder.CreateIndex(
                name: "ix_sync_approval_rules_seed_key",
                table: "sync_approval_rules",
                column: "seed_key",
                unique: true,
                filter: "seed_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sync_batches_active_lock",
                table: "sync_batches",
                column: "active_lock",
                unique: true,
                filter: "active_lock IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sync_batches_batch_id",
                table: "sync_batches",
                column: "batch_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sync_batches_cancelled_by_id",
                table: "sync_batches",
                column: "cancelled_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_sync_batches_created_at",
                table: "sync_batches",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_sync_batches_created_by_id",
                table: "sync_batches",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_sync_batches_status_id",
                table: "sync_batches",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sync_batches_sync_direction_id",
                table: "sync_batches",
                columns: new[] { "sync_direction", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sync_schedules_created_by_id",
                table: "sync_schedules",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_sync_schedules_enabled",
                table: "sync_schedules",
                column: "enabled");

            migrationBuilder.CreateIndex(
                name: "ix_sync_versions_created_by_id",
                table: "sync_versions",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_sync_versions_entity_type_entity_id_version_number",
                table: "sync_versions",
                columns: new[] { "entity_type", "entity_id", "version_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sync_versions_shopify_id",
                table: "sync_versions",
                column: "shopify_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_processed_at",
                table: "webhook_deliveries",
                column: "processed_at");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_webhook_id",
                table: "webhook_deliveries",
                column: "webhook_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "product_variants");

            migrationBuilder.DropTable(
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "shopify_connections");

            migrationBuilder.DropTable(
                name: "staged_product_changes");

            migrationBuilder.DropTable(
                name: "sync_approval_rules");

            migrationBuilder.DropTable(
                name: "sync_batches");

            migrationBuilder.DropTable(
                name: "sync_schedules");

            migrationBuilder.DropTable(
                name: "sync_versions");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
