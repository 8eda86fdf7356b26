using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

public sealed class HistoryAndImportTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await SyncHarness.StartAsync("synthetic:4:3");

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAppliedProductHasAVersionWithWhoAndWhenAndAnAuditTrail()
    {
        await _h.AgreeOnEverythingAsync();
        var products = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/products", Ct));
        var id = products.GetProperty("items")[0].GetProperty("id").GetInt32();
        var versions = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}/versions", Ct));
        var first = versions.GetProperty("items")[0];
        Assert.Equal(1, first.GetProperty("version_number").GetInt32());
        Assert.Equal(SyncHarnessAdmin, first.GetProperty("created_by").GetProperty("email").GetString());
        var snapshot = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}/versions/1", Ct));
        Assert.Equal(JsonValueKindObject, snapshot.GetProperty("item").GetProperty("data_snapshot").ValueKind);
        await ApiAssert.ErrorAsync(await _h.Admin.GetAsync($"/api/products/{id}/versions/99", Ct), HttpStatusCode.NotFound);

        var audit = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/audit?action=applied", Ct));
        Assert.Equal(4, audit.GetProperty("total").GetInt32());
        using var viewer = await _h.App.ClientAsAsync(Roles.Viewer);
        await ApiAssert.ErrorAsync(await viewer.GetAsync("/api/audit", Ct), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheRealShopifyCsvsImportIntoTheLocalCatalogWithPerRowErrors()
    {
        var folder = Path.Combine(RepoRoot(), "..", "shared", "data", "catalogs");
        Assert.SkipWhen(!Directory.Exists(folder), $"{folder} is absent: the real Shopify CSVs are not on this machine");
        using var content = new StreamContent(File.OpenRead(Path.Combine(folder, "shopify-template-2023.csv")));
        content.Headers.ContentType = new("text/csv");
        var body = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/products/import", content, Ct));
        Assert.Equal(3, body.GetProperty("created").GetInt32());

        var bad = "Handle,Title,Variant Price\nok-one,OK,10\n,,5\nbad-price,Bad,ten\n";
        using var badContent = new StringContent(bad, Encoding.UTF8, "text/csv");
        var result = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/products/import", badContent, Ct));
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.True(result.GetProperty("errors").GetArrayLength() >= 2);
    }

    [Theory]
    [InlineData("shopifypartners-apparel.csv", 20, 22)]
    [InlineData("shopify-template-2023.csv", 3, 16)]
    [InlineData("packt-products-export.csv", 20, 21)]
    public async Task EachRealShopifyCsvImportsTheSameProductsAndVariantsAsBefore(string fileName, int products, int variants)
    {
        var folder = Path.Combine(RepoRoot(), "..", "shared", "data", "catalogs");
        Assert.SkipWhen(!Directory.Exists(folder), $"{folder} is absent: the real Shopify CSVs are not on this machine");
        var (productsBefore, variantsBefore) = await CountAsync();
        using var content = new StreamContent(File.OpenRead(Path.Combine(folder, fileName)));
        content.Headers.ContentType = new("text/csv");

        var body = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/products/import", content, Ct));

        Assert.Equal((products, 0, 0), (body.GetProperty("created").GetInt32(), body.GetProperty("updated").GetInt32(), body.GetProperty("errors").GetArrayLength()));
        Assert.Equal((productsBefore + products, variantsBefore + variants), await CountAsync());
    }

    [Fact]
    public async Task ABrokenQuoteIsReportedOnItsRowAndTheRowAfterItImports()
    {
        using var content = new StringContent("Handle,Title,Variant Price\nbq-1,\"Broken title,10.00\nbq-2,Fine,5", Encoding.UTF8, "text/csv");

        var body = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/products/import", content, Ct));

        Assert.Equal(1, body.GetProperty("created").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "Title"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Contains("quoted field", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var bq2 = (await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/products?search=bq-", Ct))).GetProperty("items");
        Assert.Equal(["Fine"], bq2.EnumerateArray().Select(p => p.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task AFileThatIsNotAProductCsvIsRefusedWholeAndWritesNothing()
    {
        long auditBefore;
        await using (var db = await Db().CreateDbContextAsync(Ct))
            auditBefore = await db.AuditEvents.LongCountAsync(Ct);
        using var content = new StringContent("name,price\nmug,3\n", Encoding.UTF8, "text/csv");

        var details = await ApiAssert.ErrorAsync(await _h.Admin.PostAsync("/api/products/import", content, Ct), HttpStatusCode.BadRequest);

        Assert.Equal(1, details.GetProperty("row").GetInt32());
        Assert.Contains("not a Shopify product CSV", details.GetProperty("file").GetString(), StringComparison.Ordinal);
        await using (var db = await Db().CreateDbContextAsync(Ct))
            Assert.Equal(auditBefore, await db.AuditEvents.LongCountAsync(Ct));
    }

    private IDbContextFactory<SyncStudioDbContext> Db() => _h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();

    private async Task<(int Products, int Variants)> CountAsync()
    {
        await using var db = await Db().CreateDbContextAsync(Ct);
        return (await db.Products.CountAsync(Ct), await db.ProductVariants.CountAsync(Ct));
    }

    private const string SyncHarnessAdmin = SyncStudioApp.AdminEmail;
    private const System.Text.Json.JsonValueKind JsonValueKindObject = System.Text.Json.JsonValueKind.Object;

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SyncStudio.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SyncStudio.sln not found above the test folder");
    }
}
