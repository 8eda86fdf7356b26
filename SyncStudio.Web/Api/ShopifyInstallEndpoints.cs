using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record ShopifyInstallResponse(bool Success, string AuthorizeUrl, string RedirectUri);

/// <summary>
/// The authorization code grant: an Admin starts the install (<c>POST /api/settings/shopify/install</c> answers
/// Shopify's install address, which the browser opens), and Shopify sends the browser back to
/// <c>GET /api/shopify/oauth/callback</c>. The callback carries no bearer token (it is a redirect from Shopify): it is
/// trusted only when its HMAC (keyed with the app's client secret) and its one-use <c>state</c>, issued to the Admin who
/// started the install, both check; anything else is refused with the contract's error shape.
/// </summary>
public static class ShopifyInstallEndpoints
{
    public const string CallbackPath = "/api/shopify/oauth/callback";

    public static RouteGroupBuilder MapShopifyInstallEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/settings/shopify/install", BeginInstall).RequireAuthorization(Roles.Admin)
            .WithSummary("Start installing the saved authorization-code app: answers the Shopify install address to open in the browser");
        api.MapGet("/shopify/oauth/callback", Callback).AllowAnonymous()
            .WithSummary("Shopify's redirect after an install (verified by its hmac and state; no bearer token)");
        return api;
    }

    /// <summary>Where Shopify sends the browser back: <c>App:PublicUrl</c>, else the address this request came to.</summary>
    public static string CallbackUrl(HttpRequest request, IConfiguration configuration)
    {
        var publicUrl = configuration["App:PublicUrl"]?.Trim().TrimEnd('/');
        var origin = string.IsNullOrEmpty(publicUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : publicUrl;
        return origin + CallbackPath;
    }

    public static async Task<Results<Ok<ShopifyInstallResponse>, JsonHttpResult<ErrorResponse>>> BeginInstall(
        HttpRequest request, ShopifyConnectionService connections, IConfiguration configuration, ClaimsPrincipal user, CancellationToken ct)
    {
        var callback = CallbackUrl(request, configuration);
        var (url, problem) = await connections.BeginInstallAsync(callback, user.RequireUserId(), ct);
        return url is null
            ? ApiErrors.Conflict("The app cannot be installed", new Dictionary<string, object?> { ["connection"] = problem })
            : TypedResults.Ok(new ShopifyInstallResponse(true, url, callback));
    }

    public static async Task<Results<RedirectHttpResult, JsonHttpResult<ErrorResponse>>> Callback(
        HttpRequest request, ShopifyConnectionService connections, CancellationToken ct)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var (field, problem, forbidden) = await connections.CompleteInstallAsync(query, ct);
        if (field is null)
            return TypedResults.Redirect("/settings?installed=1");
        return ApiErrors.Problem(forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest,
            "The install callback was refused", new Dictionary<string, object?> { [field] = problem });
    }
}
