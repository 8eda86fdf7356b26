using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Review;
using SyncStudio.Services.Setup;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;
using SyncStudio.ShopifySimulator;

// SyncStudio.Bench: end-to-end scenarios on this machine, each printed and written to results/latest.json.
//   dotnet run -c Release --project SyncStudio.Bench -- read [products=2000]
//   dotnet run -c Release --project SyncStudio.Bench -- bulk [products=100000]
//   dotnet run -c Release --project SyncStudio.Bench -- pull [products=10000] [changed_percent=5]
//   dotnet run -c Release --project SyncStudio.Bench -- push [changes=300]
//   dotnet run -c Release --project SyncStudio.Bench -- apply-local [products=10000]
//   dotnet run -c Release --project SyncStudio.Bench -- demo-pull   (the demo catalog's first full pull, Standard plan)
//   dotnet run -c Release --project SyncStudio.Bench -- webhook [edits=20]   (starts SyncStudio.Web as a process; build it first)
//   dotnet run -c Release --project SyncStudio.Bench -- api|bulk-approve|review-render [staged_changes=100000]
//   dotnet run -c Release --project SyncStudio.Bench -- load [staged_changes=100000] [seconds=60]
//   dotnet run -c Release --project SyncStudio.Bench -- review-browser [staged_changes=100000] [visits=20]   (Debian's chromium via Playwright)
//   dotnet run -c Release --project SyncStudio.Bench -- pullperf [products=10000] [changed_percent=5] [incremental_percent=1]
//   dotnet run -c Release --project SyncStudio.Bench -- core   (BenchmarkDotNet: snapshot + hash + diff + rules per product)
//   dotnet run -c Release --project SyncStudio.Bench -- report (no app: results/latest.json as one table against the targets, also results/latest.md)
// Every scenario merges its figures into results/latest.json under "<scenario>:<size>" (BenchResults); ./build.sh bench all runs the set.
// The simulator runs in this process behind Kestrel on loopback (real HTTP); the database is SQLite on disk.
BenchResults.MarkStart();
var scenario = args.FirstOrDefault() ?? "pull";
if (scenario == "report")
    return BenchReport.Run();
if (scenario == "simulator-host")
    return await PullScenarios.HostSimulatorAsync(args[1]);
if (scenario == "pullperf")
    return await PullScenarios.RunAsync(args);
if (scenario == "core")
    return SyncStudio.Bench.CoreBenchmarks.Run(args);
var size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : scenario switch { "read" => 2000, "push" => 300, _ => 10_000 };
var changedPercent = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
var results = new Dictionary<string, object?> { ["scenario"] = scenario, ["size"] = size, ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}" };
if (StagedBench.Handles(scenario))
    return await StagedBench.RunAsync(scenario, args, results);

// demo-pull reads the project's demo catalog (about 300 products) on the Standard plan, as a new connection meets it.
await using var simulator = await Simulator.StartAsync(scenario == "demo-pull" ? "sample" : $"synthetic:{size}:11");
var work = Path.Combine(Path.GetTempPath(), "syncstudio-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
using var app = AppHost.Build(work, simulator.BaseAddress);
await app.StartAsync();
await app.Services.GetRequiredService<StartupInitializer>().InitializeAsync();
var adminId = await app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContext().Users.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();

switch (scenario)
{
    case "read":
        await Scenarios.ReadAsync(app.Services, simulator, results);
        break;
    case "bulk":
        await Scenarios.BulkAsync(app.Services, results);
        break;
    case "pull":
        await Scenarios.PullAsync(app.Services, simulator, adminId, changedPercent, results);
        break;
    case "push":
        await Scenarios.PushAsync(app.Services, simulator, adminId, results);
        break;
    case "demo-pull":
        await Scenarios.DemoPullAsync(app.Services, adminId, results);
        break;
    case "apply-local":
        await Scenarios.ApplyLocalAsync(app.Services, adminId, results);
        break;
    case "webhook":
        await WebhookLatencyScenario.RunAsync(args.Length > 1 ? size : 20, results);
        break;
    default:
        Console.Error.WriteLine("usage: SyncStudio.Bench read|pull|push|webhook [size] [changed_percent]");
        return 2;
}

results["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
foreach (var (key, value) in results)
    Console.WriteLine($"{key,-36} {value}");
BenchResults.Merge(scenario, scenario == "webhook" && args.Length <= 1 ? 20 : size, results);
await app.StopAsync();
return 0;

internal sealed class Simulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Simulator(WebApplication app, string baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Shop = app.Services.GetRequiredService<SimulatedShop>();
    }

    public string BaseAddress { get; }
    public SimulatedShop Shop { get; }

    public static async Task<Simulator> StartAsync(string seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddShopifySimulator(o => o.Seed = seed);
        var app = builder.Build();
        app.MapShopifySimulator("/simulator");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Simulator(app, address.TrimEnd('/') + "/simulator");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal static class AppHost
{
    /// <summary>The app's services (no web server) on SQLite in <paramref name="dataFolder"/>, against the simulator at <paramref name="simulatorAddress"/>.</summary>
    public static IHost Build(string dataFolder, string simulatorAddress, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["App:DataFolder"] = dataFolder;
        builder.Configuration["Bootstrap:AdminPassword"] = "Bench-Password-1";
        builder.Configuration["Shopify:BaseAddress"] = simulatorAddress;
        builder.Configuration["Shopify:AccessToken"] = SimulatorOptions.DefaultAccessToken;
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddSyncStudioData();
        builder.AddSyncStudioServices();
        // The Shopify connection service protects the stored token; the bench keeps its keys in memory for the run.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddShopifyClient();
        builder.Services.AddIdentityCore<AppUser>().AddRoles<AppRole>().AddEntityFrameworkStores<SyncStudioDbContext>();
        return builder.Build();
    }
}

internal static class Scenarios
{
    public static async Task ReadAsync(IServiceProvider services, Simulator simulator, Dictionary<string, object?> results)
    {
        var client = services.GetRequiredService<IShopifyClient>();
        using var usage = ShopifyUsage.Begin();
        var watch = Stopwatch.StartNew();
        string? cursor = null;
        var products = 0;
        var surfaced = 0;
        do
        {
            var page = await client.GetProductsPageAsync(ShopifyProductQuery.All, cursor);
            if (!page.Succeeded) { surfaced++; break; }
            products += page.Value!.Products.Count;
            cursor = page.Value.HasNextPage ? page.Value.EndCursor : null;
        }
        while (cursor is not null);
        watch.Stop();
        var restore = client.LastThrottleStatus?.RestoreRate ?? 0;
        var pointsPerSecond = usage.ActualCost / watch.Elapsed.TotalSeconds;
        results["products_read"] = products;
        results["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results["api_calls"] = usage.Calls;
        results["actual_cost_points"] = usage.ActualCost;
        results["throttle_retries"] = usage.ThrottleRetries;
        results["throttled_errors_surfacing"] = surfaced;
        results["points_per_second"] = Math.Round(pointsPerSecond, 1);
        results["restore_rate"] = restore;
        results["bucket_utilisation"] = restore > 0 ? Math.Round(pointsPerSecond / restore, 3) : null;
    }

    /// <summary>A bulk export streamed through the client: time, and the managed heap it needed beyond the store's.</summary>
    public static async Task BulkAsync(IServiceProvider services, Dictionary<string, object?> results)
    {
        var client = services.GetRequiredService<IShopifyClient>();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long maxHeap = 0;
        var watch = Stopwatch.StartNew();
        var products = 0;
        var variants = 0;
        await foreach (var product in client.ExportProductsAsync())
        {
            products++;
            variants += product.Variants.Count;
            if (products % 5000 == 0)
                maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(false));
        }
        watch.Stop();
        results["bulk_products"] = products;
        results["bulk_variants"] = variants;
        results["bulk_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results["bulk_products_per_second"] = Math.Round(products / watch.Elapsed.TotalSeconds, 0);
        results["heap_before_mb (simulator store)"] = Math.Round(heapBefore / 1048576.0, 1);
        results["heap_max_during_stream_mb"] = Math.Round(maxHeap / 1048576.0, 1);
    }

    public static async Task<string> PullAsync(IServiceProvider services, Simulator simulator, int adminId, double changedPercent,
        Dictionary<string, object?> results, string prefix = "")
    {
        var pulls = services.GetRequiredService<PullService>();
        var time = TimeProvider.System;

        // 1. First sync: every product a create; approve and apply them all so both sides agree.
        var watch = Stopwatch.StartNew();
        var first = await pulls.StartAsync(new PullRequest { SyncType = SyncTypes.Full, RequestedById = adminId }, default);
        var firstResult = await first.Completion!;
        watch.Stop();
        results[prefix + "first_full_pull_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results[prefix + "first_full_pull_status"] = firstResult.Status;

        var reviews = services.GetRequiredService<ReviewService>();
        watch.Restart();
        var approved = await reviews.BulkDecideAsync(new BulkSelection { BatchId = first.BatchId }, new Reviewer(adminId, 2), approve: true, "bench", default);
        watch.Stop();
        results[prefix + "bulk_approve_changes"] = approved.Updated;
        results[prefix + "bulk_approve_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);

        // Agree by applying the pulled creates locally (no Shopify writes).
        watch.Restart();
        var apply = services.GetRequiredService<ApplyService>();
        var push = await apply.StartAsync(new PushRequest { FromBatchId = first.BatchId, RequestedById = adminId }, default);
        var pushResult = await push.Completion!;
        watch.Stop();
        results[prefix + "apply_creates_locally_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results[prefix + "apply_creates_status"] = pushResult.Status;

        // 2. Edit a share of the products in Shopify, then a full pull stages exactly those.
        var products = simulator.Shop.GetProducts();
        var toChange = (int)(products.Count * changedPercent / 100);
        using (var merchant = new HttpClient())
        {
            merchant.DefaultRequestHeaders.Add("X-Shopify-Access-Token", SimulatorOptions.DefaultAccessToken);
            foreach (var product in products.Take(toChange))
            {
                var body = JsonSerializer.Serialize(new
                {
                    query = "mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }",
                    variables = new { p = new { id = $"gid://shopify/Product/{product.Id}", title = product.Title + " (edited)" } },
                });
                simulator.Shop.RefillBucket();
                using var response = await merchant.PostAsync($"{simulator.BaseAddress}/admin/api/2026-07/graphql.json",
                    new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
            }
        }
        simulator.Shop.RefillBucket();
        GC.Collect();
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        watch.Restart();
        var second = await pulls.StartAsync(new PullRequest { SyncType = SyncTypes.Full, RequestedById = adminId }, default);
        var secondResult = await second.Completion!;
        watch.Stop();
        var summary = JsonDocument.Parse(secondResult.SummaryJson ?? "{}").RootElement.GetProperty("summary");
        results[prefix + "full_pull_products"] = products.Count;
        results[prefix + "full_pull_changed_in_shopify"] = toChange;
        results[prefix + "full_pull_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results[prefix + "full_pull_products_per_second"] = Math.Round(products.Count / watch.Elapsed.TotalSeconds, 0);
        results[prefix + "full_pull_changes_staged"] = summary.GetProperty("total_changes").GetInt32();
        results[prefix + "full_pull_read_mode"] = summary.GetProperty("read_mode").GetString();
        results[prefix + "full_pull_peak_working_set_mb"] = Math.Round(Math.Max(before, Process.GetCurrentProcess().PeakWorkingSet64) / 1048576.0, 1);

        watch.Restart();
        var incremental = await pulls.StartAsync(new PullRequest { SyncType = SyncTypes.Incremental, RequestedById = adminId }, default);
        var incrementalResult = await incremental.Completion!;
        watch.Stop();
        results[prefix + "incremental_pull_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results[prefix + "incremental_pull_status"] = incrementalResult.Status;
        _ = time;
        return second.BatchId;
    }

    /// <summary>
    /// A first full pull of every product (all creates), approved at once, then applied to the empty local catalog:
    /// only the apply is timed (pulled changes applied in chunks, docs/decisions/0024).
    /// </summary>
    public static async Task ApplyLocalAsync(IServiceProvider services, int adminId, Dictionary<string, object?> results)
    {
        var pulls = services.GetRequiredService<PullService>();
        var first = await pulls.StartAsync(new PullRequest { SyncType = SyncTypes.Full, RequestedById = adminId }, default);
        await first.Completion!;
        var approved = await services.GetRequiredService<ReviewService>()
            .BulkDecideAsync(new BulkSelection { BatchId = first.BatchId }, new Reviewer(adminId, 2), approve: true, "bench", default);
        results["loadavg_before_apply"] = File.ReadAllText("/proc/loadavg").Trim();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var push = await services.GetRequiredService<ApplyService>().StartAsync(new PushRequest { FromBatchId = first.BatchId, RequestedById = adminId }, default);
        var result = await push.Completion!;
        watch.Stop();
        var db = services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var check = await db.CreateDbContextAsync();
        var batch = await check.SyncBatches.AsNoTracking().FirstAsync(b => b.BatchId == push.BatchId);
        results["apply_local_status"] = result.Status;
        results["apply_local_changes"] = approved.Updated;
        results["apply_local_applied"] = batch.SuccessfulItems;
        results["apply_local_failed"] = batch.FailedItems;
        results["apply_local_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results["apply_local_changes_per_second"] = Math.Round(batch.SuccessfulItems / watch.Elapsed.TotalSeconds, 0);
        results["apply_local_cpu_seconds"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, 2);
        results["local_products"] = await check.Products.CountAsync();
        results["local_variants"] = await check.ProductVariants.CountAsync();
        results["local_versions"] = await check.SyncVersions.CountAsync();
        results["loadavg_after_apply"] = File.ReadAllText("/proc/loadavg").Trim();
    }

    /// <summary>The first full pull of the demo catalog on the Standard plan: time, calls, points, and when products were first staged.</summary>
    public static async Task DemoPullAsync(IServiceProvider services, int adminId, Dictionary<string, object?> results)
    {
        var db = services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        results["loadavg_before"] = File.ReadAllText("/proc/loadavg").Trim();
        var watch = Stopwatch.StartNew();
        var pull = await services.GetRequiredService<PullService>().StartAsync(new PullRequest { SyncType = SyncTypes.Full, RequestedById = adminId }, default);
        double? firstProcessed = null;
        while (!pull.Completion!.IsCompleted)
        {
            await using (var context = await db.CreateDbContextAsync())
            {
                if (firstProcessed is null && await context.StagedProductChanges.AnyAsync())
                    firstProcessed = watch.Elapsed.TotalSeconds;
            }
            await Task.WhenAny(pull.Completion, Task.Delay(100));
        }
        var result = await pull.Completion;
        watch.Stop();
        await using var check = await db.CreateDbContextAsync();
        var batch = await check.SyncBatches.AsNoTracking().FirstAsync(b => b.BatchId == pull.BatchId);
        var summary = JsonDocument.Parse(result.SummaryJson ?? "{}").RootElement.GetProperty("summary");
        results["demo_pull_status"] = result.Status;
        results["demo_pull_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results["demo_pull_first_staged_seconds"] = firstProcessed is null ? null : Math.Round(firstProcessed.Value, 2);
        results["demo_pull_read_mode"] = summary.GetProperty("read_mode").GetString();
        results["demo_pull_changes_staged"] = summary.GetProperty("total_changes").GetInt32();
        results["demo_pull_api_calls"] = batch.ApiCallsMade;
        results["demo_pull_points"] = batch.ApiQuotaUsed;
        results["loadavg_after"] = File.ReadAllText("/proc/loadavg").Trim();
    }

    public static async Task PushAsync(IServiceProvider services, Simulator simulator, int adminId, Dictionary<string, object?> results)
    {
        var db = services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await PullAsync(services, simulator, adminId, 0, new Dictionary<string, object?>());
        // Every local product edited: a price change of 3% (auto-approved by Minor Updates) to push to Shopify.
        await using (var context = await db.CreateDbContextAsync())
        {
            await context.ProductVariants.ExecuteUpdateAsync(s => s.SetProperty(v => v.Price, v => v.Price * 1.03m));
            await context.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, DateTime.UtcNow));
        }
        var pulls = services.GetRequiredService<PullService>();
        var pull = await pulls.StartAsync(new PullRequest { SyncType = SyncTypes.Incremental, RequestedById = adminId }, default);
        await pull.Completion!;
        var reviews = services.GetRequiredService<ReviewService>();
        await reviews.BulkDecideAsync(new BulkSelection { BatchId = pull.BatchId }, new Reviewer(adminId, 2), approve: true, "bench", default);

        var client = services.GetRequiredService<IShopifyClient>();
        var apply = services.GetRequiredService<ApplyService>();
        var watch = Stopwatch.StartNew();
        var push = await apply.StartAsync(new PushRequest { FromBatchId = pull.BatchId, RequestedById = adminId }, default);
        var result = await push.Completion!;
        watch.Stop();
        await using var check = await db.CreateDbContextAsync();
        var batch = await check.SyncBatches.AsNoTracking().FirstAsync(b => b.BatchId == push.BatchId);
        var restore = client.LastThrottleStatus?.RestoreRate ?? 0;
        var pointsPerSecond = batch.ApiQuotaUsed / watch.Elapsed.TotalSeconds;
        results["push_status"] = result.Status;
        results["push_changes"] = batch.TotalItems;
        results["push_successful"] = batch.SuccessfulItems;
        results["push_failed"] = batch.FailedItems;
        results["push_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        results["push_changes_per_second"] = Math.Round(batch.SuccessfulItems / watch.Elapsed.TotalSeconds, 2);
        results["push_api_calls"] = batch.ApiCallsMade;
        results["push_points_used"] = batch.ApiQuotaUsed;
        results["push_points_per_second"] = Math.Round(pointsPerSecond, 1);
        results["restore_rate"] = restore;
        results["push_bucket_utilisation"] = restore > 0 ? Math.Round(pointsPerSecond / restore, 3) : null;
        var mutations = simulator.Shop.GetMutationLog();
        results["simulator_mutations"] = mutations.Count;
    }
}
