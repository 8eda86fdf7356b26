using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

/// <summary>
/// What Shopify refuses before running anything: a list input longer than 250 items (productSet's variants excepted,
/// up to 2,048), and any request while the app is over its rate limit (HTTP 429 with Retry-After). And productSet's
/// cost, which grows with the variants it writes.
/// </summary>
public sealed class InputLimitTests
{
    private const string BulkUpdate = """
        mutation($id: ID!, $v: [ProductVariantsBulkInput!]!) {
          productVariantsBulkUpdate(productId: $id, variants: $v) { productVariants { id } userErrors { field message code } }
        }
        """;

    private const string ProductSet = """
        mutation($input: ProductSetInput!) {
          productSet(input: $input, synchronous: true) { product { id variantsCount { count } } userErrors { field message code } }
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVariantsBulkUpdateOf251VariantsIsRefusedWholeAnd250AreWritten()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        var created = (await client.GraphQLAsync(server, ProductSet, new { input = ManyVariants("limits", 300) })).EnsureData().Data["productSet"]!;
        Assert.Empty(created["userErrors"]!.AsArray());
        var product = server.Simulator.FindProduct(created["product"]!["id"].Text())!;
        Assert.Equal(300, product.Variants.Length);
        var logged = server.Simulator.GetMutationLog().Count;
        object Prices(int count) => new
        {
            id = product.Gid,
            v = product.Variants.Take(count).Select(v => new { id = v.Gid, price = "99.00" }).ToArray(),
        };

        var refused = await client.GraphQLAsync(server, BulkUpdate, Prices(251));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("MAX_INPUT_SIZE_EXCEEDED", refused.FirstErrorCode);
        Assert.Equal("The input array size of 251 is greater than the maximum allowed of 250.", refused.Errors![0]!["message"].Text());
        Assert.Equal("""["productVariantsBulkUpdate","variants"]""", refused.Errors[0]!["path"]!.ToJsonString());
        Assert.Null(refused.Json!["data"]);
        Assert.Equal(logged, server.Simulator.GetMutationLog().Count);
        Assert.DoesNotContain(server.Simulator.FindProduct(product.Gid)!.Variants, v => v.Price == 99m);

        var written = (await client.GraphQLAsync(server, BulkUpdate, Prices(250))).EnsureData();
        Assert.Equal(250, written.Data["productVariantsBulkUpdate"]!["productVariants"]!.AsArray().Count);
        Assert.Equal(250, server.Simulator.FindProduct(product.Gid)!.Variants.Count(v => v.Price == 99m));
    }

    [Fact]
    public async Task AListWrittenInTheDocumentIsHeldToTheLimitToo()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        var ids = string.Join(", ", Enumerable.Range(1, 251).Select(i => $"\"gid://shopify/Product/{i}\""));

        var refused = await client.GraphQLAsync(server, $"{{ nodes(ids: [{ids}]) {{ id }} }}");

        Assert.Equal("MAX_INPUT_SIZE_EXCEEDED", refused.FirstErrorCode);
        Assert.Equal("""["nodes","ids"]""", refused.Errors![0]!["path"]!.ToJsonString());
    }

    [Fact]
    public async Task ProductSetWritesUpTo2048VariantsAtTenPointsAndAFifthPerVariantAndRefusesMore()
    {
        await using var server = await SimulatorServer.StartAsync(o =>
        {
            o.Seed = "empty";
            o.BucketSize = 100_000;
        });
        using var client = server.CreateClient();

        var largest = (await client.GraphQLAsync(server, ProductSet, new { input = ManyVariants("largest", 2048) })).EnsureData();
        var tooMany = (await client.GraphQLAsync(server, ProductSet, new { input = ManyVariants("too-many", 2049) })).EnsureData();
        var single = (await client.GraphQLAsync(server, ProductSet, new { input = ManyVariants("single", 1) })).EnsureData();

        Assert.Equal(2048, largest.Data["productSet"]!["product"]!["variantsCount"]!["count"]!.GetValue<int>());
        Assert.Equal(420, largest.Cost["requestedQueryCost"]!.GetValue<int>()); // 10 + 2,048 × 0.2 = 419.6
        Assert.Equal(420, largest.Cost["actualQueryCost"]!.GetValue<int>());
        var error = Assert.Single(tooMany.Data["productSet"]!["userErrors"]!.AsArray())!;
        Assert.Equal("VARIANTS_OVER_LIMIT", error["code"].Text());
        Assert.Null(server.Simulator.FindProduct("too-many"));
        Assert.Equal(11, single.Cost["requestedQueryCost"]!.GetValue<int>()); // 10.2, rounded up
    }

    [Fact]
    public async Task ATooManyRequestsAnswerRefusesEveryRequestUntilItsRetryAfterHasPassed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SimulatorServer.StartAsync(timeProvider: time);
        using var client = server.CreateClient();
        server.Simulator.Faults.Configure(new FaultSettings { TooManyRequestsNextRequests = 1, RetryAfterSeconds = 2 });

        var first = await client.PostAsync(server.GraphQLEndpoint, Json("{ shop { name } }"), Ct);
        time.Advance(TimeSpan.FromSeconds(1.5));
        var early = await client.PostAsync(server.GraphQLEndpoint, Json("{ shop { name } }"), Ct);
        time.Advance(TimeSpan.FromSeconds(0.5));
        var after = await client.GraphQLAsync(server, "{ shop { name } }");

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal("2.0", string.Join(",", first.Headers.GetValues("Retry-After")));
        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        Assert.Equal("0.5", string.Join(",", early.Headers.GetValues("Retry-After")));
        after.EnsureData();
        Assert.Equal(2, server.Simulator.Faults.TooManyRequestsAnswered);
    }

    private static StringContent Json(string query) =>
        new(System.Text.Json.JsonSerializer.Serialize(new { query }), System.Text.Encoding.UTF8, "application/json");

    /// <summary>A productSet input for a product of <paramref name="count"/> variants over two options.</summary>
    internal static object ManyVariants(string handle, int count)
    {
        var colours = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(count)));
        var sizes = (int)Math.Ceiling(count / (double)colours);
        static string Size(int i) => $"S{i:D3}";
        static string Colour(int i) => $"C{i:D3}";
        return new
        {
            title = $"Many variants {handle}",
            handle,
            status = "ACTIVE",
            productOptions = new object[]
            {
                new { name = "Size", position = 1, values = Enumerable.Range(0, sizes).Select(i => new { name = Size(i) }).ToArray() },
                new { name = "Colour", position = 2, values = Enumerable.Range(0, colours).Select(i => new { name = Colour(i) }).ToArray() },
            },
            variants = Enumerable.Range(0, count).Select(i => new
            {
                optionValues = new[] { new { optionName = "Size", name = Size(i / colours) }, new { optionName = "Colour", name = Colour(i % colours) } },
                price = (10m + (i * 0.01m)).ToString("0.00", CultureInfo.InvariantCulture),
                inventoryItem = new { sku = $"{handle}-{i:D4}" },
            }).ToArray(),
        };
    }
}
