using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Inventory;
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
        settings.MapGet("/locations", GetLocations)
            .WithSummary("The local stock locations, the Shopify location each is mapped to, and Shopify's locations to choose from");
        settings.MapPut("/locations", PutLocations)
            .WithSummary("Save the stock locations as a whole: key (never renamed), name, shopify_location_id (the default: null is Shopify's primary)");
        return api;
    }

    public static async Task<Ok<StockLocationsResponse>> GetLocations(StockLocationService locations, CancellationToken ct) =>
        TypedResults.Ok(StockLocationsResponse.Of(await locations.GetAsync(ct)));

    public static async Task<Results<Ok<StockLocationsResponse>, JsonHttpResult<ErrorResponse>>> PutLocations(
        HttpRequest request, StockLocationService locations, ClaimsPrincipal user, CancellationToken ct)
    {
        var (json, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (json is null)
            return ApiErrors.Validation(validation.Errors);
        var body = new JsonBody(json) { Validation = validation };
        var input = body.Objects("locations", 250).Select((l, i) =>
        {
            var key = l.Text("key", 64);
            var name = l.Text("name", 255);
            var id = l.Node("shopify_location_id");
            long? shopifyId = null;
            if (id is JsonValue v && v.TryGetValue<long>(out var parsed) && parsed > 0)
                shopifyId = parsed;
            else if (id is not null && id.GetValueKind() != System.Text.Json.JsonValueKind.Null)
                l.Validation.Add($"locations[{i}].shopify_location_id", "must be a Shopify location id (a positive whole number) or null");
            l.RejectUnknown();
            return new StockLocationInput(key.Value, name.Value, shopifyId);
        }).ToList();
        if (!body.Has("locations"))
            validation.Add("locations", "is required");
        body.RejectUnknown();
        if (validation.Errors.Count > 0)
            return ApiErrors.Validation(validation.Errors);
        var result = await locations.SaveAsync(input, user.RequireUserId(), ct);
        return result.Outcome switch
        {
            StockLocationOutcome.Ok => TypedResults.Ok(StockLocationsResponse.Of(result.View!)),
            StockLocationOutcome.InUse => ApiErrors.Conflict("A stock location that holds stock cannot be removed", result.Errors!.ToDictionary(e => e.Key, e => (object?)e.Value)),
            StockLocationOutcome.ShopifyUnavailable => ApiErrors.Problem(StatusCodes.Status502BadGateway, "Shopify's locations could not be read", result.Errors!.ToDictionary(e => e.Key, e => (object?)e.Value)),
            _ => ApiErrors.Validation(result.Errors!),
        };
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

/// <summary>The stock locations as the API shows them.</summary>
public sealed record StockLocationsResponse(bool Success, IReadOnlyList<StockLocationView> Locations, IReadOnlyList<ShopifyLocationView>? ShopifyLocations, string? ShopifyError)
{
    public static StockLocationsResponse Of(StockLocationsView view) => new(true, view.Locations, view.ShopifyLocations, view.ShopifyError);
}
