using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>
/// GET /api/sync/staged over HTTP against the real app, one request at a time: every filter, every sort, combined
/// filters, the default and maximum page sizes and deep pages, each repeated. Each answer's <c>total</c> and page size
/// are checked against a COUNT(*) made directly in SQLite, so a fast wrong answer cannot pass.
/// </summary>
internal static class ApiLatencyScenario
{
    private sealed record Case(string Name, string Query, string Where, int Page = 1, int PerPage = 50);

    public static async Task RunAsync(string work, int size, Dictionary<string, object?> results)
    {
        using (await StagedBench.PrepareDatabaseAsync(work, approvers: 0)) { }
        var database = StagedBench.DatabaseFile(work);
        foreach (var (key, value) in await StagedSeeder.SeedAsync(database, size, SeedMix.Spread))
            results[key] = value;

        var batches = (size + StagedSeeder.BatchSize - 1) / StagedSeeder.BatchSize;
        var batch = StagedSeeder.BatchId(batches / 2);
        var cases = new List<Case>
        {
            new("default (-id)", "", "1"),
            new("status=pending", "status=pending", "status = 'pending'"),
            new("status=failed (rare)", "status=failed", "status = 'failed'"),
            new("batch_id", $"batch_id={batch}", $"batch_id = '{batch}'"),
            new("change_type=update", "change_type=update", "change_type = 'update'"),
            new("change_type=delete", "change_type=delete", "change_type = 'delete'"),
            new("has_conflicts=true", "has_conflicts=true", "has_conflicts = 1"),
            new("sync_direction=push", "sync_direction=push_to_shopify", "sync_direction = 'push_to_shopify'"),
            new("product_id", "product_id=7", "product_id = 7"),
            new("product_id+status", "product_id=7&status=pending", "product_id = 7 AND status = 'pending'"),
            new("status+change_type+has_conflicts", "status=pending&change_type=update&has_conflicts=false",
                "status = 'pending' AND change_type = 'update' AND has_conflicts = 0"),
            new("status+sync_direction", "status=pending&sync_direction=pull_from_shopify", "status = 'pending' AND sync_direction = 'pull_from_shopify'"),
            new("batch_id+status", $"batch_id={batch}&status=pending", $"batch_id = '{batch}' AND status = 'pending'"),
            new("sort=id", "sort=id", "1"),
            new("sort=created_at", "sort=created_at", "1"),
            new("sort=-created_at", "sort=-created_at", "1"),
            new("sort=priority", "sort=priority", "1"),
            new("sort=-priority", "sort=-priority", "1"),
            new("status=pending sort=priority", "status=pending&sort=priority", "status = 'pending'"),
            new("per_page=500", "per_page=500", "1", PerPage: 500),
            new("page 100", "page=100", "1", Page: 100),
            new("deep page (middle)", $"page={Math.Max(1, size / 100)}", "1", Page: Math.Max(1, size / 100)),
            new("last page", $"page={size / 50}", "1", Page: size / 50),
            new("status=pending deep page", $"status=pending&page={Math.Max(1, size / 250)}", "status = 'pending'", Page: Math.Max(1, size / 250)),
            new("sort=priority deep page", $"sort=priority&page={Math.Max(1, size / 250)}", "1", Page: Math.Max(1, size / 250)),
        };
        var expected = new Dictionary<string, int>();
        await using (var sqlite = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await sqlite.OpenAsync();
            foreach (var item in cases)
            {
                await using var count = sqlite.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM staged_product_changes WHERE {item.Where}";
                expected[item.Name] = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        await using var app = await WebAppProcess.StartAsync(work);
        using var client = await app.ClientAsAsync(StagedBench.AdminEmail, maxConnections: 1);
        var repeats = size >= 1_000_000 ? 20 : 40;
        var all = new List<double>();
        var perCase = new Dictionary<string, object?>();
        var failures = new List<string>();
        var slowest = new List<(string Name, double P95)>();
        foreach (var item in cases)
        {
            var times = new List<double>();
            for (var i = -2; i < repeats; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync("/api/sync/staged?" + item.Query);
                var body = await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (i < 0)
                {
                    // Warm-up: the first call of each shape also checks the answer.
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Add($"{item.Name}: HTTP {(int)response.StatusCode}");
                        continue;
                    }
                    using var json = JsonDocument.Parse(body);
                    var total = json.RootElement.GetProperty("total").GetInt32();
                    var items = json.RootElement.GetProperty("items").GetArrayLength();
                    var wantItems = Math.Clamp(expected[item.Name] - ((item.Page - 1) * item.PerPage), 0, item.PerPage);
                    if (total != expected[item.Name] || items != wantItems)
                        failures.Add($"{item.Name}: total {total} (want {expected[item.Name]}), items {items} (want {wantItems})");
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    failures.Add($"{item.Name}: HTTP {(int)response.StatusCode}");
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            all.AddRange(times);
            var stats = StagedBench.Stats(times);
            stats["total"] = expected[item.Name];
            perCase[item.Name] = stats;
            slowest.Add((item.Name, (double)stats["p95_ms"]!));
            Console.WriteLine($"  {item.Name,-36} {StagedBench.Format(stats)}  total {expected[item.Name]}");
        }

        results["api_requests"] = all.Count;
        var overall = StagedBench.Stats(all);
        foreach (var (key, value) in overall)
            results["api_all_" + key] = value;
        results["api_worst_case_p95"] = string.Join("; ", slowest.OrderByDescending(s => s.P95).Take(3).Select(s => $"{s.Name} {s.P95} ms"));
        results["api_target_p95_ms"] = size >= 1_000_000 ? 100 : 50;
        results["api_cases_over_target"] = slowest.Count(s => s.P95 > (size >= 1_000_000 ? 100 : 50));
        results["api_wrong_answers"] = failures.Count;
        if (failures.Count > 0)
            results["api_wrong_answer_details"] = string.Join("; ", failures.Take(10));
        results["api_cases"] = perCase;
        results["web_peak_working_set_mb"] = app.PeakWorkingSetMb();
    }
}
