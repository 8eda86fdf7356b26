using System.Globalization;

namespace SyncStudio.Catalog;

/// <summary>
/// Writes products as a Shopify product CSV, in the classic layout (the one every Shopify admin still imports) or the
/// 2024+ one: a first row per product with the product fields and its first variant, then one row per further variant,
/// with the rows that carry no variant (extra images) in their places among them. The cells a file gave that the model
/// does not hold (<see cref="CatalogProduct.Extra"/>, <see cref="CatalogVariant.Extra"/>) are written back, in
/// columns after Shopify's standard ones (docs/decisions/0022). Fields are quoted per RFC 4180 where needed; lines end with LF as Shopify's export does.
/// Text cells that a spreadsheet would run as a formula are written as OWASP advises (see <see cref="CsvFormulaGuard"/>):
/// prefixed with a single quote and wrapped in double quotes. The numeric columns are not guarded: they are written
/// here from numbers, so they only ever hold a plain number (a spreadsheet reads <c>-3</c> as minus three, not as a
/// formula), and Shopify's importer must keep reading them as numbers.
/// </summary>
public sealed class ShopifyCsvWriter
{
    private static readonly System.Buffers.SearchValues<char> QuotedIfContained = System.Buffers.SearchValues.Create(",\"\r\n;\t");

    private static readonly HashSet<string> NumericColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "Variant Grams", "Variant Inventory Qty", "Variant Price", "Variant Compare At Price", "Cost per item",
    };

    private readonly TextWriter _writer;
    private readonly string[] _columns;
    private readonly Dictionary<string, int> _index;
    private readonly string[] _names;
    private readonly bool[] _numeric;
    private readonly string[] _row;
    private bool _headerWritten;

    /// <param name="extraColumns">
    /// Columns beyond Shopify's standard ones that the products' kept cells use (metafields, markets, ...), by classic
    /// name; a kept cell in a column not given here is not written.
    /// </param>
    public ShopifyCsvWriter(TextWriter writer, IEnumerable<string>? extraColumns = null, ShopifyCsvLayout layout = ShopifyCsvLayout.Classic)
    {
        _writer = writer;
        var columns = new List<string>(ShopifyCsvColumns.ClassicHeader);
        var known = new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
        foreach (var column in extraColumns ?? [])
        {
            if (known.Add(column))
                columns.Add(column);
        }

        _columns = [.. columns];
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _columns.Length; i++)
            _index.TryAdd(_columns[i], i);
        _names = [.. _columns.Select(c => ShopifyCsvColumns.InLayout(c, layout))];
        _numeric = [.. _columns.Select(NumericColumns.Contains)];
        _row = new string[_columns.Length];
    }

    /// <summary>The columns the products' kept cells use beyond Shopify's standard ones, in order of first use.</summary>
    public static List<string> ExtraColumns(IEnumerable<CatalogProduct> products)
    {
        var seen = new HashSet<string>(ShopifyCsvColumns.ClassicHeader, StringComparer.OrdinalIgnoreCase);
        var extra = new List<string>();
        foreach (var product in products)
        {
            foreach (var column in ColumnsOf(product))
            {
                if (seen.Add(column))
                    extra.Add(column);
            }
        }

        return extra;
    }

    /// <summary>Every column a product's kept cells name.</summary>
    public static IEnumerable<string> ColumnsOf(CatalogProduct product) =>
        product.Extra.Cells.Keys
            .Concat(product.Extra.Rows.SelectMany(r => r.Cells.Keys))
            .Concat(product.Variants.SelectMany(v => v.Extra.Keys));

    public static void Write(TextWriter writer, IEnumerable<CatalogProduct> products, ShopifyCsvLayout layout = ShopifyCsvLayout.Classic)
    {
        var all = products as IReadOnlyList<CatalogProduct> ?? [.. products];
        var csv = new ShopifyCsvWriter(writer, ExtraColumns(all), layout);
        csv.WriteHeader();
        foreach (var product in all)
            csv.Write(product);
    }

    public static string WriteToString(IEnumerable<CatalogProduct> products, ShopifyCsvLayout layout = ShopifyCsvLayout.Classic)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, products, layout);
        return writer.ToString();
    }

    public void WriteHeader()
    {
        if (_headerWritten)
            return;
        _headerWritten = true;
        WriteRow(_names, guard: false);
    }

    public void Write(CatalogProduct product)
    {
        WriteHeader();
        var images = product.Extra.Rows.OrderBy(r => r.At).ToList();
        int variant = 0, image = 0;
        for (var at = 0; variant < product.Variants.Count || image < images.Count; at++)
        {
            // Rows without a variant go back where they were among the product's rows; the first row is the product's.
            if (image < images.Count && (variant >= product.Variants.Count || (at > 0 && images[image].At <= at)))
            {
                WriteImageRow(product, images[image++]);
                continue;
            }

            WriteVariantRow(product, product.Variants[variant], variant == 0);
            variant++;
        }
    }

    private void WriteVariantRow(CatalogProduct product, CatalogVariant variant, bool first)
    {
        Array.Fill(_row, "");
        foreach (var column in ShopifyCsvColumns.ClassicHeader)
        {
            if (ShopifyCsvCells.IsModelledOn(column, first))
                Set(column, ShopifyCsvCells.Model(column, product, variant, first));
        }

        // Shopify's defaults for columns the model does not hold, where the file gave none.
        if (first)
        {
            Set("Published", product.Status == CatalogProductStatus.Active ? "true" : "false");
            Set("Gift Card", "false");
        }

        Set("Variant Fulfillment Service", "manual");
        if (first)
            Restore(product.Extra.Cells, variant, first);
        Restore(variant.Extra, variant, first);
        WriteRow(_row, guard: true);
    }

    /// <summary>
    /// A kept cell goes back in its column: as it was for a column the model does not hold, and for one it holds while
    /// the model still holds the value the cell spells (an edit since wins).
    /// </summary>
    private void Restore(Dictionary<string, string> cells, CatalogVariant variant, bool first)
    {
        foreach (var (column, text) in cells)
        {
            if (!_index.TryGetValue(column, out var i))
                continue;
            if (!ShopifyCsvCells.IsModelledOn(column, first) || ShopifyCsvCells.SameValue(column, text, _row[i], variant))
                _row[i] = text;
        }
    }

    private void WriteImageRow(CatalogProduct product, CsvExtraRow row)
    {
        Array.Fill(_row, "");
        Set("Handle", product.Handle);
        foreach (var (column, text) in row.Cells)
        {
            if (_index.TryGetValue(column, out var i))
                _row[i] = text;
        }

        WriteRow(_row, guard: true);
    }

    private void Set(string column, string value) => _row[_index[column]] = value;

    private void WriteRow(string[] fields, bool guard)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                _writer.Write(',');
            WriteField(_writer, fields[i], guard && !_numeric[i]);
        }

        _writer.Write('\n');
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
}
