using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Inventory;
using SyncStudio.Services.Safety;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;
using SyncStudio.Services.Webhooks;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

/// <summary>
/// The saved store connection as the API shows it: never a secret, only whether one is stored. <c>status</c> is
/// <c>connected</c>, <c>not_installed</c>, <c>needs_reinstall</c> or <c>uninstalled</c>.
/// </summary>
public sealed record ShopifyConnectionResponse(
    bool Success,
    bool Saved,
    string? ShopDomain,
    string? ApiVersion,
    bool HasToken,
    DateTime? UpdatedAt,
    string? Mode = null,
    string? ClientId = null,
    bool HasClientSecret = false,
    bool HasRefreshToken = false,
    DateTime? AccessTokenExpiresAt = null,
    IReadOnlyList<string>? ScopesGranted = null,
    IReadOnlyList<string>? ScopesMissing = null,
    string? Status = null,
    string? BaseAddress = null)
{
    public static ShopifyConnectionResponse Of(ShopifyConnectionView? view) =>
        new(true, view is not null, view?.ShopDomain, view?.ApiVersion, view?.HasToken ?? false, view?.UpdatedAt, view?.Mode, view?.ClientId,
            view?.HasClientSecret ?? false, view?.HasRefreshToken ?? false, view?.AccessTokenExpiresAt,
            view?.GrantedScopes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            view?.GrantedScopes is null ? null : ShopifyOAuth.MissingScopes(view.GrantedScopes), view?.Status, view?.BaseAddress);
}

/// <summary>What a connection test read: the shop, its plan, the API version, and the scopes granted and missing.</summary>
public sealed record ShopifyConnectionTestResponse(
    bool Success,
    string? ShopName,
    string? MyshopifyDomain,
    string? Plan,
    string? ApiVersion,
    IReadOnlyList<string>? ScopesGranted,
    IReadOnlyList<string>? ScopesMissing);

/// <summary>The app's webhook subscriptions on the shop, and what a registration changed.</summary>
public sealed record WebhookRegistrationResponse(
    bool Success,
    string CallbackUrl,
    IReadOnlyList<WebhookSubscriptionView> Subscriptions,
    int Created,
    int Updated,
    int Deleted);

/// <summary>The synced metafield namespaces, and the definitions the last pull read in them (docs/decisions/0023).</summary>
public sealed record MetafieldSettingsResponse(IReadOnlyList<string> Namespaces, IReadOnlyList<MetafieldDefinitionResponse> Definitions);

public sealed record MetafieldDefinitionResponse(string OwnerType, string Namespace, string Key, string Name, string Type);

public static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettingsEndpoints(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").RequireAuthorization(Roles.Admin);
        settings.MapGet("/shopify", GetShopify)
            .WithSummary("The saved store connection (shop, API version, mode, status; never a secret)");
        settings.MapPut("/shopify", PutShopify)
            .WithSummary("Save the store connection; secrets (access_token, client_secret) are write-only: omit them to keep the stored ones for the same shop and mode");
        settings.MapPost("/shopify/test", TestShopify)
            .WithSummary("Read the shop's name and plan, and the scopes granted and missing, with the connection as entered, without saving it");
        settings.MapGet("/shopify/webhooks", GetWebhooks)
            .WithSummary("The webhook subscriptions the app has on the connected shop, and the address they should point at");
        settings.MapPost("/shopify/webhooks", RegisterWebhooks)
            .WithSummary("Create or update the subscriptions the app needs (products/create|update|delete, bulk_operations/finish, app/uninstalled) at App:PublicUrl, and remove strays");
        settings.MapGet("/metafields", GetMetafields)
            .WithSummary("The metafield namespaces synced (default: custom) and the definitions the last pull read in them");
        settings.MapPut("/metafields", PutMetafields)
            .WithSummary("Choose the metafield namespaces to sync ({\"namespaces\": [\"custom\"]}; an empty list syncs none); the next pull reads their definitions");
        settings.MapGet("/locations", GetLocations)
            .WithSummary("The local stock locations, the Shopify location each is mapped to, and Shopify's locations to choose from");
        settings.MapGet("/safety", GetSafety)
            .WithSummary("The circuit breaker's limits on a pull batch as a whole");
        settings.MapPut("/safety", PutSafety)
            .WithSummary("Save the circuit breaker's limits (circuit_breaker: enabled, max_catalog_changed_percent, max_variants_zeroed, max_deleted_percent, max_read_shrink_percent; a field left out keeps its value) and the field ownership policies (field_ownership: [{pattern, owner: local|shopify|two_way}], the whole list, first match decides)");
        settings.MapPut("/locations", PutLocations)
            .WithSummary("Save the stock locations as a whole: key (never renamed), name, shopify_location_id (the default: null is Shopify's primary)");
        return api;
    }

    /// <summary>The listing needs no public address: an error here is Shopify's (unreachable or refusing), so 502.</summary>
    public static async Task<Results<Ok<WebhookRegistrationResponse>, JsonHttpResult<ErrorResponse>>> GetWebhooks(
        ShopifyWebhookRegistrar registrar, CancellationToken ct)
    {
        var listed = await registrar.ListAsync(ct);
        return listed.Error is { } error
            ? ApiErrors.Problem(StatusCodes.Status502BadGateway, "Webhooks could not be listed", new Dictionary<string, object?> { ["webhooks"] = error })
            : Answer(listed);
    }

    public static async Task<Results<Ok<WebhookRegistrationResponse>, JsonHttpResult<ErrorResponse>>> RegisterWebhooks(
        ShopifyWebhookRegistrar registrar, CancellationToken ct) => Answer(await registrar.RegisterAsync(ct));

    private static Results<Ok<WebhookRegistrationResponse>, JsonHttpResult<ErrorResponse>> Answer(WebhookRegistration registration) =>
        registration.Error is { } error
            ? ApiErrors.Problem(registration.CallbackUrl.Length == 0 ? StatusCodes.Status409Conflict : StatusCodes.Status502BadGateway,
                "Webhooks could not be registered", new Dictionary<string, object?> { ["webhooks"] = error })
            : TypedResults.Ok(new WebhookRegistrationResponse(true, registration.CallbackUrl, registration.Subscriptions,
                registration.Created, registration.Updated, registration.Deleted));

    public static async Task<Ok<SafetySettingsResponse>> GetSafety(SafetySettingsService safety, CancellationToken ct) =>
        TypedResults.Ok(SafetySettingsResponse.Of(await safety.GetAsync(ct)));

    public static async Task<Results<Ok<SafetySettingsResponse>, JsonHttpResult<ErrorResponse>>> PutSafety(
        HttpRequest request, SafetySettingsService safety, ClaimsPrincipal user, CancellationToken ct)
    {
        var (json, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (json is null)
            return ApiErrors.Validation(validation.Errors);
        var body = new JsonBody(json) { Validation = validation };
        var current = (await safety.GetAsync(ct)).Breaker;
        var limits = current;
        if (body.Node("circuit_breaker") is { } node)
        {
            if (node is JsonObject section)
            {
                var breaker = new JsonBody(section, "circuit_breaker") { Validation = validation };
                var enabled = breaker.Flag("enabled");
                var changed = breaker.RequiredMoney("max_catalog_changed_percent");
                var zeroed = breaker.WholeNumber("max_variants_zeroed", 0, 1_000_000_000);
                var deleted = breaker.RequiredMoney("max_deleted_percent");
                var shrink = breaker.RequiredMoney("max_read_shrink_percent");
                breaker.RejectUnknown();
                limits = new BreakerLimits
                {
                    Enabled = enabled.IsSet ? enabled.Value : current.Enabled,
                    MaxCatalogChangedPercent = changed.IsSet ? changed.Value : current.MaxCatalogChangedPercent,
                    MaxVariantsZeroed = zeroed.IsSet ? zeroed.Value : current.MaxVariantsZeroed,
                    MaxDeletedPercent = deleted.IsSet ? deleted.Value : current.MaxDeletedPercent,
                    MaxReadShrinkPercent = shrink.IsSet ? shrink.Value : current.MaxReadShrinkPercent,
                };
            }
            else
            {
                validation.Add("circuit_breaker", "must be an object");
            }
        }
        IReadOnlyList<FieldOwnershipEntry> ownership = (await safety.GetAsync(ct)).FieldOwnership;
        if (body.Has("field_ownership"))
        {
            ownership = body.Objects("field_ownership", SafetySettingsService.MaxOwnershipEntries).Select(item =>
            {
                var pattern = item.RequiredText("pattern", 255);
                var owner = item.RequiredText("owner", 20);
                item.RejectUnknown();
                if (!pattern.IsSet)
                    item.Validation.Add(item.PathOf("pattern"), "is required");
                FieldOwner parsed = FieldOwner.TwoWay;
                if (!owner.IsSet)
                    item.Validation.Add(item.PathOf("owner"), "is required");
                else if (FieldOwnershipItem.ParseOwner(owner.Value) is { } known)
                    parsed = known;
                else
                    item.Validation.Add(item.PathOf("owner"), "must be local, shopify or two_way");
                return new FieldOwnershipEntry(pattern.IsSet ? pattern.Value : "", parsed);
            }).ToList();
            // Every bad entry is named at once: the patterns are checked here too, not only after the shape passes.
            foreach (var (field, error) in SafetySettingsService.ValidateOwnership(ownership))
            {
                if (!validation.Errors.ContainsKey(field))
                    validation.Add(field, error);
            }
        }
        body.RejectUnknown();
        if (validation.Errors.Count > 0)
            return ApiErrors.Validation(validation.Errors);
        var saved = await safety.SaveAsync(limits, ownership, user.RequireUserId(), ct);
        return saved.Errors is { } errors
            ? ApiErrors.Validation(errors.ToDictionary(e => e.Key.StartsWith("field_ownership", StringComparison.Ordinal) ? e.Key : "circuit_breaker." + e.Key, e => e.Value))
            : TypedResults.Ok(SafetySettingsResponse.Of(saved.View!));
    }

    public static async Task<Ok<MetafieldSettingsResponse>> GetMetafields(Services.Settings.MetafieldSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await MetafieldAnswerAsync(settings, await settings.GetNamespacesAsync(ct), ct));

    public static async Task<Results<Ok<MetafieldSettingsResponse>, JsonHttpResult<ErrorResponse>>> PutMetafields(
        HttpRequest request, Services.Settings.MetafieldSettings settings, CancellationToken ct)
    {
        var (json, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (json is null)
            return ApiErrors.Validation(validation.Errors);
        var body = new JsonBody(json) { Validation = validation };
        var namespaces = body.TextList("namespaces", Services.Settings.MetafieldSettings.MaxNamespaces, 255);
        if (!body.Has("namespaces"))
            validation.Add("namespaces", "is required");
        body.RejectUnknown();
        if (validation.Errors.Count > 0)
            return ApiErrors.Validation(validation.Errors);
        var (saved, errors) = await settings.SetNamespacesAsync(namespaces.Value, ct);
        if (errors is not null)
            return ApiErrors.Validation(errors.ToDictionary(e => e.Key, e => e.Value));
        return TypedResults.Ok(await MetafieldAnswerAsync(settings, saved!, ct));
    }

    private static async Task<MetafieldSettingsResponse> MetafieldAnswerAsync(
        Services.Settings.MetafieldSettings settings, IReadOnlyList<string> namespaces, CancellationToken ct)
    {
        var definitions = await settings.GetDefinitionsAsync(ct);
        return new MetafieldSettingsResponse(namespaces,
            [.. definitions.Where(d => namespaces.Contains(d.Namespace)).Select(d => new MetafieldDefinitionResponse(d.OwnerType, d.Namespace, d.Key, d.Name, d.Type))]);
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

    public static async Task<Results<Ok<ShopifyConnectionTestResponse>, JsonHttpResult<ErrorResponse>>> TestShopify(
        ShopifyConnectionInput input, ShopifyConnectionService connections, CancellationToken ct)
    {
        var test = await connections.TestAsync(input, ct);
        return test.Outcome switch
        {
            ShopifyConnectionOutcome.Ok => TypedResults.Ok(new ShopifyConnectionTestResponse(true, test.Shop!.Name, test.Shop.MyshopifyDomain,
                test.Shop.PlanName, test.ApiVersion, test.ScopesGranted, test.ScopesMissing)),
            ShopifyConnectionOutcome.Invalid => ApiErrors.Validation(test.Errors!),
            _ => ApiErrors.Problem(StatusCodes.Status502BadGateway, "The shop could not be reached with this connection",
                new Dictionary<string, object?> { ["connection"] = test.Error }),
        };
    }
}

/// <summary>The stock locations as the API shows them.</summary>
public sealed record StockLocationsResponse(bool Success, IReadOnlyList<StockLocationView> Locations, IReadOnlyList<ShopifyLocationView>? ShopifyLocations, string? ShopifyError)
{
    public static StockLocationsResponse Of(StockLocationsView view) => new(true, view.Locations, view.ShopifyLocations, view.ShopifyError);
}

/// <summary>The safety settings as the API shows them.</summary>
public sealed record SafetySettingsResponse(bool Success, BreakerLimits CircuitBreaker, IReadOnlyList<FieldOwnershipItem> FieldOwnership, DateTime? UpdatedAt)
{
    public static SafetySettingsResponse Of(SafetySettingsView view) =>
        new(true, view.Breaker, [.. view.FieldOwnership.Select(FieldOwnershipItem.Of)], view.UpdatedAt);
}

/// <summary>One ownership policy as the API writes it: <c>{"pattern": "price", "owner": "local"}</c>.</summary>
public sealed record FieldOwnershipItem(string Pattern, string Owner)
{
    public static FieldOwnershipItem Of(FieldOwnershipEntry entry) => new(entry.Pattern, entry.Owner switch
    {
        FieldOwner.Local => "local",
        FieldOwner.Shopify => "shopify",
        _ => "two_way",
    });

    public static FieldOwner? ParseOwner(string? owner) => owner switch
    {
        "local" => FieldOwner.Local,
        "shopify" => FieldOwner.Shopify,
        "two_way" => FieldOwner.TwoWay,
        _ => null,
    };
}
