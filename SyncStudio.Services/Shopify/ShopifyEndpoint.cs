namespace SyncStudio.Services.Shopify;

/// <summary>
/// The shop a request goes to: its Admin GraphQL endpoint, where its Admin API token comes from, and the key of the
/// shop's cost bucket. <see cref="ToString"/> names the endpoint only: the token must never reach a log.
/// </summary>
public sealed class ShopifyEndpoint
{
    internal ShopifyEndpoint(Uri graphQLEndpoint, IShopifyAccessToken token, string shopKey)
    {
        GraphQLEndpoint = graphQLEndpoint;
        Token = token;
        ShopKey = shopKey;
    }

    internal ShopifyEndpoint(Uri graphQLEndpoint, string accessToken, string shopKey)
        : this(graphQLEndpoint, new StaticAccessToken(accessToken), shopKey)
    {
    }

    public Uri GraphQLEndpoint { get; }

    /// <summary>The shop's origin (<c>https://my-shop.myshopify.com</c>, or the configured base before <c>/admin</c>).</summary>
    public Uri AdminBase
    {
        get
        {
            var text = GraphQLEndpoint.AbsoluteUri;
            return new Uri(text[..text.IndexOf("/admin/api/", StringComparison.Ordinal)]);
        }
    }

    internal IShopifyAccessToken Token { get; }

    public string ShopKey { get; }

    /// <summary>The endpoint the options name (configuration, or the built-in simulator).</summary>
    public static ShopifyEndpoint From(ShopifyOptions options) => new(options.GraphQLEndpoint, options.AccessToken, options.ShopKey);

    internal static ShopifyEndpoint From(ShopifyOptions options, IShopifyAccessToken token) => new(options.GraphQLEndpoint, token, options.ShopKey);

    public override string ToString() => GraphQLEndpoint.ToString();
}

/// <summary>
/// Where a request's <c>X-Shopify-Access-Token</c> comes from: a static token, or one the app obtains and renews
/// (client credentials, expiring offline tokens). Implementations never log a token.
/// </summary>
internal interface IShopifyAccessToken
{
    /// <summary>A token to send now (renewed first when it is about to expire).</summary>
    ValueTask<string> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The shop refused <paramref name="rejected"/> with 401: a token to try once more, or null when there is no other
    /// (a static token, or renewal refused). Concurrent callers that saw the same rejected token share one renewal.
    /// </summary>
    ValueTask<string?> RenewAfterRejectionAsync(string rejected, CancellationToken cancellationToken);
}

internal sealed class StaticAccessToken(string token) : IShopifyAccessToken
{
    public ValueTask<string> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);

    public ValueTask<string?> RenewAfterRejectionAsync(string rejected, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}

/// <summary>A token could not be obtained (the shop refused the app's credentials, or could not be reached).</summary>
public sealed class ShopifyTokenException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when nothing was refused (the shop could not be reached): trying again later may work.</summary>
    public bool Transient { get; } = transient;
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
