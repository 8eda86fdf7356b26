using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;
using SyncStudio.Tests.Infrastructure;
using SyncStudio.Web.Auth;

namespace SyncStudio.Tests.Integration.Operations;

/// <summary>
/// The Data Protection keys that open the saved store token are encrypted at rest with a certificate kept outside the
/// database (docs/decisions/0014); without that certificate the token is lost, and says so, until entered again.
/// </summary>
public sealed class DataProtectionKeysTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await SyncHarness.StartAsync("synthetic:3:1");

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ShopUrl => _h.Simulator.BaseAddress.ToString().TrimEnd('/');

    private Task<HttpResponseMessage> SaveConnectionAsync() =>
        _h.Admin.PutAsJsonAsync("/api/settings/shopify", new { shop_domain = "syncstudio-demo.myshopify.com", base_address = ShopUrl, access_token = _h.Simulator.AccessToken }, Ct);

    [Fact]
    public async Task TheKeysAreStoredEncryptedWithTheCertificate()
    {
        await ApiAssert.OkAsync(await SaveConnectionAsync());

        await using var scope = _h.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
        var keys = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync(Ct);
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedXmlDecryptor", xml!, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml!, StringComparison.Ordinal);
        });
        Assert.True(File.Exists(Path.Combine(_h.App.DataFolder, DataProtectionKeys.GeneratedCertificateFile)));
    }

    [Fact]
    public async Task ATokenWhoseCertificateIsLostFailsShopifyCallsSayingSoUntilEnteredAgain()
    {
        await ApiAssert.OkAsync(await SaveConnectionAsync());
        // The certificate goes (a database restored without it); the app starts again and makes itself a new one.
        File.Delete(Path.Combine(_h.App.DataFolder, DataProtectionKeys.GeneratedCertificateFile));
        await _h.RestartAppAsync();

        var client = _h.App.Services.GetRequiredService<IShopifyClient>();
        var lost = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetShopAsync(Ct));
        Assert.Contains("cannot be decrypted", lost.Message, StringComparison.Ordinal);
        using var anonymous = _h.App.CreateClient();
        var notReady = await ApiAssert.OkAsync(await anonymous.GetAsync("/readyz", Ct), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unusable", notReady.GetProperty("store_connection").GetString());

        await ApiAssert.OkAsync(await SaveConnectionAsync());

        Assert.True((await client.GetShopAsync(Ct)).Succeeded);
        var ready = await ApiAssert.OkAsync(await anonymous.GetAsync("/readyz", Ct));
        Assert.Equal("saved", ready.GetProperty("store_connection").GetString());
    }
}
