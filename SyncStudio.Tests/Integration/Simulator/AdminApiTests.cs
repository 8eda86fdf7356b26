using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

public class AdminApiTests
{
    private const string ShopQuery = "{ shop { name plan { displayName } } }";

    [Fact]
    public async Task WrongOrMissingTokenGetsShopifys401()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var wrong = server.CreateClient("shpat_wrong");
        using var none = new HttpClient();

        var answer = await wrong.GraphQLAsync(server, ShopQuery);
        var missing = await none.GraphQLAsync(server, ShopQuery);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("[API] Invalid API key or access token (unrecognized login or wrong password)", answer.Json!["errors"].Text());
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
    }

    [Fact]
    public async Task ConfiguredTokenIsTheOneAccepted()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.AccessToken = "shpat_custom");
        using var client = server.CreateClient();
        using var dev = server.CreateClient(SimulatorOptions.DefaultAccessToken);

        (await client.GraphQLAsync(server, ShopQuery)).EnsureData();
        Assert.Equal(HttpStatusCode.Unauthorized, (await dev.GraphQLAsync(server, ShopQuery)).Status);
    }

    [Fact]
    public async Task ShopAnswersNameAndPlan()
    {
        await using var server = await SimulatorServer.StartAsync(o =>
        {
            o.ShopName = "Test Store";
            o.Plan = ShopifyPlan.Plus;
        });
        using var client = server.CreateClient();

        var shop = (await client.GraphQLAsync(server, "{ shop { name plan { displayName shopifyPlus } } }")).EnsureData().Data["shop"]!;

        Assert.Equal("Test Store", shop["name"].Text());
        Assert.Equal("Shopify Plus", shop["plan"]!["displayName"].Text());
        Assert.True(shop["plan"]!["shopifyPlus"]!.GetValue<bool>());
    }

    [Fact]
    public async Task InvalidDocumentsGetGraphQLErrorsAndNoData()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var unknownField = await client.GraphQLAsync(server, "{ products(first: 1) { nodes { id colour } } }");
        var syntax = await client.GraphQLAsync(server, "{ products(first: 1) { nodes { id } ");
        var badEnum = await client.GraphQLAsync(server, "{ products(first: 1, sortKey: NEWEST) { nodes { id } } }");
        var badVariable = await client.GraphQLAsync(server, "query($n: Int!) { products(first: $n) { nodes { id } } }", new { n = "ten" });

        foreach (var answer in new[] { unknownField, syntax, badEnum, badVariable })
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.NotNull(answer.Errors);
            Assert.Null(answer.Json!["data"]);
            Assert.NotNull(answer.Json["extensions"]?["cost"]);
        }

        Assert.Contains("colour", unknownField.Errors![0]!["message"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedRootFieldsSayNotImplemented()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var answer = await client.GraphQLAsync(server, "{ orders(first: 1) { nodes { id } } }");

        Assert.Equal("NOT_IMPLEMENTED", answer.FirstErrorCode);
        Assert.Contains("orders", answer.Errors![0]!["message"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionsWithoutFirstOrLastAreRefused()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var answer = await client.GraphQLAsync(server, "{ products { nodes { id } } }");

        Assert.Equal("you must provide one of first or last", answer.Errors![0]!["message"].Text());
    }

    [Fact]
    public async Task AnswersCarryShopifysCostExtension()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var answer = (await client.GraphQLAsync(server, "{ products(first: 10) { nodes { id title } } }")).EnsureData();

        Assert.Equal(12, answer.Cost["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(12, answer.Cost["actualQueryCost"]!.GetValue<int>());
        var throttle = answer.Cost["throttleStatus"]!;
        Assert.Equal(2000, throttle["maximumAvailable"]!.GetValue<double>());
        Assert.Equal(100, throttle["restoreRate"]!.GetValue<double>());
        Assert.InRange(throttle["currentlyAvailable"]!.GetValue<int>(), 1988, 2000);
    }

    [Fact]
    public async Task MissingQueryIsABadRequest()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        using var content = new StringContent("{\"variables\":{}}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(server.GraphQLEndpoint, content, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Required parameter missing or invalid", body["errors"]!["query"].Text());
    }

    [Fact]
    public async Task ControlRoutesNeedTheAccessToken()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var anonymous = new HttpClient();
        using var client = server.CreateClient();

        using var refused = await anonymous.GetAsync($"{server.BaseAddress}/control/state", TestContext.Current.CancellationToken);
        var state = await client.ControlAsync(server, HttpMethod.Get, "state");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(300, state["products"]!.GetValue<int>());
        Assert.Equal("sample", state["seed"].Text());
    }
}
