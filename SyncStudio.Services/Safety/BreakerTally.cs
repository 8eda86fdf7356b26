using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Safety;

/// <summary>A staged change the breaker's report names as an example.</summary>
public sealed record BreakerSample(string ChangeId, string? Product);

/// <summary>
/// The circuit breaker's counts over one pull's staged changes, with a few examples of each: products of the synced
/// catalog changed or deleted, and variants whose stock a change takes from above zero to zero (in either direction:
/// a zeroed feed is as harmful locally as in Shopify).
/// </summary>
public sealed class BreakerTally
{
    public const int MaxSamples = 5;

    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _zeroed = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public int ProductsChanged { get { lock (_gate) return _changed.Count; } }
    public int ProductsDeleted { get; private set; }
    public int VariantsZeroed { get { lock (_gate) return _zeroed.Count; } }
    public List<BreakerSample> ChangedSamples { get; } = [];
    public List<BreakerSample> DeletedSamples { get; } = [];
    public List<BreakerSample> ZeroedSamples { get; } = [];

    /// <param name="synced">Whether the product had an agreed base: a first import changes nothing that was synced.</param>
    public void Count(StagedProductChange change, StagedChangePlan plan, bool synced)
    {
        var product = change.ProductId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "shopify:" + change.ShopifyProductId;
        var sample = new BreakerSample(change.ChangeId, plan.Current?.Title ?? plan.Proposed?.Title);
        lock (_gate)
        {
            if (synced && change.ChangeType != ChangeTypes.Create && _changed.Add(product))
                Add(ChangedSamples, sample);
            if (synced && change.ChangeType == ChangeTypes.Delete)
            {
                ProductsDeleted++;
                Add(DeletedSamples, sample);
            }
            var zeroedHere = false;
            foreach (var (path, fieldChange) in plan.FieldChanges)
            {
                if (!FieldPaths.IsInventoryPath(path) || !FieldPaths.TryParse(path, out var parsed))
                    continue;
                if (Number(fieldChange.Old) > 0 && Number(fieldChange.New) == 0 && _zeroed.Add(product + "|" + parsed.VariantKey))
                    zeroedHere = true;
            }
            if (zeroedHere)
                Add(ZeroedSamples, sample);
        }
    }

    private static void Add(List<BreakerSample> samples, BreakerSample sample)
    {
        if (samples.Count < MaxSamples && !samples.Contains(sample))
            samples.Add(sample);
    }

    /// <summary>A stock figure however the diff holds it (an int from a snapshot, a decimal from stored JSON).</summary>
    private static decimal? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && decimal.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number : null;
}
