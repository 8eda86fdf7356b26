using System.Net.Http.Json;
using System.Text;
using CsvHelper;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;
using SyncStudio.Tests.Unit.Catalog;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Import then export gives back a file Shopify reads as the same catalog (docs/decisions/0022): over every real
/// Shopify CSV in ../shared/data/catalogs, read through the API and written back, each non-empty input cell is in the
/// export, in its column (by name) and its row (by handle and place among the product's rows). Both files are parsed
/// here by CsvHelper, not by the app's own reader.
/// </summary>
/// <remarks>
/// The normalisations allowed, each because Shopify reads both forms as one:
/// <list type="number">
/// <item>Columns are matched by name, whatever their order and case: Shopify's importer finds columns by name.</item>
/// <item>A cell that a spreadsheet would run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> first) comes back with
/// OWASP's leading quote (docs/decisions/0013); it is compared without it.</item>
/// </list>
/// Nothing else: numbers, flags, weights, policies and blank stock come back as the file spelled them.
/// </remarks>
public sealed class CsvRoundTripTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Files() => new(Directory.Exists(CatalogTestFiles.CatalogsFolder)
        ? Directory.GetFiles(CatalogTestFiles.CatalogsFolder, "*.csv").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray()
        : ["(no catalogs folder)"]);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task EveryNonEmptyCellOfARealShopifyCsvSurvivesImportThenExport(string file)
    {
        var path = CatalogTestFiles.RequireCatalog(file);
        var input = await File.ReadAllTextAsync(path, Ct);
        using var client = await _app.ClientAsAsync(Roles.Operator);

        using (var content = new StringContent(input, Encoding.UTF8, "text/csv"))
        {
            var import = await ApiAssert.OkAsync(await client.PostAsync("/api/products/import", content, Ct));
            Assert.Empty(import.GetProperty("errors").EnumerateArray());
        }

        var export = await (await client.GetAsync("/api/products/export", Ct)).Content.ReadAsStringAsync(Ct);

        var expected = Rows(input);
        var actual = Rows(export);
        var missing = new List<string>();
        foreach (var ((handle, place), cells) in expected)
        {
            if (!actual.TryGetValue((handle, place), out var written))
            {
                missing.Add($"{handle} row {place}: no such row in the export");
                continue;
            }

            foreach (var (column, value) in cells)
            {
                var back = written.GetValueOrDefault(ShopifyCsvColumns.Classic(column), "");
                if (!string.Equals(CsvFormulaGuard.Unguard(back), value, StringComparison.Ordinal))
                    missing.Add($"{handle} row {place}, {column}: '{value}' came back as '{back}'");
            }
        }

        Assert.True(missing.Count == 0, $"{missing.Count} cells lost:\n" + string.Join('\n', missing.Take(40)));
        Assert.Equal(expected.Count, actual.Count);
    }

    /// <summary>Each row's non-empty cells by (classic) column name, keyed by its handle and its place among the handle's rows.</summary>
    private static Dictionary<(string Handle, int Place), Dictionary<string, string>> Rows(string csv)
    {
        using var reader = CsvReader.FromText(csv, CsvReaderOptions.Default with { Separator = ',', HasHeader = false, FieldCountMismatch = CsvFieldCountHandling.Allow });
        Assert.True(reader.Read());
        var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader[i].ToString()).ToArray();
        var handleColumn = Array.FindIndex(header, h => ShopifyCsvColumns.Classic(h.Trim()) == "Handle");
        var rows = new Dictionary<(string, int), Dictionary<string, string>>();
        var places = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            var handle = handleColumn < reader.FieldCount ? reader[handleColumn].ToString() : "";
            if (handle.Length == 0)
                continue;
            var place = places[handle] = places.GetValueOrDefault(handle) + 1;
            var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length && i < reader.FieldCount; i++)
            {
                var value = reader[i].ToString();
                if (value.Length > 0)
                    cells[ShopifyCsvColumns.Classic(header[i].Trim())] = CsvFormulaGuard.Unguard(value);
            }

            rows[(handle, place)] = cells;
        }

        return rows;
    }
}
