using System.Globalization;
using System.Text.Json.Serialization;

namespace SyncStudio.Services.Safety;

/// <summary>The limits a pull batch is judged against as a whole (docs/decisions/0025).</summary>
public sealed record BreakerLimits
{
    public bool Enabled { get; init; } = true;
    public decimal MaxCatalogChangedPercent { get; init; } = 20;
    public int MaxVariantsZeroed { get; init; } = 50;
    public decimal MaxDeletedPercent { get; init; } = 5;
    public decimal MaxReadShrinkPercent { get; init; } = 10;
}

/// <summary>
/// What a pull batch did, counted as it staged: the synced catalog it is measured against (products linked to
/// Shopify before the pull), the synced products it changed or deletes, the variants whose stock it takes to zero, and
/// what a read of the whole store returned against the last one that completed.
/// </summary>
public sealed record BreakerCounts
{
    public int SyncedCatalog { get; init; }
    public int ProductsChanged { get; init; }
    public int ProductsDeleted { get; init; }
    public int VariantsZeroed { get; init; }

    /// <summary>Whether the read covered the whole store (a full pull with no filter): only such a read is compared.</summary>
    public bool FullRead { get; init; }

    public int ProductsRead { get; init; }

    /// <summary>What the last completed full read returned; null when there was none.</summary>
    public int? LastFullRead { get; init; }
}

/// <summary>One limit a batch went past: by how much, against what.</summary>
public sealed record BreakerTrip(
    [property: JsonPropertyName("limit")] string Limit,
    [property: JsonPropertyName("measured")] decimal Measured,
    [property: JsonPropertyName("allowed")] decimal Allowed,
    [property: JsonPropertyName("message")] string Message);

public sealed record BreakerVerdict(IReadOnlyList<BreakerTrip> Trips)
{
    public bool Tripped => Trips.Count > 0;
}

/// <summary>
/// The circuit breaker's judgement: a pure function over a batch's counts, so every limit is tested without a database.
/// Percentages are of the synced catalog (a first import, with nothing synced, changes no synced product and so never
/// trips them); the read is compared only when it covered the whole store.
/// </summary>
public static class CircuitBreaker
{
    public const string CatalogChanged = "catalog_changed_percent";
    public const string VariantsZeroed = "variants_zeroed";
    public const string Deleted = "deleted_percent";
    public const string EmptyRead = "empty_read";
    public const string ReadShrunk = "read_shrink_percent";

    public static BreakerVerdict Check(BreakerCounts counts, BreakerLimits limits)
    {
        if (!limits.Enabled)
            return new BreakerVerdict([]);
        var trips = new List<BreakerTrip>();
        if (counts.SyncedCatalog > 0)
        {
            var changed = Percent(counts.ProductsChanged, counts.SyncedCatalog);
            if (changed > limits.MaxCatalogChangedPercent)
                trips.Add(new BreakerTrip(CatalogChanged, changed, limits.MaxCatalogChangedPercent,
                    string.Create(CultureInfo.InvariantCulture, $"{counts.ProductsChanged} of {counts.SyncedCatalog} synced products changed ({changed:0.#}%, more than {limits.MaxCatalogChangedPercent:0.#}%)")));
            var deleted = Percent(counts.ProductsDeleted, counts.SyncedCatalog);
            if (deleted > limits.MaxDeletedPercent)
                trips.Add(new BreakerTrip(Deleted, deleted, limits.MaxDeletedPercent,
                    string.Create(CultureInfo.InvariantCulture, $"{counts.ProductsDeleted} of {counts.SyncedCatalog} synced products deleted ({deleted:0.#}%, more than {limits.MaxDeletedPercent:0.#}%)")));
        }
        if (counts.VariantsZeroed > limits.MaxVariantsZeroed)
            trips.Add(new BreakerTrip(VariantsZeroed, counts.VariantsZeroed, limits.MaxVariantsZeroed,
                string.Create(CultureInfo.InvariantCulture, $"{counts.VariantsZeroed} variants' stock goes to zero (more than {limits.MaxVariantsZeroed})")));
        if (counts.FullRead)
        {
            var before = counts.LastFullRead ?? 0;
            if (counts.ProductsRead == 0 && (before > 0 || counts.SyncedCatalog > 0))
            {
                trips.Add(new BreakerTrip(EmptyRead, 0, Math.Max(before, counts.SyncedCatalog),
                    string.Create(CultureInfo.InvariantCulture, $"Shopify's read came back empty (the last full read returned {before} products; {counts.SyncedCatalog} are synced)")));
            }
            else if (before > 0 && counts.ProductsRead < before)
            {
                var shrink = Percent(before - counts.ProductsRead, before);
                if (shrink > limits.MaxReadShrinkPercent)
                    trips.Add(new BreakerTrip(ReadShrunk, shrink, limits.MaxReadShrinkPercent,
                        string.Create(CultureInfo.InvariantCulture, $"Shopify's read returned {counts.ProductsRead} products, {shrink:0.#}% fewer than the last full read ({before}; more than {limits.MaxReadShrinkPercent:0.#}%)")));
            }
        }
        return new BreakerVerdict(trips);
    }

    private static decimal Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(part * 100m / whole, 2);
}
