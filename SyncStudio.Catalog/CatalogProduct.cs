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

    /// <summary>Shopify's <c>SEO Title</c>; null when the file gives none.</summary>
    public string? SeoTitle { get; set; }

    /// <summary>Shopify's <c>SEO Description</c>; null when the file gives none.</summary>
    public string? SeoDescription { get; set; }

    /// <summary>The cells of the file this model does not hold, written back as they came (docs/decisions/0022).</summary>
    public CsvExtraCells Extra { get; set; } = new();
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

    /// <summary><c>Cost per item</c>.</summary>
    public decimal? Cost { get; set; }

    /// <summary><c>continue</c> or <c>deny</c> (lower case); null when the file gives none.</summary>
    public string? InventoryPolicy { get; set; }

    /// <summary>An <c>Variant Inventory Tracker</c> is named (<c>shopify</c>): Shopify tracks stock; null when the file has no such column.</summary>
    public bool? Tracked { get; set; }

    public bool? RequiresShipping { get; set; }

    public bool? Taxable { get; set; }

    /// <summary>This variant's row's cells the model does not hold (or holds in another spelling), by classic column name.</summary>
    public Dictionary<string, string> Extra { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// What a product's rows in a Shopify CSV held beyond the model: the product's own cells (its first row's product
/// columns), and its rows that carry no variant (image rows), each with its place among the product's rows. Keys are
/// classic column names (a 2024+ file's names translated where Shopify's two layouts name one column).
/// </summary>
public sealed class CsvExtraCells
{
    public Dictionary<string, string> Cells { get; set; } = new(StringComparer.Ordinal);

    public List<CsvExtraRow> Rows { get; set; } = [];

    public bool IsEmpty => Cells.Count == 0 && Rows.Count == 0;
}

/// <summary>A row without a variant (an extra image, say): its cells, and <see cref="At"/>, its index among the product's rows.</summary>
public sealed class CsvExtraRow
{
    public int At { get; set; }

    public Dictionary<string, string> Cells { get; set; } = new(StringComparer.Ordinal);
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
