using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>
/// POST /api/sync/staged/bulk-approve with a batch_id filter over HTTP, selecting <c>size</c> pending changes out of
/// twice as many (the other half pending in another batch, untouched). Checked afterwards: exactly that batch moved
/// to approved, with one audit event per change.
/// </summary>
internal static class BulkApproveScenario
{
    public static async Task RunAsync(string work, int size, Dictionary<string, object?> results)
    {
        using (await StagedBench.PrepareDatabaseAsync(work, approvers: 1)) { }
        var database = StagedBench.DatabaseFile(work);
        foreach (var (key, value) in await StagedSeeder.SeedAsync(database, size * 2, SeedMix.AllPending, batchSize: size))
            results[key] = value;
        var batch = StagedSeeder.BatchId(0);

        await using var app = await WebAppProcess.StartAsync(work);
        using var client = await app.ClientAsAsync(StagedBench.ApproverEmail(1), maxConnections: 1);
        // One small call first, so the measured call does not pay for the app's first database connection and JIT.
        using (var warm = await client.GetAsync("/api/sync/staged?per_page=1"))
            warm.EnsureSuccessStatusCode();

        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batch, notes = "approved in bulk" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        watch.Stop();
        response.EnsureSuccessStatusCode();
        results["bulk_approve_selected"] = size;
        results["bulk_approve_updated"] = body.GetProperty("updated").GetInt32();
        results["bulk_approve_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results["bulk_approve_changes_per_second"] = Math.Round(size / watch.Elapsed.TotalSeconds, 0);
        results["bulk_approve_target_seconds"] = 5;
        results["web_peak_working_set_mb"] = app.PeakWorkingSetMb();

        await using var sqlite = new SqliteConnection($"Data Source={database};Pooling=False");
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        async Task<int> Count(string sql)
        {
            command.CommandText = sql;
            return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        results["bulk_approve_approved_in_batch"] = await Count($"SELECT COUNT(*) FROM staged_product_changes WHERE batch_id = '{batch}' AND status = 'approved'");
        results["bulk_approve_other_batch_still_pending"] = await Count($"SELECT COUNT(*) FROM staged_product_changes WHERE batch_id <> '{batch}' AND status = 'pending'");
        results["bulk_approve_audit_events"] = await Count("SELECT COUNT(*) FROM audit_events WHERE entity_type = 'staged_change' AND action = 'approved'");
    }
}
