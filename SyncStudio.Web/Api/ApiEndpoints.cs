using SyncStudio.Data;

namespace SyncStudio.Web.Api;

public static class ApiEndpoints
{
    /// <summary>
    /// Every /api route, mounted on one group that requires an authenticated Viewer at least; routes needing more
    /// say so, and the few anonymous ones (the token route, Shopify's signed webhooks) say that explicitly. Every write
    /// is limited per user (<see cref="RateLimits.Writes"/>); the token route replaces that with its per-address limit.
    /// </summary>
    public static IEndpointRouteBuilder MapSyncStudioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Roles.Viewer).RequireRateLimiting(RateLimits.Writes);
        api.MapAuthEndpoints();
        api.MapUserEndpoints();
        api.MapStagedEndpoints();
        api.MapBatchEndpoints();
        api.MapProductEndpoints();
        api.MapReviewEndpoints();
        api.MapRuleEndpoints();
        api.MapScheduleEndpoints();
        api.MapSyncEndpoints();
        api.MapRollbackEndpoints();
        api.MapAuditEndpoints();
        api.MapWebhookEndpoints();
        api.MapSettingsEndpoints();
        api.MapNotificationEndpoints();
        api.MapShopifyInstallEndpoints();
        app.MapHealthEndpoints();
        app.MapProductDownloads();
        return app;
    }
}
