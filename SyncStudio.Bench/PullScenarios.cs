using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Setup;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;
using SyncStudio.ShopifySimulator;

/// <summary>
/// The pull path against its targets and ceilings, with the Shopify simulator in a process of its own so the app's
/// memory is measured alone:
///   pullperf [products=10000] [changed_percent=5] [incremental_percent=1]
/// 1. first full pull into an empty catalog (every product a create) — the staging rate, against the raw rate of
///    inserting the same rows into the same SQLite file with one prepared statement in one transaction;
/// 2. the agreed state written directly (products linked to Shopify and their agreed bases, as applying the first
///    pull would leave them, without 100,000 one-by-one applies);
/// 3. changed_percent of the products edited in Shopify, then a full pull (bulk path): time, products/s, phases, peak;
/// 4. the bulk JSONL file read by the client's reader against System.Text.Json reading the same file doing nothing;
/// 5. incremental_percent more edited, then an incremental pull.
/// </summary>
internal static class PullScenarios
{

    /// <summary>Locations of the bench's store, each mapped to a local stock location.</summary>
    private const int Locations = 3;

    /// <summary>The child process: the simulator alone, on loopback, until its standard input closes.</summary>
    public static async Task<int> HostSimulatorAsync(string seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Plus (1,000 points/s): the merchant's edits and the incremental pull's paged reads are not what is measured.
        builder.Services.AddShopifySimulator(o =>
        {
            o.Seed = seed;
            o.Plan = ShopifyPlan.Plus;
            // A store of three locations: every pull reads each variant's levels at each (docs/decisions/0019).
            o.Locations = Locations;
        });
        var app = builder.Build();
        app.MapShopifySimulator("/simulator");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine("simulator " + address.TrimEnd('/') + "/simulator");
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var changedPercent = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var incrementalPercent = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        var results = new Dictionary<string, object?>
        {
            ["scenario"] = "pullperf",
            ["size"] = size,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["simulator"] = "separate process, Plus plan",
        };

        using var child = StartChild($"synthetic:{size}:11");
        var baseAddress = (await child.StandardOutput.ReadLineAsync())?.Split(' ', 2) is ["simulator", var a] ? a
            : throw new InvalidOperationException("The simulator process did not start.");
        var work = Path.Combine(Path.GetTempPath(), "syncstudio-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        // Poll the bulk operation often: its wait is Shopify's time, not the app's, and is reported apart.
        using var app = AppHost.Build(work, baseAddress, new() { ["Shopify:BulkPollInterval"] = "00:00:00.250" });
        await app.StartAsync();
        await app.Services.GetRequiredService<StartupInitializer>().InitializeAsync();
        var services = app.Services;
        var factory = services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        int adminId;
        await using (var db = await factory.CreateDbContextAsync())
            adminId = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        var pulls = services.GetRequiredService<PullService>();
        PullProfile.Enabled = true;
        results["locations"] = Locations;
        var shopifyLocations = (await services.GetRequiredService<IShopifyClient>().GetLocationsAsync()).GetValueOrThrow();
        var mapped = await services.GetRequiredService<SyncStudio.Services.Inventory.StockLocationService>().SaveAsync(
            [.. shopifyLocations.Select((l, i) => new SyncStudio.Services.Inventory.StockLocationInput(
                i == 0 ? "default" : $"warehouse-{i + 1}", l.Name, i == 0 ? null : l.Id))], adminId, default);
        if (mapped.Outcome != SyncStudio.Services.Inventory.StockLocationOutcome.Ok)
            throw new InvalidOperationException("The bench's locations could not be mapped.");

        // 1. First full pull: every product staged as a create.
        var first = await MeasurePullAsync(pulls, adminId, SyncTypes.Full, results, "first_full_pull_", child.Id);
        var staged = (int)results["first_full_pull_changes_staged"]!;
        results["first_full_pull_staging_products_per_second"] = Math.Round(size / (double)results["first_full_pull_staging_seconds"]!, 0);
        var raw = await RawInsertAsync(factory, first);
        results["ceiling_raw_insert_rows"] = raw.Rows;
        results["ceiling_raw_insert_seconds"] = Math.Round(raw.Seconds, 2);
        results["ceiling_raw_insert_rows_per_second"] = Math.Round(raw.Rows / raw.Seconds, 0);
        results["staging_ratio (staging products/s ÷ raw rows/s)"] = Math.Round((double)results["first_full_pull_staging_products_per_second"]! / (raw.Rows / raw.Seconds), 3);
        if (staged != size)
            throw new InvalidOperationException($"The first pull staged {staged} creates for {size} products.");

        // 2. The agreed state, written directly.
        await using (var db = await factory.CreateDbContextAsync())
            await db.StagedProductChanges.ExecuteDeleteAsync();
        var seedWatch = Stopwatch.StartNew();
        var client = services.GetRequiredService<IShopifyClient>();
        List<ProductSnapshot>? snapshots = new(size);
        await foreach (var product in client.ExportProductsAsync())
            snapshots.Add(ShopifySnapshots.ToSnapshot(product));
        await SeedAgreedAsync(factory, snapshots);
        results["agreed_state_seed_seconds"] = Math.Round(seedWatch.Elapsed.TotalSeconds, 2);
        // Only what the merchant's edits need: the bench's own copy of the store must not count in the app's memory.
        var titles = snapshots.Select(p => (Id: p.ShopifyProductId!.Value, p.Title)).ToList();
        snapshots = null;

        // 3. Edits in Shopify, then the full pull.
        using var merchant = new HttpClient { BaseAddress = new Uri(baseAddress + "/") };
        merchant.DefaultRequestHeaders.Add("X-Shopify-Access-Token", SimulatorOptions.DefaultAccessToken);
        var toChange = (int)(size * changedPercent / 100);
        await EditTitlesAsync(merchant, titles.Take(toChange), " (edited)");
        ResetPeak();
        await MeasurePullAsync(pulls, adminId, SyncTypes.Full, results, "full_pull_", child.Id);
        results["full_pull_changed_in_shopify"] = toChange;
        results["full_pull_products_per_second"] = Math.Round(size / (double)results["full_pull_seconds"]!, 0);
        results["full_pull_simulator_peak_rss_mb (its own process, whole run)"] = PeakRssMb(child.Id);
        if ((int)results["full_pull_changes_staged"]! != toChange)
            throw new InvalidOperationException($"The full pull staged {results["full_pull_changes_staged"]} changes for {toChange} edits.");

        // 4. JSONL ingestion against its ceiling, on the same export's file.
        await JsonlCeilingAsync(client, work, results);

        // 5. Incremental.
        var incrementalChanged = (int)(size * incrementalPercent / 100);
        await EditTitlesAsync(merchant, titles.Skip(toChange).Take(incrementalChanged), " (edited again)");
        ResetPeak();
        await MeasurePullAsync(pulls, adminId, SyncTypes.Incremental, results, "incremental_pull_", child.Id);
        results["incremental_pull_changed_in_shopify"] = incrementalChanged;

        results["app_peak_rss_mb (this process, whole run)"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
        foreach (var (key, value) in results)
            Console.WriteLine($"{key,-60} {(value is IDictionary<string, double> d ? string.Join(", ", d.Select(p => $"{p.Key} {p.Value}")) : value)}");
        BenchResults.Merge("pullperf", size, results);
        await app.StopAsync();
        child.StandardInput.Close();
        await child.WaitForExitAsync();
        return 0;
    }

    private static Process StartChild(string seed)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(PullScenarios).Assembly.Location);
        start.ArgumentList.Add("simulator-host");
        start.ArgumentList.Add(seed);
        return Process.Start(start)!;
    }

    /// <summary>One pull: wall time, the phases, the managed heap's high-water mark sampled, this process's peak RSS.</summary>
    private static async Task<string> MeasurePullAsync(PullService pulls, int adminId, string syncType, Dictionary<string, object?> results, string prefix, int simulatorPid)
    {
        // CPU seconds as well as wall seconds: on a machine shared with other builds the wall time stretches, the
        // work done does not.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var simulatorCpuBefore = Process.GetProcessById(simulatorPid).TotalProcessorTime;
        GC.Collect();
        PullProfile.Reset();
        results[prefix + "app_rss_at_start_mb"] = Math.Round(Process.GetCurrentProcess().WorkingSet64 / 1048576.0, 1);
        long maxHeap = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false) || true)
                maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(false));
        });
        var watch = Stopwatch.StartNew();
        var start = await pulls.StartAsync(new PullRequest { SyncType = syncType, RequestedById = adminId }, default);
        var result = await start.Completion!;
        watch.Stop();
        results[prefix + "app_cpu_seconds"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, 2);
        results[prefix + "simulator_cpu_seconds"] = Math.Round((Process.GetProcessById(simulatorPid).TotalProcessorTime - simulatorCpuBefore).TotalSeconds, 2);
        await sampling.CancelAsync();
        await sampler.ContinueWith(_ => { }, TaskScheduler.Default);
        var phases = PullProfile.Snapshot();
        var summary = JsonDocument.Parse(result.SummaryJson ?? "{}").RootElement.GetProperty("summary");
        results[prefix + "status"] = result.Status;
        results[prefix + "seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results[prefix + "read_mode"] = summary.GetProperty("read_mode").GetString();
        results[prefix + "changes_staged"] = summary.GetProperty("total_changes").GetInt32();
        results[prefix + "phases_seconds"] = phases;
        // Staging: the wall time less the wait for Shopify's bulk operation and the reading of its file.
        results[prefix + "staging_seconds"] = Math.Round(watch.Elapsed.TotalSeconds - phases["read"], 2);
        results[prefix + "managed_heap_max_mb (sampled)"] = Math.Round(maxHeap / 1048576.0, 1);
        results[prefix + "app_peak_rss_mb"] = PeakRssMb(Environment.ProcessId);
        return start.BatchId;
    }

    /// <summary>The same rows the pull staged, inserted again by one prepared statement in one transaction.</summary>
    private static async Task<(int Rows, double Seconds)> RawInsertAsync(IDbContextFactory<SyncStudioDbContext> factory, string batchId)
    {
        await using var db = await factory.CreateDbContextAsync();
        var entity = db.Model.FindEntityType(typeof(StagedProductChange))!;
        var table = entity.GetTableName()!;
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, null);
        var columns = entity.GetProperties().Where(p => p.Name != nameof(StagedProductChange.Id)).Select(p => p.GetColumnName(store)!).ToList();
        var changeId = columns.IndexOf(entity.FindProperty(nameof(StagedProductChange.ChangeId))!.GetColumnName(store)!);
        var id = entity.FindProperty(nameof(StagedProductChange.Id))!.GetColumnName(store)!;
        var batch = entity.FindProperty(nameof(StagedProductChange.BatchId))!.GetColumnName(store)!;
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table}\" ({list}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
        insert.Prepare();

        var rows = 0;
        var ticks = 0L;
        var after = 0L;
        long last;
        await using (var max = connection.CreateCommand())
        {
            // Only the pull's rows: the copies inserted below have higher ids.
            max.Transaction = transaction;
            max.CommandText = $"SELECT COALESCE(MAX(\"{id}\"), 0) FROM \"{table}\"";
            last = (long)(await max.ExecuteScalarAsync())!;
        }
        while (true)
        {
            // Read a page first (not timed), then insert it (timed): the ceiling is the writing alone.
            var page = new List<object?[]>(5000);
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = $"SELECT \"{id}\", {list} FROM \"{table}\" WHERE \"{batch}\" = $b AND \"{id}\" > $after AND \"{id}\" <= $last ORDER BY \"{id}\" LIMIT 5000";
                select.Parameters.AddWithValue("$b", batchId);
                select.Parameters.AddWithValue("$after", after);
                select.Parameters.AddWithValue("$last", last);
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    after = reader.GetInt64(0);
                    var values = new object?[columns.Count];
                    for (var i = 0; i < values.Length; i++)
                        values[i] = reader.IsDBNull(i + 1) ? DBNull.Value : reader.GetValue(i + 1);
                    values[changeId] = values[changeId] + "_raw";
                    page.Add(values);
                }
            }
            if (page.Count == 0)
                break;
            var started = Stopwatch.GetTimestamp();
            foreach (var values in page)
            {
                for (var i = 0; i < values.Length; i++)
                    parameters[i].Value = values[i];
                insert.ExecuteNonQuery();
            }
            ticks += Stopwatch.GetTimestamp() - started;
            rows += page.Count;
        }
        var commit = Stopwatch.GetTimestamp();
        await transaction.CommitAsync();
        ticks += Stopwatch.GetTimestamp() - commit;
        return (rows, ticks / (double)Stopwatch.Frequency);
    }

    /// <summary>Local products as applying Shopify's creates leaves them, each with its agreed base.</summary>
    private static async Task SeedAgreedAsync(IDbContextFactory<SyncStudioDbContext> factory, List<ProductSnapshot> snapshots)
    {
        foreach (var chunk in snapshots.Chunk(2000))
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var products = chunk.Select(LocalSnapshots.NewProduct).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Products.AddRange(products);
            await db.SaveChangesAsync();
            for (var i = 0; i < chunk.Length; i++)
            {
                var agreed = LocalSnapshots.ToSnapshot(products[i]);
                db.SyncVersions.Add(StagingSession.NewVersion(products[i].Id, agreed, ProductHasher.ComputeHash(agreed), 1, "bench-seed"));
            }
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }

    /// <summary>The merchant edits titles in Shopify's admin (real mutations over HTTP, four at a time).</summary>
    private static async Task EditTitlesAsync(HttpClient merchant, IEnumerable<(long Id, string Title)> products, string suffix)
    {
        await Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (product, ct) =>
        {
            var body = JsonSerializer.Serialize(new
            {
                query = "mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }",
                variables = new { p = new { id = $"gid://shopify/Product/{product.Id}", title = product.Title + suffix } },
            });
            while (true)
            {
                using var response = await merchant.PostAsync("admin/api/2026-07/graphql.json", new StringContent(body, Encoding.UTF8, "application/json"), ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                response.EnsureSuccessStatusCode();
                if (!text.Contains("THROTTLED", StringComparison.Ordinal))
                    break;
                await Task.Delay(200, ct); // the merchant waits for the bucket to refill (setup, not measured)
            }
        });
    }

    /// <summary>The client's reader over the bulk file against System.Text.Json reading every token of it and nothing more.</summary>
    private static async Task JsonlCeilingAsync(IShopifyClient client, string work, Dictionary<string, object?> results)
    {
        var operation = Stopwatch.StartNew();
        var started = (await client.StartBulkProductExportAsync(null)).GetValueOrThrow();
        var completed = (await client.WaitForBulkOperationAsync(started.Id)).GetValueOrThrow();
        // Shopify's share of a bulk pull: the operation running until its file is ready (polled every 250 ms).
        results["simulator_bulk_operation_seconds (another export, same store)"] = Math.Round(operation.Elapsed.TotalSeconds, 2);
        var path = Path.Combine(work, "export.jsonl");
        // A result file on the shop's own Admin origin is fetched with the token, as the client fetches it (decision 0020).
        using (var http = new HttpClient())
        await using (var file = File.Create(path))
        {
            http.DefaultRequestHeaders.Add("X-Shopify-Access-Token", SimulatorOptions.DefaultAccessToken);
            await (await http.GetStreamAsync(completed.Url)).CopyToAsync(file);
        }
        var megabytes = new FileInfo(path).Length / 1048576.0;

        // Warm both once, then time the second pass of each (the file is in the page cache for both).
        double ceiling = 0, reader = 0;
        var products = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            var watch = Stopwatch.StartNew();
            await ReadTokensAsync(path);
            ceiling = watch.Elapsed.TotalSeconds;
            watch.Restart();
            products = 0;
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await foreach (var _ in ShopifyClient.ReadBulkStreamAsync(stream, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
                (_, _) => Task.FromResult<ShopifyProduct?>(null), default))
                products++;
            reader = watch.Elapsed.TotalSeconds;
        }
        results["jsonl_file_mb"] = Math.Round(megabytes, 1);
        results["jsonl_products"] = products;
        results["jsonl_client_reader_seconds"] = Math.Round(reader, 2);
        results["jsonl_client_reader_mb_per_second"] = Math.Round(megabytes / reader, 1);
        results["ceiling_jsonl_stj_tokens_seconds"] = Math.Round(ceiling, 2);
        results["ceiling_jsonl_stj_mb_per_second"] = Math.Round(megabytes / ceiling, 1);
        results["jsonl_ratio (client reader ÷ ceiling)"] = Math.Round(ceiling / reader, 3);
    }

    /// <summary>The ceiling: the file's lines, each read token by token by <see cref="Utf8JsonReader"/>, nothing kept.</summary>
    private static async Task<long> ReadTokensAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 20];
        int filled = 0, read;
        long tokens = 0;
        while ((read = await stream.ReadAsync(buffer.AsMemory(filled))) > 0 || filled > 0)
        {
            filled += read;
            var span = buffer.AsSpan(0, filled);
            var consumed = 0;
            int newline;
            while ((newline = span[consumed..].IndexOf((byte)'\n')) >= 0 || (read == 0 && consumed < filled))
            {
                var line = newline >= 0 ? span.Slice(consumed, newline) : span[consumed..];
                var json = new Utf8JsonReader(line);
                while (json.Read())
                    tokens++;
                consumed += newline >= 0 ? newline + 1 : line.Length;
            }
            span[consumed..].CopyTo(buffer);
            filled -= consumed;
            if (read == 0)
                break;
        }
        return tokens;
    }

    /// <summary>Linux: forget the peak RSS so far (the next peak is this phase's).</summary>
    private static void ResetPeak()
    {
        // Give back what the setup (seeding 100,000 products through EF) left committed, so the peak is the pull's.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try { File.WriteAllText($"/proc/{Environment.ProcessId}/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static double? PeakRssMb(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
            return null;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : Math.Round(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0, 1);
    }
}
