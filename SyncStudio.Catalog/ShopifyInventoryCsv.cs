using System.Globalization;

namespace SyncStudio.Catalog;

/// <summary>
/// One row of Shopify's inventory CSV: a variant (by handle, then SKU or option values) at one location (by name),
/// with what is available there; null where the cell is blank (the row changes nothing).
/// </summary>
public sealed record InventoryCsvRow(int Row, string Handle, string? Title, IReadOnlyList<string> OptionNames, IReadOnlyList<string> OptionValues,
    string? Sku, string Location, int? Available);

public sealed record InventoryCsvReadResult(IReadOnlyList<InventoryCsvRow> Rows, IReadOnlyList<CsvRowError> Errors, CsvRowError? FileError);

/// <summary>
/// Shopify's inventory CSV (Products > Inventory > Export, "Only Available quantities";
/// https://help.shopify.com/en/manual/products/inventory/getting-started-with-inventory/inventory-csv): one row per
/// variant and location, <c>Handle, Title, Option1 Name, Option1 Value, ..., SKU, HS Code, COO, Location, Available</c>.
/// Reading also takes the "All quantity types" export (its Incoming, Unavailable, Committed and On hand columns are
/// ignored: only Available is synced) and "not stocked", which holds nothing.
/// </summary>
public static class ShopifyInventoryCsv
{
    private static readonly string[] RequiredColumns = ["Handle", "Location", "Available"];

    public static IReadOnlyList<string> Header { get; } =
        ["Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value", "SKU", "HS Code", "COO", "Location", "Available"];

    public static void WriteHeader(TextWriter writer) => WriteRow(writer, [.. Header], numericFrom: Header.Count);

    public static void Write(TextWriter writer, InventoryCsvRow row)
    {
        var cells = new string[Header.Count];
        Array.Fill(cells, "");
        cells[0] = row.Handle;
        cells[1] = row.Title ?? "";
        for (var i = 0; i < 3; i++)
        {
            cells[2 + (2 * i)] = row.OptionNames.ElementAtOrDefault(i) ?? "";
            cells[3 + (2 * i)] = row.OptionValues.ElementAtOrDefault(i) ?? "";
        }

        cells[8] = row.Sku ?? "";
        cells[11] = row.Location;
        cells[12] = row.Available?.ToString(CultureInfo.InvariantCulture) ?? "";
        WriteRow(writer, cells, numericFrom: 12);
    }

    public static InventoryCsvReadResult Read(TextReader reader)
    {
        var records = new RecoveringCsvReader(reader);
        var fields = new List<string>();
        var rows = new List<InventoryCsvRow>();
        var errors = new List<CsvRowError>();
        if (!records.TryReadRecord(fields, out var brokenHeader) || brokenHeader is not null)
            return new([], [], new CsvRowError(1, null, "The file has no header row."));

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
            index.TryAdd(fields[i].Trim(), i);
        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            return new([], [], new CsvRowError(1, null, $"Not an inventory CSV: no {string.Join(", ", missing)} column."));

        while (records.TryReadRecord(fields, out var broken))
        {
            var row = records.RecordNumber;
            if (broken is not null)
            {
                errors.Add(new CsvRowError(row, null, broken.Message));
                continue;
            }

            string Cell(string column) => index.TryGetValue(column, out var i) && i < fields.Count ? CsvFormulaGuard.Unguard(fields[i].Trim()) : "";
            var handle = Cell("Handle");
            var location = Cell("Location");
            if (handle.Length == 0 || location.Length == 0)
            {
                errors.Add(new CsvRowError(row, handle.Length == 0 ? "Handle" : "Location", "is required"));
                continue;
            }

            var text = Cell("Available");
            int? available = null;
            if (text.Equals("not stocked", StringComparison.OrdinalIgnoreCase))
                available = 0;
            else if (text.Length > 0)
            {
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n is < -1_000_000 or > 1_000_000_000)
                {
                    errors.Add(new CsvRowError(row, "Available", $"'{text}' is not a whole number"));
                    continue;
                }

                available = n;
            }

            var names = new List<string>();
            var values = new List<string>();
            for (var i = 1; i <= 3; i++)
            {
                var value = Cell($"Option{i} Value");
                if (value.Length == 0)
                    break;
                names.Add(Cell($"Option{i} Name"));
                values.Add(value);
            }

            var sku = Cell("SKU");
            rows.Add(new InventoryCsvRow(row, handle, Cell("Title") is { Length: > 0 } t ? t : null, names, values, sku.Length == 0 ? null : sku, location, available));
        }

        return new(rows, errors, null);
    }

    private static void WriteRow(TextWriter writer, string[] cells, int numericFrom)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
                writer.Write(',');
            ShopifyCsvWriter.WriteField(writer, cells[i], guard: i < numericFrom);
        }

        writer.Write('\n');
    }
}
