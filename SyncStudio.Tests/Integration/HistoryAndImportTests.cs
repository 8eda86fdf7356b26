using System.Net;
using System.Text;
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
