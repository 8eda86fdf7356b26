using System.Net;
using Microsoft.Extensions.Time.Testing;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

public class RateLimitTests
{
    private const string TenProducts = "{ products(first: 10) { nodes { id title } } }"; // 2 + 10 × 1 = 12 points

    [Fact]
    public async Task BucketDrainsThenThrottlesAndRefillsAtTheRestoreRate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SimulatorServer.StartAsync(o =>
        {
            o.BucketSize = 100;
            o.RestoreRate = 10;
        }, time);
        using var client = server.CreateClient();

        var available = new List<int>();
        for (var i = 0; i < 8; i++)
            available.Add((await client.GraphQLAsync(server, TenProducts)).EnsureData().Cost["throttleStatus"]!["currentlyAvailable"]!.GetValue<int>());
        var throttled = await client.GraphQLAsync(server, TenProducts);
        time.Advance(TimeSpan.FromSeconds(1));
        var afterRestore = await client.GraphQLAsync(server, TenProducts);

        Assert.Equal([88, 76, 64, 52, 40, 28, 16, 4], available);
        Assert.Equal(HttpStatusCode.OK, throttled.Status);
        Assert.Equal("THROTTLED", throttled.FirstErrorCode);
        Assert.Null(throttled.Json!["data"]);
        Assert.Equal(12, throttled.Cost["requestedQueryCost"]!.GetValue<int>());
        Assert.Null(throttled.Cost["actualQueryCost"]);
        Assert.Equal(4, throttled.Cost["throttleStatus"]!["currentlyAvailable"]!.GetValue<int>());
        Assert.Equal(10, throttled.Cost["throttleStatus"]!["restoreRate"]!.GetValue<double>());
        Assert.Equal(2, afterRestore.EnsureData().Cost["throttleStatus"]!["currentlyAvailable"]!.GetValue<int>()); // 4 + 10 - 12
    }

    [Fact]
    public async Task AThrottledMutationChangesNothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SimulatorServer.StartAsync(o => o.BucketSize = 15, time);
        using var client = server.CreateClient();
        var product = server.Simulator.GetProducts()[0];
        (await client.GraphQLAsync(server, TenProducts)).EnsureData(); // 3 points left

        var answer = await client.GraphQLAsync(server, """
            mutation($id: ID!) { productUpdate(product: { id: $id, title: "Never" }) { product { id } userErrors { message } } }
            """, new { id = product.Gid });

        Assert.Equal("THROTTLED", answer.FirstErrorCode);
        Assert.Equal(10, answer.Cost["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(product, server.Simulator.FindProduct(product.Gid));
        Assert.Empty(server.Simulator.GetMutationLog());
    }

    [Fact]
    public async Task ActualCostBelowRequestedIsRefunded()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SimulatorServer.StartAsync(timeProvider: time);
        using var client = server.CreateClient();

        var answer = (await client.GraphQLAsync(server, """
            { products(first: 10, query: "handle:harbor-does-not-exist OR status:archived") { nodes { id variants(first: 5) { nodes { id } } } } }
            """)).EnsureData();

        var returned = answer.Data["products"]!["nodes"]!.AsArray();
        var variants = returned.Sum(p => p!["variants"]!["nodes"]!.AsArray().Count);
        var actual = 2 + returned.Count * 3 + variants; // each product: itself 1 + its connection 2; each variant 1
        Assert.Equal(2 + 10 * (1 + 2 + 5), answer.Cost["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(actual, answer.Cost["actualQueryCost"]!.GetValue<int>());
        Assert.Equal(2000 - actual, answer.Cost["throttleStatus"]!["currentlyAvailable"]!.GetValue<int>());
    }

    [Fact]
    public async Task AQueryOverAThousandPointsIsRefusedWithMaxCostExceeded()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var answer = await client.GraphQLAsync(server, "{ products(first: 250) { nodes { id variants(first: 100) { nodes { id } } } } }");

        Assert.Equal("MAX_COST_EXCEEDED", answer.FirstErrorCode);
        Assert.Equal(2 + 250 * (1 + 2 + 100), answer.Errors![0]!["extensions"]!["cost"]!.GetValue<int>());
        Assert.Equal(1000, answer.Errors[0]!["extensions"]!["maxCost"]!.GetValue<int>());
        Assert.Null(answer.Json!["data"]);
        Assert.Equal(2000, answer.Cost["throttleStatus"]!["currentlyAvailable"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(ShopifyPlan.Standard, 2_000, 100)]
    [InlineData(ShopifyPlan.Advanced, 4_000, 200)]
    [InlineData(ShopifyPlan.Plus, 20_000, 1_000)]
    [InlineData(ShopifyPlan.Enterprise, 40_000, 2_000)]
    public async Task PlansHaveShopifysBucketSizesAndRestoreRates(ShopifyPlan plan, double bucket, double restoreRate)
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Plan = plan);
        using var client = server.CreateClient();

        var throttle = (await client.GraphQLAsync(server, "{ shop { name } }")).EnsureData().Cost["throttleStatus"]!;

        Assert.Equal(bucket, throttle["maximumAvailable"]!.GetValue<double>());
        Assert.Equal(restoreRate, throttle["restoreRate"]!.GetValue<double>());
    }
}
