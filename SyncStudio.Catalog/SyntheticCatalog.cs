using System.Globalization;

namespace SyncStudio.Catalog;

/// <summary>
/// Large deterministic catalogs for benchmarks and load tests: each product depends only on the seed
/// and its index, so the sequence streams (nothing is held) and the same seed gives the same catalog.
/// Handles and SKUs are unique within a catalog.
/// </summary>
public static class SyntheticCatalog
{
    private static readonly string[] Adjectives =
    [
        "Classic", "Everyday", "Heritage", "Urban", "Coastal", "Alpine", "Modern", "Vintage", "Essential", "Rugged",
        "Featherweight", "Organic", "Signature", "Studio", "Nordic", "Desert",
    ];

    private static readonly string[] Nouns =
    [
        "Tee", "Hoodie", "Jacket", "Backpack", "Mug", "Candle", "Blanket", "Beanie", "Tote", "Bottle", "Lamp", "Scarf",
        "Sneaker", "Wallet", "Notebook", "Planter",
    ];

    private static readonly string[] Types = ["Apparel", "Home", "Outdoor", "Accessories"];

    private static readonly string[] Vendors = ["Synthetic Goods Co.", "Benchmark Supply", "Loadtest Outfitters", "Northwind Traders"];

    private static readonly string[] Sizes = ["XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL"];

    public static IEnumerable<CatalogProduct> Generate(int count, int seed, int variantsPerProduct = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(variantsPerProduct, 1);
        return GenerateCore(count, seed, variantsPerProduct);
    }

    private static IEnumerable<CatalogProduct> GenerateCore(int count, int seed, int variantsPerProduct)
    {
        for (var index = 0; index < count; index++)
            yield return Create(index, seed, variantsPerProduct);
    }

    /// <summary>The product at <paramref name="index"/> of the catalog with this seed.</summary>
    public static CatalogProduct Create(int index, int seed, int variantsPerProduct = 3)
    {
        var random = DeterministicRandom.For(seed, index);
        var adjective = random.Pick(Adjectives);
        var noun = random.Pick(Nouns);
        var number = index.ToString("D6", CultureInfo.InvariantCulture);
        var basePrice = random.Next(5, 250) + random.Pick(PriceEndings);

        var product = new CatalogProduct
        {
            Handle = $"{adjective.ToLowerInvariant()}-{noun.ToLowerInvariant()}-{number}",
            Title = $"{adjective} {noun} {number}",
            BodyHtml = $"<p>{adjective} {noun.ToLowerInvariant()} number {number}, generated for load tests.</p>",
            Vendor = random.Pick(Vendors),
            ProductType = random.Pick(Types),
            Tags = ["synthetic", adjective.ToLowerInvariant(), noun.ToLowerInvariant()],
            Status = random.Chance(90) ? CatalogProductStatus.Active : CatalogProductStatus.Draft,
            OptionNames = [variantsPerProduct == 1 ? CatalogConventions.DefaultOptionName : "Size"],
            Variants = new List<CatalogVariant>(variantsPerProduct),
        };

        for (var v = 0; v < variantsPerProduct; v++)
        {
            var optionValue = variantsPerProduct == 1 ? CatalogConventions.DefaultOptionValue
                : v < Sizes.Length ? Sizes[v] : $"Size {v + 1}";
            product.Variants.Add(new CatalogVariant
            {
                Sku = $"SYN-{number}-{v + 1:D2}",
                Price = basePrice + v * 2,
                CompareAtPrice = random.Chance(20) ? basePrice + v * 2 + 10 : null,
                InventoryQuantity = random.Next(0, 200),
                Barcode = null,
                Weight = random.Next(100, 2000),
                WeightUnit = CatalogWeightUnit.Grams,
                OptionValues = [optionValue],
            });
        }

        return product;
    }

    private static readonly decimal[] PriceEndings = [0.00m, 0.50m, 0.95m, 0.99m];
}
