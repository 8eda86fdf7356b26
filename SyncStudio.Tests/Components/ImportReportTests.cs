using Bunit;
using SyncStudio.Services.Products;
using SyncStudio.Web.Components.Pages.Products;

namespace SyncStudio.Tests.Components;

public sealed class ImportReportTests : DashboardTestContext
{
    [Fact]
    public void ShowsTheCountsAndEachRefusedRowWithItsColumnAndReason()
    {
        var result = new ImportResult(3, 1, 2,
        [
            new ImportRowError(7, "Variant Price", "Price 'ten' is not a number."),
            new ImportRowError(0, "Handle", "'bad-one' has no valid variant row and was not imported."),
            new ImportRowError(4, null, "The row has no handle and no title."),
        ]);

        var cut = Render<ImportReport>(p => p.Add(r => r.Result, result));

        Assert.Equal("3", cut.Find("[data-testid=import-created]").GetAttribute("data-count"));
        Assert.Equal("1", cut.Find("[data-testid=import-updated]").GetAttribute("data-count"));
        Assert.Equal("2", cut.Find("[data-testid=import-unchanged]").GetAttribute("data-count"));
        Assert.Contains("3 rows refused", cut.Find("[data-testid=import-summary]").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid=import-error]");
        // In file order, the product-level problem (no row of its own) last.
        Assert.Equal(["4", "7", "0"], rows.Select(r => r.GetAttribute("data-row")));
        var cells = rows[1].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["7", "Variant Price", "Price 'ten' is not a number."], cells);
        Assert.Equal("—", rows[2].QuerySelector("td")!.TextContent.Trim());
    }

    [Fact]
    public void ACleanImportSaysEveryRowWasReadAndListsNoErrors()
    {
        var cut = Render<ImportReport>(p => p.Add(r => r.Result, new ImportResult(1, 0, 0, [])));

        Assert.Contains("1 product created", cut.Find("[data-testid=import-summary]").TextContent, StringComparison.Ordinal);
        Assert.Contains("every row was read", cut.Find("[data-testid=import-summary]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=import-errors]"));
    }
}
