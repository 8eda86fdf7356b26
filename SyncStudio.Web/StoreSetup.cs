using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Webhooks;
using SyncStudio.ShopifySimulator;

namespace SyncStudio.Web;

/// <summary>
/// The store SyncStudio syncs with: a real shop when <c>Shopify:ShopDomain</c> (or <c>Shopify:BaseAddress</c>) is set,
/// else the built-in simulator mounted at <c>/simulator</c>, reached over real HTTP on this app's own address, with
/// its store kept in the data folder so it survives a restart. With <c>Shopify:WebhookSecret</c> set, that simulator
/// also sends its product webhooks to this app's own <c>/api/webhooks/shopify</c>.
/// The simulator is a demo: it is never mounted in the <c>Production</c> environment unless <c>Simulator:Enabled</c> says
/// so, and once a store is saved in Settings every <c>/simulator</c> route answers 404 (docs/decisions/0020).
/// </summary>
public static class StoreSetup
{
    public const string SimulatorPrefix = "/simulator";
    public const string WebhookRoute = "/api/webhooks/shopify";

    public static bool UsesBuiltInSimulator(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[$"{ShopifyOptions.SectionName}:{nameof(ShopifyOptions.ShopDomain)}"])
        && string.IsNullOrWhiteSpace(configuration[$"{ShopifyOptions.SectionName}:{nameof(ShopifyOptions.BaseAddress)}"]);

    /// <summary>
    /// Whether the built-in simulator may be mounted at all: no store configured, and outside <c>Production</c> unless
    /// <c>Simulator:Enabled</c> is true (a demo deployment). <c>Simulator:Enabled=false</c> turns it off anywhere.
    /// </summary>
    public static bool MountsBuiltInSimulator(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!UsesBuiltInSimulator(configuration))
            return false;
        var enabled = configuration.GetValue<bool?>($"{SimulatorOptions.SectionName}:Enabled");
        return enabled ?? !environment.IsProduction();
    }

    public static IHostApplicationBuilder AddSyncStudioStore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var http = services.AddShopifyClient();
        if (!MountsBuiltInSimulator(builder.Configuration, builder.Environment))
            return builder;

        services.AddShopifySimulator(builder.Configuration.GetSection(SimulatorOptions.SectionName));
        services.AddOptions<SimulatorOptions>().PostConfigure<AppDataFolder>((o, folder) =>
        {
            o.StatePath ??= folder.File("simulator-store.json");
            o.BulkDirectory ??= folder.File("simulator-bulk");
        });
        services.AddOptions<ShopifyOptions>().PostConfigure<IOptions<SimulatorOptions>>((o, simulator) =>
        {
            o.BaseAddress = SelfAddressHandler.Placeholder + SimulatorPrefix;
            if (string.IsNullOrWhiteSpace(o.AccessToken))
                o.AccessToken = simulator.Value.AccessToken;
        });
        services.AddTransient<SelfAddressHandler>();
        http.AddHttpMessageHandler<SelfAddressHandler>();

        // With a webhook secret, the built-in simulator sends its product webhooks to this app's own route, signed with
        // that secret, so a merchant's edit in the simulator shows up staged within a second, as with a real store.
        var webhookSecret = builder.Configuration[$"{ShopifyOptions.SectionName}:{nameof(ShopifyWebhookOptions.WebhookSecret)}"];
        if (!string.IsNullOrEmpty(webhookSecret))
        {
            services.AddOptions<SimulatorOptions>().PostConfigure(o =>
            {
                o.WebhookUrl ??= SelfAddressHandler.Placeholder + WebhookRoute;
                o.WebhookSecret ??= webhookSecret;
            });
            services.AddHttpClient(HttpWebhookSink.ClientName).AddHttpMessageHandler<SelfAddressHandler>();
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapSyncStudioStore(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var environment = app.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (MountsBuiltInSimulator(configuration, environment))
            app.MapShopifySimulator(SimulatorPrefix).AddEndpointFilter(OffOnceAStoreIsSaved);
        return app;
    }

    /// <summary>
    /// A saved store replaces the simulator: its routes (the Admin API, OAuth, control, bulk files) then answer 404, so a
    /// demo token can no longer reach anything once real data flows through the app.
    /// </summary>
    private static async ValueTask<object?> OffOnceAStoreIsSaved(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var connections = context.HttpContext.RequestServices.GetRequiredService<ShopifyConnectionService>();
        bool saved;
        try
        {
            saved = await connections.GetActiveAsync(context.HttpContext.RequestAborted) is not null;
        }
        catch (InvalidOperationException)
        {
            saved = true; // a saved connection whose secrets cannot be read is still a saved store
        }
        return saved ? Results.NotFound() : await next(context);
    }
}

/// <summary>
/// Sends requests addressed to the built-in simulator to this app's own listening address (known only once the server
/// has started, and different for every <c>--urls</c>).
/// </summary>
public sealed class SelfAddressHandler(IServer server) : DelegatingHandler
{
    public const string Placeholder = "http://syncstudio.self";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { Host: "syncstudio.self" } uri)
        {
            var self = SelfAddress();
            request.RequestUri = new UriBuilder(uri) { Scheme = self.Scheme, Host = self.Host, Port = self.Port }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }

    private Uri SelfAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The app has no listening address for the built-in simulator.");
        // Wildcard bindings (http://+:5001, http://[::]:5001, http://0.0.0.0:5001) are reached on loopback.
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        var host = uri.Host is "[::]" or "0.0.0.0" or "localhost" ? "127.0.0.1" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri;
    }
}
