using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

/// <summary>Shopify's products as the sync core's snapshots.</summary>
public static class ShopifySnapshots
{
    /// <summary>
    /// Shopify's product as a snapshot. With <paramref name="locations"/>, each variant's levels at mapped locations are
    /// its stock per local location; without (or for a variant read without its levels), its total sits at the default
    /// location.
    /// </summary>
    public static ProductSnapshot ToSnapshot(ShopifyProduct product, StockLocationMap? locations = null) => new()
    {
        ShopifyProductId = product.Id,
        Title = product.Title,
        Handle = product.Handle,
        BodyHtml = product.DescriptionHtml,
        Vendor = product.Vendor,
        ProductType = product.ProductType,
        SeoTitle = product.SeoTitle,
        SeoDescription = product.SeoDescription,
        Metafields = Metafields(product.Metafields),
        Images = Images(product.Media),
        Tags = product.Tags,
        Status = product.Status,
        OptionNames = product.OptionNames,
        Variants = product.Variants.Select(v => new VariantSnapshot
        {
            ShopifyVariantId = v.Id,
            ShopifyInventoryItemId = v.InventoryItemId,
            Sku = v.Sku,
            Price = v.Price,
            CompareAtPrice = v.CompareAtPrice,
            InventoryQuantity = locations is null || v.Levels.Count == 0 ? v.InventoryQuantity : Mapped(v.Levels, locations, l => l.Available).Values.Sum(),
            Inventory = locations is null || v.Levels.Count == 0 ? null : Mapped(v.Levels, locations, l => l.Available),
            OnHand = locations is null || v.Levels.Count == 0 ? null : Mapped(v.Levels, locations, l => l.OnHand ?? l.Available),
            Barcode = v.Barcode,
            Weight = v.Weight,
            WeightUnit = v.WeightUnit?.ToAbbreviation(),
            Cost = v.Cost,
            InventoryPolicy = v.InventoryPolicy,
            Tracked = v.Tracked,
            RequiresShipping = v.RequiresShipping,
            Taxable = v.Taxable,
            HarmonizedSystemCode = v.HarmonizedSystemCode,
            CountryOfOrigin = v.CountryOfOrigin,
            Metafields = Metafields(v.Metafields),
            Options = v.OptionValues,
        }).ToList(),
    };

    /// <summary>
    /// Shopify's images in gallery order, each under the URL Shopify serves it from (docs/decisions/0029); a medium that
    /// is not an image, or one still processing (no URL yet), is not held. Null when it has none.
    /// </summary>
    private static List<ProductImage>? Images(IReadOnlyList<ShopifyMedia>? media)
    {
        if (media is null || media.Count == 0)
            return null;
        var images = media.Where(m => m.IsImage && m.Url is not null)
            .Select(m => new ProductImage(m.Url!, m.Alt) { MediaId = m.Id, Status = m.Status }).ToList();
        return images.Count == 0 ? null : images;
    }

    /// <summary>Shopify's metafields by <c>namespace.key</c>; null when it holds none.</summary>
    private static Dictionary<string, MetafieldEntry>? Metafields(IReadOnlyList<ShopifyMetafield>? metafields)
    {
        if (metafields is null || metafields.Count == 0)
            return null;
        var result = new Dictionary<string, MetafieldEntry>(metafields.Count, StringComparer.Ordinal);
        foreach (var m in metafields)
            result[string.Concat(m.Namespace, ".", m.Key)] = new MetafieldEntry(m.Type, m.Value);
        return result;
    }

    private static Dictionary<string, int> Mapped(IReadOnlyList<ShopifyStockLevel> levels, StockLocationMap locations, Func<ShopifyStockLevel, int> quantity)
    {
        var mapped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var level in levels)
        {
            if (locations.KeyOf(level.LocationId) is { } key)
                mapped[key] = quantity(level);
        }

        return mapped;
    }
}
