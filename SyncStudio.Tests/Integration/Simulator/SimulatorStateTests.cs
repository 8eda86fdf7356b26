using SyncStudio.Catalog;
using SyncStudio.Tests.Infrastructure;
using SyncStudio.Tests.Unit.Catalog;

namespace SyncStudio.Tests.Integration.Simulator;

public sealed class SimulatorStateTests : IDisposable
{
    private const string Update = """
        mutation($id: ID!, $title: String!) {
          productUpdate(product: { id: $id, title: $title }) { product { title updatedAt } userErrors { message } }
        }
        """;

    private const string Read = "query($id: ID!) { product(id: $id) { title updatedAt } }";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "syncstudio-simulator-tests", Guid.NewGuid().ToString("N"));

    private string StatePath => Path.Combine(_folder, "simulator-store.json");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task StateSurvivesARestartWithAStateFile()
    {
        string id, stamp;
        await using (var first = await SimulatorServer.StartAsync(o => o.StatePath = StatePath))
        {
            using var client = first.CreateClient();
            id = first.Simulator.GetProducts()[5].Gid;
            stamp = (await client.GraphQLAsync(first, Update, new { id, title = "Kept Across Restarts" }))
                .EnsureData().Data["productUpdate"]!["product"]!["updatedAt"].Text();
        }

        await using var second = await SimulatorServer.StartAsync(o => o.StatePath = StatePath);
        using var again = second.CreateClient();
        var product = (await again.GraphQLAsync(second, Read, new { id })).EnsureData().Data["product"]!;

        Assert.True(File.Exists(StatePath));
        Assert.Equal("Kept Across Restarts", product["title"].Text());
        Assert.Equal(stamp, product["updatedAt"].Text());
        Assert.Single(second.Simulator.GetMutationLog());
    }

    [Fact]
    public async Task AnAcknowledgedWriteSurvivesAKill()
    {
        string id;
        var first = await SimulatorServer.StartAsync(o => o.StatePath = StatePath);
        using (var client = first.CreateClient())
        {
            id = first.Simulator.GetProducts()[7].Gid;
            (await client.GraphQLAsync(first, Update, new { id, title = "Journalled" })).EnsureData();
        }

        await first.KillAsync(); // no snapshot: only the journal has the write

        await using var second = await SimulatorServer.StartAsync(o => o.StatePath = StatePath);
        Assert.Equal("Journalled", second.Simulator.FindProduct(id)!.Title);
        Assert.Equal(300, second.Simulator.GetState().Products);
    }

    [Fact]
    public async Task IdempotencyKeysSurviveARestart()
    {
        // inventorySetQuantities honours @idempotent (productUpdate does not).
        const string set = """
            mutation($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } userErrors { code } }
            }
            """;
        object input;
        await using (var first = await SimulatorServer.StartAsync(o => o.StatePath = StatePath))
        {
            using var client = first.CreateClient();
            var variant = first.Simulator.GetProducts()[3].Variants[0];
            input = new
            {
                name = "available",
                reason = "correction",
                quantities = new[]
                {
                    new { inventoryItemId = $"gid://shopify/InventoryItem/{variant.InventoryItemId}", locationId = "gid://shopify/Location/71234567890", quantity = variant.Available + 3, changeFromQuantity = variant.Available },
                },
            };
            (await client.GraphQLAsync(first, set, new { input, key = "applied-once" })).EnsureData();
            await first.KillAsync();
        }

        await using var second = await SimulatorServer.StartAsync(o => o.StatePath = StatePath);
        using var retry = second.CreateClient();
        var replay = await retry.GraphQLAsync(second, set, new { input, key = "applied-once" });

        Assert.Empty(replay.EnsureData().Data["inventorySetQuantities"]!["userErrors"]!.AsArray());
        Assert.Single(second.Simulator.GetMutationLog());
    }

    [Fact]
    public async Task ResetReloadsTheSeed()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.StatePath = StatePath);
        using var client = server.CreateClient();
        var original = server.Simulator.GetProducts()[0];
        (await client.GraphQLAsync(server, Update, new { id = original.Gid, title = "Edited" })).EnsureData();
        (await client.GraphQLAsync(server, "mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }",
            new { id = server.Simulator.GetProducts()[1].Gid })).EnsureData();

        var state = await client.ControlAsync(server, HttpMethod.Post, "reset");
        var log = await client.ControlAsync(server, HttpMethod.Get, "log");

        Assert.Equal(300, state["products"]!.GetValue<int>());
        Assert.Equal(0, log["count"]!.GetValue<int>());
        Assert.Equal(original.Title, server.Simulator.FindProduct(original.Handle)!.Title);
        Assert.Equal(original.Gid, server.Simulator.GetProducts()[0].Gid);
    }

    [Fact]
    public async Task ResetIsDurable()
    {
        await using (var first = await SimulatorServer.StartAsync(o => o.StatePath = StatePath))
        {
            using var client = first.CreateClient();
            (await client.GraphQLAsync(first, Update, new { id = first.Simulator.GetProducts()[0].Gid, title = "Edited" })).EnsureData();
            first.Simulator.Reset();
            await first.KillAsync();
        }

        await using var second = await SimulatorServer.StartAsync(o => o.StatePath = StatePath);
        Assert.Equal(SampleCatalog.Load()[0].Title, second.Simulator.GetProducts()[0].Title);
    }

    [Fact]
    public async Task SeedCanBeSyntheticOrEmpty()
    {
        await using var synthetic = await SimulatorServer.StartAsync(o => o.Seed = "synthetic:120:7");
        await using var empty = await SimulatorServer.StartAsync(o => o.Seed = "empty");

        Assert.Equal(120, synthetic.Simulator.GetState().Products);
        Assert.Equal(360, synthetic.Simulator.GetState().Variants);
        Assert.Equal(SyntheticCatalog.Create(0, seed: 7).Handle, synthetic.Simulator.GetProducts()[0].Handle);
        Assert.Equal(0, empty.Simulator.GetState().Products);
    }

    [Fact]
    public async Task SeedCanBeAnyShopifyCsv()
    {
        var path = CatalogTestFiles.RequireCatalog("shopify-template-2023.csv");

        await using var server = await SimulatorServer.StartAsync(o => o.Seed = $"csv:{path}");
        using var client = server.CreateClient();
        var shirt = (await client.GraphQLAsync(server, """
            { products(first: 1, query: "handle:example-shirt") { nodes { variantsCount { count } options { name } } } }
            """)).EnsureData().Data["products"]!["nodes"]![0]!;

        Assert.Equal(3, server.Simulator.GetState().Products);
        Assert.Equal(12, shirt["variantsCount"]!["count"]!.GetValue<int>());
        Assert.Equal(["Color", "Size"], shirt["options"]!.AsArray().Select(o => o!["name"].Text()));
    }
}
