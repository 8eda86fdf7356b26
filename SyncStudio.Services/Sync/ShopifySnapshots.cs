using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

/// <summary>Shopify's products as the sync core's snapshots.</summary>
public static class ShopifySnapshots
{
    public static ProductSnapshot ToSnapshot(ShopifyProduct product) => new()
    {
        ShopifyProductId = product.Id,
        Title = product.Title,
        Handle = product.Handle,
        BodyHtml = product.DescriptionHtml,
        Vendor = product.Vendor,
        ProductType = product.ProductType,
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
            InventoryQuantity = v.InventoryQuantity,
            Barcode = v.Barcode,
            Weight = v.Weight,
            WeightUnit = v.WeightUnit?.ToAbbreviation(),
            Options = v.OptionValues,
        }).ToList(),
    };
}
