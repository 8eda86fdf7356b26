using System.Globalization;
using GraphQL;
using GraphQL.Resolvers;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// <c>webhookSubscriptionCreate|Update|Delete</c> and the <c>webhookSubscriptions</c> / <c>webhookSubscription</c> queries
/// over <see cref="SimulatedWebhookSubscriptions"/>, with Shopify's payloads and user errors. The simulator takes HTTP
/// endpoints (<c>uri</c>, or the deprecated <c>callbackUrl</c>) with the JSON format only; other formats and targets
/// (EventBridge, Pub/Sub) are refused as user errors rather than stored and never delivered.
/// </summary>
internal static class WebhookResolvers
{
    public static IFieldResolver? Mutation(string field) => field switch
    {
        "webhookSubscriptionCreate" => new FuncFieldResolver<object?>(Create),
        "webhookSubscriptionUpdate" => new FuncFieldResolver<object?>(Update),
        "webhookSubscriptionDelete" => new FuncFieldResolver<object?>(Delete),
        _ => null,
    };

    public static IFieldResolver? Query(string field) => field switch
    {
        "webhookSubscriptions" => new FuncFieldResolver<object?>(List),
        "webhookSubscription" => new FuncFieldResolver<object?>(context =>
            Find(context, context.GetArgument<string>("id")) is { } found ? new WebhookSubscriptionNode(found) : null),
        "webhookSubscriptionsCount" => new FuncFieldResolver<object?>(context =>
            new CountNode(context.Execution().Simulator.Webhooks.All.Count)),
        _ => null,
    };

    private static Dictionary<string, object?> Create(IResolveFieldContext context)
    {
        var topic = context.GetArgument<object>("topic")?.ToString() ?? "";
        var input = InputValues.Argument(context, "webhookSubscription") ?? new Dictionary<string, object?>();
        if (Refusal(input) is { } refused)
            return Payload(null, refused);
        var (subscription, field, message) = context.Execution().Simulator.Webhooks.Create(
            topic, input.String("uri") ?? input.String("callbackUrl"), input.String("filter"), Strings(input, "includeFields"));
        return Payload(subscription, message is null ? null : new UserErrorNode(Path(field!), message, null));
    }

    private static Dictionary<string, object?> Update(IResolveFieldContext context)
    {
        var input = InputValues.Argument(context, "webhookSubscription") ?? new Dictionary<string, object?>();
        if (Refusal(input) is { } refused)
            return Payload(null, refused);
        if (Id(context.GetArgument<string>("id")) is not { } id)
            return Payload(null, new UserErrorNode(["id"], "Webhook subscription does not exist", null));
        var (subscription, field, message) = context.Execution().Simulator.Webhooks.Update(
            id, input.String("uri") ?? input.String("callbackUrl"), input.String("filter"), Strings(input, "includeFields"));
        return Payload(subscription, message is null ? null : new UserErrorNode(Path(field!), message, null));
    }

    private static Dictionary<string, object?> Delete(IResolveFieldContext context)
    {
        var gid = context.GetArgument<string>("id");
        var deleted = Id(gid) is { } id && context.Execution().Simulator.Webhooks.Delete(id);
        return new Dictionary<string, object?>
        {
            ["deletedWebhookSubscriptionId"] = deleted ? gid : null,
            ["userErrors"] = deleted ? Array.Empty<UserErrorNode>() : [new UserErrorNode(["id"], "Webhook subscription does not exist", null)],
        };
    }

    private static Connection List(IResolveFieldContext context)
    {
        var topics = context.GetArgument<List<object>?>("topics")?.Select(t => t.ToString()).ToHashSet(StringComparer.Ordinal);
        var uri = context.GetArgument<string?>("uri") ?? context.GetArgument<string?>("callbackUrl");
        var found = context.Execution().Simulator.Webhooks.All
            .Where(s => topics is null || topics.Contains(s.Topic))
            .Where(s => uri is null || s.Uri == uri)
            .OrderBy(s => s.Id)
            .Select(s => (object)new WebhookSubscriptionNode(s));
        return ConnectionFieldResolver.Page(context, found);
    }

    private static UserErrorNode? Refusal(IDictionary<string, object?> input)
    {
        if (input.String("format") is { } format && format != "JSON")
            return new UserErrorNode(["webhookSubscription", "format"], "The simulator delivers JSON webhooks only", null);
        if (input.Has("metafields") || input.Has("metafieldNamespaces"))
            return new UserErrorNode(["webhookSubscription", "metafields"], "The simulator does not model metafields in webhooks", null);
        var uri = input.String("uri") ?? "";
        if (uri.StartsWith("arn:", StringComparison.Ordinal) || uri.StartsWith("pubsub:", StringComparison.Ordinal))
            return new UserErrorNode(["webhookSubscription", "uri"], "The simulator delivers to HTTP endpoints only", null);
        return null;
    }

    private static SimulatedWebhookSubscription? Find(IResolveFieldContext context, string? gid) =>
        Id(gid) is { } id ? context.Execution().Simulator.Webhooks.All.FirstOrDefault(s => s.Id == id) : null;

    private static long? Id(string? gid) => ShopifyGid.ParseId(gid, "WebhookSubscription");

    private static List<string>? Strings(IDictionary<string, object?> input, string key) =>
        input.List(key)?.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToList();

    private static string[] Path(string field) => field.Split('.');

    private static Dictionary<string, object?> Payload(SimulatedWebhookSubscription? subscription, UserErrorNode? error) => new()
    {
        ["webhookSubscription"] = subscription is null ? null : new WebhookSubscriptionNode(subscription),
        ["userErrors"] = error is null ? Array.Empty<UserErrorNode>() : [error],
    };
}

internal sealed class WebhookSubscriptionNode(SimulatedWebhookSubscription subscription)
{
    public string Id => subscription.Gid;

    public string LegacyResourceId => Wire.Id(subscription.Id);

    public string Topic => subscription.Topic;

    public string Uri => subscription.Uri;

    public string CallbackUrl => subscription.Uri;

    public static string Format => "JSON";

    public string? Filter => subscription.Filter;

    public static string? Name => null;

    public IReadOnlyList<string> IncludeFields => subscription.IncludeFields;

    public static IReadOnlyList<string> MetafieldNamespaces => [];

    public static IReadOnlyList<object> Metafields => [];

    public string CreatedAt => Wire.DateTime(subscription.CreatedAt);

    public string UpdatedAt => Wire.DateTime(subscription.UpdatedAt);

    public static Dictionary<string, object?> ApiVersion => new()
    {
        ["handle"] = "2026-07",
        ["displayName"] = "2026-07",
        ["supported"] = true,
    };

    public Dictionary<string, object?> Endpoint => new()
    {
        ["__typename"] = "WebhookHttpEndpoint",
        ["callbackUrl"] = subscription.Uri,
    };
}
