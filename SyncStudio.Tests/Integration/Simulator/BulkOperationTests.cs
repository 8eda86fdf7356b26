using System.Text.Json.Nodes;
using SyncStudio.Catalog;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

public class BulkOperationTests
{
    private const string RunQuery = """
        mutation($query: String!) {
          bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } }
        }
        """;

    private const string PollQuery = """
        query($id: ID!) { bulkOperation(id: $id) { id status objectCount rootObjectCount fileSize url errorCode } }
        """;

    [Fact]
    public async Task BulkQueryRunsAndItsJsonlListsParentsBeforeTheirChildren()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var catalog = SampleCatalog.Load();

        var started = (await client.GraphQLAsync(server, RunQuery, new
        {
            query = "{ products { edges { node { id handle title variants { edges { node { id sku price } } } } } } }",
        })).EnsureData().Data["bulkOperationRunQuery"]!;
        var id = started["bulkOperation"]!["id"].Text();
        await server.Simulator.WaitForBulkOperationAsync(id, TestContext.Current.CancellationToken);
        var operation = (await client.GraphQLAsync(server, PollQuery, new { id })).EnsureData().Data["bulkOperation"]!;
        // Shopify's result URLs are pre-signed storage; the simulator's file sits on its own origin and needs its token.
        using var anonymous = new HttpClient();
        using var refused = await anonymous.GetAsync(operation["url"].Text(), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        var jsonl = await client.GetStringAsync(operation["url"].Text(), TestContext.Current.CancellationToken);

        Assert.Equal("CREATED", started["bulkOperation"]!["status"].Text());
        Assert.Equal("COMPLETED", operation["status"].Text());
        Assert.StartsWith($"{server.BaseAddress}/bulk/", operation["url"].Text(), StringComparison.Ordinal);
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        var products = lines.Where(l => !l.ContainsKey("__parentId")).ToList();
        var variants = lines.Where(l => l.ContainsKey("__parentId")).ToList();
        Assert.Equal(catalog.Count, products.Count);
        Assert.Equal(catalog.Sum(p => p.Variants.Count), variants.Count);
        Assert.Equal(lines.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), operation["objectCount"].Text());
        Assert.Equal(catalog.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), operation["rootObjectCount"].Text());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(jsonl).ToString(System.Globalization.CultureInfo.InvariantCulture), operation["fileSize"].Text());

        var seen = new HashSet<string>();
        foreach (var line in lines)
        {
            if (line["__parentId"] is { } parent)
                Assert.Contains(parent.Text(), seen); // a child comes after its parent
            else
                Assert.False(line.ContainsKey("variants")); // nested connections become lines of their own
            seen.Add(line["id"].Text());
        }

        var first = catalog[0];
        Assert.Equal(first.Handle, products[0]["handle"].Text());
        Assert.Equal(first.Variants.Select(v => v.Sku), variants.Where(v => v["__parentId"].Text() == products[0]["id"].Text()).Select(v => v["sku"]?.GetValue<string>()));
    }

    [Fact]
    public async Task BulkQueryHonoursItsSearchQuery()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        var archived = SampleCatalog.Load().Count(p => p.Status == CatalogProductStatus.Archived);

        var id = (await client.GraphQLAsync(server, RunQuery, new { query = "{ products(query: \"status:archived\") { nodes { id status } } }" }))
            .EnsureData().Data["bulkOperationRunQuery"]!["bulkOperation"]!["id"].Text();
        await server.Simulator.WaitForBulkOperationAsync(id, TestContext.Current.CancellationToken);
        var operation = (await client.GraphQLAsync(server, PollQuery, new { id })).EnsureData().Data["bulkOperation"]!;
        var lines = (await client.GetStringAsync(operation["url"].Text(), TestContext.Current.CancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(archived, lines.Length);
        Assert.All(lines, line => Assert.Equal("ARCHIVED", JsonNode.Parse(line)!["status"].Text()));
    }

    [Theory]
    [InlineData("{ products { edges { node { id colour } } } }")]
    [InlineData("{ products { edges { node { title variants { edges { node { id } } } } } } }")]
    [InlineData("{ orders { edges { node { id } } } }")]
    [InlineData("{ products { edges { node { id }")]
    public async Task InvalidBulkQueriesAreRefusedUpFront(string query)
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var payload = (await client.GraphQLAsync(server, RunQuery, new { query })).EnsureData().Data["bulkOperationRunQuery"]!;

        Assert.Null(payload["bulkOperation"]);
        Assert.Equal("INVALID", payload["userErrors"]![0]!["code"].Text());
    }

    /// <summary>From 2026-01 an app runs up to five bulk queries a shop at a time (https://shopify.dev/docs/api/usage/bulk-operations/queries#limitations).</summary>
    [Fact]
    public async Task FiveBulkQueriesRunAtOnceAndASixthIsRefusedUntilOneEnds()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();
        const string query = "{ products { nodes { id } } }";

        var ids = new List<string>();
        using (server.Simulator.HoldBulkOperations())
        {
            for (var i = 0; i < 5; i++)
            {
                var payload = (await client.GraphQLAsync(server, RunQuery, new { query })).EnsureData().Data["bulkOperationRunQuery"]!;
                Assert.Empty(payload["userErrors"]!.AsArray());
                ids.Add(payload["bulkOperation"]!["id"].Text());
            }

            var sixth = (await client.GraphQLAsync(server, RunQuery, new { query })).EnsureData().Data["bulkOperationRunQuery"]!;
            Assert.Null(sixth["bulkOperation"]);
            Assert.Equal("LIMIT_REACHED", sixth["userErrors"]![0]!["code"].Text());
            Assert.Equal("Bulk operations limit reached. Please try again later.", sixth["userErrors"]![0]!["message"].Text());
            Assert.Equal(1, server.Simulator.BulkLimitRefusals);
            var running = (await client.GraphQLAsync(server, PollQuery, new { id = ids[4] })).EnsureData().Data["bulkOperation"]!;
            Assert.Contains(running["status"].Text(), new[] { "CREATED", "RUNNING" });
        }

        foreach (var id in ids)
            await server.Simulator.WaitForBulkOperationAsync(id, TestContext.Current.CancellationToken);
        var again = (await client.GraphQLAsync(server, RunQuery, new { query })).EnsureData().Data["bulkOperationRunQuery"]!;
        Assert.Empty(again["userErrors"]!.AsArray());
    }

    /// <summary>
    /// groupObjects (Boolean! = false in 2026-07): grouped, a product's variants follow it at once; ungrouped (the
    /// default), they do not, though each still comes after its parent.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GroupObjectsDecidesWhetherChildrenFollowTheirParentAtOnce(bool groupObjects)
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var payload = (await client.GraphQLAsync(server, """
            mutation($query: String!, $group: Boolean!) {
              bulkOperationRunQuery(query: $query, groupObjects: $group) { bulkOperation { id } userErrors { code message } }
            }
            """, new { query = "{ products { nodes { id variants { nodes { id } } } } }", group = groupObjects })).EnsureData().Data["bulkOperationRunQuery"]!;
        var id = payload["bulkOperation"]!["id"].Text();
        await server.Simulator.WaitForBulkOperationAsync(id, TestContext.Current.CancellationToken);
        var url = (await client.GraphQLAsync(server, PollQuery, new { id })).EnsureData().Data["bulkOperation"]!["url"].Text();
        var lines = (await client.GetStringAsync(url, TestContext.Current.CancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();

        string? product = null;
        var seen = new HashSet<string>();
        var grouped = true;
        foreach (var line in lines)
        {
            if (line["__parentId"] is { } parent)
            {
                Assert.Contains(parent.Text(), seen);
                grouped &= parent.Text() == product;
            }
            else
            {
                product = line["id"].Text();
            }

            seen.Add(line["id"].Text());
        }

        Assert.Equal(groupObjects, grouped);
    }

    [Fact]
    public async Task CurrentBulkOperationIsTheLatest()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = server.CreateClient();

        var id = (await client.GraphQLAsync(server, RunQuery, new { query = "{ products { nodes { id } } }" }))
            .EnsureData().Data["bulkOperationRunQuery"]!["bulkOperation"]!["id"].Text();
        await server.Simulator.WaitForBulkOperationAsync(id, TestContext.Current.CancellationToken);
        var current = (await client.GraphQLAsync(server, "{ currentBulkOperation { id status objectCount } }")).EnsureData().Data["currentBulkOperation"]!;

        Assert.Equal(id, current["id"].Text());
        Assert.Equal("COMPLETED", current["status"].Text());
        Assert.Equal("300", current["objectCount"].Text());
    }
}
