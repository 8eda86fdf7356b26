using System.Globalization;

namespace SyncStudio.Catalog;

/// <summary>
/// The text of each modelled column for one row, as the writer puts it, and when a cell as a file gave it still holds
/// the same value: the reader keeps a file's own spelling only where it differs from the writer's, and the writer puts
/// it back only while the model still holds the value it spells (docs/decisions/0022).
/// </summary>
public static class ShopifyCsvCells
{
    private const NumberStyles DecimalStyle =
        NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>
    /// Whether the writer fills <paramref name="column"/> on a row from the model: variant columns and the handle on
    /// every row, product columns on a product's first row only (elsewhere they are cells like any other).
    /// </summary>
    public static bool IsModelledOn(string column, bool first) =>
        ShopifyCsvColumns.Modelled.Contains(column) && (first || column == "Handle" || ShopifyCsvColumns.IsVariantColumn(column));

    /// <summary>A modelled (classic) column's text for <paramref name="variant"/>'s row; product columns only on the first row.</summary>
    public static string Model(string column, CatalogProduct product, CatalogVariant variant, bool first)
    {
        switch (column)
        {
            case "Handle":
                return product.Handle;
            case "Title":
                return first ? product.Title : "";
            case "Body (HTML)":
                return first ? product.BodyHtml : "";
            case "Vendor":
                return first ? product.Vendor : "";
            case "Type":
                return first ? product.ProductType : "";
            case "Tags":
                return first ? string.Join(", ", product.Tags) : "";
            case "Status":
                return first ? CatalogConventions.StatusToCsv(product.Status) : "";
            case "SEO Title":
                return first ? product.SeoTitle ?? "" : "";
            case "SEO Description":
                return first ? product.SeoDescription ?? "" : "";
            case "Variant SKU":
                return variant.Sku ?? "";
            case "Variant Grams":
                return variant.Weight is { } weight ? Format(CatalogConventions.ToGrams(weight, variant.WeightUnit)) : "";
            case "Variant Inventory Tracker":
                return variant.Tracked == false ? "" : "shopify";
            case "Variant Inventory Qty":
                return variant.InventoryQuantity.ToString(CultureInfo.InvariantCulture);
            case "Variant Inventory Policy":
                return variant.InventoryPolicy ?? "deny";
            case "Variant Price":
                return FormatMoney(variant.Price);
            case "Variant Compare At Price":
                return variant.CompareAtPrice is { } compareAt ? FormatMoney(compareAt) : "";
            case "Cost per item":
                return variant.Cost is { } cost ? FormatMoney(cost) : "";
            case "Variant Requires Shipping":
                return variant.RequiresShipping == false ? "false" : "true";
            case "Variant Taxable":
                return variant.Taxable == false ? "false" : "true";
            case "Variant Barcode":
                return variant.Barcode ?? "";
            case "Variant Weight Unit":
                return CatalogConventions.WeightUnitToCsv(variant.WeightUnit);
            default:
                break;
        }

        // OptionN Name / OptionN Value.
        if (column.Length is 12 or 13 && column.StartsWith("Option", StringComparison.Ordinal) && char.IsAsciiDigit(column[6]))
        {
            var position = column[6] - '0';
            var name = column.EndsWith(" Name", StringComparison.Ordinal);
            if (position > Math.Min(3, product.OptionNames.Count))
                return "";
            if (name)
                return first ? product.OptionNames[position - 1] : "";
            return position <= variant.OptionValues.Count ? variant.OptionValues[position - 1] : "";
        }

        throw new ArgumentOutOfRangeException(nameof(column), column, "not a modelled column");
    }

    /// <summary>
    /// Whether <paramref name="original"/>, as a file gave it, holds the value the writer would write as
    /// <paramref name="written"/> for <paramref name="variant"/>: numbers by value (a blank stock is 0), flags and enums
    /// whatever their case, tags as a set, a weight by what it reads as in the variant's unit, text once trimmed.
    /// </summary>
    public static bool SameValue(string column, string original, string written, CatalogVariant variant)
    {
        switch (column)
        {
            case "Handle" or "Status" or "Variant Requires Shipping" or "Variant Taxable" or "Variant Inventory Policy":
                return string.Equals(original.Trim(), written, StringComparison.OrdinalIgnoreCase);
            case "Body (HTML)":
                return string.Equals(original, written, StringComparison.Ordinal);
            case "Tags":
                return Tags(original).SetEquals(Tags(written));
            case "Variant Price" or "Variant Compare At Price" or "Cost per item" or "Variant Inventory Qty":
                return Number(original) == Number(written);
            case "Variant Grams":
                // The model holds the weight in its unit, rounded (CatalogConventions.FromGrams): the file's grams hold
                // this weight when they read as it.
                return Number(original) is { } grams && Number(written) is { } now
                    ? CatalogConventions.FromGrams(grams, variant.WeightUnit) == CatalogConventions.FromGrams(now, variant.WeightUnit)
                    : Number(original) is null or 0m && Number(written) is null or 0m;
            case "Variant Weight Unit":
                return CatalogConventions.TryParseWeightUnit(original, out var a) && CatalogConventions.TryParseWeightUnit(written, out var b) && a == b;
            case "Variant Inventory Tracker":
                return (original.Trim().Length > 0) == (written.Length > 0);
            default:
                return string.Equals(original.Trim(), written.Trim(), StringComparison.Ordinal);
        }
    }

    private static HashSet<string> Tags(string text) =>
        new(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);

    /// <summary>A number, a blank as 0; null when the text is no number.</summary>
    private static decimal? Number(string text) =>
        text.Trim().Length == 0 ? 0m : decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out var value) ? value : null;

    internal static string FormatMoney(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    internal static string Format(decimal value) => value.ToString("0.#######", CultureInfo.InvariantCulture);
}
