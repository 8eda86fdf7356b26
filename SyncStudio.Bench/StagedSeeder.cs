using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

/// <summary>Which rows to stage: every row pending (the Review page, bulk-approve) or the spread a live shop accumulates.</summary>
internal enum SeedMix
{
    /// <summary>Statuses, types, directions, conflicts and priorities spread as after months of syncing.</summary>
    Spread,

    /// <summary>Every change pending, non-conflicting and decidable by an Approver.</summary>
    AllPending,
}

/// <summary>
/// Fills a migrated SyncStudio database with local products and staged changes, fast: one transaction, prepared
/// statements, realistic JSON payloads (a product snapshot before and after, the field diff, the rules that matched).
/// Rows are inserted in time order, as a pull stages them.
/// </summary>
internal static class StagedSeeder
{
    public const int BatchSize = 5_000;

    private static readonly string[] SpreadStatuses = BuildSpread(
        ("pending", 40), ("approved", 12), ("applied", 30), ("rejected", 6), ("superseded", 8), ("failed", 3), ("rolled_back", 1));

    public static string BatchId(int index) => $"pull_20261101_{index:D5}";

    /// <summary>Seeds <paramref name="rows"/> changes (batches of 5,000) and a product for every fourth (at most 25,000).</summary>
    public static async Task<Dictionary<string, object?>> SeedAsync(string databaseFile, int rows, SeedMix mix, int batchSize = BatchSize)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;";
            await pragma.ExecuteNonQueryAsync();
        }
        var products = Math.Clamp(rows / 4, 1, 25_000);
        var random = new Random(20261201);
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var statusCounts = new Dictionary<string, int>();

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using (var product = connection.CreateCommand())
        await using (var variant = connection.CreateCommand())
        {
            product.Transaction = transaction;
            product.CommandText = """
                INSERT INTO products (id, title, handle, body_html, vendor, product_type, tags, status, option1name, shopify_product_id, created_at, updated_at)
                VALUES ($id, $title, $handle, $body, $vendor, $type, $tags, 'active', 'Size', $shopify, $at, $at)
                """;
            var p = Parameters(product, "$id", "$title", "$handle", "$body", "$vendor", "$type", "$tags", "$shopify", "$at");
            variant.Transaction = transaction;
            variant.CommandText = """
                INSERT INTO product_variants (product_id, position, sku, price, inventory_quantity, option1, shopify_variant_id, shopify_inventory_item_id)
                VALUES ($product, $position, $sku, $price, $stock, $option, $shopify, $inventory)
                """;
            var v = Parameters(variant, "$product", "$position", "$sku", "$price", "$stock", "$option", "$shopify", "$inventory");
            await product.PrepareAsync();
            await variant.PrepareAsync();
            for (var id = 1; id <= products; id++)
            {
                p[0].Value = id;
                p[1].Value = $"Merino Crew {id}";
                p[2].Value = $"merino-crew-{id}";
                p[3].Value = $"<p>Soft merino crew neck, style {id}. Machine washable.</p>";
                p[4].Value = Vendors[id % Vendors.Length];
                p[5].Value = "Sweaters";
                p[6].Value = "merino,winter,crew";
                p[7].Value = 7_000_000_000L + id;
                p[8].Value = Timestamp(start.AddDays(-30));
                await product.ExecuteNonQueryAsync();
                for (var position = 1; position <= 2; position++)
                {
                    v[0].Value = id;
                    v[1].Value = position;
                    v[2].Value = $"MC-{id:D6}-{(position == 1 ? "M" : "L")}";
                    v[3].Value = "49.9000";
                    v[4].Value = 10 + (id % 40);
                    v[5].Value = position == 1 ? "M" : "L";
                    v[6].Value = 40_000_000_000L + (id * 2L) + position;
                    v[7].Value = 50_000_000_000L + (id * 2L) + position;
                    await variant.ExecuteNonQueryAsync();
                }
            }
        }

        await using (var change = connection.CreateCommand())
        {
            change.Transaction = transaction;
            change.CommandText = """
                INSERT INTO staged_product_changes (change_id, product_id, shopify_product_id, change_type, sync_direction,
                    source_version, target_version, current_data, proposed_data, field_changes, has_conflicts, conflict_fields,
                    status, reviewed_by_id, reviewed_at, review_notes, auto_approved, applied_at, source_system, batch_id, priority,
                    created_at, updated_at, required_approval_level, rule_evaluation, base_version, authored_by_id, row_version)
                VALUES ($change_id, $product_id, $shopify_id, $type, $direction, $source, $target, $current, $proposed, $fields,
                    $conflicts, $conflict_fields, $status, $reviewed_by, $reviewed_at, $notes, $auto, $applied_at, $system, $batch,
                    $priority, $created, $created, $level, $rules, $base, NULL, 0)
                """;
            var c = Parameters(change, "$change_id", "$product_id", "$shopify_id", "$type", "$direction", "$source", "$target",
                "$current", "$proposed", "$fields", "$conflicts", "$conflict_fields", "$status", "$reviewed_by", "$reviewed_at",
                "$notes", "$auto", "$applied_at", "$system", "$batch", "$priority", "$created", "$level", "$rules", "$base");
            await change.PrepareAsync();
            for (var i = 0; i < rows; i++)
            {
                var productId = 1 + (i % products);
                var roll = random.Next(100);
                var type = mix == SeedMix.AllPending ? "update" : roll < 80 ? "update" : roll < 95 ? "create" : "delete";
                var direction = mix == SeedMix.AllPending || random.Next(100) < 70 ? "pull_from_shopify" : "push_to_shopify";
                var status = mix == SeedMix.AllPending ? "pending" : SpreadStatuses[random.Next(SpreadStatuses.Length)];
                var conflicts = mix == SeedMix.Spread && type == "update" && random.Next(100) < 5;
                var level = conflicts || random.Next(100) < 10 ? 2 : 1;
                if (mix == SeedMix.AllPending)
                    level = 1;
                var decided = status is not ("pending" or "superseded");
                var created = start.AddSeconds(i * 2.0);
                var oldPrice = 40 + (i % 50);
                var newPrice = oldPrice + 1 + (i % 7);
                var title = $"Merino Crew {productId}";
                statusCounts[status] = statusCounts.GetValueOrDefault(status) + 1;

                c[0].Value = $"chg_{created:yyyyMMdd}_{i:D8}";
                c[1].Value = type == "create" ? DBNull.Value : productId;
                c[2].Value = $"gid://shopify/Product/{7_000_000_000L + productId}";
                c[3].Value = type;
                c[4].Value = direction;
                c[5].Value = Hash(i, 1);
                c[6].Value = Hash(i, 2);
                c[7].Value = type == "create" ? DBNull.Value : Snapshot(productId, title, oldPrice, 12 + (i % 30));
                c[8].Value = type == "delete" ? DBNull.Value : Snapshot(productId, type == "update" && i % 3 == 0 ? title + " (new season)" : title, newPrice, 12 + (i % 30));
                c[9].Value = type switch
                {
                    "create" => """{"title":{"old":null,"new":"Merino Crew"},"variants":{"old":null,"new":2}}""",
                    "delete" => """{"deleted":{"old":false,"new":true}}""",
                    _ => i % 3 == 0
                        ? $$$"""{"title":{"old":"{{{title}}}","new":"{{{title}}} (new season)","base":"{{{title}}}"},"variants[0].price":{"old":"{{{oldPrice}}}.00","new":"{{{newPrice}}}.00","base":"{{{oldPrice}}}.00"}}"""
                        : $$$"""{"variants[0].price":{"old":"{{{oldPrice}}}.00","new":"{{{newPrice}}}.00","base":"{{{oldPrice}}}.00"},"variants[1].price":{"old":"{{{oldPrice}}}.00","new":"{{{newPrice}}}.00","base":"{{{oldPrice}}}.00"}}""",
                };
                c[10].Value = conflicts;
                c[11].Value = conflicts ? """["variants[0].price"]""" : DBNull.Value;
                c[12].Value = status;
                c[13].Value = decided ? 1 : DBNull.Value;
                c[14].Value = decided ? Timestamp(created.AddMinutes(30)) : DBNull.Value;
                c[15].Value = decided ? "checked against the supplier list" : DBNull.Value;
                c[16].Value = status == "approved" && level == 1 && i % 4 == 0;
                c[17].Value = status is "applied" or "rolled_back" ? Timestamp(created.AddHours(1)) : DBNull.Value;
                c[18].Value = direction == "pull_from_shopify" ? "shopify" : "local";
                c[19].Value = BatchId(i / batchSize);
                c[20].Value = 1 + (random.Next(100) switch { < 5 => 0, < 15 => 1, < 75 => 2, < 90 => 3, _ => 4 });
                c[21].Value = Timestamp(created);
                c[22].Value = level;
                c[23].Value = level == 2
                    ? $$"""{"matches":[{"rule":"Large price change","action":"require_admin","reason":"price changed by {{(newPrice - oldPrice) * 100 / oldPrice}}%"}]}"""
                    : """{"matches":[{"rule":"Price changes","action":"require_approval","reason":"a price changed"}]}""";
                c[24].Value = type == "create" ? DBNull.Value : Hash(i, 0);
                await change.ExecuteNonQueryAsync();
            }
        }
        await transaction.CommitAsync();
        watch.Stop();
        var result = new Dictionary<string, object?>
        {
            ["seed_rows"] = rows,
            ["seed_products"] = products,
            ["seed_batches"] = (rows + batchSize - 1) / batchSize,
            ["seed_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1),
            ["seed_rows_per_second"] = Math.Round(rows / watch.Elapsed.TotalSeconds, 0),
            ["seed_statuses"] = string.Join(", ", statusCounts.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}")),
            ["database_mb"] = Math.Round(new FileInfo(databaseFile).Length / 1048576.0, 0),
        };
        return result;
    }

    private static readonly string[] Vendors = ["Northwind Knits", "Alpine Wool Co", "Harbor & Loom", "Fjord Apparel"];

    private static string[] BuildSpread(params (string Status, int Weight)[] weights) =>
        weights.SelectMany(w => Enumerable.Repeat(w.Status, w.Weight)).ToArray();

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names) =>
        names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();

    /// <summary>As EF Core's SQLite provider stores a DateTime.</summary>
    private static string Timestamp(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static string Hash(int i, int salt) => Convert.ToHexStringLower(BitConverter.GetBytes(((long)i << 8) | (uint)salt)).PadLeft(64, '0');

    /// <summary>A product snapshot as the pull stores it: the product's fields and its variants.</summary>
    private static string Snapshot(int productId, string title, int price, int stock) => $$"""
        {"id":{{7_000_000_000L + productId}},"title":"{{title}}","handle":"merino-crew-{{productId}}","body_html":"<p>Soft merino crew neck, style {{productId}}. Machine washable.</p>","vendor":"{{Vendors[productId % Vendors.Length]}}","product_type":"Sweaters","tags":["merino","winter","crew"],"status":"active","options":[{"name":"Size","values":["M","L"]}],"variants":[{"id":{{40_000_000_000L + (productId * 2L) + 1}},"position":1,"sku":"MC-{{productId:D6}}-M","price":"{{price}}.00","compare_at_price":null,"inventory_quantity":{{stock}},"barcode":"400{{productId:D9}}","weight":0.35,"weight_unit":"KILOGRAMS","option1":"M"},{"id":{{40_000_000_000L + (productId * 2L) + 2}},"position":2,"sku":"MC-{{productId:D6}}-L","price":"{{price}}.00","compare_at_price":null,"inventory_quantity":{{stock + 3}},"barcode":"401{{productId:D9}}","weight":0.38,"weight_unit":"KILOGRAMS","option1":"L"}]}
        """;
}
