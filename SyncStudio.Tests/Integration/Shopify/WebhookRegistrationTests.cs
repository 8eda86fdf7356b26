using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Shopify;

/// <summary>
/// "Register webhooks" against the simulator, with the app listening on loopback at its <c>App:PublicUrl</c>: the app
/// subscribes to exactly the topics it needs, once, removes strays, and then receives the merchant's edits through
/// those subscriptions, signed with its client secret.
/// </summary>
public sealed class WebhookRegistrationTests : IAsyncLifetime
{
    private static readonly string[] Topics = ["APP_UNINSTALLED", "BULK_OPERATIONS_FINISH", "PRODUCTS_CREATE", "PRODUCTS_DELETE", "PRODUCTS_UPDATE"];
    private SyncHarness _h = null!;
    private string _callback = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var port = SyncHarness.FreePort();
        _callback = $"http://127.0.0.1:{port}/api/webhooks/shopify";
        _h = await SyncHarness.StartAsync("synthetic:5:4",
            settings: new Dictionary<string, string?> { ["App:PublicUrl"] = $"http://127.0.0.1:{port}/" }, appPort: port);
        await ApiAssert.OkAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify", new
        {
            shop_domain = "syncstudio-demo.myshopify.com",
            base_address = _h.Simulator.BaseAddress.ToString().TrimEnd('/'),
            mode = "client_credentials",
            client_id = _h.Simulator.Simulator.Options.ClientId,
            client_secret = _h.Simulator.Simulator.Options.ClientSecret,
        }, Ct));
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private SimulatedWebhookSubscriptions Subscriptions => _h.Simulator.Simulator.Webhooks;

    [Fact]
    public async Task RegisteringTwiceSubscribesToExactlyTheListedTopicsOnceAndRemovesStrays()
    {
        // Left from an earlier address, and a topic the app never needed.
        await _h.MerchantAsync("mutation($t: WebhookSubscriptionTopic!, $s: WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $t, webhookSubscription: $s) { userErrors { message } } }",
            new { t = "PRODUCTS_UPDATE", s = new { uri = "https://old-host.example.com/hooks" } });
        await _h.MerchantAsync("mutation($t: WebhookSubscriptionTopic!, $s: WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $t, webhookSubscription: $s) { userErrors { message } } }",
            new { t = "ORDERS_CREATE", s = new { uri = "https://old-host.example.com/orders" } });

        var first = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/settings/shopify/webhooks", null, Ct));
        Assert.Equal(_callback, first.GetProperty("callback_url").GetString());
        Assert.Equal(4, first.GetProperty("created").GetInt32());
        Assert.Equal(1, first.GetProperty("updated").GetInt32());
        Assert.Equal(1, first.GetProperty("deleted").GetInt32());
        Assert.Equal(Topics, Subscriptions.All.Select(s => s.Topic).Order(StringComparer.Ordinal));
        Assert.All(Subscriptions.All, s => Assert.Equal(_callback, s.Uri));
        var ids = Subscriptions.All.Select(s => s.Id).Order().ToList();

        var second = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/settings/shopify/webhooks", null, Ct));
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal(0, second.GetProperty("updated").GetInt32());
        Assert.Equal(0, second.GetProperty("deleted").GetInt32());
        Assert.Equal(ids, Subscriptions.All.Select(s => s.Id).Order());

        var listed = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/settings/shopify/webhooks", Ct));
        Assert.Equal(Topics, listed.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetProperty("topic").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnEditInTheSimulatorArrivesThroughTheRegisteredSubscription()
    {
        await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/settings/shopify/webhooks", null, Ct));
        await _h.AgreeOnEverythingAsync();
        var product = _h.Product(2);

        await _h.MerchantRetitleAsync(product.Id, product.Title + " (registered)");

        var change = await WebhookTests.StagedForAsync(_h, product.Id, product.Title + " (registered)");
        Assert.Equal("pull_from_shopify", change.GetProperty("sync_direction").GetString());
    }

    [Fact]
    public async Task AnUninstallArrivingThroughTheSubscriptionMarksTheConnectionUninstalled()
    {
        await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/settings/shopify/webhooks", null, Ct));

        _h.Simulator.Simulator.UninstallApp();

        await SyncHarness.WaitForAsync(async () =>
        {
            var connection = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/settings/shopify", Ct));
            return connection.GetProperty("status").GetString() == "uninstalled" ? "yes" : null;
        }, "the connection to be marked uninstalled");
        var shop = await _h.App.Services.GetRequiredService<SyncStudio.Services.Shopify.IShopifyClient>().GetShopAsync(Ct);
        Assert.False(shop.Succeeded);
    }

    [Fact]
    public async Task TheSameEventThroughTwoSubscriptionsIsStagedOnce()
    {
        await _h.AgreeOnEverythingAsync();
        var product = _h.Product(1);
        await _h.MerchantRetitleAsync(product.Id, product.Title + " (twice)");
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { id = product.Id }));
        var eventId = Guid.NewGuid().ToString();

        var statuses = new List<string>();
        foreach (var webhookId in new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/shopify") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Shopify-Topic", "products/update");
            request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
            request.Headers.Add("X-Shopify-Event-Id", eventId);
            request.Headers.Add("X-Shopify-Hmac-Sha256", HttpWebhookSink.Sign(body, _h.Simulator.Simulator.Options.ClientSecret));
            using var anonymous = _h.App.CreateClient();
            var ack = await ApiAssert.OkAsync(await anonymous.SendAsync(request, Ct));
            statuses.Add(ack.GetProperty("status").GetString()!);
        }

        Assert.Equal(["accepted", "duplicate"], statuses);
    }

    [Fact]
    public async Task WithoutAPublicUrlRegistrationIsRefusedSayingWhy()
    {
        await using var app = new SyncStudioApp(settings: new Dictionary<string, string?>
        {
            ["Shopify:BaseAddress"] = _h.Simulator.BaseAddress.ToString().TrimEnd('/'),
            ["Shopify:AccessToken"] = _h.Simulator.AccessToken,
        });
        using var admin = await app.ClientAsAsync(SyncStudio.Data.Roles.Admin);

        var details = await ApiAssert.ErrorAsync(await admin.PostAsync("/api/settings/shopify/webhooks", null, Ct), HttpStatusCode.Conflict);

        Assert.Contains("App:PublicUrl", details.GetProperty("webhooks").GetString(), StringComparison.Ordinal);
        using var approver = await app.ClientAsAsync(SyncStudio.Data.Roles.Approver);
        await ApiAssert.ErrorAsync(await approver.PostAsync("/api/settings/shopify/webhooks", null, Ct), HttpStatusCode.Forbidden);
    }
}
