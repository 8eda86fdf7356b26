using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Web.Api;

public sealed record HealthReport(string Status, string Database);

/// <summary>What <c>/readyz</c> found; words only, never a message that could carry a shop name or a secret.</summary>
public sealed record ReadinessReport(string Status, string Database, string Migrations, string StoreConnection);

/// <summary>
/// Anonymous probes for an orchestrator: <c>/healthz</c> says the process answers and reaches its database (liveness),
/// <c>/readyz</c> that it can do its work: the database reachable, every migration applied, and the store connection
/// usable (a saved token that no longer decrypts is not). Neither calls Shopify: a shop that is slow or down must not
/// take this instance out of service.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Check).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", Ready).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Check(
        IDbContextFactory<SyncStudioDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var reachable = await db.Database.CanConnectAsync(ct);
        return reachable
            ? TypedResults.Ok(new HealthReport("healthy", "reachable"))
            : TypedResults.Json(new HealthReport("unhealthy", "unreachable"), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> Ready(
        IDbContextFactory<SyncStudioDbContext> factory, IShopifyConnectionSource connections, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var reachable = await db.Database.CanConnectAsync(ct);
        var migrations = !reachable ? "unknown" : (await db.Database.GetPendingMigrationsAsync(ct)).Any() ? "pending" : "applied";
        var store = !reachable ? "unknown" : await StoreConnectionAsync(connections, ct);
        var ready = reachable && migrations == "applied" && store != "unusable";
        var report = new ReadinessReport(ready ? "ready" : "not_ready", reachable ? "reachable" : "unreachable", migrations, store);
        return ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>"saved" (a saved connection whose token decrypts), "configured" (none saved: the configured shop or the
    /// built-in simulator), or "unusable" (saved, but its token cannot be decrypted: every Shopify call would fail).</summary>
    private static async Task<string> StoreConnectionAsync(IShopifyConnectionSource connections, CancellationToken ct)
    {
        try
        {
            return await connections.GetActiveAsync(ct) is null ? "configured" : "saved";
        }
        catch (InvalidOperationException)
        {
            return "unusable";
        }
    }
}
