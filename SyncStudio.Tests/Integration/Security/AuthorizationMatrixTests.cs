using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Security;

public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    // Batches answer at once instead of waiting for a pull or push the matrix starts along the way.
    private readonly SyncStudioApp _app = new(settings: new Dictionary<string, string?> { ["Sync:DefaultWaitSeconds"] = "0" });
    private readonly Dictionary<string, HttpClient> _clients = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task EveryApiRouteAnswersEachRoleAsItsPolicySays()
    {
        var ct = TestContext.Current.CancellationToken;
        var routes = AuthorizationMatrix.Discover(_app.Services);
        Assert.True(routes.Count >= 25, $"Only {routes.Count} /api routes discovered: {string.Join(", ", routes.Select(r => r.Key))}");
        Assert.Contains(routes, r => r.Key == "POST /api/sync/rollback/{changeId}" && r.RequiredRole == Roles.Admin);
        // People: others' accounts are the Admin's; one's own password is anyone's.
        foreach (var key in new[] { "POST /api/users/{id:int}/disable", "POST /api/users/{id:int}/enable", "DELETE /api/users/{id:int}",
                     "POST /api/users/{id:int}/reset-password" })
            Assert.Contains(routes, r => r.Key == key && r.RequiredRole == Roles.Admin && !r.AllowsAnonymous);
        Assert.Contains(routes, r => r.Key == "POST /api/auth/password" && r.RequiredRole == Roles.Viewer && !r.AllowsAnonymous);
        // The allow-list names only routes that exist, so a renamed route cannot leave a stale opening behind.
        Assert.All(AuthorizationMatrix.AnonymousAllowList, key => Assert.Contains(routes, r => r.Key == key));

        var failures = await AuthorizationMatrix.CheckAsync(routes, ClientForAsync(_app, _clients), ct);

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task AnUnprotectedRouteOffTheAllowListIsReported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var leaky = _app.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddTransient<IStartupFilter, LeakFilter>()));
        var clients = new Dictionary<string, HttpClient>();
        try
        {
            var routes = AuthorizationMatrix.Discover(leaky.Services).Where(r => r.Pattern == "/api/leak").ToList();
            Assert.Single(routes);

            var failures = await AuthorizationMatrix.CheckAsync(routes, ClientForAsync(_app, clients, leaky.CreateClient), ct);

            Assert.Contains("GET /api/leak is open to anonymous callers but not on the allow-list", failures);
            Assert.Contains("GET /api/leak as anonymous: expected 401, got 200", failures);
        }
        finally
        {
            foreach (var client in clients.Values)
                client.Dispose();
        }
    }

    /// <summary>Adds an anonymous GET /api/leak to the app's own routes, the way a careless endpoint file would.</summary>
    private sealed class LeakFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // The app's global route builder, where minimal hosting keeps the Map* routes.
            if (app.Properties.Values.OfType<IEndpointRouteBuilder>().FirstOrDefault() is { } routes)
                routes.MapGet("/api/leak", () => "leaked").AllowAnonymous();
        };
    }

    /// <summary>Clients per caller, made once; tokens come from <paramref name="app"/>, requests go to the host given.</summary>
    private static Func<string?, Task<HttpClient>> ClientForAsync(SyncStudioApp app, Dictionary<string, HttpClient> cache,
        Func<HttpClient>? create = null) => async role =>
    {
        var key = role ?? "anonymous";
        if (cache.TryGetValue(key, out var cached))
            return cached;
        HttpClient client;
        if (create is null)
        {
            client = role is null ? app.CreateClient() : await app.ClientAsAsync(role);
        }
        else
        {
            client = create();
            if (role is not null)
            {
                using var authed = await app.ClientAsAsync(role);
                client.DefaultRequestHeaders.Authorization = authed.DefaultRequestHeaders.Authorization;
            }
        }
        cache[key] = client;
        return client;
    };
}
