using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;

namespace SyncStudio.Services.Sync;

/// <summary>
/// The keys of every local product, small enough to hold for 100,000 products, so Shopify's products can be matched
/// to local ones (design §3: by Shopify id, then handle, then SKU) while streaming, without loading whole products.
/// </summary>
internal sealed class LocalIndex
{
    private readonly Dictionary<long, int> _byShopifyId = [];
    private readonly Dictionary<string, int> _byHandle = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _bySku = new(StringComparer.OrdinalIgnoreCase);

    public List<Entry> Entries { get; } = [];

    internal sealed record Entry(int Id, long? ShopifyProductId, string Handle, DateTime UpdatedAt, bool Deleted);

    public static async Task<LocalIndex> LoadAsync(SyncStudioDbContext db, CancellationToken ct)
    {
        var index = new LocalIndex();
        await foreach (var row in db.Products.AsNoTracking()
            .Select(p => new Entry(p.Id, p.ShopifyProductId, p.Handle, p.UpdatedAt, p.DeletedAt != null)).AsAsyncEnumerable().WithCancellation(ct))
        {
            index.Entries.Add(row);
            if (row.ShopifyProductId is { } sid)
                index._byShopifyId[sid] = row.Id;
            else if (!row.Deleted)
                index._byHandle.TryAdd(row.Handle, row.Id);
        }
        // SKUs only of products not yet linked to Shopify (a linked product matches by its id alone).
        var unlinked = index.Entries.Where(e => e.ShopifyProductId is null && !e.Deleted).Select(e => e.Id).ToHashSet();
        await foreach (var sku in db.ProductVariants.AsNoTracking().Where(v => v.Sku != null && v.Product!.ShopifyProductId == null && v.Product.DeletedAt == null)
            .Select(v => new { v.ProductId, v.Sku }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (unlinked.Contains(sku.ProductId))
                index._bySku.TryAdd(sku.Sku!, sku.ProductId);
        }
        return index;
    }

    /// <summary>The local product linked to a Shopify id, if any (and not claimed yet).</summary>
    public int? MatchShopifyId(long shopifyId, HashSet<int> claimed) =>
        _byShopifyId.TryGetValue(shopifyId, out var id) && claimed.Add(id) ? id : null;

    /// <summary>The local product a Shopify product belongs to, if any. Each local product is claimed once.</summary>
    public int? Match(long shopifyId, string handle, IEnumerable<string?> skus, HashSet<int> claimed)
    {
        if (_byShopifyId.TryGetValue(shopifyId, out var id))
            return claimed.Add(id) ? id : null;
        if (_byHandle.TryGetValue(handle, out id) && claimed.Add(id))
            return id;
        foreach (var sku in skus)
        {
            if (sku is not null && _bySku.TryGetValue(sku, out id) && claimed.Add(id))
                return id;
        }
        return null;
    }
}
