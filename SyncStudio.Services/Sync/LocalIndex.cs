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

    // Handles of live linked products: a Shopify product made again under one of them is that product's twin once the
    // read shows its old twin gone (docs/decisions/0027).
    private readonly Dictionary<string, int> _linkedByHandle = new(StringComparer.OrdinalIgnoreCase);

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
            {
                index._byShopifyId[sid] = row.Id;
                if (!row.Deleted)
                    index._linkedByHandle.TryAdd(row.Handle, row.Id);
            }
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

    /// <summary>The live local product linked to some Shopify product that holds <paramref name="handle"/>, if not claimed yet.</summary>
    public int? LinkedHolding(string handle, HashSet<int> claimed) =>
        _linkedByHandle.TryGetValue(handle, out var id) && !claimed.Contains(id) ? id : null;

    /// <summary>A local product now linked to another Shopify product.</summary>
    public void Relinked(int id, long? oldShopifyId, long shopifyId)
    {
        if (oldShopifyId is { } old)
            _byShopifyId.Remove(old);
        _byShopifyId[shopifyId] = id;
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
