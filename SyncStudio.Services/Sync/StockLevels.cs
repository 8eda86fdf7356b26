using SyncStudio.Data;

namespace SyncStudio.Services.Sync;

/// <summary>A variant's stock per local location, as the snapshots carry it (docs/decisions/0019).</summary>
public static class StockLevels
{
    public const string DefaultLocation = StockLocation.DefaultKey;

    /// <summary>The variant's levels by location key: its <see cref="VariantSnapshot.Inventory"/>, or its total at the default location.</summary>
    public static IReadOnlyDictionary<string, int> Of(VariantSnapshot v) =>
        v.Inventory ?? new Dictionary<string, int>(StringComparer.Ordinal) { [DefaultLocation] = v.InventoryQuantity };

    /// <summary>What the variant has at <paramref name="location"/> (0 where it is not stocked).</summary>
    public static int At(VariantSnapshot v, string location) =>
        v.Inventory is { } levels ? levels.GetValueOrDefault(location) : location == DefaultLocation ? v.InventoryQuantity : 0;

    /// <summary>The variant with <paramref name="quantity"/> at <paramref name="location"/>, its total moved to match.</summary>
    public static VariantSnapshot WithLevel(VariantSnapshot v, string location, int quantity)
    {
        var levels = new Dictionary<string, int>(Of(v), StringComparer.Ordinal) { [location] = quantity };
        return v with { Inventory = levels, InventoryQuantity = Total(levels) };
    }

    /// <summary>The variant with exactly these levels.</summary>
    public static VariantSnapshot WithLevels(VariantSnapshot v, IReadOnlyDictionary<string, int> levels) =>
        v with { Inventory = new Dictionary<string, int>(levels, StringComparer.Ordinal), InventoryQuantity = Total(levels) };

    public static int Total(IReadOnlyDictionary<string, int> levels)
    {
        var total = 0;
        foreach (var (_, q) in levels)
            total += q;
        return total;
    }

    /// <summary>A location key: 1 to 64 lowercase letters, digits and dashes (it is part of field paths).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= 64 } && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
