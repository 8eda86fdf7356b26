namespace SyncStudio.Services.Shopify;

/// <summary>
/// The shop a request goes to: its Admin GraphQL endpoint, the access token it carries, and the key of the shop's cost
/// bucket. <see cref="ToString"/> names the endpoint only: the token must never reach a log.
/// </summary>
public sealed class ShopifyEndpoint
{
    internal ShopifyEndpoint(Uri graphQLEndpoint, string accessToken, string shopKey)
    {
        GraphQLEndpoint = graphQLEndpoint;
        AccessToken = accessToken;
        ShopKey = shopKey;
    }

    public Uri GraphQLEndpoint { get; }

    internal string AccessToken { get; }

    public string ShopKey { get; }

    /// <summary>The endpoint the options name (configuration, or the built-in simulator).</summary>
    public static ShopifyEndpoint From(ShopifyOptions options) => new(options.GraphQLEndpoint, options.AccessToken, options.ShopKey);

    public override string ToString() => GraphQLEndpoint.ToString();
}

/// <summary>
/// The store connection saved through the dashboard, asked for on every request so a change applies at once. When it
/// gives one, that connection wins over the <c>Shopify:*</c> configuration (and so over the built-in simulator).
/// </summary>
public interface IShopifyConnectionSource
{
    /// <summary>The saved active connection, or null when none is saved.</summary>
    ValueTask<ShopifyEndpoint?> GetActiveAsync(CancellationToken cancellationToken);
}
