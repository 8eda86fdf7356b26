namespace SyncStudio.Data;

/// <summary>
/// The store connection set through the dashboard. Every secret (access token, client secret, refresh token) is Data
/// Protection ciphertext, never plain. <see cref="Mode"/> says how the app gets its Admin API token
/// (docs/decisions/0020-store-connection-modes.md).
/// </summary>
public class ShopifyConnection
{
    public int Id { get; set; }
    public required string ShopDomain { get; set; }
    public string ApiVersion { get; set; } = "2026-07";

    /// <summary><c>access_token</c>, <c>client_credentials</c> or <c>authorization_code</c>.</summary>
    public string Mode { get; set; } = "access_token";

    /// <summary>The static token (access_token mode), or the current offline token (authorization_code mode).</summary>
    public string? EncryptedAccessToken { get; set; }

    /// <summary>When the current token stops working (null: it does not expire).</summary>
    public DateTime? AccessTokenExpiresAt { get; set; }

    /// <summary>The app's client id from the Dev Dashboard (not a secret).</summary>
    public string? ClientId { get; set; }

    public string? EncryptedClientSecret { get; set; }

    /// <summary>The latest refresh token Shopify gave (it rotates on each use).</summary>
    public string? EncryptedRefreshToken { get; set; }

    public DateTime? RefreshTokenExpiresAt { get; set; }

    /// <summary>The scopes the last token answer granted, comma separated.</summary>
    public string? GrantedScopes { get; set; }

    /// <summary>Why the connection cannot be used without an Admin (<c>needs_reinstall</c>, <c>uninstalled</c>), or null.</summary>
    public string? Problem { get; set; }

    /// <summary>A development/test Admin base address used instead of <c>https://{ShopDomain}</c> (only when allowed by configuration).</summary>
    public string? BaseAddress { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int? UpdatedById { get; set; }
}
