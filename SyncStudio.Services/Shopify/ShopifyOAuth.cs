using System.Net;
using System.Text.Json;

namespace SyncStudio.Services.Shopify;

/// <summary>What Shopify's token endpoint answered: a token, how long it lives, what it grants, and the next refresh token.</summary>
public sealed record ShopifyTokenGrant(
    string AccessToken,
    DateTime? ExpiresAt,
    string? Scopes,
    string? RefreshToken,
    DateTime? RefreshTokenExpiresAt);

/// <summary>
/// <c>POST https://{shop}/admin/oauth/access_token</c>, the one token endpoint of every grant:
/// <list type="bullet">
/// <item>client credentials (an app of the merchant's own organization, from the Dev Dashboard):
/// <c>grant_type=client_credentials&amp;client_id&amp;client_secret</c>, a token valid about 24 hours
/// (https://shopify.dev/docs/apps/build/dev-dashboard/get-api-access-tokens);</item>
/// <item>authorization code: <c>client_id&amp;client_secret&amp;code&amp;expiring=1</c>, an expiring offline token (60 minutes)
/// with a refresh token (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant,
/// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens);</item>
/// <item>refresh: <c>grant_type=refresh_token&amp;client_id&amp;client_secret&amp;refresh_token</c>, a new token and a new
/// refresh token; the one sent is spent (https://shopify.dev/changelog/posts/offline-access-tokens-now-support-expiry-and-refresh).</item>
/// </list>
/// The form body carries the secret: it is never logged (the HttpClient logs no bodies; failures name the status only).
/// </summary>
public static class ShopifyOAuth
{
    public const string TokenPath = "/admin/oauth/access_token";
    public const string AuthorizePath = "/admin/oauth/authorize";

    /// <summary>What the app needs: products and variants, stock at locations, bulk exports (read_products).</summary>
    public static readonly IReadOnlyList<string> RequiredScopes =
        ["read_products", "write_products", "read_inventory", "write_inventory", "read_locations"];

    public static Task<ShopifyTokenGrant> ClientCredentialsAsync(HttpClient http, Uri adminBase, string clientId, string clientSecret,
        TimeProvider time, CancellationToken ct) =>
        RequestAsync(http, adminBase, time, [("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret)], ct);

    public static Task<ShopifyTokenGrant> AuthorizationCodeAsync(HttpClient http, Uri adminBase, string clientId, string clientSecret,
        string code, TimeProvider time, CancellationToken ct) =>
        RequestAsync(http, adminBase, time, [("client_id", clientId), ("client_secret", clientSecret), ("code", code), ("expiring", "1")], ct);

    public static Task<ShopifyTokenGrant> RefreshAsync(HttpClient http, Uri adminBase, string clientId, string clientSecret,
        string refreshToken, TimeProvider time, CancellationToken ct) =>
        RequestAsync(http, adminBase, time,
            [("grant_type", "refresh_token"), ("client_id", clientId), ("client_secret", clientSecret), ("refresh_token", refreshToken)], ct);

    private static async Task<ShopifyTokenGrant> RequestAsync(HttpClient http, Uri adminBase, TimeProvider time,
        (string Key, string Value)[] form, CancellationToken ct)
    {
        var url = new Uri(adminBase.AbsoluteUri.TrimEnd('/') + TokenPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
        };
        request.Headers.Accept.Add(new("application/json"));
        HttpResponseMessage response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new ShopifyTokenException($"the shop's token endpoint could not be reached ({e.HttpRequestError})", transient: true, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ShopifyTokenException("the shop's token endpoint did not answer in time", transient: true, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                // Only the OAuth error code is kept: a body could echo what was sent.
                var code = ErrorCode(text);
                throw new ShopifyTokenException(
                    $"the shop refused the token request: HTTP {status}{(code is null ? "" : " " + code)}",
                    transient: status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests);
            }

            try
            {
                using var json = JsonDocument.Parse(text);
                var root = json.RootElement;
                var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (string.IsNullOrEmpty(token))
                    throw new ShopifyTokenException("the shop's token answer holds no access_token", transient: false);
                var now = time.GetUtcNow().UtcDateTime;
                return new ShopifyTokenGrant(
                    token,
                    Seconds(root, "expires_in") is { } expires ? now.AddSeconds(expires) : null,
                    root.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null,
                    root.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null,
                    Seconds(root, "refresh_token_expires_in") is { } refreshExpires ? now.AddSeconds(refreshExpires) : null);
            }
            catch (JsonException e)
            {
                throw new ShopifyTokenException("the shop's token answer is not JSON", transient: false, e);
            }
        }
    }

    private static long? Seconds(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) ? seconds : null;

    private static string? ErrorCode(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var e)
                && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: <= 64 } code && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? code
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Checks the <c>hmac</c> of a request Shopify signed (the install callback): hex HMAC-SHA256, keyed with the client
    /// secret, over every other parameter sorted by name and joined as <c>name=value&amp;...</c>, compared in constant time
    /// (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-1-verify-the-installation-request).
    /// </summary>
    public static bool IsValidQueryHmac(IReadOnlyDictionary<string, string> query, string clientSecret)
    {
        if (!query.TryGetValue("hmac", out var presented) || presented.Length != 64)
            return false;
        var message = string.Join('&', query.Where(p => p.Key is not ("hmac" or "signature"))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var expected = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(clientSecret),
            System.Text.Encoding.UTF8.GetBytes(message));
        byte[] given;
        try
        {
            given = Convert.FromHexString(presented);
        }
        catch (FormatException)
        {
            return false;
        }
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The scopes in <see cref="RequiredScopes"/> that <paramref name="granted"/> lacks (a write scope implies its read).</summary>
    public static IReadOnlyList<string> MissingScopes(string? granted)
    {
        var set = (granted ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return [.. RequiredScopes.Where(s => !set.Contains(s) && !(s.StartsWith("read_", StringComparison.Ordinal) && set.Contains("write_" + s["read_".Length..])))];
    }
}
