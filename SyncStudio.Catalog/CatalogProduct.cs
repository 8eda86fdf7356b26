namespace SyncStudio.Catalog;

/// <summary>
/// A product as a Shopify product CSV describes it: the fields SyncStudio syncs, with its variants.
/// </summary>
public sealed class CatalogProduct
{
    public required string Handle { get; set; }

    public string Title { get; set; } = "";

    public string BodyHtml { get; set; } = "";

    public string Vendor { get; set; } = "";

    public string ProductType { get; set; } = "";

    public List<string> Tags { get; set; } = [];

    public CatalogProductStatus Status { get; set; } = CatalogProductStatus.Active;

    /// <summary>Option names in position order (at most three). A single-variant product has <c>Title</c>.</summary>
    public List<string> OptionNames { get; set; } = [];

    public List<CatalogVariant> Variants { get; set; } = [];
}

public sealed class CatalogVariant
{
    public string? Sku { get; set; }

    public decimal Price { get; set; }

    public decimal? CompareAtPrice { get; set; }

    public int InventoryQuantity { get; set; }

    public string? Barcode { get; set; }

    /// <summary>The weight in <see cref="WeightUnit"/>; null when the source gave none.</summary>
    public decimal? Weight { get; set; }

    public CatalogWeightUnit WeightUnit { get; set; } = CatalogWeightUnit.Kilograms;

    /// <summary>One value per option name of the product, in the same order.</summary>
    public List<string> OptionValues { get; set; } = [];
}

public enum CatalogProductStatus
{
    Active,
    Draft,
    Archived,
    Unlisted,
}

public enum CatalogWeightUnit
{
    Grams,
    Kilograms,
    Ounces,
    Pounds,
}
