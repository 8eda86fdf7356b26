namespace SyncStudio.Catalog;

/// <summary>Which of Shopify's two product CSV layouts a file uses.</summary>
public enum ShopifyCsvLayout
{
    /// <summary>The layout used until 2024: <c>Handle, Title, Body (HTML), ..., Variant SKU, Variant Price, ...</c>.</summary>
    Classic,

    /// <summary>The 2024+ layout: <c>Title, URL handle, Description, ..., SKU, Price, Inventory quantity, ...</c>.</summary>
    Modern,
}

/// <summary>The column names of both layouts, for each field the reader understands.</summary>
public static class ShopifyCsvColumns
{
    public static readonly string[] Handle = ["Handle", "URL handle"];
    public static readonly string[] Title = ["Title"];
    public static readonly string[] Body = ["Body (HTML)", "Description", "Body HTML"];
    public static readonly string[] Vendor = ["Vendor"];
    public static readonly string[] ProductType = ["Type", "Product Type"];
    public static readonly string[] Tags = ["Tags"];
    public static readonly string[] Status = ["Status"];
    public static readonly string[] Sku = ["Variant SKU", "SKU"];
    public static readonly string[] Grams = ["Variant Grams", "Weight value (grams)"];
    public static readonly string[] InventoryQuantity = ["Variant Inventory Qty", "Inventory quantity"];
    public static readonly string[] Price = ["Variant Price", "Price"];
    public static readonly string[] CompareAtPrice = ["Variant Compare At Price", "Compare-at price"];
    public static readonly string[] Barcode = ["Variant Barcode", "Barcode"];
    public static readonly string[] WeightUnit = ["Variant Weight Unit", "Weight unit for display"];
    public static readonly string[] SeoTitle = ["SEO Title"];
    public static readonly string[] SeoDescription = ["SEO Description"];
    public static readonly string[] Cost = ["Cost per item"];
    public static readonly string[] InventoryPolicy = ["Variant Inventory Policy", "Continue selling when out of stock"];
    public static readonly string[] InventoryTracker = ["Variant Inventory Tracker", "Inventory tracker"];
    public static readonly string[] RequiresShipping = ["Variant Requires Shipping", "Requires shipping"];
    public static readonly string[] Taxable = ["Variant Taxable", "Charge tax"];

    /// <summary>
    /// Columns both layouts have, by their classic and their 2024+ names (Shopify's help centre, "Using CSV files to
    /// import and export products"). Names are matched whatever their case.
    /// </summary>
    private static readonly (string Classic, string Modern)[] Pairs =
    [
        ("Handle", "URL handle"), ("Title", "Title"), ("Body (HTML)", "Description"), ("Vendor", "Vendor"),
        ("Product Category", "Product category"), ("Type", "Type"), ("Tags", "Tags"), ("Published", "Published on online store"),
        ("Status", "Status"), ("Variant SKU", "SKU"), ("Variant Barcode", "Barcode"),
        ("Option1 Name", "Option1 name"), ("Option1 Value", "Option1 value"), ("Option2 Name", "Option2 name"),
        ("Option2 Value", "Option2 value"), ("Option3 Name", "Option3 name"), ("Option3 Value", "Option3 value"),
        ("Variant Price", "Price"), ("Variant Compare At Price", "Compare-at price"), ("Cost per item", "Cost per item"),
        ("Variant Taxable", "Charge tax"), ("Variant Tax Code", "Tax code"), ("Variant Inventory Tracker", "Inventory tracker"),
        ("Variant Inventory Qty", "Inventory quantity"), ("Variant Inventory Policy", "Continue selling when out of stock"),
        ("Variant Grams", "Weight value (grams)"), ("Variant Weight Unit", "Weight unit for display"),
        ("Variant Requires Shipping", "Requires shipping"), ("Variant Fulfillment Service", "Fulfillment service"),
        ("Image Src", "Product image URL"), ("Image Position", "Image position"), ("Image Alt Text", "Image alt text"),
        ("Variant Image", "Variant image URL"), ("Gift Card", "Gift card"), ("SEO Title", "SEO title"), ("SEO Description", "SEO description"),
        ("Google Shopping / Google Product Category", "Google Shopping / Google product category"),
        ("Google Shopping / MPN", "Google Shopping / Manufacturer part number (MPN)"),
        ("Google Shopping / AdWords Grouping", "Google Shopping / Ad group name"),
        ("Google Shopping / AdWords Labels", "Google Shopping / Ads labels"),
    ];

    private static readonly Dictionary<string, string> ToClassic = Pairs
        .SelectMany(p => new[] { (Key: p.Modern, Value: p.Classic), (Key: p.Classic, Value: p.Classic) })
        .DistinctBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> ToModern = Pairs.ToDictionary(p => p.Classic, p => p.Modern, StringComparer.OrdinalIgnoreCase);

    /// <summary>A header's name as the classic layout spells it (unknown columns, metafields among them, as they are).</summary>
    public static string Classic(string name) => ToClassic.TryGetValue(name, out var classic) ? classic : name;

    /// <summary>A classic column's name in <paramref name="layout"/>.</summary>
    public static string InLayout(string classic, ShopifyCsvLayout layout) =>
        layout == ShopifyCsvLayout.Modern && ToModern.TryGetValue(classic, out var modern) ? modern : classic;

    /// <summary>
    /// Whether a (classic) column describes a variant rather than its product: its cells on a product's first row
    /// belong to the first variant, and travel with it.
    /// </summary>
    public static bool IsVariantColumn(string classic) =>
        classic.StartsWith("Variant ", StringComparison.OrdinalIgnoreCase)
        || (classic.StartsWith("Option", StringComparison.OrdinalIgnoreCase) && classic.EndsWith(" Value", StringComparison.OrdinalIgnoreCase))
        || classic.Equals("Cost per item", StringComparison.OrdinalIgnoreCase)
        || classic.StartsWith("Price / ", StringComparison.OrdinalIgnoreCase)
        || classic.StartsWith("Compare At Price / ", StringComparison.OrdinalIgnoreCase)
        || classic.Contains("(variant.metafields.", StringComparison.OrdinalIgnoreCase)
        || classic.StartsWith("Unit price ", StringComparison.OrdinalIgnoreCase);

    public static string[] OptionName(int position) => [$"Option{position} Name"];

    public static string[] OptionValue(int position) => [$"Option{position} Value"];

    /// <summary>The classic layout's columns, in Shopify's order, as the writer emits them.</summary>
    public static readonly string[] ClassicHeader =
    [
        "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
        "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
        "Variant SKU", "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty",
        "Variant Inventory Policy", "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price",
        "Variant Requires Shipping", "Variant Taxable", "Variant Barcode", "Image Src", "Image Position",
        "Image Alt Text", "Gift Card", "SEO Title", "SEO Description", "Variant Image", "Variant Weight Unit",
        "Variant Tax Code", "Cost per item", "Status",
    ];

    /// <summary>
    /// Columns the writer fills from the model. A cell the file gave in another spelling of the same value ("11.00" for
    /// 11, "TRUE" for true, a blank stock for 0) is written back as the file gave it while the model still holds that
    /// value (<see cref="ShopifyCsvCells.SameValue"/>).
    /// </summary>
    public static readonly HashSet<string> Modelled = new(StringComparer.OrdinalIgnoreCase)
    {
        "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Status",
        "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
        "Variant SKU", "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy",
        "Variant Price", "Variant Compare At Price", "Variant Requires Shipping", "Variant Taxable", "Variant Barcode",
        "SEO Title", "SEO Description", "Variant Weight Unit", "Cost per item",
    };
}
