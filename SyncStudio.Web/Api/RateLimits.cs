using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

/// <summary>
/// Abuse limits: the token route per client address, and every write to /api per signed-in user. Both answer 429 in
/// the error shape with a Retry-After header.
/// </summary>
public static class RateLimits
{
    public const string Token = "token";
    public const string Writes = "writes";

    public static IServiceCollection AddSyncStudioRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permitPerMinute = configuration.GetValue("RateLimits:TokenPerMinute", 20);
        var writesPerMinute = Math.Max(1, configuration.GetValue("RateLimits:WritesPerMinute", 600));
        var writeBurst = Math.Max(1, configuration.GetValue("RateLimits:WriteBurst", 100));
        // A token bucket refilled every second (or slower, for fewer than 60 a minute): a client may spend a burst at
        // once, then keeps the per-minute rate without the cliff of a fixed window.
        var writeTokensPerPeriod = Math.Max(1, writesPerMinute / 60);
        var writePeriod = TimeSpan.FromTicks(TimeSpan.TicksPerMinute * writeTokensPerPeriod / writesPerMinute);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter =
                        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                var limit = policy == Writes
                    ? $"{writesPerMinute} write requests per minute per user (bursts of {writeBurst})"
                    : $"{permitPerMinute} token requests per minute";
                await ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    new Dictionary<string, object?> { ["limit"] = limit });
            };
            o.AddPolicy(Token, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Set on the whole /api group: reads pass untouched, and so do anonymous calls (the token route has its
            // own policy; Shopify's webhooks are signed, and anything else anonymous is refused by authorization).
            o.AddPolicy<int>(Writes, context =>
            {
                var method = context.Request.Method;
                if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
                    || context.User.GetUserId() is not { } userId)
                    return RateLimitPartition.GetNoLimiter(0);
                return RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = writeBurst,
                    TokensPerPeriod = writeTokensPerPeriod,
                    ReplenishmentPeriod = writePeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }
}
