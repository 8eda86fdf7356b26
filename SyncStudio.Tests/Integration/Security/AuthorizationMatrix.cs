using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;

namespace SyncStudio.Tests.Integration.Security;

/// <summary>One /api route as routing knows it, with a callable URL and the role its metadata demands.</summary>
public sealed record ApiRoute(string Method, string Pattern, string Url, string? RequiredRole, bool AllowsAnonymous)
{
    public string Key => $"{Method} {Pattern}";
}

/// <summary>
/// Calls every /api route as anonymous and as each role, and lists every answer that breaks the rules: anonymous gets a
/// 401 in the error shape unless the route is on the allow-list, a role below the route's policy gets a 403 in the
/// error shape, a role at or above it gets neither.
/// </summary>
public static class AuthorizationMatrix
{
    /// <summary>The only /api routes open to anonymous callers, each for a reason.</summary>
    public static readonly IReadOnlySet<string> AnonymousAllowList = new HashSet<string>(StringComparer.Ordinal)
    {
        // Clients must be able to obtain a token.
        "POST /api/auth/token",
        // Shopify cannot hold a token of ours: each webhook is signed with the app's secret instead (HMAC, else 401).
        "POST /api/webhooks/shopify",
        // Shopify's browser redirect after an install: trusted only through its hmac, a one-use state issued to an
        // Admin and the saved shop (docs/decisions/0020); anything else is refused in the error shape.
        "GET /api/shopify/oauth/callback",
        // The API reference page (it shows the public OpenAPI document, nothing else).
        "GET /api/docs/{documentName?}",
        "GET /api/docs/scalar.js",
        "GET /api/docs/scalar.aspnetcore.js",
        "GET /api/docs/favicon.svg",
    };

    /// <summary>
    /// Allow-listed routes that authenticate each call themselves (a signature, not a token): without it every caller,
    /// whatever their role, gets 401 in the error shape.
    /// </summary>
    public static readonly IReadOnlySet<string> SelfAuthenticated = new HashSet<string>(StringComparer.Ordinal)
    {
        "POST /api/webhooks/shopify",
    };

    public static IReadOnlyList<ApiRoute> Discover(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new ApiRoute(method, e.RoutePattern.RawText!, UrlOf(e.RoutePattern),
                    RequiredRole(e.Metadata), e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>The highest role among the route's policies (they all apply); null when it has none.</summary>
    public static string? RequiredRole(EndpointMetadataCollection metadata)
    {
        var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        return Roles.All.LastOrDefault(policies.Contains);
    }

    /// <summary>A URL for the pattern with plausible values: batch ids look like batch ids, other ids are 1.</summary>
    public static string UrlOf(RoutePattern pattern)
    {
        var url = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            url.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        url.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        url.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter when !parameter.IsOptional && !parameter.IsCatchAll:
                        url.Append(parameter.Name.Contains("batch", StringComparison.OrdinalIgnoreCase) ? "pull_x" : "1");
                        break;
                }
            }
        }
        return url.ToString().TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
    }

    /// <param name="clientFor">A client for a role, or an anonymous one for null.</param>
    public static async Task<IReadOnlyList<string>> CheckAsync(IReadOnlyList<ApiRoute> routes,
        Func<string?, Task<HttpClient>> clientFor, CancellationToken ct)
    {
        var failures = new List<string>();
        var callers = new List<string?> { null };
        callers.AddRange(Roles.All);
        foreach (var route in routes)
        {
            var allowListed = AnonymousAllowList.Contains(route.Key);
            if ((route.AllowsAnonymous || route.RequiredRole is null) && !allowListed)
                failures.Add($"{route.Key} is open to anonymous callers but not on the allow-list");
            if (!route.AllowsAnonymous && route.RequiredRole is null)
                failures.Add($"{route.Key} names no role policy");

            foreach (var caller in callers)
            {
                var client = await clientFor(caller);
                using var response = await SendAsync(client, route, ct);
                var status = response.StatusCode;
                var who = caller ?? "anonymous";
                if (SelfAuthenticated.Contains(route.Key))
                {
                    if (status != HttpStatusCode.Unauthorized || !await IsErrorShapeAsync(response, ct))
                        failures.Add($"{route.Key} as {who}: unsigned, expected 401 in the error shape, got {(int)status}");
                    continue;
                }
                if (caller is null)
                {
                    if (allowListed)
                        continue;
                    if (status != HttpStatusCode.Unauthorized)
                        failures.Add($"{route.Key} as anonymous: expected 401, got {(int)status}");
                    else if (!await IsErrorShapeAsync(response, ct))
                        failures.Add($"{route.Key} as anonymous: 401 not in the error shape");
                    continue;
                }
                var below = route.RequiredRole is not null && !route.AllowsAnonymous
                    && Roles.All.ToList().IndexOf(caller) < Roles.All.ToList().IndexOf(route.RequiredRole);
                if (below)
                {
                    if (status != HttpStatusCode.Forbidden)
                        failures.Add($"{route.Key} as {who}: below {route.RequiredRole}, expected 403, got {(int)status}");
                    else if (!await IsErrorShapeAsync(response, ct))
                        failures.Add($"{route.Key} as {who}: 403 not in the error shape");
                }
                else if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{route.Key} as {who}: allowed role, got {(int)status}");
                }
            }
        }
        return failures;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, ApiRoute route, CancellationToken ct)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url);
        if (route.Method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return client.SendAsync(request, ct);
    }

    public static async Task<bool> IsErrorShapeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
            return false;
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(error.GetString())
                && root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
