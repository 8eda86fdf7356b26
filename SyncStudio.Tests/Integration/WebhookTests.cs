using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>Shopify's product webhooks, received over HTTP by the real app and staged through the pull's diff path.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "whsec-test-0123456789";
    private const string Route = "/api/webhooks/shopify";
    private SyncHarness _h = null!;
    private string? _agreedBatch;

    public async ValueTask InitializeAsync() =>
        _h = await SyncHarness.StartAsync(settings: new Dictionary<string, string?> { ["Shopify:WebhookSecret"] = Secret });

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ASignedUpdateWebhookStagesTheProductAsShopifyHoldsItNow()
    {
        await _h.AgreeOnEverythingAsync();
        var product = _h.Product(0);
        await _h.MerchantRetitleAsync(product.Id, product.Title + " (edited in Shopify)");

        // The body is only a hint: its stale title must not be what gets staged.
        var response = await SendAsync("products/update", new { id = product.Id, title = "stale hint" });
        var ack = await ApiAssert.OkAsync(response);
        Assert.Equal("accepted", ack.GetProperty("status").GetString());

        var change = await StagedForAsync(product.Id);
        Assert.Equal("pull_from_shopify", change.GetProperty("sync_direction").GetString());
        Assert.Equal("update", change.GetProperty("change_type").GetString());
        Assert.Equal(product.Title + " (edited in Shopify)", change.GetProperty("field_changes").GetProperty("title").GetProperty("new").GetString());
        var batch = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/batches/{change.GetProperty("batch_id").GetString()}", Ct))).GetProperty("item");
        Assert.Equal("webhook", batch.GetProperty("sync_type").GetString());
        Assert.Equal("pull_from_shopify", batch.GetProperty("sync_direction").GetString());

        var delivery = await SyncHarness.WaitForAsync(async () =>
        {
            var row = await DeliveriesAsync(q => q.SingleAsync(Ct));
            return row.ProcessedAt is null ? null : row;
        }, "the delivery to be marked processed");
        Assert.Equal(change.GetProperty("batch_id").GetString(), delivery.BatchId);
        Assert.Equal(product.Id.ToString(CultureInfo.InvariantCulture), delivery.ShopifyProductId);
    }

    [Fact]
    public async Task AWebhookBatchIsAttributedToShopifyWebhookNotToTheFirstAdmin()
    {
        await _h.AgreeOnEverythingAsync();
        var product = _h.Product(1);
        await _h.MerchantRetitleAsync(product.Id, product.Title + " (webhook)");

        await ApiAssert.OkAsync(await SendAsync("products/update", new { id = product.Id }));

        var change = await StagedForAsync(product.Id);
        var batch = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/batches/{change.GetProperty("batch_id").GetString()}", Ct))).GetProperty("item");
        Assert.Equal("webhook", batch.GetProperty("source").GetString());
        Assert.Equal("Shopify webhook", batch.GetProperty("created_by_name").GetString());
        var createdBy = batch.GetProperty("created_by");
        Assert.Equal(JsonValueKind.Null, createdBy.GetProperty("email").ValueKind);
        var admin = await _h.App.EnsureUserAsync(SyncStudioApp.AdminEmail, Roles.Admin);
        Assert.NotEqual(admin, createdBy.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task ADeleteWebhookStagesADeleteOfTheLinkedLocalProduct()
    {
        await _h.AgreeOnEverythingAsync();
        var product = _h.Product(3);
        await _h.MerchantAsync("mutation($i: ProductDeleteInput!) { productDelete(input: $i) { deletedProductId userErrors { message } } }",
            new { i = new { id = $"gid://shopify/Product/{product.Id}" } });

        await ApiAssert.OkAsync(await SendAsync("products/delete", new { id = product.Id }));

        var change = await StagedForAsync(product.Id);
        Assert.Equal("delete", change.GetProperty("change_type").GetString());
        Assert.Equal("pull_from_shopify", change.GetProperty("sync_direction").GetString());
        Assert.Equal("pending", change.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("bad")]
    [InlineData("missing")]
    [InlineData("other-secret")]
    public async Task AWebhookWithoutTheRightSignatureIsRefusedAndNothingIsStored(string signature)
    {
        var product = _h.Product(0);
        var body = JsonSerializer.Serialize(new { id = product.Id });
        using var request = Request("products/update", body, Guid.NewGuid().ToString());
        request.Headers.Remove("X-Shopify-Hmac-Sha256");
        if (signature == "bad")
            request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(new byte[32]));
        else if (signature == "other-secret")
            request.Headers.Add("X-Shopify-Hmac-Sha256", HttpWebhookSink.Sign(Encoding.UTF8.GetBytes(body), "not-" + Secret));
        using var anonymous = _h.App.CreateClient();

        var details = await ApiAssert.ErrorAsync(await anonymous.SendAsync(request, Ct), HttpStatusCode.Unauthorized);

        Assert.Contains("X-Shopify-Hmac-Sha256", details.GetProperty("signature").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await DeliveriesAsync(q => q.CountAsync(Ct)));
        Assert.Empty(await _h.StagedAsync(""));
    }

    [Fact]
    public async Task WithoutAConfiguredSecretEveryWebhookIsRefused()
    {
        await using var app = new SyncStudioApp();
        using var client = app.CreateClient();
        using var request = Request("products/update", "{\"id\":1}", "w-1");

        var details = await ApiAssert.ErrorAsync(await client.SendAsync(request, Ct), HttpStatusCode.Unauthorized);

        Assert.Contains("WebhookSecret", details.GetProperty("signature").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplayedWebhookIdStagesNothingNew()
    {
        _agreedBatch = await _h.AgreeOnEverythingAsync();
        var product = _h.Product(1);
        await _h.MerchantRetitleAsync(product.Id, "First edit");
        const string webhookId = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043";
        await ApiAssert.OkAsync(await SendAsync("products/update", new { id = product.Id }, webhookId));
        var first = await StagedForAsync(product.Id);

        // Shopify redelivers the same notification after the product changed again: a duplicate, never re-read.
        await _h.MerchantRetitleAsync(product.Id, "Second edit");
        var replay = await ApiAssert.OkAsync(await SendAsync("products/update", new { id = product.Id }, webhookId));
        Assert.Equal("duplicate", replay.GetProperty("status").GetString());

        // A later delivery for another product goes through the same queue: once it is staged, a queued replay would be too.
        var sentinel = _h.Product(2);
        await _h.MerchantRetitleAsync(sentinel.Id, "Sentinel edit");
        await ApiAssert.OkAsync(await SendAsync("products/update", new { id = sentinel.Id }));
        await StagedForAsync(sentinel.Id);

        var changes = await _h.StagedAsync("");
        var only = Assert.Single(changes, c => c.GetProperty("shopify_product_id").GetString() == product.Id.ToString(CultureInfo.InvariantCulture)
            && c.GetProperty("batch_id").GetString() != _agreedBatch);
        Assert.Equal(first.GetProperty("id").GetInt32(), only.GetProperty("id").GetInt32());
        Assert.Equal("First edit", only.GetProperty("field_changes").GetProperty("title").GetProperty("new").GetString());
        Assert.Equal(1, await DeliveriesAsync(q => q.CountAsync(w => w.WebhookId == webhookId, Ct)));
    }

    [Fact]
    public async Task AnUnknownTopicIsAcknowledgedAndIgnored()
    {
        var response = await SendAsync("orders/create", new { id = 1001 });

        Assert.Equal("ignored", (await ApiAssert.OkAsync(response)).GetProperty("status").GetString());
        Assert.Equal(0, await DeliveriesAsync(q => q.CountAsync(Ct)));
    }

    [Fact]
    public async Task ASignedWebhookWithoutAProductIdIsABadRequest()
    {
        var details = await ApiAssert.ErrorAsync(await SendAsync("products/update", new { title = "no id" }), HttpStatusCode.BadRequest);

        Assert.True(details.TryGetProperty("id", out _));
        Assert.Equal(0, await DeliveriesAsync(q => q.CountAsync(Ct)));
    }

    [Fact]
    public async Task AnOversizedWebhookIsRefusedWithoutBeingRead()
    {
        var body = JsonSerializer.Serialize(new { id = 1, body_html = new string('x', 1024 * 1024) });
        using var request = Request("products/update", body, Guid.NewGuid().ToString());
        using var anonymous = _h.App.CreateClient();

        await ApiAssert.ErrorAsync(await anonymous.SendAsync(request, Ct), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(0, await DeliveriesAsync(q => q.CountAsync(Ct)));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> SendAsync(string topic, object body, string? webhookId = null)
    {
        using var request = Request(topic, JsonSerializer.Serialize(body), webhookId ?? Guid.NewGuid().ToString());
        using var anonymous = _h.App.CreateClient();
        return await anonymous.SendAsync(request, Ct);
    }

    private static HttpRequestMessage Request(string topic, string body, string webhookId)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        request.Headers.Add("X-Shopify-Shop-Domain", "syncstudio-demo.myshopify.com");
        request.Headers.Add("X-Shopify-Hmac-Sha256", HttpWebhookSink.Sign(bytes, Secret));
        return request;
    }

    private Task<JsonElement> StagedForAsync(long shopifyProductId) => StagedForAsync(_h, shopifyProductId);

    /// <summary>The change staged for a Shopify product (waiting or auto-approved), once the background stager has written it.</summary>
    internal static async Task<JsonElement> StagedForAsync(SyncHarness h, long shopifyProductId, string? titleNow = null)
    {
        var id = shopifyProductId.ToString(CultureInfo.InvariantCulture);
        var found = await SyncHarness.WaitForAsync(async () =>
        {
            var staged = await h.StagedAsync("");
            var match = staged.Where(c => c.GetProperty("shopify_product_id").GetString() == id && c.GetProperty("status").GetString() is "pending" or "approved"
                && (titleNow is null || c.GetProperty("field_changes").TryGetProperty("title", out var t) && t.GetProperty("new").GetString() == titleNow)).ToList();
            return match.Count == 0 ? null : new[] { match[0] };
        }, $"a staged change of Shopify product {id}");
        return found[0];
    }

    private async Task<T> DeliveriesAsync<T>(Func<IQueryable<WebhookDelivery>, Task<T>> query)
    {
        var factory = _h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        return await query(db.WebhookDeliveries.AsNoTracking());
    }
}

/// <summary>The simulator's HTTP webhook sink posting to the app on loopback, as a Shopify store would.</summary>
public sealed class SimulatorWebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "whsec-loopback-0123456789";
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync()
    {
        var port = SyncHarness.FreePort();
        _h = await SyncHarness.StartAsync(
            simulator: o =>
            {
                o.WebhookUrl = $"http://127.0.0.1:{port}/api/webhooks/shopify";
                o.WebhookSecret = Secret;
            },
            settings: new Dictionary<string, string?> { ["Shopify:WebhookSecret"] = Secret },
            appPort: port);
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AMerchantEditInTheSimulatorArrivesAsASignedWebhookAndIsStaged()
    {
        await _h.AgreeOnEverythingAsync();
        var product = _h.Product(4);

        await _h.MerchantRepriceAsync(product.Id, product.FirstVariantId, Math.Round(product.FirstPrice * 1.05m, 2));
        await _h.MerchantRetitleAsync(product.Id, product.Title + " (new season)");

        var change = await WebhookTests.StagedForAsync(_h, product.Id, product.Title + " (new season)");
        Assert.Equal("pull_from_shopify", change.GetProperty("sync_direction").GetString());
        var batch = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/batches/{change.GetProperty("batch_id").GetString()}",
            TestContext.Current.CancellationToken))).GetProperty("item");
        Assert.Equal("webhook", batch.GetProperty("sync_type").GetString());
        var factory = _h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var deliveries = await db.WebhookDeliveries.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains(deliveries, d => d.Topic == "products/update" && d.ShopifyProductId == product.Id.ToString(CultureInfo.InvariantCulture));
    }
}
