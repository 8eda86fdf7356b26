using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SyncStudio.Services.Shopify;

public static class ShopifyRegistration
{
    /// <summary>The name of the client's HttpClient (its handlers), for a one-off client to another shop.</summary>
    public const string HttpClientName = "Shopify";

    /// <summary>
    /// Binds <see cref="ShopifyOptions"/> from the "Shopify" section and registers <see cref="IShopifyClient"/> as a
    /// typed <see cref="HttpClient"/>. Returns the client's builder so a host can add handlers (tests plug a fake
    /// or the simulator's in-memory handler in with <c>ConfigurePrimaryHttpMessageHandler</c>).
    /// </summary>
    public static IHttpClientBuilder AddShopifyClient(
        this IServiceCollection services, Action<ShopifyOptions>? configure = null)
    {
        var options = services.AddOptions<ShopifyOptions>()
            .BindConfiguration(ShopifyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ShopifyCostBuckets>();
        services.TryAddSingleton<ShopifyBulkSignals>();
        // Cost, calls and throttle waits go to the host's meters (see Diagnostics/SyncTelemetry.cs).
        services.AddMetrics();
        services.TryAddSingleton<Diagnostics.SyncMetrics>();
        return services.AddHttpClient<IShopifyClient, ShopifyClient>(HttpClientName, http =>
            {
                // Per-attempt timeouts and retries are the client's own (on TimeProvider); a bulk download streams
                // for as long as the file takes.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The access token must never reach a log, whatever the log level.
            .RedactLoggedHeaders(_ => true);
    }
}
