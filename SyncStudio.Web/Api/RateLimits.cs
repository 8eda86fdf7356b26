using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SyncStudio.Web.Api;

/// <summary>Abuse limits: the token route per client address.</summary>
public static class RateLimits
{
    public const string Token = "token";

    public static IServiceCollection AddSyncStudioRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permitPerMinute = configuration.GetValue("RateLimits:TokenPerMinute", 20);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    new Dictionary<string, object?> { ["limit"] = $"{permitPerMinute} token requests per minute" });
            };
            o.AddPolicy(Token, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}
