using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

/// <summary>
/// Which Shopify location each local stock location is mapped to (docs/decisions/0019). Levels at a Shopify location
/// mapped to no local location are not synced; the default location stands for Shopify's primary location unless it
/// is mapped otherwise.
/// </summary>
public sealed class StockLocationMap
{
    private readonly Dictionary<long, string> _keys;
    private readonly Dictionary<string, long> _ids;

    public StockLocationMap(IEnumerable<KeyValuePair<string, long>> mapping)
    {
        _ids = new Dictionary<string, long>(StringComparer.Ordinal);
        _keys = [];
        foreach (var (key, id) in mapping)
        {
            _ids[key] = id;
            _keys[id] = key;
        }
    }

    /// <summary>One local location, the default, at Shopify's primary location (none when the shop has no location).</summary>
    public static StockLocationMap PrimaryOnly(long? primary) =>
        new(primary is { } id ? [new(StockLevels.DefaultLocation, id)] : []);

    public IReadOnlyDictionary<string, long> ShopifyIds => _ids;

    public string? KeyOf(long shopifyLocationId) => _keys.GetValueOrDefault(shopifyLocationId);

    public long? ShopifyIdOf(string key) => _ids.TryGetValue(key, out var id) ? id : null;

    /// <summary>
    /// The merchant's mapping: the local stock locations with their Shopify locations, the default at Shopify's
    /// primary location unless mapped otherwise (read only then). A failure to read Shopify throws, as a read does.
    /// </summary>
    public static async Task<StockLocationMap> LoadAsync(IDbContextFactory<SyncStudioDbContext> factory, IShopifyClient shopify, CancellationToken ct)
    {
        List<StockLocation> locations;
        await using (var db = await factory.CreateDbContextAsync(ct))
            locations = await db.StockLocations.AsNoTracking().OrderBy(l => l.Position).ThenBy(l => l.Id).ToListAsync(ct);
        var mapping = new List<KeyValuePair<string, long>>();
        foreach (var location in locations)
        {
            if (location.ShopifyLocationId is { } id)
                mapping.Add(new(location.Key, id));
        }

        if (locations.Exists(l => l.Key == StockLocation.DefaultKey && l.ShopifyLocationId is null) || locations.Count == 0)
        {
            var primary = (await shopify.GetPrimaryLocationAsync(ct)).GetValueOrThrow();
            if (primary is not null && !mapping.Exists(m => m.Value == primary.Id))
                mapping.Add(new(StockLocation.DefaultKey, primary.Id));
        }

        return new StockLocationMap(mapping);
    }
}
