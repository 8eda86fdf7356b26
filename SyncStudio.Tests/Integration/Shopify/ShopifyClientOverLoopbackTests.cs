using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Shopify;

/// <summary>Our client against the simulator over real HTTP on loopback, with the simulator's faults switched on.</summary>
public sealed class ShopifyClientOverLoopbackTests : IAsyncLifetime
{
    private SimulatorServer _simulator = null!;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        _simulator = await SimulatorServer.StartAsync(o => o.Seed = "synthetic:40:5");
        _services = ClientServices(maxFaultRetries: 10);
    }

    private ServiceProvider ClientServices(int maxFaultRetries)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddShopifyClient(o =>
        {
            o.BaseAddress = _simulator.BaseAddress.ToString().TrimEnd('/');
            o.AccessToken = _simulator.AccessToken;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(100);
            o.MaxFaultRetries = maxFaultRetries;
        });
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    private IShopifyClient Client => _services.GetRequiredService<IShopifyClient>();

    [Fact]
    public async Task PagingThrough5xxAndThrottledBurstsReturnsEveryProductOnce()
    {
        _simulator.Simulator.Faults.Configure(new FaultSettings { ServerErrorRate = 0.3, ThrottleNextRequests = 3, Seed = 7 });
        var seen = new List<long>();
        string? cursor = null;
        using var usage = ShopifyUsage.Begin();
        do
        {
            var page = await Client.GetProductsPageAsync(ShopifyProductQuery.All, cursor, TestContext.Current.CancellationToken);
            Assert.True(page.Succeeded, page.Failure?.ToString());
            seen.AddRange(page.Value!.Products.Select(p => p.Id));
            cursor = page.Value.HasNextPage ? page.Value.EndCursor : null;
        }
        while (cursor is not null);
        Assert.Equal(40, seen.Count);
        Assert.Equal(40, seen.Distinct().Count());
        Assert.True(usage.ThrottleRetries >= 3, $"throttle retries: {usage.ThrottleRetries}");
        Assert.True(usage.FaultRetries > 0, $"fault retries: {usage.FaultRetries}");
    }

    [Fact]
    public async Task AWriteWhoseResponseIsLostIsSettledByReadingBackAndAppliedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var product = _simulator.Simulator.GetProducts().OrderBy(p => p.Id).First();
        var before = ShopifySnapshots.ToSnapshot((await Client.GetProductAsync(product.Id, ct)).Value!);
        var after = before with { Title = before.Title + " (renamed)" };

        _simulator.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1 });
        var outcome = await new ShopifyWriter(Client).UpdateAsync(before, after, "change-1", ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(after.Title, outcome.After!.Title);
        Assert.Single(_simulator.Simulator.GetMutationLog());
    }

    [Fact]
    public async Task ALostAnswerToTheFirstOfTwoWritesIsSettledWithoutSendingEitherTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        var product = _simulator.Simulator.GetProducts().OrderBy(p => p.Id).Skip(1).First();
        var before = ShopifySnapshots.ToSnapshot((await Client.GetProductAsync(product.Id, ct)).Value!);
        var after = before with
        {
            Title = before.Title + " (renamed)",
            Variants = [before.Variants[0] with { Price = before.Variants[0].Price + 1 }, .. before.Variants.Skip(1)],
        };

        // productUpdate lands and its answer is lost; the variants are not written yet when it is settled.
        _simulator.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1 });
        var outcome = await new ShopifyWriter(Client).UpdateAsync(before, after, "change-2", ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(ProductHasher.ComputeHash(after), ProductHasher.ComputeHash(outcome.After!));
        var log = _simulator.Simulator.GetMutationLog().Where(e => e.ProductId == SyncStudio.ShopifySimulator.ShopifyGid.Product(product.Id)).Select(e => e.Operation).ToList();
        Assert.Equal(["productUpdate", "productVariantsBulkUpdate"], log);
    }

    [Fact]
    public async Task AWriteThatNeverRanIsSentOnceMoreWhenTheReadBackShowsItMissingAndNeverBlindly()
    {
        var ct = TestContext.Current.CancellationToken;
        var product = _simulator.Simulator.GetProducts().OrderBy(p => p.Id).Skip(2).First();
        var gid = SyncStudio.ShopifySimulator.ShopifyGid.Product(product.Id);
        var before = ShopifySnapshots.ToSnapshot((await Client.GetProductAsync(product.Id, ct)).Value!);
        var after = before with { Variants = [before.Variants[0] with { Price = before.Variants[0].Price + 2 }, .. before.Variants.Skip(1)] };

        // Every request fails: the mutation's outcome is unknown and the read-back fails too, so nothing is re-sent.
        // (A client that gives up after one retry keeps this short.)
        _simulator.Simulator.Faults.Configure(new FaultSettings { ServerErrorRate = 1 });
        await using (var impatient = ClientServices(maxFaultRetries: 1))
        {
            var failed = await new ShopifyWriter(impatient.GetRequiredService<IShopifyClient>()).UpdateAsync(before, after, "change-3", ct);
            Assert.False(failed.Success);
            Assert.Equal(FailureReasons.ShopifyUnavailable, failed.FailureReason);
        }
        Assert.DoesNotContain(_simulator.Simulator.GetMutationLog(), e => e.ProductId == gid);

        // The gateway times out before the mutation runs: the read-back shows it missing, so it is sent once more.
        _simulator.Simulator.Faults.Configure(new FaultSettings { TimeoutNextRequests = 1, TimeoutHoldMs = 1 });
        var outcome = await new ShopifyWriter(Client).UpdateAsync(before, after, "change-3", ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(after.Variants[0].Price, outcome.After!.Variants[0].Price);
        Assert.Single(_simulator.Simulator.GetMutationLog(), e => e.ProductId == gid);
    }
}
