using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

public class ProductQueryTests
{
    private const string PageQuery = """
        query($first: Int, $after: String, $last: Int, $before: String, $query: String, $sortKey: ProductSortKeys, $reverse: Boolean) {
          products(first: $first, after: $after, last: $last, before: $before, query: $query, sortKey: $sortKey, reverse: $reverse) {
            edges { cursor node { id title updatedAt } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    [Fact]
    public async Task PagingForwardWithCursorsReturnsEveryProductOnce()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var ids = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var connection = (await client.GraphQLAsync(server, PageQuery, new { first = 70, after })).EnsureData().Data["products"]!;
            ids.AddRange(connection["edges"]!.AsArray().Select(e => e!["node"]!["id"].Text()));
            pages++;
            if (!connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
                break;
            after = connection["pageInfo"]!["endCursor"].Text();
        }

        Assert.Equal(5, pages);
        Assert.Equal(300, ids.Count);
        Assert.Equal(300, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids); // id order: gids of equal length sort as numbers
    }

    [Fact]
    public async Task PagingBackwardWithLastAndBeforeMirrorsForwardPaging()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var forward = (await client.GraphQLAsync(server, PageQuery, new { first = 10 })).EnsureData().Data["products"]!;
        var tenth = forward["edges"]![9]!["cursor"].Text();
        var back = (await client.GraphQLAsync(server, PageQuery, new { last = 4, before = tenth })).EnsureData().Data["products"]!;

        Assert.Equal(
            forward["edges"]!.AsArray().Skip(5).Take(4).Select(e => e!["node"]!["id"].Text()),
            back["edges"]!.AsArray().Select(e => e!["node"]!["id"].Text()));
        Assert.True(back["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.True(back["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UpdatedAtFilterReturnsOnlyProductsChangedSince()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var products = (await client.GraphQLAsync(server, "{ products(first: 3, reverse: true) { nodes { id } } }")).EnsureData().Data["products"]!["nodes"]!.AsArray();

        var touched = new List<string>();
        foreach (var product in products)
        {
            var answer = await client.GraphQLAsync(server, """
                mutation($id: ID!) { productUpdate(product: { id: $id, vendor: "Changed Vendor" }) { product { updatedAt } userErrors { message } } }
                """, new { id = product!["id"].Text() });
            touched.Add(answer.EnsureData().Data["productUpdate"]!["product"]!["updatedAt"].Text());
        }

        var sinceFirst = await client.GraphQLAsync(server, PageQuery, new { first = 50, query = $"updated_at:>'{touched[0]}'", sortKey = "UPDATED_AT" });
        var sinceFirstInclusive = await client.GraphQLAsync(server, PageQuery, new { first = 50, query = $"updated_at:>='{touched[0]}'", sortKey = "UPDATED_AT" });
        var untouched = await client.GraphQLAsync(server, "query($q: String) { productsCount(query: $q) { count } }", new { q = $"updated_at:<'{touched[0]}'" });

        Assert.Equal(touched[1..], sinceFirst.EnsureData().Data["products"]!["edges"]!.AsArray().Select(e => e!["node"]!["updatedAt"].Text()));
        Assert.Equal(touched, sinceFirstInclusive.EnsureData().Data["products"]!["edges"]!.AsArray().Select(e => e!["node"]!["updatedAt"].Text()));
        Assert.Equal(297, untouched.EnsureData().Data["productsCount"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task HandleAndSkuFiltersFindTheProduct()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var sample = SyncStudio.Catalog.SampleCatalog.Load().First(p => p.Variants.Count > 1 && p.Variants[1].Sku is not null);

        var byHandle = await client.FirstProductAsync(server, $"handle:{sample.Handle}");
        var bySku = await client.FirstProductAsync(server, $"sku:{sample.Variants[1].Sku}");

        Assert.Equal(sample.Title, byHandle["title"].Text());
        Assert.Equal(byHandle["id"].Text(), bySku["id"].Text());
    }

    [Fact]
    public async Task SortByTitleWithReverseOrdersDescending()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var titles = new List<string>();
        string? after = null;
        for (var page = 0; page < 3; page++)
        {
            var connection = (await client.GraphQLAsync(server, PageQuery, new { first = 40, after, sortKey = "TITLE", reverse = true })).EnsureData().Data["products"]!;
            titles.AddRange(connection["edges"]!.AsArray().Select(e => e!["node"]!["title"].Text()));
            after = connection["pageInfo"]!["endCursor"].Text();
        }

        Assert.Equal(120, titles.Count);
        Assert.Equal(titles.OrderDescending(StringComparer.OrdinalIgnoreCase), titles);
        Assert.Equal(
            SyncStudio.Catalog.SampleCatalog.Load().Select(p => p.Title).OrderDescending(StringComparer.OrdinalIgnoreCase).Take(120),
            titles);
    }

    [Fact]
    public async Task ProductsCountHonoursQueryAndLimit()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var drafts = SyncStudio.Catalog.SampleCatalog.Load().Count(p => p.Status == SyncStudio.Catalog.CatalogProductStatus.Draft);

        var data = (await client.GraphQLAsync(server, """
            {
              all: productsCount { count precision }
              drafts: productsCount(query: "status:draft") { count }
              capped: productsCount(limit: 100) { count precision }
            }
            """)).EnsureData().Data;

        Assert.Equal(300, data["all"]!["count"]!.GetValue<int>());
        Assert.Equal("EXACT", data["all"]!["precision"].Text());
        Assert.Equal(drafts, data["drafts"]!["count"]!.GetValue<int>());
        Assert.Equal(100, data["capped"]!["count"]!.GetValue<int>());
        Assert.Equal("AT_LEAST", data["capped"]!["precision"].Text());
    }

    [Fact]
    public async Task CollectionProductsMatchTheCollectionIdFilter()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var collections = (await client.GraphQLAsync(server, "{ collections(first: 10) { nodes { id title productsCount { count } } } }"))
            .EnsureData().Data["collections"]!["nodes"]!.AsArray();
        var sale = collections.Single(c => c!["title"].Text() == "Sale")!;
        var id = sale["id"].Text();
        var numericId = id[(id.LastIndexOf('/') + 1)..];
        var answer = (await client.GraphQLAsync(server, """
            query($id: ID!, $filter: String!) {
              collection(id: $id) { products(first: 250) { nodes { id } } }
              products(first: 250, query: $filter) { nodes { id inCollection(id: $id) } }
            }
            """, new { id, filter = $"collection_id:{numericId}" })).EnsureData().Data;

        var inCollection = answer["collection"]!["products"]!["nodes"]!.AsArray().Select(n => n!["id"].Text()).ToList();
        var filtered = answer["products"]!["nodes"]!.AsArray();
        Assert.Equal(4, collections.Count);
        Assert.NotEmpty(inCollection);
        Assert.Equal(sale["productsCount"]!["count"]!.GetValue<int>(), inCollection.Count);
        Assert.Equal(inCollection, filtered.Select(n => n!["id"].Text()));
        Assert.All(filtered, n => Assert.True(n!["inCollection"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task CollectionByIdAnswersTheCollectionAndNullForAnIdTheStoreDoesNotHave()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var first = (await client.GraphQLAsync(server, "{ collections(first: 1) { nodes { id title } } }"))
            .EnsureData().Data["collections"]!["nodes"]!.AsArray().Single()!;

        // As shopify.dev documents `collection(id:)`: the collection, or null (not an error) for an unknown id.
        var answer = (await client.GraphQLAsync(server, """
            query($known: ID!, $unknown: ID!) {
              known: collection(id: $known) { id title }
              unknown: collection(id: $unknown) { id title }
            }
            """, new { known = first["id"].Text(), unknown = "gid://shopify/Collection/999999999" })).EnsureData().Data;

        Assert.Equal(first["title"].Text(), answer["known"]!["title"].Text());
        Assert.Null(answer["unknown"]);
    }

    [Fact]
    public async Task ProductAnswersVariantsOptionsAndInventory()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var sample = SyncStudio.Catalog.SampleCatalog.Load().First(p => p.OptionNames.Count == 2);
        var id = (await client.FirstProductAsync(server, $"handle:{sample.Handle}"))["id"].Text();

        var product = (await client.GraphQLAsync(server, """
            query($id: ID!) {
              product(id: $id) {
                handle status descriptionHtml tags totalInventory
                options { name values }
                variantsCount { count }
                variants(first: 50) {
                  nodes {
                    sku price title
                    selectedOptions { name value }
                    inventoryItem { measurement { weight { unit value } } inventoryLevels(first: 1) { nodes { location { name } quantities(names: ["available"]) { quantity } } } }
                  }
                }
              }
            }
            """, new { id })).EnsureData().Data["product"]!;

        Assert.Equal(sample.Handle, product["handle"].Text());
        Assert.Equal(sample.Status.ToString().ToUpperInvariant(), product["status"].Text());
        Assert.Equal(sample.BodyHtml, product["descriptionHtml"].Text());
        Assert.Equal(sample.OptionNames, product["options"]!.AsArray().Select(o => o!["name"].Text()));
        Assert.Equal(sample.Variants.Count, product["variantsCount"]!["count"]!.GetValue<int>());
        Assert.Equal(sample.Variants.Sum(v => v.InventoryQuantity), product["totalInventory"]!.GetValue<int>());
        var variants = product["variants"]!["nodes"]!.AsArray();
        Assert.Equal(sample.Variants.Select(v => v.Sku), variants.Select(v => v!["sku"]?.GetValue<string>()));
        Assert.Equal(string.Join(" / ", sample.Variants[0].OptionValues), variants[0]!["title"].Text());
        var level = variants[0]!["inventoryItem"]!["inventoryLevels"]!["nodes"]![0]!;
        Assert.Equal("Shop location", level["location"]!["name"].Text());
        Assert.Equal(sample.Variants[0].InventoryQuantity, level["quantities"]![0]!["quantity"]!.GetValue<int>());
        Assert.Equal(decimal.ToDouble(sample.Variants[0].Weight!.Value), variants[0]!["inventoryItem"]!["measurement"]!["weight"]!["value"]!.GetValue<double>());
    }
}
