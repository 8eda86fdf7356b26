using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SyncStudio.ShopifySimulator;

/// <summary>What <c>POST /admin/oauth/access_token</c> answers: a token, its lifetime and scopes, and a refresh token.</summary>
public sealed record SimulatedTokenGrant(string AccessToken, int? ExpiresIn, string Scope, string? RefreshToken, int? RefreshTokenExpiresIn);

/// <summary>Why a token request was refused: the OAuth error code (RFC 6749 §5.2) and the HTTP status.</summary>
public sealed record SimulatedTokenRefusal(int Status, string Error, string Description);

/// <summary>
/// The app's side of Shopify's OAuth, as shopify.dev documents it for 2026-07:
/// <list type="bullet">
/// <item>client credentials grant: an app of the shop's own organization trades its client id and secret for a token that
/// lasts 86,399 seconds (https://shopify.dev/docs/apps/build/dev-dashboard/get-api-access-tokens);</item>
/// <item>authorization code grant: <c>/admin/oauth/authorize</c> redirects back with a one-use <c>code</c> and an
/// <c>hmac</c> over the other query parameters; with <c>expiring=1</c> the code buys a 60-minute offline token and a
/// refresh token (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant,
/// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens);</item>
/// <item>refresh token grant: a new token and a new refresh token; the one sent is spent and refused from then on
/// (https://shopify.dev/changelog/posts/offline-access-tokens-now-support-expiry-and-refresh).</item>
/// </list>
/// Expiry is on the simulator's clock, so a test moves time on (or calls <see cref="ExpireAllTokens"/>) instead of waiting.
/// </summary>
public sealed class SimulatedOAuth(SimulatorOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset?> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset ExpiresAt, bool Spent)> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset ExpiresAt, string Scope, bool Used)> _codes = new(StringComparer.Ordinal);
    private int _tokenRequests;

    /// <summary>How many token requests were answered with a token (each grant counts once).</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>True for the configured static token, or for an issued token that has not expired.</summary>
    public bool IsValid(string presented)
    {
        if (presented.Length == 0)
            return false;
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.AccessToken)))
            return true;
        lock (_gate)
        {
            return _tokens.TryGetValue(presented, out var expires) && (expires is null || time.GetUtcNow() < expires);
        }
    }

    /// <summary>Every issued token stops working now (as if its lifetime had passed); refresh tokens stay good.</summary>
    public void ExpireAllTokens()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var key in _tokens.Keys.ToList())
                _tokens[key] = now;
        }
    }

    /// <summary>Every refresh token is refused from now on (as if the merchant uninstalled the app, or it expired).</summary>
    public void RevokeRefreshTokens()
    {
        lock (_gate)
        {
            foreach (var key in _refreshTokens.Keys.ToList())
                _refreshTokens[key] = (_refreshTokens[key].ExpiresAt, true);
        }
    }

    /// <summary>Every issued token and refresh token stops working (the app was uninstalled).</summary>
    public void RevokeAll()
    {
        ExpireAllTokens();
        RevokeRefreshTokens();
    }

    /// <summary>Answers the token endpoint's form (<c>grant_type</c>, <c>client_id</c>, <c>client_secret</c>, ...).</summary>
    public (SimulatedTokenGrant? Grant, SimulatedTokenRefusal? Refusal) Exchange(IReadOnlyDictionary<string, string> form)
    {
        var grantType = form.GetValueOrDefault("grant_type");
        // The authorization code exchange historically sends no grant_type; client_id, client_secret and code are enough.
        if (grantType is null && form.ContainsKey("code"))
            grantType = "authorization_code";
        if (grantType is not ("client_credentials" or "authorization_code" or "refresh_token"))
            return Refuse(400, "unsupported_grant_type", "grant_type must be client_credentials, authorization_code or refresh_token");
        if (!form.TryGetValue("client_id", out var clientId) || !form.TryGetValue("client_secret", out var clientSecret)
            || !Same(clientId, options.ClientId) || !Same(clientSecret, options.ClientSecret))
            return Refuse(401, "invalid_client", "Client authentication failed");

        lock (_gate)
        {
            var now = time.GetUtcNow();
            switch (grantType)
            {
                case "client_credentials":
                    return (Issue(now, options.ClientCredentialsTokenLifetime, options.GrantedScopes, refresh: false), null);
                case "authorization_code":
                    {
                        var code = form.GetValueOrDefault("code") ?? "";
                        if (!_codes.TryGetValue(code, out var issued) || issued.Used || now >= issued.ExpiresAt)
                            return Refuse(400, "invalid_grant", "The authorization code is invalid, used or expired");
                        _codes[code] = issued with { Used = true };
                        var expiring = form.GetValueOrDefault("expiring") == "1";
                        return (Issue(now, expiring ? options.OfflineTokenLifetime : null, issued.Scope, refresh: expiring), null);
                    }
                default:
                    {
                        var refresh = form.GetValueOrDefault("refresh_token") ?? "";
                        if (!_refreshTokens.TryGetValue(refresh, out var state) || state.Spent || now >= state.ExpiresAt)
                            return Refuse(400, "invalid_grant", "The refresh token is invalid, already used or expired");
                        // Rotation: the refresh token sent is spent, whatever happens to the answer.
                        _refreshTokens[refresh] = state with { Spent = true };
                        return (Issue(now, options.OfflineTokenLifetime, options.GrantedScopes, refresh: true), null);
                    }
            }
        }
    }

    /// <summary>A one-use code for an install the merchant approved (valid ten minutes).</summary>
    public string IssueCode(string scope)
    {
        var code = Hex(16);
        lock (_gate)
            _codes[code] = (time.GetUtcNow().AddMinutes(10), scope, false);
        return code;
    }

    /// <summary>
    /// Shopify's query signature: hex HMAC-SHA256, keyed with the app's client secret, over the other parameters sorted
    /// by name and joined as <c>name=value&amp;...</c>.
    /// </summary>
    public static string SignQuery(IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        var message = string.Join('&', parameters.Where(p => p.Key != "hmac" && p.Key != "signature")
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
    }

    private SimulatedTokenGrant Issue(DateTimeOffset now, TimeSpan? lifetime, string scope, bool refresh)
    {
        Interlocked.Increment(ref _tokenRequests);
        var token = "shpat_" + Hex(16);
        _tokens[token] = lifetime is { } l ? now + l : null;
        string? refreshToken = null;
        if (refresh)
        {
            refreshToken = "shprt_" + Hex(16);
            _refreshTokens[refreshToken] = (now + options.RefreshTokenLifetime, false);
        }
        return new SimulatedTokenGrant(token, lifetime is { } t ? (int)t.TotalSeconds : null, scope, refreshToken,
            refresh ? (int)options.RefreshTokenLifetime.TotalSeconds : null);
    }

    private static (SimulatedTokenGrant?, SimulatedTokenRefusal?) Refuse(int status, string error, string description) =>
        (null, new SimulatedTokenRefusal(status, error, description));

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    internal static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
