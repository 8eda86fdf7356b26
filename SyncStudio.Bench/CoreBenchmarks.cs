using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;

namespace SyncStudio.Bench;

/// <summary>
/// The pure core of staging, per product, under BenchmarkDotNet: Shopify's product and the local row as snapshots,
/// both hashed, the three-way diff against the agreed base (read from its stored JSON, as staging does), and for a
/// difference the rules' verdict and the stored JSON of the change. <c>SyncStudio.Bench core</c>.
/// </summary>
[MemoryDiagnoser]
public class CoreBenchmarks
{
    private const int Products = 1_000;

    private ShopifyProduct[] _remote = [];
    private ShopifyProduct[] _remoteEdited = [];
    private Product[] _local = [];
    private string[] _baseJson = [];
    private string[] _baseHash = [];
    private ApprovalEvaluator _rules = null!;

    public static int Run(string[] args)
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<CoreBenchmarks>(config, args.Skip(1).ToArray());
        var results = new Dictionary<string, object?>
        {
            ["scenario"] = "core",
            ["size"] = Products,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["job"] = "BenchmarkDotNet ShortRun, in-process",
        };
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is not { } stats)
                continue;
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            Console.WriteLine($"{name,-28} {stats.Mean / 1000.0:F2} µs per product");
            // Stats are per product already (OperationsPerInvoke): nanoseconds, kept as microseconds.
            var key = name == nameof(Unchanged) ? "unchanged" : name == nameof(ChangedInShopify) ? "changed_in_shopify" : name;
            results[key + "_us_per_product"] = Math.Round(stats.Mean / 1000.0, 2);
            results[key + "_us_error"] = Math.Round(stats.StandardError / 1000.0, 2);
        }
        if (results.Count > 4)
            BenchResults.Merge("core", Products, results);
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }

    [GlobalSetup]
    public void Setup()
    {
        _rules = new ApprovalEvaluator(DefaultApprovalRules.All);
        var catalog = SyntheticCatalog.Generate(Products, 11).ToArray();
        _remote = catalog.Select((p, i) => ToShopify(p, 1_000_000 + i, "")).ToArray();
        _remoteEdited = catalog.Select((p, i) => ToShopify(p, 1_000_000 + i, " (edited)")).ToArray();
        _local = _remote.Select(p => LocalSnapshots.NewProduct(ShopifySnapshots.ToSnapshot(p))).ToArray();
        var position = 0;
        foreach (var product in _local)
        {
            product.Id = ++position;
            foreach (var variant in product.Variants)
                variant.Id = ++position;
        }
        var bases = _local.Select(LocalSnapshots.ToSnapshot).ToArray();
        _baseJson = bases.Select(SnapshotJson.Serialize).ToArray();
        _baseHash = bases.Select(ProductHasher.ComputeHash).ToArray();
    }

    /// <summary>Nothing changed anywhere: both hashes equal the base's (the common case of a full pull).</summary>
    [Benchmark(OperationsPerInvoke = Products)]
    public int Unchanged() => Stage(_remote);

    /// <summary>Shopify changed the title: the full diff, the rules and the change's JSON.</summary>
    [Benchmark(OperationsPerInvoke = Products)]
    public int ChangedInShopify() => Stage(_remoteEdited);

    private int Stage(ShopifyProduct[] remotes)
    {
        var staged = 0;
        for (var i = 0; i < remotes.Length; i++)
        {
            var remote = ShopifySnapshots.ToSnapshot(remotes[i]);
            var local = LocalSnapshots.ToSnapshot(_local[i]);
            var localHash = ProductHasher.ComputeHash(local);
            var remoteHash = ProductHasher.ComputeHash(remote);
            if (localHash == _baseHash[i] && remoteHash == _baseHash[i])
                continue;
            var result = ThreeWayDiff.Compute(SnapshotJson.Deserialize(_baseJson[i]), local, remote, new KnownHashes(localHash, remoteHash));
            foreach (var plan in result.Plans)
            {
                var decision = _rules.Evaluate(plan);
                var current = plan.Current is null ? null : SnapshotJson.Serialize(plan.Current);
                var proposed = plan.Proposed is null ? null : SnapshotJson.Serialize(plan.Proposed);
                staged += plan.FieldChanges.ToJson().Length + (current?.Length ?? 0) + (proposed?.Length ?? 0) + decision.Priority;
            }
        }
        return staged;
    }

    private static ShopifyProduct ToShopify(CatalogProduct p, long id, string titleSuffix) => new(
        id,
        p.Title + titleSuffix,
        p.Handle,
        p.BodyHtml,
        p.Vendor,
        p.ProductType,
        p.Tags,
        p.Status.ToString().ToUpperInvariant(),
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        p.OptionNames,
        p.Variants.Select((v, i) => new ShopifyVariant(id * 10 + i, id * 10 + i + 5, v.Sku, v.Price, v.CompareAtPrice, v.InventoryQuantity,
            v.Barcode, v.Weight, ShopifyWeightUnit.Kilograms, v.OptionValues)).ToList());
}
