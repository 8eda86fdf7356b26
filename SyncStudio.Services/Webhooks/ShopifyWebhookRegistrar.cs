using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Webhooks;

/// <summary>One webhook subscription of the app on the shop.</summary>
public sealed record WebhookSubscriptionView(string Id, string Topic, string Uri);

/// <summary>What "Register webhooks" did: the subscriptions now registered, and how many it created, moved and removed.</summary>
public sealed record WebhookRegistration(
    string CallbackUrl,
    IReadOnlyList<WebhookSubscriptionView> Subscriptions,
    int Created,
    int Updated,
    int Deleted,
    string? Error = null);

/// <summary>
/// Registers the webhooks the app needs on the connected shop, pointing at <c>{App:PublicUrl}/api/webhooks/shopify</c>:
/// one subscription per topic in <see cref="Topics"/>, created with <c>webhookSubscriptionCreate</c> or moved to the
/// app's address with <c>webhookSubscriptionUpdate</c>; any other subscription of the app (a stray: another address, a
/// duplicate, a topic no longer needed) is removed with <c>webhookSubscriptionDelete</c>. Running it again changes nothing
/// (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/webhookSubscriptionCreate).
/// </summary>
public sealed class ShopifyWebhookRegistrar(
    IHttpClientFactory httpClients,
    IOptionsMonitor<ShopifyOptions> options,
    ShopifyCostBuckets buckets,
    IShopifyConnectionSource connections,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<ShopifyWebhookRegistrar> logger)
{
    public const string Route = "/api/webhooks/shopify";

    /// <summary>The topics the app subscribes to (GraphQL enum names).</summary>
    public static readonly IReadOnlyList<string> Topics =
        ["PRODUCTS_CREATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE", "BULK_OPERATIONS_FINISH", "APP_UNINSTALLED"];

    internal static readonly ShopifyDocument List = new("WebhookSubscriptions", ShopifyDocumentKind.Query, """
        query WebhookSubscriptions($after: String) {
          webhookSubscriptions(first: 100, after: $after) {
            nodes { id topic uri }
            pageInfo { hasNextPage endCursor }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    internal static readonly ShopifyDocument Create = new("WebhookSubscriptionCreate", ShopifyDocumentKind.Mutation, """
        mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
          webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
            webhookSubscription { id topic uri }
            userErrors { field message }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    internal static readonly ShopifyDocument Update = new("WebhookSubscriptionUpdate", ShopifyDocumentKind.Mutation, """
        mutation WebhookSubscriptionUpdate($id: ID!, $uri: String!) {
          webhookSubscriptionUpdate(id: $id, webhookSubscription: { uri: $uri }) {
            webhookSubscription { id topic uri }
            userErrors { field message }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    internal static readonly ShopifyDocument Delete = new("WebhookSubscriptionDelete", ShopifyDocumentKind.Mutation, """
        mutation WebhookSubscriptionDelete($id: ID!) {
          webhookSubscriptionDelete(id: $id) {
            deletedWebhookSubscriptionId
            userErrors { field message }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    /// <summary>The address Shopify delivers to, or null (with why) when <c>App:PublicUrl</c> is missing or not absolute.</summary>
    public (string? Url, string? Problem) CallbackUrl()
    {
        var publicUrl = configuration["App:PublicUrl"]?.Trim();
        if (string.IsNullOrEmpty(publicUrl))
            return (null, "App:PublicUrl is not set: Shopify needs the app's public address to deliver webhooks");
        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query))
            return (null, "App:PublicUrl must be the app's absolute http(s) address");
        return (uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + Route, null);
    }

    public async Task<WebhookRegistration> ListAsync(CancellationToken ct)
    {
        var (callback, _) = CallbackUrl();
        var transport = Transport();
        var (subscriptions, error) = await ReadAllAsync(transport, ct);
        return new WebhookRegistration(callback ?? "", subscriptions, 0, 0, 0, error);
    }

    public async Task<WebhookRegistration> RegisterAsync(CancellationToken ct)
    {
        var (callback, problem) = CallbackUrl();
        if (callback is null)
            return new WebhookRegistration("", [], 0, 0, 0, problem);
        var transport = Transport();
        var (existing, error) = await ReadAllAsync(transport, ct);
        if (error is not null)
            return new WebhookRegistration(callback, existing, 0, 0, 0, error);

        int created = 0, updated = 0, deleted = 0;
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in Topics)
        {
            var ofTopic = existing.Where(s => s.Topic == topic).ToList();
            var at = ofTopic.FirstOrDefault(s => s.Uri == callback);
            if (at is not null)
            {
                keep.Add(at.Id);
                continue;
            }
            if (ofTopic.FirstOrDefault() is { } elsewhere)
            {
                var moved = await MutateAsync(transport, Update, new JsonObject { ["id"] = elsewhere.Id, ["uri"] = callback },
                    "webhookSubscriptionUpdate", ct);
                if (moved is not null)
                    return new WebhookRegistration(callback, existing, created, updated, deleted, moved);
                keep.Add(elsewhere.Id);
                updated++;
                continue;
            }
            var failed = await MutateAsync(transport, Create, new JsonObject { ["topic"] = topic, ["uri"] = callback }, "webhookSubscriptionCreate", ct);
            if (failed is not null)
                return new WebhookRegistration(callback, existing, created, updated, deleted, failed);
            created++;
        }

        foreach (var stray in existing.Where(s => !keep.Contains(s.Id)))
        {
            var failed = await MutateAsync(transport, Delete, new JsonObject { ["id"] = stray.Id }, "webhookSubscriptionDelete", ct);
            if (failed is not null)
                return new WebhookRegistration(callback, existing, created, updated, deleted, failed);
            deleted++;
        }

        var (now, readError) = await ReadAllAsync(transport, ct);
        logger.LogInformation("Webhooks registered at {CallbackUrl}: {Created} created, {Updated} moved, {Deleted} removed",
            callback, created, updated, deleted);
        return new WebhookRegistration(callback, now, created, updated, deleted, readError);
    }

    private ShopifyGraphQLTransport Transport()
    {
        var configured = options.CurrentValue;
        var fallback = ShopifyEndpoint.From(configured);
        return new ShopifyGraphQLTransport(httpClients.CreateClient(ShopifyRegistration.HttpClientName), configured, buckets,
            async ct => await connections.GetActiveAsync(ct) ?? fallback, time, logger);
    }

    private static async Task<(IReadOnlyList<WebhookSubscriptionView>, string?)> ReadAllAsync(ShopifyGraphQLTransport transport, CancellationToken ct)
    {
        var all = new List<WebhookSubscriptionView>();
        string? after = null;
        for (var page = 0; page < 20; page++)
        {
            var result = await transport.ExecuteAsync<ListData>(List, new JsonObject { ["after"] = after }, 12, ct);
            if (!result.Succeeded)
                return (all, result.Failure!.Message);
            var connection = result.Value!.WebhookSubscriptions;
            all.AddRange(connection.Nodes.Select(n => new WebhookSubscriptionView(n.Id, n.Topic, n.Uri)));
            if (!connection.PageInfo.HasNextPage)
                break;
            after = connection.PageInfo.EndCursor;
        }
        return (all, null);
    }

    /// <summary>Runs one subscription mutation; null when it succeeded, else why not.</summary>
    private static async Task<string?> MutateAsync(ShopifyGraphQLTransport transport, ShopifyDocument document, JsonObject variables, string field,
        CancellationToken ct)
    {
        var result = await transport.ExecuteAsync<JsonObject>(document, variables, 10, ct);
        if (!result.Succeeded)
            return result.Failure!.Message;
        var errors = result.Value![field]?["userErrors"]?.AsArray() ?? [];
        return errors.Count == 0 ? null : $"{field} refused: " + string.Join("; ", errors.Select(e => e?["message"]?.GetValue<string>()));
    }

    private sealed record ListData([property: JsonPropertyName("webhookSubscriptions")] SubscriptionConnection WebhookSubscriptions);

    private sealed record SubscriptionConnection(List<SubscriptionNode> Nodes, PageInfoDto PageInfo);

    private sealed record SubscriptionNode(string Id, string Topic, string Uri);

    private sealed record PageInfoDto(bool HasNextPage, string? EndCursor);
}
