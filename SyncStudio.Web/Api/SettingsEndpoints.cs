using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

/// <summary>The saved store connection as the API shows it: never the token, only whether one is stored.</summary>
public sealed record ShopifyConnectionResponse(bool Success, bool Saved, string? ShopDomain, string? ApiVersion, bool HasToken, DateTime? UpdatedAt)
{
    public static ShopifyConnectionResponse Of(ShopifyConnectionView? view) =>
        new(true, view is not null, view?.ShopDomain, view?.ApiVersion, view?.HasToken ?? false, view?.UpdatedAt);
}

public static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettingsEndpoints(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").RequireAuthorization(Roles.Admin);
        settings.MapGet("/shopify", GetShopify)
            .WithSummary("The saved store connection (shop domain, API version, whether a token is stored; never the token)");
        settings.MapPut("/shopify", PutShopify)
            .WithSummary("Save the store connection; the access token is write-only (omit it to keep the stored one for the same shop)");
        return api;
    }

    public static async Task<Ok<ShopifyConnectionResponse>> GetShopify(ShopifyConnectionService connections, CancellationToken ct) =>
        TypedResults.Ok(ShopifyConnectionResponse.Of(await connections.GetAsync(ct)));

    public static async Task<Results<Ok<ShopifyConnectionResponse>, JsonHttpResult<ErrorResponse>>> PutShopify(
        ShopifyConnectionInput input, ShopifyConnectionService connections, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await connections.SaveAsync(input, user.RequireUserId(), ct);
        return result.Outcome == ShopifyConnectionOutcome.Ok
            ? TypedResults.Ok(ShopifyConnectionResponse.Of(result.Connection))
            : ApiErrors.Validation(result.Errors!);
    }
}
