using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

/// <summary>
/// Metafields are written after everything else of a change, once every variant has its Shopify id: the ones the
/// change sets with <c>metafieldsSet</c> (at most 25 a call), the ones it removes with <c>metafieldsDelete</c>
/// (docs/decisions/0023). Both answer the same when sent again, so a lost answer is simply re-sent.
/// </summary>
public sealed partial class ShopifyWriter
{
    /// <summary>
    /// Writes the metafields <paramref name="after"/> holds otherwise than <paramref name="before"/> onto the product as
    /// Shopify holds it now (<paramref name="held"/>, where new variants have their ids). Answers whether anything was
    /// written (so the caller reads the product back), or the failure.
    /// </summary>
    private async Task<(bool Wrote, ShopifyWriteOutcome? Failure)> WriteMetafieldsAsync(
        ProductSnapshot before, ProductSnapshot after, ProductSnapshot held, CancellationToken ct)
    {
        var productId = held.ShopifyProductId!.Value;
        var sets = new List<ShopifyMetafieldSet>();
        var deletes = new List<ShopifyMetafieldDelete>();
        Plan(productId, false, before.Metafields, after.Metafields, sets, deletes);

        var oldById = before.Variants.Where(v => v.ShopifyVariantId is not null).ToDictionary(v => v.ShopifyVariantId!.Value);
        var claimed = new HashSet<long>();
        foreach (var target in after.Variants)
        {
            if ((target.Metafields is null || target.Metafields.Count == 0) && (target.ShopifyVariantId is not { } known || oldById.GetValueOrDefault(known)?.Metafields is not { Count: > 0 }))
                continue;
            // A variant the change added has its id only now, and a product made again (a kept delete, a create) has new
            // ids for every variant: found by its SKU, then its option values.
            var id = (target.ShopifyVariantId is { } own && held.Variants.Any(v => v.ShopifyVariantId == own) ? own : (long?)null)
                ?? held.Variants.FirstOrDefault(v => v.ShopifyVariantId is { } i && !oldById.ContainsKey(i) && !claimed.Contains(i)
                    && (!string.IsNullOrEmpty(target.Sku) ? string.Equals(v.Sku, target.Sku, StringComparison.OrdinalIgnoreCase) : v.Options.SequenceEqual(target.Options, StringComparer.Ordinal)))?.ShopifyVariantId;
            if (id is not { } variantId)
                return (false, ShopifyWriteOutcome.Fail(FailureReasons.Stale, $"variant '{Label(target)}': not found in Shopify to write its metafields; pull again."));
            claimed.Add(variantId);
            Plan(variantId, true, oldById.GetValueOrDefault(variantId)?.Metafields, target.Metafields, sets, deletes);
        }

        if (sets.Count == 0 && deletes.Count == 0)
            return (false, null);

        // A value that came without its type (set locally) takes its definition's; the definition then also applies.
        if (sets.Any(s => s.Type is null))
        {
            var scope = await shopify.GetMetafieldScopeAsync(ct);
            if (!scope.Succeeded)
                return (false, Failed(scope.Failure));
            var types = scope.Value!.Product.ToDictionary(d => (false, d.Id), d => d.Type);
            foreach (var d in scope.Value.Variant)
                types[(true, d.Id)] = d.Type;
            for (var i = 0; i < sets.Count; i++)
            {
                if (sets[i].Type is null && types.TryGetValue((sets[i].OwnerIsVariant, $"{sets[i].Namespace}.{sets[i].Key}"), out var type))
                    sets[i] = sets[i] with { Type = type };
            }
        }

        foreach (var chunk in sets.Chunk(ShopifyClient.MetafieldsPerCall))
        {
            var result = await shopify.SetMetafieldsAsync(chunk, ct);
            if (!result.Succeeded)
                return (false, Failed(result.Failure));
        }

        foreach (var chunk in deletes.Chunk(ShopifyLimits.MaxInputArray))
        {
            var result = await shopify.DeleteMetafieldsAsync(chunk, ct);
            if (!result.Succeeded)
                return (false, Failed(result.Failure));
        }

        return (true, null);
    }

    /// <summary>A created product's metafields written once it and its variants exist (a re-send sets the same values).</summary>
    private async Task<ShopifyWriteOutcome> WithCreatedMetafieldsAsync(ProductSnapshot product, ShopifyProduct created, string message, CancellationToken ct)
    {
        var held = ShopifySnapshots.ToSnapshot(created, _locations);
        var (wrote, failure) = await WriteMetafieldsAsync(held with { Metafields = null, Variants = [] }, product, held, ct);
        if (failure is not null)
            return failure;
        // Its images next (docs/decisions/0029). A product an earlier attempt of this create made may hold some already:
        // as many as the product has were made by that attempt, in its order, and are not added again.
        var made = new Dictionary<long, string>();
        var wanted = CanonicalImages.From(product.Images);
        if (wanted.Length > 0)
        {
            var existing = (await ReadMediaAsync(created.Id, ct))?.Where(m => m.IsImage).ToList();
            if (existing is null)
                return ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, "The product was created, but its media could not be read to add its images.");
            IReadOnlyList<ProductImage>? heldImages = null;
            if (existing.Count == wanted.Length)
            {
                for (var i = 0; i < wanted.Length; i++)
                    made[existing[i].Id] = wanted[i].Src;
                heldImages = [.. wanted.Select((w, i) => new ProductImage(w.Src, existing[i].Alt) { MediaId = existing[i].Id })];
            }
            else if (existing.Count > 0)
            {
                return ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable,
                    "The product was created, but holds other images than it was sent with; pull to compare the two.");
            }

            var (images, imageFailure) = await WriteImagesAsync(created.Id, heldImages, product.Images, ct);
            if (imageFailure is not null)
                return imageFailure;
            foreach (var (id, src) in images)
                made[id] = src;
            wrote = true;
        }

        if (!wrote)
            return ShopifyWriteOutcome.Ok(held, message);
        var read = await shopify.GetProductAsync(created.Id, ct);
        return read.Succeeded && read.Value is not null
            ? ShopifyWriteOutcome.Ok(MarkMade(ShopifySnapshots.ToSnapshot(read.Value, _locations), made), message)
            : ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, "The product was created, but could not be read back after its metafields and images were written.");
    }

    private static void Plan(long ownerId, bool variant, IReadOnlyDictionary<string, MetafieldEntry>? before, IReadOnlyDictionary<string, MetafieldEntry>? after,
        List<ShopifyMetafieldSet> sets, List<ShopifyMetafieldDelete> deletes)
    {
        var old = CanonicalMetafields.From(before);
        var @new = CanonicalMetafields.From(after);
        foreach (var (id, value) in @new)
        {
            if (CanonicalMetafields.Find(old, id) == value)
                continue;
            var dot = id.IndexOf('.');
            sets.Add(new ShopifyMetafieldSet(ownerId, variant, id[..dot], id[(dot + 1)..], after![id].Type ?? before?.GetValueOrDefault(id)?.Type,
                after[id].Value));
        }

        foreach (var (id, _) in old)
        {
            if (CanonicalMetafields.Find(@new, id) is null)
            {
                var dot = id.IndexOf('.');
                deletes.Add(new ShopifyMetafieldDelete(ownerId, variant, id[..dot], id[(dot + 1)..]));
            }
        }
    }
}
