using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SyncStudio.E2E.Pages;

namespace SyncStudio.E2E;

/// <summary>
/// The authorization code grant in a real browser: an Admin saves an app's credentials for a shop, clicks "Install on
/// Shopify", the browser follows Shopify's (here the standalone simulator's) install screen back to the app's callback,
/// and the app then pulls from the shop with the token it was given.
/// </summary>
public sealed class ShopifyInstallTests : IAsyncLifetime
{
    private const string Password = "Correct-Horse-Battery-9";

    /// <summary>The simulator's own defaults (its README): the shop and the app it knows.</summary>
    private const string ShopDomain = "syncstudio-demo.myshopify.com";

    private const string ClientId = "simulator-client-id";
    private const string ClientSecret = "shpss_simulator_dev_secret";

    private SimulatorProcess _simulator = null!;
    private AppProcess _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Rate limits are not the point: a Plus plan keeps the pull from waiting on them.
        _simulator = await SimulatorProcess.StartAsync("synthetic:25:15", "plus", ct: Ct);
        // No store in the app's settings: the store is connected from Settings alone. The override lets the form point
        // the shop at the simulator's address instead of https://{shop}.
        _app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Bootstrap__AdminPassword"] = Password,
            ["Shopify__AllowBaseAddressOverride"] = "true",
        }, Ct);
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task AnAdminInstallsTheAppThroughShopifysInstallScreenAndThenPullsTheShopsProducts()
    {
        var admin = await Dashboard.SignInAsync(_browser, _app.BaseUrl, _app.AdminEmail, Password);
        var documents = new List<string>();
        admin.Page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest)
            {
                lock (documents)
                    documents.Add(request.Url);
            }
        };

        await admin.OpenAsync("/settings");
        await admin.Settings.SaveAuthorizationCodeConnectionAsync(ShopDomain, ClientId, ClientSecret, _simulator.BaseAddress);
        await Assertions.Expect(admin.Settings.ConnectionProblem).ToHaveAttributeAsync("data-status", "not_installed");

        await admin.Settings.InstallButton.ClickAsync();
        await admin.Page.WaitForURLAsync($"{_app.BaseUrl}/settings?installed=1");
        await admin.Shell.WaitInteractiveAsync();
        await Assertions.Expect(admin.Settings.CurrentStore).ToHaveTextAsync(
            new Regex($@"{Regex.Escape(ShopDomain)} \(saved here, authorization code, API [0-9-]+, connected\)"));
        await Assertions.Expect(admin.Settings.ConnectionProblem).ToHaveCountAsync(0);
        await admin.ScreenshotAsync("installed");

        // The browser itself went through the shop's install screen and came back to the app's callback.
        lock (documents)
        {
            Assert.Contains(documents, url => url.StartsWith(_simulator.BaseAddress + "/admin/oauth/authorize?", StringComparison.Ordinal));
            Assert.Contains(documents, url => url.StartsWith(_app.BaseUrl + "/api/shopify/oauth/callback?", StringComparison.Ordinal));
        }

        await admin.OpenAsync("/batches");
        var pullId = await admin.Batches.StartFullPullAsync("First pull after install");
        await admin.Batches.WaitForStatusAsync(pullId, "completed");
        await Assertions.Expect(admin.Batches.Counter("total")).ToHaveTextAsync("25");
        await Assertions.Expect(admin.Batches.Counter("failed")).ToHaveTextAsync("0");
    }
}
