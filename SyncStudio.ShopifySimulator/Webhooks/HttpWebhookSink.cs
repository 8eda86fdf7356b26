using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// Delivers the simulator's events as Shopify does (https://shopify.dev/docs/apps/build/webhooks/subscribe): a POST of
/// the REST-style JSON to every subscription the app registered for the topic, signed with the app's client secret, and
/// to <see cref="SimulatorOptions.WebhookUrl"/> when set (a fixed development receiver, signed with
/// <see cref="SimulatorOptions.WebhookSecret"/>). Each carries <c>X-Shopify-Topic</c>, <c>X-Shopify-Webhook-Id</c> (one per
/// delivery), <c>X-Shopify-Event-Id</c> (one per event, the same through every subscription, which is what a receiver
/// deduplicates on: https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates), <c>X-Shopify-Shop-Domain</c> and
/// <c>X-Shopify-Hmac-Sha256</c>. Sent in the background, so a write's GraphQL answer never waits for a delivery; a
/// delivery that fails is logged and dropped, as Shopify's can be lost.
/// </summary>
public sealed class HttpWebhookSink : BackgroundService, ISimulatorWebhookSink
{
    public const string ClientName = "SyncStudio.ShopifySimulator.Webhooks";
    private const int QueueCapacity = 10_000;

    private readonly SimulatorOptions _options;
    private readonly IHttpClientFactory _clients;
    private readonly ILogger<HttpWebhookSink> _logger;
    private readonly IServiceProvider _services;
    private readonly Channel<WebhookEvent> _queue = Channel.CreateBounded<WebhookEvent>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public HttpWebhookSink(IOptions<SimulatorOptions> options, IHttpClientFactory clients, ILogger<HttpWebhookSink> logger, IServiceProvider services)
    {
        _options = options.Value;
        _clients = clients;
        _logger = logger;
        _services = services;
    }

    private sealed record WebhookEvent(string Topic, JsonObject Body, DateTimeOffset At, string EventId);

    /// <summary>The subscriptions, read at delivery (the shop owns them and is built after its sinks).</summary>
    private SimulatedWebhookSubscriptions? Subscriptions => (_services.GetService(typeof(SimulatedShop)) as SimulatedShop)?.Webhooks;

    public void Publish(SimulatorProductEvent productEvent) =>
        PublishTopic(productEvent.Topic, Body(productEvent), productEvent.At);

    public void PublishTopic(string topic, JsonObject body, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(_options.WebhookUrl) && Subscriptions?.For(topic) is not { Count: > 0 })
            return;
        if (!_queue.Writer.TryWrite(new WebhookEvent(topic, body, at, Guid.NewGuid().ToString())))
            _logger.LogWarning("Webhook queue full: {Topic} dropped", topic);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var webhookEvent in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (!string.IsNullOrWhiteSpace(_options.WebhookUrl))
                    await DeliverAsync(webhookEvent, _options.WebhookUrl, _options.WebhookSecret, stoppingToken);
                foreach (var subscription in Subscriptions?.For(webhookEvent.Topic) ?? [])
                    await DeliverAsync(webhookEvent, subscription.Uri, _options.ClientSecret, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(WebhookEvent webhookEvent, string url, string? secret, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(webhookEvent.Body.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Shopify-Topic", webhookEvent.Topic);
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Event-Id", webhookEvent.EventId);
        request.Headers.Add("X-Shopify-Shop-Domain", _options.ShopDomain);
        request.Headers.Add("X-Shopify-API-Version", "2026-07");
        request.Headers.Add("X-Shopify-Triggered-At", webhookEvent.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(secret))
            request.Headers.Add("X-Shopify-Hmac-Sha256", Sign(body, secret));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5)); // Shopify gives a receiver five seconds too.
            using var response = await _clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
                _logger.LogWarning("Webhook {Topic} answered {Status}: dropped", webhookEvent.Topic, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            _logger.LogWarning("Webhook {Topic} not delivered ({Error}): dropped", webhookEvent.Topic, ex.Message);
        }
    }

    /// <summary>Shopify's signature: base64 of HMAC-SHA256 over the exact body bytes.</summary>
    public static string Sign(byte[] body, string secret) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The REST Admin API's product JSON, as Shopify's product webhooks carry it (a delete carries only the id).</summary>
    public static JsonObject Body(SimulatorProductEvent productEvent)
    {
        if (productEvent.Product is not { } product)
            return new JsonObject { ["id"] = productEvent.ProductId };
        var position = 0;
        return new JsonObject
        {
            ["id"] = product.Id,
            ["title"] = product.Title,
            ["body_html"] = product.DescriptionHtml,
            ["vendor"] = product.Vendor,
            ["product_type"] = product.ProductType,
            ["handle"] = product.Handle,
            ["status"] = product.Status.ToLowerInvariant(),
            ["tags"] = string.Join(", ", product.Tags),
            ["created_at"] = Stamp(product.CreatedAt),
            ["updated_at"] = Stamp(product.UpdatedAt),
            ["admin_graphql_api_id"] = product.Gid,
            ["variants"] = new JsonArray([.. product.Variants.Select(v => (JsonNode)new JsonObject
            {
                ["id"] = v.Id,
                ["product_id"] = product.Id,
                ["title"] = v.Title,
                ["price"] = v.Price.ToString("0.00", CultureInfo.InvariantCulture),
                ["compare_at_price"] = v.CompareAtPrice?.ToString("0.00", CultureInfo.InvariantCulture),
                ["sku"] = v.Sku,
                ["barcode"] = v.Barcode,
                ["position"] = ++position,
                ["inventory_quantity"] = v.TotalAvailable,
                ["inventory_item_id"] = v.InventoryItemId,
                ["option1"] = v.OptionValues.ElementAtOrDefault(0),
                ["option2"] = v.OptionValues.ElementAtOrDefault(1),
                ["option3"] = v.OptionValues.ElementAtOrDefault(2),
                ["updated_at"] = Stamp(v.UpdatedAt),
                ["admin_graphql_api_id"] = v.Gid,
            })]),
            ["options"] = new JsonArray([.. product.Options.Select((o, i) => (JsonNode)new JsonObject
            {
                ["id"] = o.Id,
                ["product_id"] = product.Id,
                ["name"] = o.Name,
                ["position"] = i + 1,
                ["values"] = new JsonArray([.. o.Values.Select(value => (JsonNode?)JsonValue.Create(value))]),
            })]),
        };
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
