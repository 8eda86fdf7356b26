using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// The store connection saved through Settings, against two simulators on loopback: the one the app is configured for
/// and another one the Admin saves. The saved one must win for every Shopify call, its token must stay ciphertext at
/// rest and never come back out.
/// </summary>
public sealed class StoreConnectionTests : IAsyncLifetime
{
    private const string SavedToken = "shpat_saved_store_0123456789abcdef";
    private const string SavedShop = "saved-outfitters.myshopify.com";
    private SyncHarness _h = null!;
    private SimulatorServer _saved = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync("synthetic:4:2", o => o.ShopName = "Configured Outfitters");
        _saved = await SimulatorServer.StartAsync(o =>
        {
            o.Seed = "synthetic:6:2";
            o.ShopName = "Saved Outfitters";
            o.AccessToken = SavedToken;
            o.Plan = ShopifyPlan.Advanced;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _h.DisposeAsync();
        await _saved.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string SavedUrl => _saved.BaseAddress.ToString().TrimEnd('/');

    private ShopifyConnectionService Connections => _h.App.Services.GetRequiredService<ShopifyConnectionService>();

    private async Task<string> ShopNameAsync()
    {
        // A fresh client, as every request scope gets one; the singletons' clients ask the same source per call.
        var client = _h.App.Services.GetRequiredService<IShopifyClient>();
        return (await client.GetShopAsync(Ct)).GetValueOrThrow().Name;
    }

    [Fact]
    public async Task ASavedConnectionWinsOverTheConfiguredShopForEveryShopifyCall()
    {
        Assert.Equal("Configured Outfitters", await ShopNameAsync());
        var none = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/settings/shopify", Ct));
        Assert.False(none.GetProperty("saved").GetBoolean());

        var saved = await ApiAssert.OkAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify",
            new { shop_domain = "https://SAVED-outfitters.myshopify.com/", base_address = SavedUrl + "/", access_token = SavedToken }, Ct));

        Assert.True(saved.GetProperty("saved").GetBoolean());
        Assert.Equal(SavedShop, saved.GetProperty("shop_domain").GetString());
        Assert.Equal(SavedUrl, saved.GetProperty("base_address").GetString());
        Assert.Equal("2026-07", saved.GetProperty("api_version").GetString());
        Assert.True(saved.GetProperty("has_token").GetBoolean());
        Assert.Equal("Saved Outfitters", await ShopNameAsync());
        // The pull service holds its client for the app's lifetime: it must follow the saved connection too.
        var pull = await _h.PullAsync(new { sync_type = "full" });
        Assert.Equal(6, pull.GetProperty("summary").GetProperty("new_products").GetInt32());
    }

    [Fact]
    public async Task TheTokenIsCiphertextAtRestDecryptsBackAndIsNeverAnswered()
    {
        using var put = await _h.Admin.PutAsJsonAsync("/api/settings/shopify", new { shop_domain = SavedShop, base_address = SavedUrl, access_token = SavedToken }, Ct);
        var putText = await put.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var get = await _h.Admin.GetAsync("/api/settings/shopify", Ct);
        var getText = await get.Content.ReadAsStringAsync(Ct);

        Assert.DoesNotContain(SavedToken, putText, StringComparison.Ordinal);
        Assert.DoesNotContain(SavedToken, getText, StringComparison.Ordinal);
        Assert.DoesNotContain("token\"", getText.Replace("has_token\"", "", StringComparison.Ordinal).Replace("has_refresh_token\"", "", StringComparison.Ordinal).Replace("\"mode\":\"access_token\"", "", StringComparison.Ordinal), StringComparison.Ordinal);

        await using var scope = _h.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
        var row = await db.ShopifyConnections.AsNoTracking().SingleAsync(Ct);
        Assert.NotEqual(SavedToken, row.EncryptedAccessToken);
        Assert.DoesNotContain(SavedToken, row.EncryptedAccessToken, StringComparison.Ordinal);
        var provider = _h.App.Services.GetRequiredService<IDataProtectionProvider>();
        Assert.Equal(SavedToken, provider.CreateProtector(ShopifyConnectionService.Purpose).Unprotect(row.EncryptedAccessToken!));
        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector("another purpose").Unprotect(row.EncryptedAccessToken!));
        // Nor does the token reach the audit trail.
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.Action == "store_connection_saved").ToListAsync(Ct);
        Assert.Single(audit);
        Assert.DoesNotContain(SavedToken, audit[0].Notes ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(SavedToken, audit[0].Data ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestingAConnectionReadsTheShopsNameAndPlanWithoutSavingIt()
    {
        var test = await Connections.TestAsync(new ShopifyConnectionInput(SavedShop, null, SavedToken, BaseAddress: SavedUrl), Ct);

        Assert.Equal(ShopifyConnectionOutcome.Ok, test.Outcome);
        Assert.Equal("Saved Outfitters", test.Shop!.Name);
        Assert.Equal("Advanced", test.Shop.PlanName);
        Assert.Null(await Connections.GetAsync(Ct));
        Assert.Equal("Configured Outfitters", await ShopNameAsync());
    }

    [Fact]
    public async Task ATestWithAWrongTokenOrNoShopThereSaysWhy()
    {
        var wrongToken = await Connections.TestAsync(new ShopifyConnectionInput(SavedShop, null, "shpat_wrong", BaseAddress: SavedUrl), Ct);
        Assert.Equal(ShopifyConnectionOutcome.Failed, wrongToken.Outcome);
        Assert.Contains("401", wrongToken.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("shpat_wrong", wrongToken.Error, StringComparison.Ordinal);

        var closedPort = await Connections.TestAsync(new ShopifyConnectionInput(SavedShop, null, SavedToken, BaseAddress: "http://127.0.0.1:9/simulator"), Ct);
        Assert.Equal(ShopifyConnectionOutcome.Failed, closedPort.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(closedPort.Error));
    }

    [Fact]
    public async Task AnEmptyTokenKeepsTheStoredOneForTheSameShopOnly()
    {
        await ApiAssert.OkAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify", new { shop_domain = SavedShop, base_address = SavedUrl, access_token = SavedToken }, Ct));

        var kept = await ApiAssert.OkAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify",
            new { shop_domain = SavedShop, base_address = SavedUrl, api_version = "2026-04" }, Ct));
        Assert.Equal("2026-04", kept.GetProperty("api_version").GetString());
        Assert.True(kept.GetProperty("has_token").GetBoolean());
        var test = await Connections.TestAsync(new ShopifyConnectionInput(SavedShop, "2026-07", null, BaseAddress: SavedUrl), Ct);
        Assert.Equal(ShopifyConnectionOutcome.Ok, test.Outcome);

        var details = await ApiAssert.ErrorAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify",
            new { shop_domain = "another-shop" }, Ct), HttpStatusCode.BadRequest);
        Assert.True(details.TryGetProperty("access_token", out _), details.ToString());
        Assert.Equal(SavedShop, (await Connections.GetAsync(Ct))!.ShopDomain);
    }

    [Fact]
    public async Task BadConnectionsAreRefusedFieldByFieldAndSaveNothing()
    {
        var details = await ApiAssert.ErrorAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify",
            new { shop_domain = "http://shop.example.com/admin", api_version = "July 2026", access_token = "has space", base_address = "http://shop.example.com" },
            Ct), HttpStatusCode.BadRequest);

        Assert.Contains("myshopify.com", details.GetProperty("shop_domain").GetString(), StringComparison.Ordinal);
        Assert.Contains("https", details.GetProperty("base_address").GetString(), StringComparison.Ordinal);
        Assert.True(details.TryGetProperty("api_version", out _));
        Assert.True(details.TryGetProperty("access_token", out _));
        Assert.Null(await Connections.GetAsync(Ct));
        await ApiAssert.ErrorAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify", new { shop_domain = "my-shop" }, Ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OnlyAnAdminReadsOrSavesTheConnection()
    {
        using var approver = await _h.App.ClientAsAsync(Roles.Approver);
        await ApiAssert.ErrorAsync(await approver.GetAsync("/api/settings/shopify", Ct), HttpStatusCode.Forbidden);
        await ApiAssert.ErrorAsync(await approver.PutAsJsonAsync("/api/settings/shopify", new { shop_domain = SavedShop, base_address = SavedUrl, access_token = SavedToken }, Ct),
            HttpStatusCode.Forbidden);
        Assert.Null(await Connections.GetAsync(Ct));
    }

    [Theory]
    [InlineData("shop.example.com")]
    [InlineData("https://shop.example.com")]
    [InlineData("https://evil.example.com/x.myshopify.com")]
    [InlineData("http://127.0.0.1:5101/simulator")]
    public async Task AShopDomainOutsideMyshopifyComIsRefusedNamingTheField(string domain)
    {
        var details = await ApiAssert.ErrorAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify",
            new { shop_domain = domain, access_token = SavedToken }, Ct), HttpStatusCode.BadRequest);

        Assert.Contains("myshopify.com", details.GetProperty("shop_domain").GetString(), StringComparison.Ordinal);
        Assert.Null(await Connections.GetAsync(Ct));
    }
}
