using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Shopify;

/// <summary>
/// A store connected with the authorization code grant (an app installed on a store the operator does not own): the
/// install redirect, the HMAC- and state-checked callback, expiring offline tokens refreshed with rotating refresh
/// tokens, and a refused refresh token that marks the connection "needs re-install" without losing staged work.
/// </summary>
public sealed class AuthorizationCodeConnectionTests : IAsyncLifetime
{
    private const string Shop = "syncstudio-demo.myshopify.com";
    private readonly ShiftedClock _clock = new();
    private SyncHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync("synthetic:4:5", services: s => s.AddSingleton<TimeProvider>(_clock), simulatorClock: _clock);
        var saved = await ApiAssert.OkAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify", new
        {
            shop_domain = Shop,
            base_address = _h.Simulator.BaseAddress.ToString().TrimEnd('/'),
            mode = "authorization_code",
            client_id = _h.Simulator.Simulator.Options.ClientId,
            client_secret = _h.Simulator.Simulator.Options.ClientSecret,
        }, Ct));
        Assert.Equal("not_installed", saved.GetProperty("status").GetString());
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private SimulatedOAuth OAuth => _h.Simulator.Simulator.OAuth;

    /// <summary>Starts the install and follows Shopify's redirect to the callback URL (not yet opened).</summary>
    private async Task<Uri> ApprovedCallbackAsync()
    {
        var install = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/settings/shopify/install", null, Ct));
        var authorize = new Uri(install.GetProperty("authorize_url").GetString()!);
        var asked = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(string.Join(',', ShopifyOAuth.RequiredScopes), asked["scope"].ToString());
        Assert.False(string.IsNullOrEmpty(asked["state"].ToString()));

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var approved = await browser.GetAsync(authorize, Ct);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        return approved.Headers.Location!;
    }

    private async Task InstallAsync()
    {
        var callback = await ApprovedCallbackAsync();
        using var response = await _h.Admin.GetAsync(callback.PathAndQuery, Ct);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private async Task<string> StoredRefreshTokenAsync()
    {
        await using var scope = _h.App.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>().ShopifyConnections.AsNoTracking().SingleAsync(Ct);
        return _h.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ShopifyConnectionService.Purpose)
            .Unprotect(row.EncryptedRefreshToken!);
    }

    [Fact]
    public async Task AnInstalledAppRefreshesItsExpiringTokenAndTheSpentRefreshTokenIsRefused()
    {
        await InstallAsync();
        var connection = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/settings/shopify", Ct));
        Assert.Equal("connected", connection.GetProperty("status").GetString());
        Assert.True(connection.GetProperty("has_refresh_token").GetBoolean());
        Assert.Empty(connection.GetProperty("scopes_missing").EnumerateArray());
        await _h.AgreeOnEverythingAsync();
        Assert.Equal(1, OAuth.TokenRequests);
        var firstRefresh = await StoredRefreshTokenAsync();

        // Past the offline token's 60 minutes: one refresh, a new refresh token stored, the old one spent.
        _clock.Advance(TimeSpan.FromMinutes(61));
        var product = _h.Product(0);
        await _h.MerchantRetitleAsync(product.Id, "Retitled after an hour");
        var pull = await _h.PullAsync(new { sync_type = "full" });
        Assert.Equal(1, pull.GetProperty("summary").GetProperty("total_changes").GetInt32());
        Assert.Equal(2, OAuth.TokenRequests);
        var secondRefresh = await StoredRefreshTokenAsync();
        Assert.NotEqual(firstRefresh, secondRefresh);
        var (grant, refusal) = OAuth.Exchange(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = _h.Simulator.Simulator.Options.ClientId,
            ["client_secret"] = _h.Simulator.Simulator.Options.ClientSecret,
            ["refresh_token"] = firstRefresh,
        });
        Assert.Null(grant);
        Assert.Equal("invalid_grant", refusal!.Error);

        // And again an hour later, with the rotated refresh token.
        _clock.Advance(TimeSpan.FromMinutes(61));
        await _h.PullAsync(new { sync_type = "full" });
        Assert.Equal(3, OAuth.TokenRequests);
    }

    [Fact]
    public async Task ARefusedRefreshTokenShowsNeedsReinstallWithoutLosingAnyStagedChange()
    {
        await InstallAsync();
        var pull = await _h.PullAsync(new { sync_type = "full" });
        var staged = await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}");
        Assert.Equal(4, staged.Count);

        OAuth.RevokeRefreshTokens();
        _clock.Advance(TimeSpan.FromMinutes(61));
        var response = await _h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full" }, Ct);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);

        var connection = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/settings/shopify", Ct));
        Assert.Equal("needs_reinstall", connection.GetProperty("status").GetString());
        var after = await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}");
        Assert.Equal(staged.Select(c => (c.GetProperty("id").GetInt32(), c.GetProperty("status").GetString())),
            after.Select(c => (c.GetProperty("id").GetInt32(), c.GetProperty("status").GetString())));
        // Only one refresh was tried: later calls fail at once, saying what to do.
        var requests = OAuth.TokenRequests;
        var shop = await _h.App.Services.GetRequiredService<IShopifyClient>().GetShopAsync(Ct);
        Assert.Contains("re-install", shop.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(requests, OAuth.TokenRequests);

        // Installing again mends it.
        await InstallAsync();
        Assert.Equal("connected", (await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/settings/shopify", Ct))).GetProperty("status").GetString());
        Assert.True((await _h.App.Services.GetRequiredService<IShopifyClient>().GetShopAsync(Ct)).Succeeded);
    }

    [Theory]
    [InlineData("hmac")]
    [InlineData("state")]
    [InlineData("shop")]
    public async Task TheCallbackRefusesATamperedHmacStateOrShopAndInstallsNothing(string tampered)
    {
        var callback = await ApprovedCallbackAsync();
        var query = QueryHelpers.ParseQuery(callback.Query).ToDictionary(q => q.Key, q => q.Value.ToString());
        query[tampered] = tampered == "shop" ? "another-shop.myshopify.com" : new string('0', 64);
        if (tampered != "hmac")
            query["hmac"] = SimulatedOAuth.SignQuery(query, _h.Simulator.Simulator.Options.ClientSecret);
        using var anonymous = _h.App.CreateClient(new() { AllowAutoRedirect = false });

        var details = await ApiAssert.ErrorAsync(await anonymous.GetAsync(QueryHelpers.AddQueryString(callback.AbsolutePath, query!), Ct),
            HttpStatusCode.Forbidden);

        Assert.True(details.TryGetProperty(tampered, out _), details.ToString());
        Assert.Equal("not_installed", (await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/settings/shopify", Ct))).GetProperty("status").GetString());
        Assert.Equal(0, OAuth.TokenRequests);
    }

    [Fact]
    public async Task ACallbackIsUsedOnce()
    {
        var callback = await ApprovedCallbackAsync();
        using var anonymous = _h.App.CreateClient(new() { AllowAutoRedirect = false });
        using var first = await anonymous.GetAsync(callback.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var details = await ApiAssert.ErrorAsync(await anonymous.GetAsync(callback.PathAndQuery, Ct), HttpStatusCode.Forbidden);

        Assert.True(details.TryGetProperty("state", out _));
        Assert.Equal(1, OAuth.TokenRequests);
    }
}
