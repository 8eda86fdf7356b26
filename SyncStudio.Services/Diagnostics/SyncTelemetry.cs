using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SyncStudio.Services.Diagnostics;

/// <summary>
/// The names under which the sync publishes traces and metrics. Services only speak <c>System.Diagnostics</c>; the web
/// host decides who listens (OpenTelemetry: OTLP, Prometheus at <c>/metrics</c>).
/// </summary>
public static class SyncTelemetry
{
    /// <summary>The name of both the <see cref="ActivitySource"/> and the <see cref="Meter"/>.</summary>
    public const string Name = "SyncStudio";

    /// <summary>
    /// Spans of a batch, its phases (pull: read, stage; push: one per change applied) and every Shopify call. An
    /// ActivitySource holds no state of ours: it only hands activities to whoever listens, so one per process is right.
    /// </summary>
    public static readonly ActivitySource Source = new(Name);
}

/// <summary>
/// The sync's instruments, created on the host's <see cref="IMeterFactory"/> (one meter per service provider, so two
/// apps in one process, as tests run them, do not share counts). Tag values come from small fixed sets
/// (directions, statuses, reasons, operation names), never ids, to keep series few.
/// </summary>
public sealed class SyncMetrics
{
    private readonly Counter<long> _batches;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _batchItems;
    private readonly Counter<long> _productsRead;
    private readonly Counter<long> _changesStaged;
    private readonly Counter<long> _shopifyCalls;
    private readonly Histogram<long> _shopifyCost;
    private readonly Counter<long> _shopifyRequestedCost;
    private readonly Counter<long> _shopifyRetries;
    private readonly Histogram<double> _throttleWaits;

    public SyncMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SyncTelemetry.Name);
        _batches = meter.CreateCounter<long>("syncstudio.batches", "{batch}", "Batches ended, by direction and status.");
        _batchDuration = meter.CreateHistogram<double>("syncstudio.batch.duration", "s", "How long batches ran, by direction and status.");
        _batchItems = meter.CreateCounter<long>("syncstudio.batch.items", "{item}",
            "Items a batch settled, by direction, outcome (succeeded, failed, skipped) and failure reason; a push's items are its applied changes.");
        _productsRead = meter.CreateCounter<long>("syncstudio.pull.products_read", "{product}", "Shopify products a pull read.");
        _changesStaged = meter.CreateCounter<long>("syncstudio.pull.changes_staged", "{change}", "Changes a pull staged.");
        _shopifyCalls = meter.CreateCounter<long>("syncstudio.shopify.calls", "{call}", "GraphQL requests sent to Shopify (retries included), by operation.");
        _shopifyCost = meter.CreateHistogram<long>("syncstudio.shopify.query_cost", "{point}",
            "Query cost points Shopify charged per answered request (actualQueryCost), by operation.");
        _shopifyRequestedCost = meter.CreateCounter<long>("syncstudio.shopify.requested_cost", "{point}",
            "Query cost points Shopify reserved (requestedQueryCost), by operation.");
        _shopifyRetries = meter.CreateCounter<long>("syncstudio.shopify.retries", "{call}",
            "Requests sent again, by operation and cause (throttled: THROTTLED or HTTP 429; fault: 5xx, network, timeout).");
        _throttleWaits = meter.CreateHistogram<double>("syncstudio.shopify.throttle_wait.duration", "s",
            "Waits for the shop's cost bucket (or a Retry-After) before a request was sent, by operation; the count is the number of waits.");
    }

    public void BatchEnded(string direction, string status, TimeSpan duration)
    {
        var tags = new TagList { { "direction", direction }, { "status", status } };
        _batches.Add(1, tags);
        _batchDuration.Record(duration.TotalSeconds, tags);
    }

    public void BatchItems(string direction, string outcome, string? reason, int count = 1)
    {
        if (count > 0)
            _batchItems.Add(count, new TagList { { "direction", direction }, { "outcome", outcome }, { "reason", reason ?? "" } });
    }

    public void PullRead(int products, int changesStaged)
    {
        _productsRead.Add(products);
        _changesStaged.Add(changesStaged);
    }

    public void ShopifyCall(string operation) => _shopifyCalls.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void ShopifyCost(string operation, int requested, int actual)
    {
        var tag = new KeyValuePair<string, object?>("operation", operation);
        _shopifyCost.Record(actual, tag);
        _shopifyRequestedCost.Add(requested, tag);
    }

    public void ShopifyRetry(string operation, bool throttled) =>
        _shopifyRetries.Add(1, new TagList { { "operation", operation }, { "cause", throttled ? "throttled" : "fault" } });

    public void ThrottleWait(string operation, TimeSpan waited) =>
        _throttleWaits.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
}
