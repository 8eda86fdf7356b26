using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Webhooks;

namespace SyncStudio.Web.Api;

public sealed record WebhookAck(string Status);

/// <summary>
/// <c>POST /api/webhooks/shopify</c>: Shopify's product webhooks. Anonymous (Shopify has no token of ours) but signed:
/// the HMAC of the raw body with the app's secret must match, or nothing is read further. Answered at once; staging
/// happens in the background (see <see cref="WebhookWorker"/>).
/// </summary>
public static class WebhookEndpoints
{
    public const string TopicHeader = "X-Shopify-Topic";
    public const string WebhookIdHeader = "X-Shopify-Webhook-Id";
    public const string EventIdHeader = "X-Shopify-Event-Id";
    public const string ShopDomainHeader = "X-Shopify-Shop-Domain";

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/webhooks/shopify", Receive).AllowAnonymous()
            .WithSummary("Receive a Shopify product webhook (signed with X-Shopify-Hmac-Sha256; no bearer token)");
        return api;
    }

    /// <remarks>
    /// Signed either with <c>Shopify:WebhookSecret</c> (subscriptions made outside the app) or with the saved app's client
    /// secret (subscriptions the app registered). Deduplicated by <c>X-Shopify-Event-Id</c> when present (the same event
    /// through two subscriptions), else by <c>X-Shopify-Webhook-Id</c>. <c>bulk_operations/finish</c> wakes a waiting pull;
    /// <c>app/uninstalled</c> marks the saved connection lost.
    /// </remarks>
    public static async Task<Results<Ok<WebhookAck>, JsonHttpResult<ErrorResponse>>> Receive(HttpRequest request, WebhookInbox inbox,
        IOptions<ShopifyWebhookOptions> options, ShopifyConnectionService connections, ShopifyBulkSignals bulkSignals, CancellationToken ct)
    {
        var settings = options.Value;
        var secrets = new List<string>(2);
        if (!string.IsNullOrEmpty(settings.WebhookSecret))
            secrets.Add(settings.WebhookSecret);
        if (await connections.GetClientSecretAsync(ct) is { Length: > 0 } clientSecret)
            secrets.Add(clientSecret);
        if (secrets.Count == 0)
            return Unsigned("webhooks are not accepted: no Shopify:WebhookSecret is configured and no app with a client secret is connected");
        var body = await ReadBoundedAsync(request, settings.WebhookMaxBodyBytes, ct);
        if (body is null)
            return ApiErrors.Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                new Dictionary<string, object?> { ["max_bytes"] = settings.WebhookMaxBodyBytes });
        var signature = request.Headers[ShopifyWebhookSignature.Header].ToString();
        if (!secrets.Any(secret => ShopifyWebhookSignature.IsValid(body, secret, signature)))
            return Unsigned($"{ShopifyWebhookSignature.Header} is missing or does not match the body");

        var topic = request.Headers[TopicHeader].ToString();
        var webhookId = request.Headers[WebhookIdHeader].ToString();
        var eventId = request.Headers[EventIdHeader].ToString();
        var validation = new Validation().Require(TopicHeader, topic).Require(WebhookIdHeader, webhookId)
            .MaxLength(TopicHeader, topic, 50).MaxLength(WebhookIdHeader, webhookId, 100).MaxLength(EventIdHeader, eventId, 100);
        if (!validation.IsValid)
            return validation.ToResult();
        switch (topic)
        {
            case "bulk_operations/finish":
                if (Field(body, "admin_graphql_api_id") is { } gid)
                    bulkSignals.Finished(gid);
                return TypedResults.Ok(new WebhookAck("accepted"));
            case "app/uninstalled":
                await connections.MarkProblemAsync(request.Headers[ShopDomainHeader].ToString(), ShopifyConnectionProblems.Uninstalled,
                    "Shopify sent app/uninstalled", ct);
                return TypedResults.Ok(new WebhookAck("accepted"));
        }
        if (!WebhookInbox.ProductTopics.Contains(topic))
            return TypedResults.Ok(new WebhookAck("ignored"));

        var productId = ProductId(body, validation);
        if (productId is null)
            return validation.ToResult();
        // One event delivered through two subscriptions carries one event id and two webhook ids: it is staged once.
        var receipt = await inbox.ReceiveAsync(eventId.Length > 0 ? "event:" + eventId : webhookId, topic, productId.Value, ct);
        return TypedResults.Ok(new WebhookAck(receipt.ToString().ToLowerInvariant()));
    }

    private static string? Field(byte[] body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonHttpResult<ErrorResponse> Unsigned(string reason) =>
        ApiErrors.Problem(StatusCodes.Status401Unauthorized, "Invalid webhook signature", new Dictionary<string, object?> { ["signature"] = reason });

    /// <summary>The product's id from Shopify's body (<c>{"id": 123, ...}</c>; a delete sends only the id).</summary>
    private static long? ProductId(byte[] body, Validation validation)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value) && value > 0)
                return value;
            validation.Add("id", "must be the product's numeric id");
        }
        catch (JsonException ex)
        {
            validation.Add("body", "is not valid JSON: " + ex.Message);
        }
        return null;
    }

    /// <summary>The raw body (the signature covers its exact bytes), or null when it is larger than <paramref name="max"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
