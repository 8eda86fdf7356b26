using Microsoft.Playwright;
using SyncStudio.E2E.Pages;

namespace SyncStudio.E2E;

/// <summary>
/// The whole review flow in a browser, on the built-in simulator store: pull, review, approve, push; a Viewer
/// watching at the same time sees the batch but cannot decide.
/// </summary>
public sealed class SyncFlowTests : IAsyncLifetime
{
    private const string Password = "Correct-Horse-Battery-9";
    private AppProcess _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        // The flow is not about rate limits: a Plus plan's bucket keeps the simulated pull from waiting on them.
        _app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Simulator__Plan"] = "Plus",
            // The connection test at the end points the form at the app's own simulator, a development endpoint.
            ["Shopify__AllowBaseAddressOverride"] = "true",
        }, TestContext.Current.CancellationToken);
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnApproverPullsApprovesAndPushesWhileAViewerWatches()
    {
        await AdminApi.CreateUserAsync(_app.BaseUrl, _app.AdminEmail, _app.AdminPassword, "approver@example.com", Password, "Approver");
        await AdminApi.CreateUserAsync(_app.BaseUrl, _app.AdminEmail, _app.AdminPassword, "viewer@example.com", Password, "Viewer");
        var approver = await Dashboard.SignInAsync(_browser, _app.BaseUrl, "approver@example.com", Password);
        var viewer = await Dashboard.SignInAsync(_browser, _app.BaseUrl, "viewer@example.com", Password);

        await approver.ScreenshotAsync("overview");
        await approver.OpenAsync("/batches");
        var pullId = await approver.Batches.StartFullPullAsync("First full pull");
        await approver.Batches.WaitForStatusAsync(pullId, "completed");
        await Assertions.Expect(approver.Batches.Counter("total")).Not.ToHaveTextAsync("0");
        await approver.ScreenshotAsync("batch-detail");

        // The Viewer sees the batch in the list and its changes, with nothing to decide.
        await viewer.OpenAsync("/batches");
        await Assertions.Expect(viewer.Batches.Row(pullId)).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Batches.StartPullButton).ToHaveCountAsync(0);
        await viewer.OpenAsync($"/review?status=pending&batch_id={Uri.EscapeDataString(pullId)}");
        await Assertions.Expect(viewer.Review.PendingRows.First).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Review.ApproveButtons).ToHaveCountAsync(0);

        await approver.OpenAsync($"/review?status=pending&batch_id={Uri.EscapeDataString(pullId)}");
        await Assertions.Expect(approver.Review.PendingRows.First).ToBeVisibleAsync();
        await approver.ScreenshotAsync("review");
        await approver.Review.ApproveAllMatchingAsync("Initial catalog import");

        await approver.OpenAsync("/batches");
        await approver.ScreenshotAsync("batches");
        var (count, pushId) = await approver.Batches.PushApprovedAsync();
        Assert.True(count > 0, "the dry run should count the approved changes");
        await approver.Batches.WaitForStatusAsync(pushId, "completed");
        await Assertions.Expect(approver.Batches.Counter("successful")).ToHaveTextAsync(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(approver.Batches.Counter("failed")).ToHaveTextAsync("0");
        Assert.StartsWith("push_", pushId, StringComparison.Ordinal);

        // Everything applied so far is the first import, which Applied hides until asked for.
        await approver.OpenAsync("/applied");
        await Assertions.Expect(approver.Page.GetByTestId("applied-first-import-hidden")).ToBeVisibleAsync();
        await approver.OpenAsync("/applied?first_import=show");
        await Assertions.Expect(approver.Page.GetByTestId("applied-row").First).ToBeVisibleAsync();
        await approver.ScreenshotAsync("applied");
        foreach (var (path, name) in new[] { ("/conflicts", "conflicts"), ("/products", "products"), ("/rules", "rules") })
        {
            await approver.OpenAsync(path);
            await Assertions.Expect(approver.Shell.PageTitle).ToBeVisibleAsync();
            await approver.ScreenshotAsync(name);
        }

        // The pushed products have an agreed version each: a local edit shows against it in the history.
        await approver.OpenAsync("/products");
        await approver.Products.RenameFirstProductAsync(" (2027 edition)");
        await approver.Products.OpenFirstHistoryAsync();
        await Assertions.Expect(approver.Products.DiffRow("title")).ToContainTextAsync("(2027 edition)");
        await approver.ScreenshotAsync("products-history");
        await approver.Products.CloseHistoryAsync();

        var csv = Path.Combine(_app.DataFolder, "import.csv");
        await File.WriteAllTextAsync(csv, "Handle,Title,Variant SKU,Variant Price\ntrail-flask,Trail Flask,FLASK-1,24.50\nbad-price,Bad Price,BAD-1,ten\n", TestContext.Current.CancellationToken);
        var report = await approver.Products.ImportAsync(csv);
        await Assertions.Expect(report.GetByTestId("import-created")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(report.GetByTestId("import-error").First).ToBeVisibleAsync();
        await approver.ScreenshotAsync("products-import");
        await approver.Products.CloseImportAsync();
        var (exportName, exportText) = await approver.Products.ExportAsync();
        Assert.Matches("^products_[0-9]{8}_[0-9]{6}\\.csv$", exportName);
        Assert.StartsWith("Handle,Title,", exportText, StringComparison.Ordinal);
        Assert.Contains("trail-flask,Trail Flask", exportText, StringComparison.Ordinal);

        var admin = await Dashboard.SignInAsync(_browser, _app.BaseUrl, _app.AdminEmail, _app.AdminPassword);
        await admin.OpenAsync("/settings");
        // The app's own simulator, reached as any Admin API endpoint would be: the test reads its name, saving nothing.
        // A shop is a myshopify.com domain; the simulator's address goes in the development base address.
        await admin.Settings.TestConnectionAsync("syncstudio-demo.myshopify.com", "shpat_simulator_dev_token", $"{_app.BaseUrl}/simulator");
        await Assertions.Expect(admin.Settings.ShopName).ToHaveTextAsync("SyncStudio Demo Store");
        await admin.ScreenshotAsync("settings");
    }
}
