using System.Globalization;
using System.Net;

namespace SyncStudio.ShopifySimulator;

/// <summary>One subscription an app registered with <c>webhookSubscriptionCreate</c>.</summary>
public sealed record SimulatedWebhookSubscription(long Id, string Topic, string Uri, string? Filter, IReadOnlyList<string> IncludeFields,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string Gid => $"gid://shopify/WebhookSubscription/{Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The header form of the topic: <c>PRODUCTS_UPDATE</c> is delivered as <c>products/update</c>.</summary>
    public static string HeaderTopic(string topic)
    {
        var underscore = topic.IndexOf('_', StringComparison.Ordinal);
        // Two-word resources keep their underscore (BULK_OPERATIONS_FINISH is bulk_operations/finish).
        var split = topic.LastIndexOf('_');
        return underscore < 0 ? topic.ToLowerInvariant() : $"{topic[..split].ToLowerInvariant()}/{topic[(split + 1)..].ToLowerInvariant()}";
    }
}

/// <summary>
/// The app's webhook subscriptions on this shop, as <c>webhookSubscriptionCreate</c>, <c>webhookSubscriptionUpdate</c> and
/// <c>webhookSubscriptionDelete</c> keep them (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/webhookSubscriptionCreate,
/// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/webhookSubscriptionUpdate,
/// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/webhookSubscriptionDelete). An HTTP endpoint must use https;
/// the simulator also takes plain http on loopback, where tests and the standalone simulator listen. One subscription
/// per topic and address: a second is refused ("Address for this topic has already been taken"). Kept in memory: a
/// restarted simulator has none, as a re-installed app has none.
/// </summary>
public sealed class SimulatedWebhookSubscriptions(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<SimulatedWebhookSubscription> _subscriptions = [];
    private long _nextId = 1_000_000_001;

    public IReadOnlyList<SimulatedWebhookSubscription> All
    {
        get
        {
            lock (_gate)
                return [.. _subscriptions];
        }
    }

    /// <summary>The subscriptions a change of <paramref name="headerTopic"/> (<c>products/update</c>) is delivered to.</summary>
    public IReadOnlyList<SimulatedWebhookSubscription> For(string headerTopic) =>
        [.. All.Where(s => SimulatedWebhookSubscription.HeaderTopic(s.Topic) == headerTopic)];

    public (SimulatedWebhookSubscription? Subscription, string? Field, string? Message) Create(string topic, string? uri, string? filter,
        IReadOnlyList<string>? includeFields)
    {
        if (UriProblem(uri) is { } problem)
            return (null, "webhookSubscription.uri", problem);
        lock (_gate)
        {
            if (_subscriptions.Any(s => s.Topic == topic && string.Equals(s.Uri, uri, StringComparison.Ordinal)))
                return (null, "webhookSubscription.uri", "Address for this topic has already been taken");
            var now = time.GetUtcNow();
            var created = new SimulatedWebhookSubscription(_nextId++, topic, uri!, filter, includeFields ?? [], now, now);
            _subscriptions.Add(created);
            return (created, null, null);
        }
    }

    public (SimulatedWebhookSubscription? Subscription, string? Field, string? Message) Update(long id, string? uri, string? filter,
        IReadOnlyList<string>? includeFields)
    {
        if (uri is not null && UriProblem(uri) is { } problem)
            return (null, "webhookSubscription.uri", problem);
        lock (_gate)
        {
            var index = _subscriptions.FindIndex(s => s.Id == id);
            if (index < 0)
                return (null, "id", "Webhook subscription does not exist");
            var current = _subscriptions[index];
            var newUri = uri ?? current.Uri;
            if (_subscriptions.Any(s => s.Id != id && s.Topic == current.Topic && s.Uri == newUri))
                return (null, "webhookSubscription.uri", "Address for this topic has already been taken");
            var updated = current with
            {
                Uri = newUri,
                Filter = filter ?? current.Filter,
                IncludeFields = includeFields ?? current.IncludeFields,
                UpdatedAt = time.GetUtcNow(),
            };
            _subscriptions[index] = updated;
            return (updated, null, null);
        }
    }

    public bool Delete(long id)
    {
        lock (_gate)
            return _subscriptions.RemoveAll(s => s.Id == id) > 0;
    }

    public void Clear()
    {
        lock (_gate)
            _subscriptions.Clear();
    }

    private static string? UriProblem(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
            return "Address can't be blank";
        if (!System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
            return "Address is invalid";
        var loopback = parsed.IsLoopback || (IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (parsed.Scheme == "http" && !loopback)
            return "Address protocol http:// is not supported";
        return null;
    }
}
