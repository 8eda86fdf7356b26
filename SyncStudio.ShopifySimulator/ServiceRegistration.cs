using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SyncStudio.ShopifySimulator;

/// <summary>Registers the simulator in a host and maps its routes (the same paths mounted in the app or standalone).</summary>
public static class ServiceRegistration
{
    /// <summary>Adds the simulator with options bound from a configuration section (usually <c>Simulator</c>).</summary>
    public static IServiceCollection AddShopifySimulator(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<SimulatorOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddShopifySimulatorCore();
    }

    /// <summary>Adds the simulator with options set in code.</summary>
    public static IServiceCollection AddShopifySimulator(this IServiceCollection services, Action<SimulatorOptions>? configure = null)
    {
        services.AddOptions<SimulatorOptions>().Configure(configure ?? (_ => { })).ValidateDataAnnotations().ValidateOnStart();
        return services.AddShopifySimulatorCore();
    }

    private static IServiceCollection AddShopifySimulatorCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatedShop>();
        // Webhooks over HTTP when Simulator:WebhookUrl is set (a no-op otherwise).
        services.AddHttpClient(HttpWebhookSink.ClientName);
        services.TryAddSingleton<HttpWebhookSink>();
        services.AddSingleton<ISimulatorWebhookSink>(sp => sp.GetRequiredService<HttpWebhookSink>());
        services.AddHostedService(sp => sp.GetRequiredService<HttpWebhookSink>());
        services.AddHostedService<SimulatorLifetime>();
        return services;
    }

    /// <summary>
    /// Maps <c>POST {prefix}/admin/api/{version}/graphql.json</c>, <c>POST {prefix}/admin/oauth/access_token</c>,
    /// <c>GET {prefix}/admin/oauth/authorize</c>, <c>{prefix}/control/{faults,log,reset,state,tokens/*}</c>
    /// and <c>GET {prefix}/bulk/{id}.jsonl</c>.
    /// </summary>
    public static RouteGroupBuilder MapShopifySimulator(this IEndpointRouteBuilder endpoints, string pathPrefix = "/simulator")
    {
        var prefix = "/" + pathPrefix.Trim('/');
        // The simulator checks Shopify's access token itself; the host's own sign-in does not apply.
        var group = endpoints.MapGroup(prefix == "/" ? "" : prefix).ExcludeFromDescription().AllowAnonymous();
        var basePrefix = prefix == "/" ? "" : prefix;

        group.MapPost("/admin/api/{version}/graphql.json", (HttpContext http) => AdminApiEndpoint.HandleAsync(http, basePrefix));
        group.MapPost("/admin/oauth/access_token", OAuthEndpoints.AccessTokenAsync).DisableAntiforgery();
        group.MapGet("/admin/oauth/authorize", OAuthEndpoints.Authorize);

        var control = group.MapGroup("/control").AddEndpointFilter(ControlEndpoints.RequireAccessToken);
        control.MapGet("/faults", ControlEndpoints.GetFaults);
        control.MapPost("/faults", ControlEndpoints.SetFaults);
        control.MapGet("/log", ControlEndpoints.GetLog);
        control.MapPost("/reset", ControlEndpoints.Reset);
        control.MapGet("/state", ControlEndpoints.GetState);
        control.MapPost("/tokens/expire", (SimulatedShop simulator) =>
        {
            simulator.OAuth.ExpireAllTokens();
            return Results.NoContent();
        });
        control.MapPost("/tokens/revoke-refresh", (SimulatedShop simulator) =>
        {
            simulator.OAuth.RevokeRefreshTokens();
            return Results.NoContent();
        });
        control.MapPost("/uninstall", (SimulatedShop simulator) =>
        {
            simulator.UninstallApp();
            return Results.NoContent();
        });

        // The bulk results need the token like every other route.
        group.MapGet("/bulk/{id:long}.jsonl", ControlEndpoints.GetBulkResult).AddEndpointFilter(ControlEndpoints.RequireAccessToken);
        return group;
    }

    /// <summary>Loads the store when the host starts (so no request pays for it) and saves it when the host stops.</summary>
    private sealed class SimulatorLifetime(SimulatedShop simulator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            simulator.Start();
            _ = Task.Run(() => AdminSchema.Instance, CancellationToken.None); // built once per process, off the start-up path
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            simulator.SaveState();
            return Task.CompletedTask;
        }
    }
}
