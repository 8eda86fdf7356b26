using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyncStudio.ShopifySimulator;

namespace SyncStudio.Tests.Infrastructure;

/// <summary>
/// The Shopify simulator on a free loopback port, over real HTTP (Kestrel), for tests, E2E and benchmarks.
/// <see cref="BaseAddress"/> is <c>http://127.0.0.1:PORT/simulator</c>; a client posts to
/// <c>{BaseAddress}/admin/api/2026-07/graphql.json</c> with <see cref="AccessToken"/>.
/// <see cref="Simulator"/> is the in-process control object (faults, log, reset).
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    public const string PathPrefix = "/simulator";
    public const string ApiVersion = "2026-07";

    private readonly WebApplication _app;
    private bool _disposed;

    private SimulatorServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Simulator = app.Services.GetRequiredService<SimulatedShop>();
    }

    /// <summary>The simulator's root, without a trailing slash: <c>http://127.0.0.1:PORT/simulator</c>.</summary>
    public Uri BaseAddress { get; }

    public string AccessToken => Simulator.Options.AccessToken;

    public SimulatedShop Simulator { get; }

    /// <summary>The Admin GraphQL endpoint.</summary>
    public Uri GraphQLEndpoint => new($"{BaseAddress}/admin/api/{ApiVersion}/graphql.json");

    /// <summary>
    /// Starts a simulator. <paramref name="configure"/> sets plan, seed, token, state file and the rest of
    /// <see cref="SimulatorOptions"/> (default: the sample catalog, the development token, no state file);
    /// <paramref name="timeProvider"/> drives the rate-limit bucket and <c>updatedAt</c>;
    /// <paramref name="services"/> adds services (an <see cref="ISimulatorWebhookSink"/>, say).
    /// </summary>
    public static async Task<SimulatorServer> StartAsync(
        Action<SimulatorOptions>? configure = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (timeProvider is not null)
            builder.Services.AddSingleton(timeProvider);
        services?.Invoke(builder.Services);
        builder.Services.AddShopifySimulator(options => configure?.Invoke(options));

        var app = builder.Build();
        app.MapShopifySimulator(PathPrefix);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorServer(app, new Uri(address.TrimEnd('/') + PathPrefix));
    }

    /// <summary>A client for the simulator that sends the access token (no base address: use full URLs).</summary>
    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Add("X-Shopify-Access-Token", accessToken ?? AccessToken);
        return client;
    }

    /// <summary>Stops the simulator as a killed process would: no final snapshot, only what the journal holds.</summary>
    public async Task KillAsync()
    {
        Simulator.AbandonState();
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
