namespace SyncStudio.Services.Sync;

public enum ProductMatchKind
{
    None,
    ShopifyId,
    Handle,
    Sku,
}

/// <summary>
/// A local product and its Shopify counterpart, by index into the lists given to <see cref="ProductMatcher.Match"/>;
/// a null index means that side has no such product.
/// </summary>
public readonly record struct ProductMatch(int? LocalIndex, int? RemoteIndex, ProductMatchKind MatchedBy);

/// <summary>
/// Pairs local products with Shopify products: by Shopify id, then handle (case-insensitive), then SKU (any
/// variant's). A local product that carries a Shopify id is linked: it matches by that id only, so an incremental
/// pull that did not read its Shopify twin never pairs it with another product of the same handle. Callers that
/// pass a partial local list should therefore include every local product linked to a remote one in the list.
/// Runs in time linear in the number of products and variants.
/// </summary>
public static class ProductMatcher
{
    public static IReadOnlyList<ProductMatch> Match(IReadOnlyList<ProductSnapshot> local, IReadOnlyList<ProductSnapshot> remote)
    {
        var localToRemote = new int[local.Count];
        var kinds = new ProductMatchKind[local.Count];
        Array.Fill(localToRemote, -1);
        var remoteTaken = new bool[remote.Count];

        // 1. Shopify id.
        var byId = new Dictionary<long, int>(remote.Count);
        for (var j = 0; j < remote.Count; j++)
        {
            if (remote[j].ShopifyProductId is { } id)
                byId.TryAdd(id, j);
        }

        for (var i = 0; i < local.Count; i++)
        {
            if (local[i].ShopifyProductId is { } id && byId.Remove(id, out var j))
                Claim(i, j, ProductMatchKind.ShopifyId);
        }

        // 2. Handle, for unlinked local products and unclaimed remote ones.
        var byHandle = new Dictionary<string, int>(remote.Count, StringComparer.OrdinalIgnoreCase);
        for (var j = 0; j < remote.Count; j++)
        {
            if (!remoteTaken[j] && !string.IsNullOrEmpty(remote[j].Handle))
                byHandle.TryAdd(remote[j].Handle, j);
        }

        for (var i = 0; i < local.Count; i++)
        {
            if (IsCandidate(i) && !string.IsNullOrEmpty(local[i].Handle) && byHandle.Remove(local[i].Handle, out var j))
                Claim(i, j, ProductMatchKind.Handle);
        }

        // 3. SKU of any variant.
        var bySku = new Dictionary<string, int>(remote.Count, StringComparer.Ordinal);
        for (var j = 0; j < remote.Count; j++)
        {
            if (remoteTaken[j])
                continue;
            foreach (var v in remote[j].Variants ?? [])
            {
                if (!string.IsNullOrEmpty(v.Sku))
                    bySku.TryAdd(v.Sku, j);
            }
        }

        for (var i = 0; i < local.Count; i++)
        {
            if (!IsCandidate(i))
                continue;
            foreach (var v in local[i].Variants ?? [])
            {
                if (!string.IsNullOrEmpty(v.Sku) && bySku.TryGetValue(v.Sku, out var j) && !remoteTaken[j])
                {
                    Claim(i, j, ProductMatchKind.Sku);
                    break;
                }
            }
        }

        var result = new List<ProductMatch>(local.Count + remote.Count);
        for (var i = 0; i < local.Count; i++)
        {
            result.Add(localToRemote[i] >= 0
                ? new ProductMatch(i, localToRemote[i], kinds[i])
                : new ProductMatch(i, null, ProductMatchKind.None));
        }

        for (var j = 0; j < remote.Count; j++)
        {
            if (!remoteTaken[j])
                result.Add(new ProductMatch(null, j, ProductMatchKind.None));
        }

        return result;

        bool IsCandidate(int i) => localToRemote[i] < 0 && local[i].ShopifyProductId is null;

        void Claim(int i, int j, ProductMatchKind kind)
        {
            localToRemote[i] = j;
            kinds[i] = kind;
            remoteTaken[j] = true;
        }
    }
}
