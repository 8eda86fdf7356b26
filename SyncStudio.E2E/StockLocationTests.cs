using Microsoft.Playwright;
using SyncStudio.E2E.Pages;

namespace SyncStudio.E2E;

/// <summary>
/// The stock location mapping on Settings, in a browser, against the built-in simulator with three locations: an Admin
/// maps a new local location to one of Shopify's, and the mapping is there after a reload.
/// </summary>
public sealed class StockLocationTests : IAsyncLifetime
{
    private AppProcess _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await AppProcess.StartAsync(new Dictionary<string, string> { ["Simulator__Locations"] = "3" }, Ct);
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnAdminMapsANewStockLocationToAShopifyLocationAndTheMappingIsKept()
    {
        var admin = await Dashboard.SignInAsync(_browser, _app.BaseUrl, _app.AdminEmail, _app.AdminPassword);
        await admin.OpenAsync("/settings");
        await Assertions.Expect(admin.Page.GetByTestId("shopify-location-row")).ToHaveCountAsync(3);
        await Assertions.Expect(admin.Settings.SyncedAs("Warehouse 2")).ToHaveTextAsync("not synced");
        await Assertions.Expect(admin.Settings.StockLocation("default").GetByTestId("location-default")).ToBeVisibleAsync();

        await admin.Settings.AddStockLocationAsync("back-room", "Back room", "Warehouse 2");

        await Assertions.Expect(admin.Settings.SyncedAs("Warehouse 2")).ToHaveTextAsync("back-room");
        await admin.ScreenshotAsync("stock-locations");
        await admin.OpenAsync("/settings");
        await Assertions.Expect(admin.Settings.StockLocation("back-room")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Settings.SyncedAs("Warehouse 2")).ToHaveTextAsync("back-room");
        await Assertions.Expect(admin.Settings.SyncedAs("Warehouse 3")).ToHaveTextAsync("not synced");
    }
}
