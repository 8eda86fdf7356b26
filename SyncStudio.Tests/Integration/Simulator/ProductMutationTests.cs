using Microsoft.Extensions.Time.Testing;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

public class ProductMutationTests
{
    private const string Location = "gid://shopify/Location/71234567890";

    private const string UpdateTitle = """
        mutation($id: ID!, $title: String!) {
          productUpdate(product: { id: $id, title: $title }) { product { id title updatedAt } userErrors { field message } }
        }
        """;

    private const string ReadProduct = """
        query($id: ID!) {
          product(id: $id) {
            title updatedAt
            variants(first: 20) { nodes { id price compareAtPrice inventoryQuantity inventoryItem { id } } }
          }
        }
        """;

    [Fact]
    public async Task ProductUpdateMovesUpdatedAtAndShowsInTheNextRead()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var product = await client.FirstProductAsync(server);

        var update = await client.GraphQLAsync(server, UpdateTitle, new { id = product["id"].Text(), title = "Renamed Product" });
        var read = await client.GraphQLAsync(server, ReadProduct, new { id = product["id"].Text() });

        var updated = update.EnsureData().Data["productUpdate"]!;
        Assert.Empty(updated["userErrors"]!.AsArray());
        var newStamp = DateTimeOffset.Parse(updated["product"]!["updatedAt"].Text(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(newStamp > DateTimeOffset.Parse(product["updatedAt"].Text(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Renamed Product", read.EnsureData().Data["product"]!["title"].Text());
        Assert.Equal(updated["product"]!["updatedAt"].Text(), read.Data["product"]!["updatedAt"].Text());
    }

    [Fact]
    public async Task UpdatedAtMovesOnEveryWriteWhileTheClockStandsStill()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SimulatorServer.StartAsync(timeProvider: time);
        using var client = server.CreateClient();
        var id = (await client.FirstProductAsync(server))["id"].Text();

        var stamps = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var answer = await client.GraphQLAsync(server, UpdateTitle, new { id, title = $"Title {i}" });
            stamps.Add(answer.EnsureData().Data["productUpdate"]!["product"]!["updatedAt"].Text());
        }

        var instants = stamps.Select(s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(instants[0] < instants[1] && instants[1] < instants[2], string.Join(", ", stamps));
        Assert.True(instants[2] - instants[0] < TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task ProductUpdateOfAnUnknownProductIsAUserError()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var answer = await client.GraphQLAsync(server, UpdateTitle, new { id = "gid://shopify/Product/1", title = "x" });

        var payload = answer.EnsureData().Data["productUpdate"]!;
        Assert.Null(payload["product"]);
        Assert.Equal("Product does not exist", payload["userErrors"]![0]!["message"].Text());
        Assert.Empty(server.Simulator.GetMutationLog());
    }

    [Fact]
    public async Task ProductVariantsBulkUpdateChangesAPrice()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var product = await client.FirstProductAsync(server);
        var variantId = product["variants"]!["nodes"]![0]!["id"].Text();

        var answer = await client.GraphQLAsync(server, """
            mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
              productVariantsBulkUpdate(productId: $productId, variants: $variants) {
                product { updatedAt }
                productVariants { id price compareAtPrice }
                userErrors { field message code }
              }
            }
            """, new { productId = product["id"].Text(), variants = new[] { new { id = variantId, price = "12.34", compareAtPrice = "20.00" } } });
        var read = await client.GraphQLAsync(server, ReadProduct, new { id = product["id"].Text() });

        var payload = answer.EnsureData().Data["productVariantsBulkUpdate"]!;
        Assert.Empty(payload["userErrors"]!.AsArray());
        Assert.Equal("12.34", payload["productVariants"]![0]!["price"].Text());
        var variant = read.EnsureData().Data["product"]!["variants"]!["nodes"]![0]!;
        Assert.Equal("12.34", variant["price"].Text());
        Assert.Equal("20.00", variant["compareAtPrice"].Text());
    }

    [Fact]
    public async Task ProductVariantsBulkUpdateWithOneBadVariantChangesNothing()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var product = await client.FirstProductAsync(server, "sku:AP-0001-XS-FORESTGREEN");
        var variants = product["variants"]!["nodes"]!.AsArray();

        var answer = await client.GraphQLAsync(server, """
            mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
              productVariantsBulkUpdate(productId: $productId, variants: $variants) { userErrors { field code } }
            }
            """, new
        {
            productId = product["id"].Text(),
            variants = new object[] { new { id = variants[0]!["id"].Text(), price = "1.00" }, new { id = variants[1]!["id"].Text(), price = "-5" } },
        });
        var read = await client.GraphQLAsync(server, ReadProduct, new { id = product["id"].Text() });

        var error = Assert.Single(answer.EnsureData().Data["productVariantsBulkUpdate"]!["userErrors"]!.AsArray())!;
        Assert.Equal("GREATER_THAN_OR_EQUAL_TO", error["code"].Text());
        Assert.Equal(["variants", "1", "price"], error["field"]!.AsArray().Select(f => f.Text()));
        Assert.Equal(variants[0]!["price"].Text(), read.EnsureData().Data["product"]!["variants"]!["nodes"]![0]!["price"].Text());
    }

    [Fact]
    public async Task ProductSetCreatesAProductWithOptionsVariantsAndStock()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var answer = await client.GraphQLAsync(server, """
            mutation($input: ProductSetInput!) {
              productSet(input: $input, synchronous: true) {
                product {
                  id handle title status vendor tags
                  options { name values }
                  variants(first: 10) { nodes { sku price selectedOptions { name value } inventoryQuantity } }
                }
                userErrors { field message code }
              }
            }
            """, new
        {
            input = new
            {
                title = "Storm Lantern",
                descriptionHtml = "<p>Bright.</p>",
                vendor = "Lamp Co",
                productType = "Outdoor",
                tags = new[] { "camping", "light" },
                status = "DRAFT",
                productOptions = new[] { new { name = "Color", values = new[] { new { name = "Red" }, new { name = "Blue" } } } },
                variants = new[]
                {
                    new { optionValues = new[] { new { optionName = "Color", name = "Red" } }, price = "19.99", sku = "LANT-RED", inventoryQuantities = new[] { new { locationId = Location, name = "available", quantity = 5 } } },
                    new { optionValues = new[] { new { optionName = "Color", name = "Blue" } }, price = "21.50", sku = "LANT-BLUE", inventoryQuantities = new[] { new { locationId = Location, name = "available", quantity = 0 } } },
                },
            },
        });
        var count = await client.GraphQLAsync(server, "{ productsCount { count } }");

        var payload = answer.EnsureData().Data["productSet"]!;
        Assert.Empty(payload["userErrors"]!.AsArray());
        var product = payload["product"]!;
        Assert.Equal("storm-lantern", product["handle"].Text());
        Assert.Equal("DRAFT", product["status"].Text());
        Assert.Equal(["camping", "light"], product["tags"]!.AsArray().Select(t => t.Text()));
        Assert.Equal(["Red", "Blue"], product["options"]![0]!["values"]!.AsArray().Select(v => v.Text()));
        var variants = product["variants"]!["nodes"]!.AsArray();
        Assert.Equal(["LANT-RED", "LANT-BLUE"], variants.Select(v => v!["sku"].Text()));
        Assert.Equal(["19.99", "21.50"], variants.Select(v => v!["price"].Text()));
        Assert.Equal([5, 0], variants.Select(v => v!["inventoryQuantity"]!.GetValue<int>()));
        Assert.Equal(301, count.EnsureData().Data["productsCount"]!["count"]!.GetValue<int>());
        Assert.Equal(product["id"].Text(), Assert.Single(server.Simulator.GetMutationLog()).ProductId);
    }

    [Fact]
    public async Task ProductSetRefusesAHandleAnotherProductHas()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var taken = (await client.FirstProductAsync(server))["handle"].Text();

        var answer = await client.GraphQLAsync(server, """
            mutation($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { field code } } }
            """, new { input = new { title = "Copy", handle = taken } });

        var error = Assert.Single(answer.EnsureData().Data["productSet"]!["userErrors"]!.AsArray())!;
        Assert.Equal("HANDLE_NOT_UNIQUE", error["code"].Text());
        Assert.Empty(server.Simulator.GetMutationLog());
    }

    [Fact]
    public async Task ProductDeleteDeletesAndASecondDeleteFindsNothing()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var id = (await client.FirstProductAsync(server))["id"].Text();
        const string delete = """
            mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { field message } } }
            """;

        var first = await client.GraphQLAsync(server, delete, new { id });
        var read = await client.GraphQLAsync(server, ReadProduct, new { id });
        var second = await client.GraphQLAsync(server, delete, new { id });

        Assert.Equal(id, first.EnsureData().Data["productDelete"]!["deletedProductId"].Text());
        Assert.Null(read.EnsureData().Data["product"]);
        Assert.Null(second.EnsureData().Data["productDelete"]!["deletedProductId"]);
        Assert.Equal("Product does not exist", second.Data["productDelete"]!["userErrors"]![0]!["message"].Text());
        Assert.Equal(299, server.Simulator.GetState().Products);
    }

    [Fact]
    public async Task InventorySetQuantitiesWithAStaleChangeFromQuantityChangesNothing()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var product = await client.FirstProductAsync(server);
        var variant = product["variants"]!["nodes"]![0]!;
        var itemId = variant["inventoryItem"]!["id"].Text();
        var quantity = variant["inventoryQuantity"]!.GetValue<int>();

        var stale = await SetQuantity(client, server, itemId, quantity + 40, changeFrom: quantity + 1, key: "stale-1");
        var afterStale = await client.GraphQLAsync(server, ReadProduct, new { id = product["id"].Text() });
        var fresh = await SetQuantity(client, server, itemId, quantity + 40, changeFrom: quantity, key: "fresh-1");
        var afterFresh = await client.GraphQLAsync(server, ReadProduct, new { id = product["id"].Text() });

        var staleError = Assert.Single(stale.EnsureData().Data["inventorySetQuantities"]!["userErrors"]!.AsArray())!;
        Assert.Equal("CHANGE_FROM_QUANTITY_STALE", staleError["code"].Text());
        Assert.Null(stale.Data["inventorySetQuantities"]!["inventoryAdjustmentGroup"]);
        Assert.Equal(quantity, afterStale.EnsureData().Data["product"]!["variants"]!["nodes"]![0]!["inventoryQuantity"]!.GetValue<int>());
        Assert.Equal(product["updatedAt"].Text(), afterStale.Data["product"]!["updatedAt"].Text());

        var change = fresh.EnsureData().Data["inventorySetQuantities"]!["inventoryAdjustmentGroup"]!["changes"]![0]!;
        Assert.Equal(40, change["delta"]!.GetValue<int>());
        Assert.Equal(quantity + 40, afterFresh.EnsureData().Data["product"]!["variants"]!["nodes"]![0]!["inventoryQuantity"]!.GetValue<int>());
        Assert.Single(server.Simulator.GetMutationLog());
    }

    [Fact]
    public async Task InventorySetQuantitiesNeedsAnIdempotencyKey()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var variant = (await client.FirstProductAsync(server))["variants"]!["nodes"]![0]!;

        var answer = await SetQuantity(client, server, variant["inventoryItem"]!["id"].Text(), 3, changeFrom: null, key: null);

        Assert.Contains("@idempotent", answer.Errors![0]!["message"].Text(), StringComparison.Ordinal);
        Assert.Empty(server.Simulator.GetMutationLog());
    }

    [Fact]
    public async Task AnInventoryMutationHonoursItsIdempotencyKeyAndAppliesOnce()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var product = await client.FirstProductAsync(server);
        var variant = product["variants"]!["nodes"]![0]!;
        var itemId = variant["inventoryItem"]!["id"].Text();
        var quantity = variant["inventoryQuantity"]!.GetValue<int>();

        var first = await SetQuantity(client, server, itemId, quantity + 5, changeFrom: quantity, key: "change-42");
        var replay = await SetQuantity(client, server, itemId, quantity + 5, changeFrom: quantity, key: "change-42");
        var misuse = await SetQuantity(client, server, itemId, quantity + 9, changeFrom: quantity, key: "change-42");
        var read = await client.GraphQLAsync(server, ReadProduct, new { id = product["id"].Text() });

        Assert.Equal(first.EnsureData().Data.ToJsonString(), replay.EnsureData().Data.ToJsonString());
        var mismatch = Assert.Single(misuse.EnsureData().Data["inventorySetQuantities"]!["userErrors"]!.AsArray())!;
        Assert.Equal("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", mismatch["code"].Text());
        Assert.Equal(quantity + 5, read.EnsureData().Data["product"]!["variants"]!["nodes"]![0]!["inventoryQuantity"]!.GetValue<int>());
        var entry = Assert.Single(server.Simulator.GetMutationLog());
        Assert.Equal(("inventorySetQuantities", product["id"].Text(), "change-42"), (entry.Operation, entry.ProductId, entry.IdempotencyKey));
    }

    [Fact]
    public async Task ProductSetIgnoresTheIdempotentDirectiveSoAResentCreateRunsAgain()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        const string create = """
            mutation($input: ProductSetInput!, $key: String!) {
              productSet(input: $input, synchronous: true) @idempotent(key: $key) { product { id handle } userErrors { field code } }
            }
            """;

        // Without a handle Shopify derives one from the title and makes it unique, so the second send is a second product.
        var first = await client.GraphQLAsync(server, create, new { input = new { title = "Linen Shirt" }, key = "create-1" });
        var again = await client.GraphQLAsync(server, create, new { input = new { title = "Linen Shirt" }, key = "create-1" });
        // With the handle given, the second send meets the first product's handle.
        var withHandle = await client.GraphQLAsync(server, create, new { input = new { title = "Linen Shirt", handle = "linen-shirt" }, key = "create-1" });

        var one = first.EnsureData().Data["productSet"]!["product"]!;
        var two = again.EnsureData().Data["productSet"]!["product"]!;
        Assert.NotEqual(one["id"].Text(), two["id"].Text());
        Assert.Equal(("linen-shirt", "linen-shirt-1"), (one["handle"].Text(), two["handle"].Text()));
        Assert.Equal("HANDLE_NOT_UNIQUE", withHandle.EnsureData().Data["productSet"]!["userErrors"]![0]!["code"].Text());
        Assert.Equal(2, server.Simulator.GetProducts().Count);
        Assert.All(server.Simulator.GetMutationLog(), e => Assert.Null(e.IdempotencyKey));
    }

    [Fact]
    public async Task ProductSetWritesMetafieldsThatTheProductReadsBack()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        var created = await client.GraphQLAsync(server, """
            mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { id } userErrors { field code } } }
            """, new
        {
            input = new
            {
                title = "Marked",
                metafields = new[] { new { @namespace = "$app:syncstudio", key = "create_key", type = "single_line_text_field", value = "k-1" } },
            },
        });
        var untyped = await client.GraphQLAsync(server, """
            mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { id } userErrors { field code } } }
            """, new { input = new { title = "Untyped", metafields = new[] { new { @namespace = "custom", key = "note", value = "x" } } } });
        var id = created.EnsureData().Data["productSet"]!["product"]!["id"].Text();

        var read = await client.GraphQLAsync(server, """
            query($id: ID!) {
              productByIdentifier(identifier: { id: $id }) {
                mine: metafield(namespace: "$app:syncstudio", key: "create_key") { namespace key type value }
                other: metafield(namespace: "custom", key: "create_key") { value }
              }
            }
            """, new { id });

        var mine = read.EnsureData().Data["productByIdentifier"]!["mine"]!;
        Assert.Equal(("$app:syncstudio", "create_key", "single_line_text_field", "k-1"),
            (mine["namespace"].Text(), mine["key"].Text(), mine["type"].Text(), mine["value"].Text()));
        Assert.Null(read.Data["productByIdentifier"]!["other"]);
        Assert.Equal("INVALID_METAFIELD", untyped.EnsureData().Data["productSet"]!["userErrors"]![0]!["code"].Text());
    }

    private static Task<GraphQLAnswer> SetQuantity(HttpClient client, SimulatorServer server, string itemId, int quantity, int? changeFrom, string? key)
    {
        var (declaration, directive) = key is null ? ("", "") : (", $key: String!", "@idempotent(key: $key)");
        return client.GraphQLAsync(server, $$"""
            mutation($input: InventorySetQuantitiesInput!{{declaration}}) {
              inventorySetQuantities(input: $input) {{directive}} {
                inventoryAdjustmentGroup { id reason changes { name delta quantityAfterChange item { id } } }
                userErrors { field message code }
              }
            }
            """, new
        {
            key,
            input = new
            {
                name = "available",
                reason = "correction",
                referenceDocumentUri = "logistics://syncstudio/change/1",
                quantities = new[] { new { inventoryItemId = itemId, locationId = Location, quantity, changeFromQuantity = changeFrom } },
            },
        });
    }
}
