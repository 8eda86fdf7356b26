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
internal static class ShopifyCsvColumns
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
}
