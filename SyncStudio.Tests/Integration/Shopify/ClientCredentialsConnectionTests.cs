using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Shopify;

/// <summary>
/// A store connected with the client credentials grant (an app of the merchant's own organization): the app obtains
/// its token from the simulator's <c>/admin/oauth/access_token</c>, renews it before it expires and once after a 401,
/// one token request at a time. The app and the simulator share a clock that the test moves on past each expiry.
/// </summary>
public sealed class ClientCredentialsConnectionTests : IAsyncLifetime
{
    private const string Shop = "own-store.myshopify.com";
    private readonly ShiftedClock _clock = new();
    private readonly LogCollector _logs = new();
    private SyncHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync("synthetic:4:3", o => o.ClientSecret = "shpss_own_store_secret_5f1c",
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Debug" },
            services: s =>
            {
                s.AddSingleton<TimeProvider>(_clock);
                s.AddSingleton<ILoggerProvider>(_logs);
            },
            simulatorClock: _clock);
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private SyncStudio.ShopifySimulator.SimulatedOAuth OAuth => _h.Simulator.Simulator.OAuth;

    private string Secret => _h.Simulator.Simulator.Options.ClientSecret;

    private Task<HttpResponseMessage> ConnectAsync(string? secret) => _h.Admin.PutAsJsonAsync("/api/settings/shopify", new
    {
        shop_domain = Shop,
        base_address = _h.Simulator.BaseAddress.ToString().TrimEnd('/'),
        mode = "client_credentials",
        client_id = _h.Simulator.Simulator.Options.ClientId,
        client_secret = secret,
    }, Ct);

    /// <summary>A merchant's price edit and a local title edit, pulled, approved and pushed: both directions in one round.</summary>
    private async Task SyncBothWaysAsync(int round)
    {
        var shopifySide = _h.Product(0);
        var localSide = _h.Product(1);
        await _h.MerchantRepriceAsync(shopifySide.Id, shopifySide.FirstVariantId, 100m + round);
        var localId = await _h.LocalIdAsync(localSide.Handle);
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { title = $"Local title {round}" }, Ct));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var waiting = (await _h.StagedAsync($"batch_id={batchId}")).Where(c => c.GetProperty("status").GetString() == "pending")
            .Select(c => c.GetProperty("id").GetInt32()).ToArray();
        if (waiting.Length > 0)
            await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = waiting, notes = "ok" }, Ct));
        var push = await _h.PushAsync(new { batch_id = batchId, confirm = true });

        Assert.Equal(2, push.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.Equal($"Local title {round}", _h.Simulator.Simulator.FindProduct(localSide.Handle)!.Title);
    }

    [Fact]
    public async Task AClientCredentialsConnectionKeepsPullingAndPushingAcrossTwoExpiriesAndAForced401WithOneTokenRequestEach()
    {
        var saved = await ApiAssert.OkAsync(await ConnectAsync(Secret));
        Assert.Equal("client_credentials", saved.GetProperty("mode").GetString());
        Assert.True(saved.GetProperty("has_client_secret").GetBoolean());

        await _h.AgreeOnEverythingAsync();
        Assert.Equal(1, OAuth.TokenRequests);

        // Past the token's 24 hours, twice: one new token each time, obtained before the call rather than after a 401.
        _clock.Advance(TimeSpan.FromHours(25));
        await SyncBothWaysAsync(1);
        Assert.Equal(2, OAuth.TokenRequests);
        _clock.Advance(TimeSpan.FromHours(25));
        await SyncBothWaysAsync(2);
        Assert.Equal(3, OAuth.TokenRequests);

        // The shop stops honouring the token before the app expected: the 401 is followed by one renewal and the call goes on.
        OAuth.ExpireAllTokens();
        await SyncBothWaysAsync(3);
        Assert.Equal(4, OAuth.TokenRequests);
    }

    [Fact]
    public async Task TwentyConcurrentCallsOnAnExpiredTokenMakeOneTokenRequest()
    {
        await ApiAssert.OkAsync(await ConnectAsync(Secret));
        var client = _h.App.Services.GetRequiredService<IShopifyClient>();
        (await client.GetShopAsync(Ct)).GetValueOrThrow();
        Assert.Equal(1, OAuth.TokenRequests);

        // Expired by the clock: every call sees it before sending.
        _clock.Advance(TimeSpan.FromHours(25));
        var byClock = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.GetShopAsync(Ct), Ct)));
        Assert.All(byClock, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Equal(2, OAuth.TokenRequests);

        // Refused by the shop: every call gets a 401 for the same token, and they share one renewal.
        OAuth.ExpireAllTokens();
        var by401 = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.GetShopAsync(Ct), Ct)));
        Assert.All(by401, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Equal(3, OAuth.TokenRequests);
    }

    [Fact]
    public async Task TheClientSecretIsWriteOnlyEncryptedAtRestAndNeverLogged()
    {
        using var put = await ConnectAsync(Secret);
        var putText = await put.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await _h.PullAsync(new { sync_type = "full" });
        using var get = await _h.Admin.GetAsync("/api/settings/shopify", Ct);
        var getText = await get.Content.ReadAsStringAsync(Ct);

        Assert.DoesNotContain(Secret, putText, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, getText, StringComparison.Ordinal);
        Assert.Contains("read_products", getText, StringComparison.Ordinal);
        await using (var scope = _h.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
            var row = await db.ShopifyConnections.AsNoTracking().SingleAsync(Ct);
            Assert.DoesNotContain(Secret, row.EncryptedClientSecret!, StringComparison.Ordinal);
            var protector = _h.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ShopifyConnectionService.Purpose);
            Assert.Equal(Secret, protector.Unprotect(row.EncryptedClientSecret!));
            // A client-credentials token is never stored: a restarted app asks for a new one.
            Assert.Null(row.EncryptedAccessToken);
        }

        // An empty secret keeps the stored one for the same shop and app.
        await ApiAssert.OkAsync(await ConnectAsync(null));
        Assert.True((await _h.App.Services.GetRequiredService<IShopifyClient>().GetShopAsync(Ct)).Succeeded);

        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("shpat_", StringComparison.Ordinal) && !l.Contains(_h.Simulator.AccessToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecretTheShopRefusesFailsTheTestAndThePullSayingSo()
    {
        var test = await ApiAssert.ErrorAsync(await _h.Admin.PostAsJsonAsync("/api/settings/shopify/test", new
        {
            shop_domain = Shop,
            base_address = _h.Simulator.BaseAddress.ToString().TrimEnd('/'),
            mode = "client_credentials",
            client_id = _h.Simulator.Simulator.Options.ClientId,
            client_secret = "shpss_wrong",
        }, Ct), HttpStatusCode.BadGateway);
        Assert.Contains("invalid_client", test.GetProperty("connection").GetString(), StringComparison.Ordinal);

        var ok = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/settings/shopify/test", new
        {
            shop_domain = Shop,
            base_address = _h.Simulator.BaseAddress.ToString().TrimEnd('/'),
            mode = "client_credentials",
            client_id = _h.Simulator.Simulator.Options.ClientId,
            client_secret = Secret,
        }, Ct));
        Assert.Equal("2026-07", ok.GetProperty("api_version").GetString());
        Assert.Contains("write_products", ok.GetProperty("scopes_granted").EnumerateArray().Select(s => s.GetString()));
        Assert.Empty(ok.GetProperty("scopes_missing").EnumerateArray());
    }

    private sealed class LogCollector : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
