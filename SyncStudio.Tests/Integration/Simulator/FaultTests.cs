using System.Diagnostics;
using System.Net;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

public class FaultTests
{
    private const string ShopQuery = "{ shop { name } }";

    [Fact]
    public async Task ServerErrorFractionRepeatsExactlyWithTheSameSeed()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        async Task<List<HttpStatusCode>> RunAsync()
        {
            server.Simulator.Faults.Configure(new FaultSettings { ServerErrorRate = 0.4, Seed = 42 });
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 30; i++)
                statuses.Add((await client.GraphQLAsync(server, ShopQuery)).Status);
            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.All(first, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, s.ToString()));
        Assert.InRange(first.Count(s => s == HttpStatusCode.ServiceUnavailable), 5, 20);
    }

    [Fact]
    public async Task ALostResponseStillAppliesTheWrite()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var product = server.Simulator.GetProducts()[0];
        server.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1 });
        const string update = """
            mutation($id: ID!) { productUpdate(product: { id: $id, title: "Landed" }) { product { title } userErrors { message } } }
            """;

        var lost = await client.GraphQLAsync(server, update, new { id = product.Gid });
        var read = await client.GraphQLAsync(server, "query($id: ID!) { product(id: $id) { title } }", new { id = product.Gid });

        Assert.Equal(HttpStatusCode.BadGateway, lost.Status);
        Assert.Equal("Landed", read.EnsureData().Data["product"]!["title"].Text());
        Assert.Equal(product.Gid, Assert.Single(server.Simulator.GetMutationLog()).ProductId);
    }

    [Fact]
    public async Task ACreateWhoseResponseIsLostIsMadeAndAnOutageAfterItHidesIt()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        server.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1, ServerErrorsAfterLostResponse = 2 });
        const string read = """query { productByIdentifier(identifier: { handle: "landed" }) { id } }""";

        var lost = await client.GraphQLAsync(server, """
            mutation { productSet(input: { title: "Landed", handle: "landed" }, synchronous: true) { product { id } userErrors { code } } }
            """);
        var during = new[] { (await client.GraphQLAsync(server, read)).Status, (await client.GraphQLAsync(server, read)).Status };
        var after = await client.GraphQLAsync(server, read);

        Assert.Equal(HttpStatusCode.BadGateway, lost.Status);
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable], during);
        Assert.Equal(Assert.Single(server.Simulator.GetProducts()).Gid, after.EnsureData().Data["productByIdentifier"]!["id"].Text());
    }

    [Fact]
    public async Task LostResponsesSpareQueries()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        server.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1 });

        (await client.GraphQLAsync(server, ShopQuery)).EnsureData();

        Assert.Equal(1, server.Simulator.Faults.Current.LoseNextResponses);
    }

    [Fact]
    public async Task AThrottleBurstThrottlesOnlyTheNextRequests()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        server.Simulator.Faults.Configure(new FaultSettings { ThrottleNextRequests = 2 });

        var codes = new List<string?>();
        for (var i = 0; i < 3; i++)
            codes.Add((await client.GraphQLAsync(server, ShopQuery)).FirstErrorCode);

        Assert.Equal(["THROTTLED", "THROTTLED", null], codes);
    }

    [Fact]
    public async Task ThrottleBurstsStartAtTheirRateAndLastTheirLength()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        server.Simulator.Faults.Configure(new FaultSettings { ThrottleBurstRate = 0.1, ThrottleBurstLength = 3, Seed = 3 });

        var codes = new List<string?>();
        for (var i = 0; i < 200; i++)
            codes.Add((await client.GraphQLAsync(server, ShopQuery)).FirstErrorCode);

        // Runs of THROTTLED answers come in whole bursts (back-to-back bursts make longer multiples); a run still
        // going at the end is left out.
        var runs = new List<int>();
        var run = 0;
        foreach (var code in codes)
        {
            if (code == "THROTTLED")
            {
                run++;
                continue;
            }
            Assert.Null(code);
            if (run > 0)
                runs.Add(run);
            run = 0;
        }
        Assert.True(runs.Count >= 5, $"bursts: {runs.Count}");
        Assert.All(runs, length => Assert.Equal(0, length % 3));
        Assert.InRange(codes.Count(c => c is null), 100, 197);
    }

    [Fact]
    public async Task ATimeoutHoldsTheRequestPastTheClientsTimeout()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var impatient = server.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(300);
        using var client = server.CreateClient();
        server.Simulator.Faults.Configure(new FaultSettings { TimeoutNextRequests = 1, TimeoutHoldMs = 60_000 });

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GraphQLAsync(server, ShopQuery));
        (await client.GraphQLAsync(server, ShopQuery)).EnsureData();
        Assert.Equal(0, server.Simulator.Faults.Current.TimeoutNextRequests);
    }

    [Fact]
    public async Task AddedLatencyDelaysEveryRequest()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        (await client.GraphQLAsync(server, ShopQuery)).EnsureData(); // warm
        server.Simulator.Faults.Configure(new FaultSettings { LatencyMs = 250 });

        var watch = Stopwatch.StartNew();
        (await client.GraphQLAsync(server, ShopQuery)).EnsureData();

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task FaultsSwitchOverTheControlRoute()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var set = await client.ControlAsync(server, HttpMethod.Post, "faults", new { serverErrorRate = 1.0, serverErrorStatus = 500 });
        var failed = await client.GraphQLAsync(server, ShopQuery);
        await client.ControlAsync(server, HttpMethod.Post, "faults", new { });
        var healthy = await client.GraphQLAsync(server, ShopQuery);

        Assert.Equal(1.0, set["serverErrorRate"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        healthy.EnsureData();
    }
}
