using System.Globalization;

namespace SyncStudio.Catalog;

/// <summary>
/// Writes products as a Shopify product CSV in the classic layout (the one every Shopify admin still
/// imports): a first row per product with the product fields and its first variant, then one row per
/// further variant. Fields are quoted per RFC 4180 where needed; lines end with LF as Shopify's export does.
/// Text cells that a spreadsheet would run as a formula are written as OWASP advises (see <see cref="CsvFormulaGuard"/>):
/// prefixed with a single quote and wrapped in double quotes. The numeric columns are not guarded: they are written
/// here from numbers, so they only ever hold a plain number (a spreadsheet reads <c>-3</c> as minus three, not as a
/// formula), and Shopify's importer must keep reading them as numbers.
/// </summary>
public sealed class ShopifyCsvWriter(TextWriter writer)
{
    private static readonly int ColumnCount = ShopifyCsvColumns.ClassicHeader.Length;

    private static readonly System.Buffers.SearchValues<char> QuotedIfContained = System.Buffers.SearchValues.Create(",\"\r\n;\t");

    private static readonly bool[] NumericColumn = ShopifyCsvColumns.ClassicHeader
        .Select(name => name is "Variant Grams" or "Variant Inventory Qty" or "Variant Price" or "Variant Compare At Price")
        .ToArray();

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
        WriteRow(ShopifyCsvColumns.ClassicHeader, guard: false);
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
            WriteRow(_row, guard: true);
        }
    }

    private void Set(string column, string value) => _row[Array.IndexOf(ShopifyCsvColumns.ClassicHeader, column)] = value;

    private void WriteRow(string[] fields, bool guard)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                writer.Write(',');
            WriteField(writer, fields[i], guard && !NumericColumn[i]);
        }

        writer.Write('\n');
    }

    /// <summary>One cell, quoted where needed and guarded against formulas (the inventory CSV writes its cells so too).</summary>
    internal static void WriteField(TextWriter writer, string value, bool guard)
    {
        // OWASP's escaped form: a quote in front, the whole cell in double quotes, inner double quotes doubled.
        var guarded = guard && CsvFormulaGuard.NeedsGuard(value);
        if (guarded)
            value = CsvFormulaGuard.Prefix + value;
        // Besides RFC 4180's reasons, a cell holding ';' or a tab is quoted too: a spreadsheet that splits on either
        // (Excel does on ';' where that is the list separator) would otherwise start a new, unguarded cell there.
        var needsQuotes = guarded || (value.Length > 0 &&
            (value.AsSpan().ContainsAny(QuotedIfContained) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
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
