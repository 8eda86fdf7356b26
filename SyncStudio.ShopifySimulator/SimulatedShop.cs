using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SyncStudio.Catalog;

namespace SyncStudio.ShopifySimulator;

/// <summary>A small summary of the simulator, as <c>/control/state</c> answers it.</summary>
public sealed record SimulatorState(
    string Shop,
    string Plan,
    string Seed,
    int Products,
    int Variants,
    int Collections,
    int MutationsApplied,
    long Sequence,
    string? StatePath,
    double BucketMaximum,
    double BucketAvailable,
    double RestoreRate,
    FaultSettings Faults);

/// <summary>
/// One simulated Shopify store: its catalog, rate-limit bucket, bulk operations and switchable faults.
/// This is the in-process control object (the HTTP <c>/control/*</c> routes call the same methods):
/// tests and the app can switch faults, read the mutation log, reset to the seed and inspect products.
/// </summary>
public sealed class SimulatedShop : IDisposable
{
    private readonly Lock _startGate = new();
    private readonly ILogger _logger;
    private readonly IEnumerable<ISimulatorWebhookSink> _sinks;
    private SimulatorStore? _store;
    private BulkOperations? _bulk;
    private bool _disposed;

    public SimulatedShop(
        IOptions<SimulatorOptions> options,
        TimeProvider time,
        IEnumerable<ISimulatorWebhookSink> sinks,
        ILogger<SimulatedShop>? logger = null)
    {
        Options = options.Value;
        Time = time;
        _sinks = sinks;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var (capacity, restoreRate) = Options.BucketLimits();
        Bucket = new LeakyBucket(capacity, restoreRate, time);
        OAuth = new SimulatedOAuth(Options, time);
        Webhooks = new SimulatedWebhookSubscriptions(time);
    }

    /// <summary>The webhook subscriptions the app registered (deliveries go to these, and to <see cref="SimulatorOptions.WebhookUrl"/>).</summary>
    public SimulatedWebhookSubscriptions Webhooks { get; }

    /// <summary>
    /// Sends an app-level webhook (<c>bulk_operations/finish</c>, <c>app/uninstalled</c>) to whatever subscribed to it.
    /// </summary>
    internal void PublishAppEvent(string topic, System.Text.Json.Nodes.JsonObject body)
    {
        foreach (var sink in _sinks)
            sink.PublishTopic(topic, body, Time.GetUtcNow());
    }

    /// <summary>
    /// The merchant uninstalls the app: every token and refresh token stops working, its subscriptions go, and
    /// <c>app/uninstalled</c> is sent first (https://shopify.dev/docs/api/webhooks?reference=graphql#list-of-topics-app/uninstalled).
    /// </summary>
    public void UninstallApp()
    {
        PublishAppEvent("app/uninstalled", new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = 68157849789,
            ["name"] = Options.ShopName,
            ["email"] = Options.ShopEmail,
            ["domain"] = Options.ShopDomain,
            ["myshopify_domain"] = Options.ShopDomain,
        });
        OAuth.RevokeAll();
    }

    /// <summary>Tokens, refresh tokens and install codes (the app's OAuth with this shop).</summary>
    public SimulatedOAuth OAuth { get; }

    public SimulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public SimulatorFaults Faults { get; } = new();

    internal LeakyBucket Bucket { get; }

    internal SimulatorStore Store => _store ?? Start();

    internal BulkOperations Bulk
    {
        get
        {
            _ = Store;
            return _bulk!;
        }
    }

    /// <summary>Loads the saved state (or the seed). Idempotent; the first request does it if the host did not.</summary>
    internal SimulatorStore Start()
    {
        lock (_startGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_store is not null)
                return _store;

            var stateFile = Options.StatePath is { Length: > 0 } path ? new StateFile(path) : null;
            var store = new SimulatorStore(Time, stateFile, _sinks, Options.SnapshotEvery);
            var loaded = store.LoadOrSeed(Options.Seed, () => LoadSeed(Options.Seed), Options.Locations);
            _logger.LogInformation(
                "Shopify simulator {Shop}: {Products} products {Source}",
                Options.ShopName, store.ProductCount, loaded ? $"restored from {stateFile!.FullPath}" : $"seeded from '{Options.Seed}'");
            _bulk = new BulkOperations(this, _logger);
            _store = store;
            return store;
        }
    }

    /// <summary>Throws the catalog, mutation log and idempotency keys away and loads the seed again.</summary>
    public void Reset()
    {
        Store.Reset(Options.Seed, () => LoadSeed(Options.Seed), Options.Locations);
        Bucket.Fill();
    }

    /// <summary>The writes applied so far, oldest first.</summary>
    public IReadOnlyList<MutationLogEntry> GetMutationLog() => Store.Log;

    public SimulatorState GetState()
    {
        var store = Store;
        return new SimulatorState(
            Options.ShopName,
            Options.Plan.ToString(),
            store.SeedName,
            store.ProductCount,
            store.VariantCount,
            store.Collections.Count,
            store.Log.Count,
            store.Sequence,
            store.StatePath,
            Bucket.Capacity,
            Math.Floor(Bucket.Available),
            Bucket.RestoreRate,
            Faults.Current);
    }

    /// <summary>The store's locations, the primary first.</summary>
    public IReadOnlyList<SimulatedLocation> GetLocations() => Store.Locations;

    /// <summary>Every product, in id order.</summary>
    public IReadOnlyList<SimulatedProduct> GetProducts() => Store.Snapshot(ProductSearchQuery.All);

    /// <summary>A product by handle or gid.</summary>
    public SimulatedProduct? FindProduct(string handleOrGid) =>
        ShopifyGid.ParseId(handleOrGid, "Product") is { } id ? Store.GetProduct(id) : Store.GetProductByHandle(handleOrGid);

    /// <summary>
    /// Keeps every bulk operation started from now on running until the handle is disposed: how a test fills the five
    /// an app may run at once.
    /// </summary>
    public IDisposable HoldBulkOperations() => Bulk.Hold();

    /// <summary>How many bulk operation starts were refused as <c>LIMIT_REACHED</c> (five were running).</summary>
    public int BulkLimitRefusals => Bulk.LimitRefusals;

    /// <summary>Completes when a bulk operation has finished (what a client learns by polling <c>bulkOperation(id:)</c>).</summary>
    public Task WaitForBulkOperationAsync(string bulkOperationGid, CancellationToken cancellationToken = default) =>
        Bulk.Completion(bulkOperationGid).WaitAsync(cancellationToken);

    /// <summary>Fills the rate-limit bucket (tests that do not exercise throttling start from full).</summary>
    public void RefillBucket() => Bucket.Fill();

    /// <summary>Folds the journal into a snapshot (done at shutdown; safe at any time).</summary>
    public void SaveState() => _store?.SaveSnapshot();

    /// <summary>Closes the state file without a final snapshot, as a killed process would.</summary>
    internal void AbandonState() => _store?.Abandon();

    public void Dispose()
    {
        lock (_startGate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _bulk?.Dispose();
            _store?.SaveSnapshot();
            _store?.Dispose();
        }
    }

    /// <summary>
    /// The products of a seed: <c>sample</c>, <c>synthetic:N</c> or <c>synthetic:N:SEED</c>,
    /// <c>csv:PATH</c> (rows with errors are logged and skipped) or <c>empty</c>.
    /// </summary>
    internal IEnumerable<CatalogProduct> LoadSeed(string seed)
    {
        var parts = seed.Split(':', 2);
        switch (parts[0].Trim().ToLowerInvariant())
        {
            case "sample":
                return SampleCatalog.Load();
            case "empty":
                return [];
            case "synthetic":
                {
                    var arguments = parts.Length > 1 ? parts[1].Split(':') : [];
                    var count = arguments.Length > 0 ? int.Parse(arguments[0], CultureInfo.InvariantCulture) : 1_000;
                    var randomSeed = arguments.Length > 1 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 1;
                    return SyntheticCatalog.Generate(count, randomSeed);
                }

            case "csv" when parts.Length > 1:
                return ReadCsv(parts[1]);
            default:
                throw new InvalidOperationException(
                    $"Unknown simulator seed '{seed}': use sample, synthetic:N, synthetic:N:SEED, csv:PATH or empty.");
        }
    }

    private IEnumerable<CatalogProduct> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        var csv = new ShopifyCsvReader(reader);
        foreach (var product in csv.ReadProducts())
            yield return product;
        foreach (var error in csv.Errors)
            _logger.LogWarning("Seed CSV {Path}, row {Row}, {Column}: {Message}", path, error.Row, error.Column, error.Message);
    }
}
