using System.Globalization;

namespace SyncStudio.Catalog;

/// <summary>
/// Writes products as a Shopify product CSV in the classic layout (the one every Shopify admin still
/// imports): a first row per product with the product fields and its first variant, then one row per
/// further variant. Fields are quoted per RFC 4180 where needed; lines end with LF as Shopify's export does.
/// </summary>
public sealed class ShopifyCsvWriter(TextWriter writer)
{
    private static readonly int ColumnCount = ShopifyCsvColumns.ClassicHeader.Length;
    private readonly string[] _row = new string[ColumnCount];
    private bool _headerWritten;

    public static void Write(TextWriter writer, IEnumerable<CatalogProduct> products)
    {
        var csv = new ShopifyCsvWriter(writer);
        csv.WriteHeader();
        foreach (var product in products)
            csv.Write(product);
    }

    public static string WriteToString(IEnumerable<CatalogProduct> products)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, products);
        return writer.ToString();
    }

    public void WriteHeader()
    {
        if (_headerWritten)
            return;
        _headerWritten = true;
        WriteRow(ShopifyCsvColumns.ClassicHeader);
    }

    public void Write(CatalogProduct product)
    {
        WriteHeader();
        for (var i = 0; i < product.Variants.Count; i++)
        {
            Array.Fill(_row, "");
            var first = i == 0;
            Set("Handle", product.Handle);
            if (first)
            {
                Set("Title", product.Title);
                Set("Body (HTML)", product.BodyHtml);
                Set("Vendor", product.Vendor);
                Set("Type", product.ProductType);
                Set("Tags", string.Join(", ", product.Tags));
                Set("Published", product.Status == CatalogProductStatus.Active ? "true" : "false");
                Set("Gift Card", "false");
                Set("Status", CatalogConventions.StatusToCsv(product.Status));
            }

            var variant = product.Variants[i];
            for (var position = 1; position <= Math.Min(3, product.OptionNames.Count); position++)
            {
                if (first)
                    Set($"Option{position} Name", product.OptionNames[position - 1]);
                if (position <= variant.OptionValues.Count)
                    Set($"Option{position} Value", variant.OptionValues[position - 1]);
            }

            Set("Variant SKU", variant.Sku ?? "");
            if (variant.Weight is { } weight)
                Set("Variant Grams", Format(CatalogConventions.ToGrams(weight, variant.WeightUnit)));
            Set("Variant Inventory Tracker", "shopify");
            Set("Variant Inventory Qty", variant.InventoryQuantity.ToString(CultureInfo.InvariantCulture));
            Set("Variant Inventory Policy", "deny");
            Set("Variant Fulfillment Service", "manual");
            Set("Variant Price", FormatMoney(variant.Price));
            if (variant.CompareAtPrice is { } compareAt)
                Set("Variant Compare At Price", FormatMoney(compareAt));
            Set("Variant Requires Shipping", "true");
            Set("Variant Taxable", "true");
            Set("Variant Barcode", variant.Barcode ?? "");
            Set("Variant Weight Unit", CatalogConventions.WeightUnitToCsv(variant.WeightUnit));
            WriteRow(_row);
        }
    }

    private void Set(string column, string value) => _row[Array.IndexOf(ShopifyCsvColumns.ClassicHeader, column)] = value;

    private void WriteRow(string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                writer.Write(',');
            WriteField(fields[i]);
        }

        writer.Write('\n');
    }

    private void WriteField(string value)
    {
        var needsQuotes = value.Length > 0 &&
            (value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]));
        if (!needsQuotes)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    private static string FormatMoney(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    private static string Format(decimal value) => value.ToString("0.#######", CultureInfo.InvariantCulture);
}
