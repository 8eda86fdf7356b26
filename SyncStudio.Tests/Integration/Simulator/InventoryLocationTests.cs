using System.Text.Json.Nodes;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

/// <summary>
/// Inventory at several locations, as the 2026-07 Admin API has it: a level per item and location, the variant's
/// <c>inventoryQuantity</c> the sum of them, <c>changeFromQuantity</c> compared with the level at the location being
/// set, and an item refused where it is not stocked until <c>inventoryActivate</c> stocks it.
/// </summary>
public sealed class InventoryLocationTests : IDisposable
{
    private const string Set = """
        mutation($input: InventorySetQuantitiesInput!, $key: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $key) {
            inventoryAdjustmentGroup { changes { name delta quantityAfterChange location { id } } }
            userErrors { code field message }
          }
        }
        """;

    private const string Activate = """
        mutation($item: ID!, $location: ID!, $available: Int, $key: String!) {
          inventoryActivate(inventoryItemId: $item, locationId: $location, available: $available) @idempotent(key: $key) {
            inventoryLevel { id location { id } quantities(names: ["available", "on_hand"]) { name quantity } }
            userErrors { field message }
          }
        }
        """;

    private const string AddLocation = """
        mutation($name: String!) {
          locationAdd(input: { name: $name, address: { countryCode: CA } }) { location { id name isPrimary } userErrors { code field message } }
        }
        """;

    private const string Levels = """
        query($variant: ID!, $location: ID!) {
          productVariant(id: $variant) {
            inventoryQuantity
            inventoryItem {
              locationsCount { count }
              inventoryLevel(locationId: $location) { quantities(names: ["available"]) { quantity } }
              inventoryLevels(first: 10) { nodes { location { id } quantities(names: ["available", "on_hand"]) { name quantity } } }
            }
          }
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "syncstudio-simulator-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task InventoryQuantityIsTheSumOfTheLevelsAtEveryLocation()
    {
        await using var server = await SimulatorServer.StartAsync(o => (o.Seed, o.Locations) = ("synthetic:3:1", 3));
        using var client = server.CreateClient();
        var locations = server.Simulator.GetLocations();
        var variant = server.Simulator.GetProducts()[0].Variants[0];
        Assert.Empty(await SetAsync(client, server, variant, locations[1].Id, 4, from: 0));
        Assert.Empty(await SetAsync(client, server, variant, locations[2].Id, 6, from: 0));

        var read = (await client.GraphQLAsync(server, Levels, new { variant = variant.Gid, location = ShopifyGid.Location(locations[2].Id) }))
            .EnsureData().Data["productVariant"]!;

        Assert.Equal(variant.Available + 10, read["inventoryQuantity"]!.GetValue<int>());
        Assert.Equal(3, read["inventoryItem"]!["locationsCount"]!["count"]!.GetValue<int>());
        Assert.Equal(6, read["inventoryItem"]!["inventoryLevel"]!["quantities"]![0]!["quantity"]!.GetValue<int>());
        var levels = read["inventoryItem"]!["inventoryLevels"]!["nodes"]!.AsArray();
        Assert.Equal(locations.Select(l => ShopifyGid.Location(l.Id)), levels.Select(l => l!["location"]!["id"].Text()));
        Assert.Equal([variant.Available, variant.Available, 4, 4, 6, 6],
            levels.SelectMany(l => l!["quantities"]!.AsArray().Select(q => q!["quantity"]!.GetValue<int>())));
    }

    [Fact]
    public async Task ChangeFromQuantityIsComparedWithTheQuantityAtTheLocationBeingSet()
    {
        await using var server = await SimulatorServer.StartAsync(o => (o.Seed, o.Locations) = ("synthetic:3:1", 2));
        using var client = server.CreateClient();
        var second = server.Simulator.GetLocations()[1].Id;
        var variant = server.Simulator.GetProducts()[0].Variants[0];
        Assert.Empty(await SetAsync(client, server, variant, second, 4, from: 0));
        var total = variant.Available + 4;

        var stale = await SetAsync(client, server, variant, SimulatorStore.LocationId, variant.Available + 1, from: total);
        var set = await SetAsync(client, server, variant, SimulatorStore.LocationId, variant.Available + 1, from: variant.Available);

        Assert.Equal("CHANGE_FROM_QUANTITY_STALE", Assert.Single(stale)!["code"].Text());
        Assert.Empty(set);
        var now = server.Simulator.FindProduct(server.Simulator.GetProducts()[0].Handle)!.Variants[0];
        Assert.Equal((variant.Available + 1, 4, total + 1), (now.Available, now.AvailableAt(second), now.TotalAvailable));
    }

    [Fact]
    public async Task AnItemIsRefusedAtALocationWhereItIsNotStockedUntilInventoryActivateStocksIt()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "synthetic:3:1");
        using var client = server.CreateClient();
        var variant = server.Simulator.GetProducts()[0].Variants[0];
        var added = (await client.GraphQLAsync(server, AddLocation, new { name = "Pop-up Store" })).EnsureData().Data["locationAdd"]!;
        Assert.Empty(added["userErrors"]!.AsArray());
        Assert.False(added["location"]!["isPrimary"]!.GetValue<bool>());
        var popUp = ShopifyGid.ParseId(added["location"]!["id"].Text(), "Location")!.Value;

        var refused = await SetAsync(client, server, variant, popUp, 3, from: 0);
        var unstocked = (await client.GraphQLAsync(server, Levels, new { variant = variant.Gid, location = ShopifyGid.Location(popUp) })).EnsureData();
        var activated = (await client.GraphQLAsync(server, Activate, new { item = ShopifyGid.InventoryItem(variant.InventoryItemId), location = ShopifyGid.Location(popUp), key = "activate-1" }))
            .EnsureData().Data["inventoryActivate"]!;
        var set = await SetAsync(client, server, variant, popUp, 3, from: 0);

        Assert.Equal("ITEM_NOT_STOCKED_AT_LOCATION", Assert.Single(refused)!["code"].Text());
        Assert.Null(unstocked.Data["productVariant"]!["inventoryItem"]!["inventoryLevel"]);
        Assert.Empty(activated["userErrors"]!.AsArray());
        Assert.Equal([0, 0], activated["inventoryLevel"]!["quantities"]!.AsArray().Select(q => q!["quantity"]!.GetValue<int>()));
        Assert.Empty(set);
        var now = server.Simulator.FindProduct(server.Simulator.GetProducts()[0].Handle)!.Variants[0];
        Assert.Equal((3, variant.Available + 3), (now.AvailableAt(popUp), now.TotalAvailable));
    }

    [Fact]
    public async Task InventoryActivateWithoutItsIdempotencyKeyIsRefused()
    {
        await using var server = await SimulatorServer.StartAsync(o => (o.Seed, o.Locations) = ("synthetic:3:1", 2));
        using var client = server.CreateClient();
        var variant = server.Simulator.GetProducts()[0].Variants[0];

        var answer = await client.GraphQLAsync(server,
            "mutation($item: ID!, $location: ID!) { inventoryActivate(inventoryItemId: $item, locationId: $location) { userErrors { message } } }",
            new { item = ShopifyGid.InventoryItem(variant.InventoryItemId), location = ShopifyGid.Location(server.Simulator.GetLocations()[1].Id) });

        Assert.Equal("BAD_REQUEST", answer.FirstErrorCode);
    }

    [Fact]
    public async Task LocationWithoutAnIdIsThePrimaryOneAndLocationsListsThemAll()
    {
        await using var server = await SimulatorServer.StartAsync(o => (o.Seed, o.Locations) = ("empty", 3));
        using var client = server.CreateClient();

        var data = (await client.GraphQLAsync(server, "{ location { id name isPrimary } locations(first: 10) { nodes { id name } } }")).EnsureData().Data;
        var taken = (await client.GraphQLAsync(server, AddLocation, new { name = "warehouse 2" })).EnsureData().Data["locationAdd"]!;

        Assert.Equal(ShopifyGid.Location(SimulatorStore.LocationId), data["location"]!["id"].Text());
        Assert.True(data["location"]!["isPrimary"]!.GetValue<bool>());
        Assert.Equal([SimulatorStore.LocationName, "Warehouse 2", "Warehouse 3"], data["locations"]!["nodes"]!.AsArray().Select(n => n!["name"].Text()));
        Assert.Equal("TAKEN", taken["userErrors"]![0]!["code"].Text());
    }

    [Fact]
    public async Task ProductSetSetsAQuantityAtEachLocationItNames()
    {
        await using var server = await SimulatorServer.StartAsync(o => (o.Seed, o.Locations) = ("empty", 2));
        using var client = server.CreateClient();
        var second = ShopifyGid.Location(server.Simulator.GetLocations()[1].Id);

        var answer = (await client.GraphQLAsync(server, """
            mutation($input: ProductSetInput!) { productSet(input: $input) { product { totalInventory variants(first: 1) { nodes { inventoryQuantity } } } userErrors { message } } }
            """, new
        {
            input = new
            {
                title = "Two Places",
                productOptions = new[] { new { name = "Title", values = new[] { new { name = "Default Title" } } } },
                variants = new[]
                {
                    new
                    {
                        optionValues = new[] { new { optionName = "Title", name = "Default Title" } },
                        inventoryQuantities = new[]
                        {
                            new { locationId = ShopifyGid.Location(SimulatorStore.LocationId), name = "available", quantity = 2 },
                            new { locationId = second, name = "available", quantity = 5 },
                        },
                    },
                },
            },
        })).EnsureData().Data["productSet"]!;

        Assert.Empty(answer["userErrors"]!.AsArray());
        Assert.Equal(7, answer["product"]!["variants"]!["nodes"]![0]!["inventoryQuantity"]!.GetValue<int>());
        var variant = Assert.Single(server.Simulator.FindProduct("two-places")!.Variants);
        Assert.Equal((2, 5), (variant.Available, variant.AvailableAt(server.Simulator.GetLocations()[1].Id)));
    }

    [Fact]
    public async Task LocationsAndLevelsSurviveARestartFromTheJournalAndFromASnapshot()
    {
        var statePath = Path.Combine(_folder, "simulator-store.json");
        long popUp;
        SimulatedVariant variant;
        await using (var first = await SimulatorServer.StartAsync(o => (o.Seed, o.Locations, o.StatePath) = ("synthetic:3:1", 2, statePath)))
        {
            using var client = first.CreateClient();
            variant = first.Simulator.GetProducts()[0].Variants[0];
            popUp = ShopifyGid.ParseId((await client.GraphQLAsync(first, AddLocation, new { name = "Pop-up Store" }))
                .EnsureData().Data["locationAdd"]!["location"]!["id"].Text(), "Location")!.Value;
            (await client.GraphQLAsync(first, Activate, new { item = ShopifyGid.InventoryItem(variant.InventoryItemId), location = ShopifyGid.Location(popUp), available = 3, key = "a" }))
                .EnsureData();
            await first.KillAsync(); // no snapshot: only the journal has the location and the level
        }

        await using (var second = await SimulatorServer.StartAsync(o => (o.Seed, o.Locations, o.StatePath) = ("synthetic:3:1", 2, statePath)))
        {
            AssertKept(second.Simulator);
        } // a graceful stop folds the journal into the snapshot

        await using var third = await SimulatorServer.StartAsync(o => (o.Seed, o.Locations, o.StatePath) = ("synthetic:3:1", 2, statePath));
        AssertKept(third.Simulator);

        void AssertKept(SimulatedShop shop)
        {
            Assert.Equal([SimulatorStore.LocationName, "Warehouse 2", "Pop-up Store"], shop.GetLocations().Select(l => l.Name));
            var now = shop.GetProducts()[0].Variants[0];
            Assert.Equal((variant.Available, 0, 3, variant.Available + 3),
                (now.Available, now.AvailableAt(shop.GetLocations()[1].Id), now.AvailableAt(popUp), now.TotalAvailable));
        }
    }

    private static async Task<JsonArray> SetAsync(HttpClient client, SimulatorServer server, SimulatedVariant variant, long locationId, int quantity, int from)
    {
        var answer = await client.GraphQLAsync(server, Set, new
        {
            key = Guid.NewGuid().ToString("N"),
            input = new
            {
                name = "available",
                reason = "correction",
                quantities = new[]
                {
                    new { inventoryItemId = ShopifyGid.InventoryItem(variant.InventoryItemId), locationId = ShopifyGid.Location(locationId), quantity, changeFromQuantity = from },
                },
            },
        });
        return answer.EnsureData().Data["inventorySetQuantities"]!["userErrors"]!.AsArray();
    }
}
