using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

/// <summary>Small products to diff: a one-variant mug and a three-variant tee.</summary>
internal static class Snapshots
{
    public static ProductSnapshot Mug(decimal price = 29.99m, int inventory = 100, long? shopifyId = 1001) => new()
    {
        ShopifyProductId = shopifyId,
        Title = "Enamel Mug",
        Handle = "enamel-mug",
        BodyHtml = "<p>Camp mug.</p>",
        Vendor = "Trail Co",
        ProductType = "Mugs",
        Tags = ["camping", "kitchen"],
        Status = "active",
        OptionNames = ["Title"],
        Variants =
        [
            new VariantSnapshot
            {
                ShopifyVariantId = shopifyId is null ? null : 5001,
                ShopifyInventoryItemId = shopifyId is null ? null : 9001,
                Sku = "MUG-1",
                Price = price,
                CompareAtPrice = 34.99m,
                InventoryQuantity = inventory,
                Barcode = "0123456789012",
                Weight = 0.35m,
                WeightUnit = "KILOGRAMS",
                Options = ["Default Title"],
            },
        ],
    };

    public static ProductSnapshot Tee(bool withSkus = true, bool withIds = true) => new()
    {
        ShopifyProductId = withIds ? 2002 : null,
        Title = "Logo Tee",
        Handle = "logo-tee",
        Vendor = "Trail Co",
        ProductType = "Shirts",
        Tags = ["apparel"],
        Status = "active",
        OptionNames = ["Size", "Color"],
        Variants =
        [
            TeeVariant("S", 20m, 10, withSkus, withIds ? 6001 : null),
            TeeVariant("M", 20m, 12, withSkus, withIds ? 6002 : null),
            TeeVariant("L", 22m, 8, withSkus, withIds ? 6003 : null),
        ],
    };

    public static VariantSnapshot TeeVariant(string size, decimal price, int inventory, bool withSku = true, long? id = null) => new()
    {
        ShopifyVariantId = id,
        Sku = withSku ? $"TEE-{size}" : null,
        Price = price,
        InventoryQuantity = inventory,
        Options = [size, "Red"],
    };

    public static ProductSnapshot WithVariant(this ProductSnapshot product, int index, Func<VariantSnapshot, VariantSnapshot> change)
    {
        var variants = product.Variants.ToList();
        variants[index] = change(variants[index]);
        return product with { Variants = variants };
    }

    public static ProductSnapshot WithoutVariant(this ProductSnapshot product, int index)
    {
        var variants = product.Variants.ToList();
        variants.RemoveAt(index);
        return product with { Variants = variants };
    }

    public static ProductSnapshot WithAddedVariant(this ProductSnapshot product, VariantSnapshot variant) =>
        product with { Variants = [.. product.Variants, variant] };

    public static ProductSnapshot WithPrice(this ProductSnapshot product, decimal price) =>
        product.WithVariant(0, v => v with { Price = price });

    public static ProductSnapshot WithInventory(this ProductSnapshot product, int quantity) =>
        product.WithVariant(0, v => v with { InventoryQuantity = quantity });

    /// <summary>The local copy of a product: same fields, no Shopify ids.</summary>
    public static ProductSnapshot Unlinked(this ProductSnapshot product) => product with
    {
        ShopifyProductId = null,
        Variants = [.. product.Variants.Select(v => v with { ShopifyVariantId = null, ShopifyInventoryItemId = null })],
    };
}
