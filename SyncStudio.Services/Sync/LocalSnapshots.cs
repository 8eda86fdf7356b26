using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Products;

namespace SyncStudio.Services.Sync;

/// <summary>Between the local catalog's rows and the sync core's snapshots.</summary>
public static class LocalSnapshots
{
    public static ProductSnapshot ToSnapshot(Product product) => new()
    {
        ShopifyProductId = product.ShopifyProductId,
        Title = product.Title,
        Handle = product.Handle,
        BodyHtml = product.BodyHtml,
        Vendor = product.Vendor,
        ProductType = product.ProductType,
        SeoTitle = product.SeoTitle,
        SeoDescription = product.SeoDescription,
        Tags = ProductTags.Split(product.Tags),
        Status = product.Status,
        OptionNames = ProductTags.Options(product.Option1Name, product.Option2Name, product.Option3Name),
        Metafields = LocalMetafields.Read(product.Metafields),
        Images = LocalImages.Read(product.Images),
        Variants = product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id).Select(v => new VariantSnapshot
        {
            ShopifyVariantId = v.ShopifyVariantId,
            ShopifyInventoryItemId = v.ShopifyInventoryItemId,
            Sku = v.Sku,
            Price = v.Price,
            CompareAtPrice = v.CompareAtPrice,
            InventoryQuantity = v.StockLevels.Count == 0 ? v.InventoryQuantity : v.StockLevels.Sum(l => l.Available),
            Inventory = v.StockLevels.Count == 0 ? null : v.StockLevels.ToDictionary(l => l.LocationKey, l => l.Available, StringComparer.Ordinal),
            Barcode = v.Barcode,
            Weight = v.Weight,
            WeightUnit = v.WeightUnit,
            Cost = v.Cost,
            InventoryPolicy = v.InventoryPolicy,
            Tracked = v.Tracked,
            RequiresShipping = v.RequiresShipping,
            Taxable = v.Taxable,
            HarmonizedSystemCode = v.HarmonizedSystemCode,
            CountryOfOrigin = v.CountryOfOrigin,
            Options = ProductTags.Options(v.Option1, v.Option2, v.Option3),
            Metafields = LocalMetafields.Read(v.Metafields),
            Image = v.Image,
        }).ToList(),
    };

    /// <summary>
    /// Writes <paramref name="snapshot"/> into <paramref name="product"/>: product fields, and variants matched by Shopify
    /// variant id, then SKU, then option values (added and removed as needed). Ids the snapshot carries are kept, so a
    /// product written from Shopify's side is linked to it.
    /// </summary>
    public static void Apply(Product product, ProductSnapshot snapshot)
    {
        product.Title = snapshot.Title;
        product.Handle = snapshot.Handle;
        product.BodyHtml = snapshot.BodyHtml;
        product.Vendor = snapshot.Vendor;
        product.ProductType = snapshot.ProductType;
        product.SeoTitle = snapshot.SeoTitle;
        product.SeoDescription = snapshot.SeoDescription;
        product.Tags = ProductTags.Join(snapshot.Tags);
        product.Status = snapshot.Status;
        product.Option1Name = snapshot.OptionNames.ElementAtOrDefault(0);
        product.Option2Name = snapshot.OptionNames.ElementAtOrDefault(1);
        product.Option3Name = snapshot.OptionNames.ElementAtOrDefault(2);
        product.Metafields = LocalMetafields.Write(snapshot.Metafields, product.Metafields);
        product.Images = LocalImages.Write(snapshot.Images);
        if (snapshot.ShopifyProductId is not null)
            product.ShopifyProductId = snapshot.ShopifyProductId;

        var unmatched = product.Variants.ToList();
        var position = 1;
        foreach (var source in snapshot.Variants)
        {
            var target = Take(unmatched, v => source.ShopifyVariantId is not null && v.ShopifyVariantId == source.ShopifyVariantId)
                ?? Take(unmatched, v => source.Sku is not null && string.Equals(v.Sku, source.Sku, StringComparison.OrdinalIgnoreCase))
                ?? Take(unmatched, v => ProductTags.Options(v.Option1, v.Option2, v.Option3).SequenceEqual(source.Options, StringComparer.OrdinalIgnoreCase));
            if (target is null)
            {
                target = new ProductVariant();
                product.Variants.Add(target);
            }
            target.Position = position++;
            target.Sku = source.Sku;
            target.Price = source.Price;
            target.CompareAtPrice = source.CompareAtPrice;
            SetLevels(target, source);
            target.Barcode = source.Barcode;
            target.Weight = source.Weight;
            target.WeightUnit = source.WeightUnit;
            target.Cost = source.Cost;
            target.InventoryPolicy = source.InventoryPolicy is null ? null : CanonicalVariant.NormalisePolicy(source.InventoryPolicy);
            target.Tracked = source.Tracked;
            target.RequiresShipping = source.RequiresShipping;
            target.Taxable = source.Taxable;
            target.HarmonizedSystemCode = source.HarmonizedSystemCode;
            target.CountryOfOrigin = CanonicalVariant.NormaliseCountry(source.CountryOfOrigin);
            target.Option1 = source.Options.ElementAtOrDefault(0);
            target.Option2 = source.Options.ElementAtOrDefault(1);
            target.Option3 = source.Options.ElementAtOrDefault(2);
            target.Metafields = LocalMetafields.Write(source.Metafields, target.Metafields);
            target.Image = string.IsNullOrWhiteSpace(source.Image) ? null : source.Image.Trim();
            if (source.ShopifyVariantId is not null)
                target.ShopifyVariantId = source.ShopifyVariantId;
            if (source.ShopifyInventoryItemId is not null)
                target.ShopifyInventoryItemId = source.ShopifyInventoryItemId;
        }
        foreach (var gone in unmatched)
            product.Variants.Remove(gone);
    }

    /// <summary>
    /// Gives the local product and its variants the Shopify ids of <paramref name="shopify"/> (the product as Shopify
    /// holds it) where they have none yet (variants matched as the only variant, by SKU, or by option values). A variant
    /// id Shopify's product no longer holds names nothing any more (the variant was removed there, or made again under a
    /// new id by a write that put it back): it is forgotten and learned afresh. Ids are not synced fields: no edit.
    /// </summary>
    public static void Link(Product product, ProductSnapshot shopify)
    {
        product.ShopifyProductId ??= shopify.ShopifyProductId;
        if (product.ShopifyProductId == shopify.ShopifyProductId)
        {
            var held = shopify.Variants.Select(v => v.ShopifyVariantId).OfType<long>().ToHashSet();
            foreach (var row in product.Variants.Where(r => r.ShopifyVariantId is { } id && !held.Contains(id)))
            {
                row.ShopifyVariantId = null;
                row.ShopifyInventoryItemId = null;
            }
        }

        var taken = product.Variants.Select(r => r.ShopifyVariantId).OfType<long>().ToHashSet();
        foreach (var row in product.Variants)
        {
            var match = product.Variants.Count == 1 && shopify.Variants.Count == 1
                ? shopify.Variants[0]
                : shopify.Variants.FirstOrDefault(v => row.Sku is not null
                    ? string.Equals(v.Sku, row.Sku, StringComparison.OrdinalIgnoreCase)
                    : ProductTags.Options(row.Option1, row.Option2, row.Option3).SequenceEqual(v.Options, StringComparer.OrdinalIgnoreCase));
            if (match is null || row.ShopifyVariantId is not null || (match.ShopifyVariantId is { } matched && !taken.Add(matched)))
                continue;
            row.ShopifyVariantId = match.ShopifyVariantId;
            row.ShopifyInventoryItemId ??= match.ShopifyInventoryItemId;
        }

        LearnImageUrls(product, shopify);
    }

    /// <summary>
    /// An image a write just made in Shopify from a URL is known there by Shopify's own URL (docs/decisions/0029): the
    /// local image, and every variant showing it, take that URL, so both sides name the image alike from now on. Like
    /// the ids, this is learning, not an edit.
    /// </summary>
    public static void LearnImageUrls(Product product, ProductSnapshot shopify)
    {
        var made = shopify.Images?.Where(i => i.CreatedFrom is not null).ToDictionary(i => i.CreatedFrom!, i => i.Src, StringComparer.Ordinal);
        if (made is null || made.Count == 0 || LocalImages.Read(product.Images) is not { } images)
            return;
        product.Images = LocalImages.Write([.. images.Select(i => made.TryGetValue(i.Src, out var url) ? i with { Src = url } : i)]);
        foreach (var row in product.Variants)
        {
            if (row.Image is { } src && made.TryGetValue(src, out var url))
                row.Image = url;
        }
    }

    /// <summary>
    /// The product exists in Shopify again under new ids (re-created there): the old ids are forgotten and the new ones
    /// learned, so the next pull matches the local product to the new Shopify product.
    /// </summary>
    public static void Relink(Product product, ProductSnapshot shopify)
    {
        Unlink(product);
        Link(product, shopify);
        // A product made again in Shopify may have new SKUs too (decision 0027): what SKUs left unpaired pairs by option
        // values, each Shopify variant once.
        var taken = product.Variants.Select(r => r.ShopifyVariantId).OfType<long>().ToHashSet();
        foreach (var row in product.Variants.Where(r => r.ShopifyVariantId is null))
        {
            var values = ProductTags.Options(row.Option1, row.Option2, row.Option3);
            var match = shopify.Variants.FirstOrDefault(v => v.ShopifyVariantId is { } id && !taken.Contains(id)
                && values.SequenceEqual(v.Options, StringComparer.OrdinalIgnoreCase));
            if (match is null)
                continue;
            taken.Add(match.ShopifyVariantId!.Value);
            row.ShopifyVariantId = match.ShopifyVariantId;
            row.ShopifyInventoryItemId = match.ShopifyInventoryItemId;
        }
    }

    /// <summary>Forgets Shopify's ids (product and variants): the product is no longer paired with a Shopify product.</summary>
    public static void Unlink(Product product)
    {
        product.ShopifyProductId = null;
        foreach (var row in product.Variants)
        {
            row.ShopifyVariantId = null;
            row.ShopifyInventoryItemId = null;
        }
    }

    public static Product NewProduct(ProductSnapshot snapshot)
    {
        var product = new Product { Title = snapshot.Title, Handle = snapshot.Handle };
        Apply(product, snapshot);
        return product;
    }

    /// <summary>The variant's stock rows become the snapshot's levels (on_hand kept for display); its total their sum.</summary>
    public static void SetLevels(ProductVariant target, VariantSnapshot source)
    {
        var levels = StockLevels.Of(source);
        foreach (var gone in target.StockLevels.Where(l => !levels.ContainsKey(l.LocationKey)).ToList())
            target.StockLevels.Remove(gone);
        foreach (var (key, quantity) in levels)
        {
            var row = target.StockLevels.FirstOrDefault(l => l.LocationKey == key);
            if (row is null)
                target.StockLevels.Add(row = new VariantStockLevel { LocationKey = key });
            row.Available = quantity;
            if (source.OnHand?.TryGetValue(key, out var onHand) == true)
                row.OnHand = onHand;
        }

        target.InventoryQuantity = StockLevels.Total(levels);
    }

    private static ProductVariant? Take(List<ProductVariant> candidates, Func<ProductVariant, bool> predicate)
    {
        var index = candidates.FindIndex(v => predicate(v));
        if (index < 0)
            return null;
        var found = candidates[index];
        candidates.RemoveAt(index);
        return found;
    }

    /// <summary>
    /// Moves the product's version on, only if it is still <paramref name="expected"/>. In the transaction of a sync's
    /// local write (apply, rollback), this holds the row (SQLite: the write lock; SQL Server: the row lock) until the
    /// commit, so no edit lands between the sync's check and its write.
    /// </summary>
    public static async Task<bool> HoldVersionAsync(SyncStudioDbContext db, int productId, int expected, CancellationToken ct) =>
        await db.Products.Where(p => p.Id == productId && p.Version == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version + 1), ct) == 1;
}
