using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// <c>POST {prefix}/admin/oauth/access_token</c> and <c>GET {prefix}/admin/oauth/authorize</c>: the shop's OAuth routes
/// (see <see cref="SimulatedOAuth"/> for what each grant does and the pages that document it).
/// </summary>
internal static class OAuthEndpoints
{
    /// <summary>The token endpoint: a form (or JSON) body, a JSON answer; refusals as RFC 6749 §5.2 errors.</summary>
    public static async Task AccessTokenAsync(HttpContext http)
    {
        var simulator = http.RequestServices.GetService(typeof(SimulatedShop)) as SimulatedShop;
        var form = await ReadFormAsync(http);
        if (simulator is null || form is null)
        {
            await WriteErrorAsync(http, 400, "invalid_request", "The body must be a form or a JSON object");
            return;
        }

        var (grant, refusal) = simulator.OAuth.Exchange(form);
        if (refusal is not null)
        {
            await WriteErrorAsync(http, refusal.Status, refusal.Error, refusal.Description);
            return;
        }

        http.Response.Headers.CacheControl = "no-store";
        await AdminApiEndpoint.WriteJsonAsync(http, w =>
        {
            w.WriteString("access_token", grant!.AccessToken);
            w.WriteString("scope", grant.Scope);
            if (grant.ExpiresIn is { } expires)
                w.WriteNumber("expires_in", expires);
            if (grant.RefreshToken is { } refresh)
            {
                w.WriteString("refresh_token", refresh);
                w.WriteNumber("refresh_token_expires_in", grant.RefreshTokenExpiresIn ?? 0);
            }
        });
    }

    /// <summary>
    /// The install screen: the merchant approves at once (the simulator has no one to ask), and Shopify redirects to the
    /// app's <c>redirect_uri</c> with <c>code</c>, <c>hmac</c>, <c>host</c>, <c>shop</c>, <c>state</c> and <c>timestamp</c>.
    /// A wrong client id or a missing redirect is refused with 400, as Shopify shows an error page instead.
    /// </summary>
    public static IResult Authorize(HttpContext http, SimulatedShop simulator)
    {
        var query = http.Request.Query;
        var clientId = query["client_id"].ToString();
        var redirect = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        if (clientId != simulator.Options.ClientId)
            return Results.BadRequest("Oauth error invalid_request: The client_id is not a known app.");
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri) || redirectUri.Scheme is not ("http" or "https"))
            return Results.BadRequest("Oauth error invalid_request: The redirect_uri is missing or not an absolute URL.");

        // The scopes granted are those the app asked for that it is configured with.
        var configured = simulator.Options.GrantedScopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var asked = query["scope"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var scope = string.Join(',', asked.Length == 0 ? configured : asked.Where(configured.Contains));
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["code"] = simulator.OAuth.IssueCode(scope),
            ["host"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"admin.shopify.com/store/{simulator.Options.ShopDomain.Split('.')[0]}")),
            ["shop"] = simulator.Options.ShopDomain,
            ["state"] = state,
            ["timestamp"] = SimulatedOAuth.Timestamp(simulator.Time.GetUtcNow()),
        };
        parameters["hmac"] = SimulatedOAuth.SignQuery(parameters, simulator.Options.ClientSecret);
        return Results.Redirect(QueryHelpers.AddQueryString(redirect, parameters!));
    }

    private static async Task<Dictionary<string, string>?> ReadFormAsync(HttpContext http)
    {
        try
        {
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            }

            using var json = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                return null;
            return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String
                ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string error, string description)
    {
        http.Response.StatusCode = status;
        return AdminApiEndpoint.WriteJsonAsync(http, w =>
        {
            w.WriteString("error", error);
            w.WriteString("error_description", description);
        });
    }
}
