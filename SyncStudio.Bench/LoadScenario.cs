using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

/// <summary>
/// A bounded load run on loopback: 50 concurrent API clients (each its own connection) listing with filters, reading
/// single changes and approving, against a spread of staged changes, for a fixed duration and at most a request cap.
/// The approvers are 10 Approver users (5 clients each), and each client approves its own share of the decidable
/// changes, so every approval should succeed: any non-2xx is an error. Afterwards the database must hold exactly as
/// many approvals (and audit events) as the clients saw succeed.
/// </summary>
internal static class LoadScenario
{
    public const int Clients = 50;
    public const int Approvers = 10;
    public const int RequestCap = 200_000;

    private enum Route { List, Get, Approve }

    private sealed class ClientLog
    {
        public readonly List<double>[] Times = [[], [], []];
        public readonly Dictionary<string, int> Errors = [];
        public int Approved;
    }

    public static async Task RunAsync(string work, int size, int seconds, Dictionary<string, object?> results)
    {
        using (await StagedBench.PrepareDatabaseAsync(work, Approvers)) { }
        var database = StagedBench.DatabaseFile(work);
        foreach (var (key, value) in await StagedSeeder.SeedAsync(database, size, SeedMix.Spread))
            results[key] = value;

        // The changes an Approver may decide: pending, no conflicts, level 1. Dealt out to the clients.
        var decidable = new List<int>();
        var changeIds = new List<string>();
        await using (var sqlite = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = "SELECT id FROM staged_product_changes WHERE status = 'pending' AND has_conflicts = 0 AND required_approval_level <= 1";
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    decidable.Add(reader.GetInt32(0));
            command.CommandText = "SELECT change_id FROM staged_product_changes WHERE id % 97 = 0";
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    changeIds.Add(reader.GetString(0));
        }
        var shuffle = new Random(7);
        var shares = decidable.OrderBy(_ => shuffle.Next()).Select((id, i) => (id, i)).GroupBy(x => x.i % Clients)
            .Select(g => new Queue<int>(g.Select(x => x.id))).ToArray();

        // Each Approver user here writes far faster than a person (5 clients, about a quarter of their requests
        // approvals, hundreds a second in all): the per-user write limit (RateLimits:WritesPerMinute, 600 by
        // default) is raised so the run measures the app, not the limiter, and every approval must succeed.
        await using var app = await WebAppProcess.StartAsync(work, new Dictionary<string, string>
        {
            ["RateLimits__WritesPerMinute"] = "10000000",
            ["RateLimits__WriteBurst"] = "1000000",
        });
        var clients = new HttpClient[Clients];
        for (var i = 0; i < Clients; i++)
            clients[i] = await app.ClientAsAsync(StagedBench.ApproverEmail((i % Approvers) + 1), maxConnections: 1);

        var batches = (size + StagedSeeder.BatchSize - 1) / StagedSeeder.BatchSize;
        string[] statuses = ["pending", "approved", "applied", "rejected"];
        string[] sorts = ["-id", "id", "priority", "-priority", "created_at"];
        var issued = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var logs = Enumerable.Range(0, Clients).Select(_ => new ClientLog()).ToArray();
        var started = new TaskCompletionSource();
        var watch = new Stopwatch();

        async Task RunClientAsync(int index)
        {
            var client = clients[index];
            var log = logs[index];
            var random = new Random(index);
            var share = shares.Length > index ? shares[index] : new Queue<int>();
            await started.Task;
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref issued) <= RequestCap)
            {
                var roll = random.Next(100);
                var route = roll < 45 || (roll >= 75 && share.Count == 0) ? Route.List : roll < 75 ? Route.Get : Route.Approve;
                using var request = route switch
                {
                    Route.List => new HttpRequestMessage(HttpMethod.Get, "/api/sync/staged?" + ListQuery(random)),
                    Route.Get => new HttpRequestMessage(HttpMethod.Get, "/api/sync/staged/" + (random.Next(4) == 0
                        ? changeIds[random.Next(changeIds.Count)]
                        : (1 + random.Next(size)).ToString(CultureInfo.InvariantCulture))),
                    _ => new HttpRequestMessage(HttpMethod.Post, $"/api/sync/staged/{share.Dequeue()}/approve")
                    {
                        Content = new StringContent("""{"notes":"checked under load"}""", Encoding.UTF8, "application/json"),
                    },
                };
                var timer = Stopwatch.StartNew();
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    timer.Stop();
                    log.Times[(int)route].Add(timer.Elapsed.TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                        Count(log.Errors, $"{route} {(int)response.StatusCode}");
                    else if (route == Route.Approve)
                        log.Approved++;
                }
                catch (HttpRequestException e)
                {
                    Count(log.Errors, $"{route} {e.GetType().Name}");
                }
            }
        }

        string ListQuery(Random random)
        {
            var parts = new List<string>();
            switch (random.Next(6))
            {
                case 0: parts.Add("status=pending"); break;
                case 1: parts.Add("status=" + statuses[random.Next(statuses.Length)]); parts.Add("change_type=update"); break;
                case 2: parts.Add("batch_id=" + StagedSeeder.BatchId(random.Next(batches))); break;
                case 3: parts.Add("has_conflicts=" + (random.Next(2) == 0 ? "true" : "false")); break;
                case 4: parts.Add("sync_direction=push_to_shopify"); parts.Add("status=pending"); break;
                default: break;
            }
            parts.Add("sort=" + sorts[random.Next(sorts.Length)]);
            parts.Add("page=" + (1 + random.Next(20)).ToString(CultureInfo.InvariantCulture));
            return string.Join('&', parts);
        }

        var tasks = Enumerable.Range(0, Clients).Select(RunClientAsync).ToArray();
        watch.Start();
        started.SetResult();
        await Task.WhenAll(tasks);
        watch.Stop();
        foreach (var client in clients)
            client.Dispose();

        var requests = logs.Sum(l => l.Times.Sum(t => t.Count));
        var errors = new Dictionary<string, int>();
        foreach (var log in logs)
            foreach (var (key, value) in log.Errors)
                errors[key] = errors.GetValueOrDefault(key) + value;
        var approved = logs.Sum(l => l.Approved);
        results["load_clients"] = Clients;
        results["load_approver_users"] = Approvers;
        results["load_duration_cap_seconds"] = seconds;
        results["load_request_cap"] = RequestCap;
        results["load_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1);
        results["load_requests"] = requests;
        results["load_requests_per_second"] = Math.Round(requests / watch.Elapsed.TotalSeconds, 0);
        results["load_errors"] = errors.Values.Sum();
        if (errors.Count > 0)
            results["load_error_kinds"] = string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}"));
        foreach (var route in Enum.GetValues<Route>())
        {
            var stats = StagedBench.Stats(logs.SelectMany(l => l.Times[(int)route]).ToList());
            results[$"load_{route.ToString().ToLowerInvariant()}"] = StagedBench.Format(stats);
            results[$"load_{route.ToString().ToLowerInvariant()}_stats"] = stats;
        }
        results["web_peak_working_set_mb"] = app.PeakWorkingSetMb();

        // What the database says happened must match what the clients saw.
        await using (var sqlite = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'staged_change' AND action = 'approved' AND notes = 'checked under load'";
            var audited = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            command.CommandText = "SELECT COUNT(*) FROM staged_product_changes WHERE status = 'approved' AND review_notes = 'checked under load'";
            var inDatabase = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            results["load_approvals_succeeded"] = approved;
            results["load_approvals_in_database"] = inDatabase;
            results["load_approval_audit_events"] = audited;
        }
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
