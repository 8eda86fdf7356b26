using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SyncStudio.Services.Shopify;
using static SyncStudio.Tests.Unit.Shopify.ShopifyReplies;

namespace SyncStudio.Tests.Unit.Shopify;

public sealed class ShopifyBulkExportTests
{
    private const string ResultUrl = "https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/bulk/9.jsonl?signature=abc";

    [Fact]
    public async Task ProductsAreAssembledFromTheirVariantLinesEvenWhenInterleaved()
    {
        var lines = new[]
        {
            ProductLine(1, variants: 2),
            ProductLine(2, variants: 1),
            VariantLine(21, parent: 2, "B-1"),
            VariantLine(11, parent: 1, "A-1"),
            ProductLine(3, variants: 1),
            VariantLine(12, parent: 1, "A-2"),
            VariantLine(31, parent: 3, "C-1"),
        };
        var reader = new ShopifyBulkProductReader(NullLogger.Instance);

        var products = await Collect(reader.ReadAsync(lines.ToAsyncEnumerable(), NoReRead, TestContext.Current.CancellationToken));

        Assert.Equal([2L, 1L, 3L], products.Select(p => p.Id));
        Assert.Equal(["A-1", "A-2"], products[1].Variants.Select(v => v.Sku));
        Assert.Equal(["Size"], products[1].OptionNames);
        Assert.Equal(["S"], products[1].Variants[0].OptionValues);
        Assert.Equal(0, reader.LateVariantLines);
    }

    [Fact]
    public async Task AProductIsYieldedAsSoonAsItsLastVariantArrives()
    {
        var yielded = new List<long>();
        var seen = 0;
        async IAsyncEnumerable<string> Lines()
        {
            foreach (var line in new[] { ProductLine(1, 1), VariantLine(11, 1, "A"), ProductLine(2, 1), VariantLine(21, 2, "B") })
            {
                seen++;
                yield return line;
                await Task.Yield();
            }
        }

        await foreach (var product in new ShopifyBulkProductReader(NullLogger.Instance).ReadAsync(Lines(), NoReRead, TestContext.Current.CancellationToken))
        {
            yielded.Add(product.Id);
            Assert.Equal(product.Id == 1 ? 2 : 4, seen);
        }

        Assert.Equal([1L, 2L], yielded);
    }

    [Fact]
    public async Task AProductStillMissingVariantsAtTheEndIsReadAgain()
    {
        var reRead = new List<long>();
        var fresh = new ShopifyProduct(1, "Fresh", "fresh", "", "", "", [], "active", DateTime.UtcNow, ["Title"], []);
        var reader = new ShopifyBulkProductReader(NullLogger.Instance);

        var products = await Collect(reader.ReadAsync(
            new[] { ProductLine(1, variants: 3), VariantLine(11, 1, "A"), ProductLine(2, 1), VariantLine(21, 2, "B") }.ToAsyncEnumerable(),
            (id, _) =>
            {
                reRead.Add(id);
                return Task.FromResult<ShopifyProduct?>(fresh);
            },
            TestContext.Current.CancellationToken));

        Assert.Equal([1L], reRead);
        Assert.Equal([2L, 1L], products.Select(p => p.Id));
        Assert.Same(fresh, products[1]);
    }

    [Fact]
    public async Task AVariantForAProductAlreadyCompleteIsCountedNotAttachedElsewhere()
    {
        var reader = new ShopifyBulkProductReader(NullLogger.Instance);

        var products = await Collect(reader.ReadAsync(
            new[] { ProductLine(1, 1), VariantLine(11, 1, "A"), VariantLine(12, 1, "A-late"), ProductLine(2, 1), VariantLine(21, 2, "B") }.ToAsyncEnumerable(),
            NoReRead,
            TestContext.Current.CancellationToken));

        Assert.Equal(["A"], products[0].Variants.Select(v => v.Sku));
        Assert.Equal(["B"], products[1].Variants.Select(v => v.Sku));
        Assert.Equal(1, reader.LateVariantLines);
    }

    [Fact]
    public async Task TheClientStreamsTheResultFileWithoutWaitingForItsEnd()
    {
        using var host = new ShopifyTestHost();
        var pipe = new Pipe();
        host.Handler.Then(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) });
        await Write(pipe, ProductLine(1, 1), VariantLine(11, 1, "A"), ProductLine(2, 1));

        await using var products = host.Client.ReadBulkProductsAsync(ResultUrl, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await products.MoveNextAsync());
        Assert.Equal(1, products.Current.Id);

        await Write(pipe, VariantLine(21, 2, "B"));
        await pipe.Writer.CompleteAsync();
        Assert.True(await products.MoveNextAsync());
        Assert.Equal(2, products.Current.Id);
        Assert.False(await products.MoveNextAsync());

        var download = Assert.Single(host.Handler.Requests);
        Assert.Equal(HttpMethod.Get, download.Method);
        Assert.Null(download.AccessToken);
    }

    [Theory]
    [InlineData("https://attacker.example.com/bulk/9.jsonl")]
    [InlineData("http://storage.googleapis.com/bulk/9.jsonl")]
    [InlineData("https://storage.googleapis.com.attacker.example/bulk/9.jsonl")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    public async Task ABulkResultUrlOutsideTheShopAndShopifysStorageIsNotFetched(string url)
    {
        using var host = new ShopifyTestHost();

        var refused = await Assert.ThrowsAsync<ShopifyApiException>(async () =>
        {
            await foreach (var unused in host.Client.ReadBulkProductsAsync(url, TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Contains("not fetched", refused.Message, StringComparison.Ordinal);
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task ABulkResultOnTheShopsOwnOriginIsFetchedWithTheToken()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Jsonl(ProductLine(1, 0) + "\n"));

        await foreach (var unused in host.Client.ReadBulkProductsAsync("https://syncstudio-test.myshopify.com/bulk/9.jsonl", TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal(ShopifyTestHost.Token, Assert.Single(host.Handler.Requests).AccessToken);
    }

    [Fact]
    public async Task AnExportStartsPollsUntilCompleteThenStreamsProducts()
    {
        using var host = new ShopifyTestHost(o =>
        {
            o.BulkPollInterval = TimeSpan.FromSeconds(5);
            o.BulkFirstPollInterval = TimeSpan.FromSeconds(1);
        });
        host.Handler
            .Then(() => Ok(JsonNode.Parse("""
                {"bulkOperationRunQuery":{"bulkOperation":{"id":"gid://shopify/BulkOperation/9","status":"CREATED"},"userErrors":[]}}
                """)!))
            .Then(() => Ok(BulkOperation("RUNNING", url: null)))
            .Then(() => Ok(BulkOperation("COMPLETED", ResultUrl)))
            .Then(() => Jsonl(string.Join('\n', ProductLine(1, 2), VariantLine(11, 1, "A"), VariantLine(12, 1, "B")) + "\n"));

        var products = await host.Time.RunAsync(() => Collect(host.Client.ExportProductsAsync(
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), TestContext.Current.CancellationToken)));

        var product = Assert.Single(products);
        Assert.Equal(["A", "B"], product.Variants.Select(v => v.Sku));
        var requests = host.Handler.Requests;
        Assert.Equal(["BulkProductsRun", "BulkOperation", "BulkOperation", null], requests.Select(r => r.OperationName));
        Assert.Contains("products(query: \"updated_at:>'2026-01-01T00:00:00Z'\")", requests[0].Variable("query")!.GetValue<string>(), StringComparison.Ordinal);
        // The first wait is the short one: a small export is done long before a whole interval.
        Assert.Equal(TimeSpan.FromSeconds(1), requests[2].At - requests[1].At);
        Assert.Equal(new Uri(ResultUrl), requests[3].Uri);
    }

    [Theory]
    [InlineData("FAILED", "INTERNAL_SERVER_ERROR")]
    [InlineData("CANCELED", null)]
    [InlineData("EXPIRED", null)]
    public async Task ABulkOperationThatDoesNotCompleteIsATypedFailure(string status, string? errorCode)
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(BulkOperation(status, null, errorCode)));

        var result = await host.RunAsync(c => c.WaitForBulkOperationAsync("gid://shopify/BulkOperation/9"));

        Assert.Equal(ShopifyFailureKind.BulkOperationFailed, result.Failure?.Kind);
        Assert.Contains(status.ToLowerInvariant(), result.Failure!.Message.ToLowerInvariant(), StringComparison.Ordinal);
        if (errorCode is not null)
        {
            Assert.Contains(errorCode, result.Failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnExportRefusedByShopifyIsATypedFailure()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(UserErrors("bulkOperationRunQuery", ("query", "A bulk query operation for this app and shop is already in progress", "OPERATION_IN_PROGRESS"))));

        var result = await host.RunAsync(c => c.StartBulkProductExportAsync());

        Assert.True(result.Failure?.HasUserErrorCode("OPERATION_IN_PROGRESS"));
        await Assert.ThrowsAsync<ShopifyApiException>(async () =>
        {
            host.Handler.Then(() => Ok(UserErrors("bulkOperationRunQuery", ("query", "Invalid bulk query", "INVALID"))));
            await foreach (var unused in host.Client.ExportProductsAsync(cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });
    }

    /// <summary>
    /// From 2026-01 an app runs up to five bulk queries a shop at a time; a sixth is refused with LIMIT_REACHED
    /// (https://shopify.dev/docs/api/usage/bulk-operations/queries#limitations). The export waits a poll interval and
    /// asks again, instead of failing the pull.
    /// </summary>
    [Fact]
    public async Task AnExportRefusedWhileTheShopRunsFiveBulkQueriesAsksAgainAfterAPollInterval()
    {
        using var host = new ShopifyTestHost(o => o.BulkPollInterval = TimeSpan.FromSeconds(5));
        host.Handler
            .Then(() => Ok(UserErrors("bulkOperationRunQuery", ("query", "Bulk operations limit reached. Please try again later.", "LIMIT_REACHED"))))
            .Then(() => Ok(UserErrors("bulkOperationRunQuery", ("query", "A bulk operation is already in progress.", "OPERATION_IN_PROGRESS"))))
            .Then(() => Ok(JsonNode.Parse("""
                {"bulkOperationRunQuery":{"bulkOperation":{"id":"gid://shopify/BulkOperation/9","status":"CREATED"},"userErrors":[]}}
                """)!))
            .Then(() => Ok(BulkOperation("COMPLETED", ResultUrl)))
            .Then(() => Jsonl(string.Join('\n', ProductLine(1, 1), VariantLine(11, 1, "A")) + "\n"));

        var products = await host.Time.RunAsync(() => Collect(host.Client.ExportProductsAsync(cancellationToken: TestContext.Current.CancellationToken)));

        Assert.Equal(["A"], Assert.Single(products).Variants.Select(v => v.Sku));
        var requests = host.Handler.Requests;
        Assert.Equal(["BulkProductsRun", "BulkProductsRun", "BulkProductsRun", "BulkOperation", null], requests.Select(r => r.OperationName));
        Assert.Equal(TimeSpan.FromSeconds(5), requests[1].At - requests[0].At);
        Assert.Equal(TimeSpan.FromSeconds(5), requests[2].At - requests[1].At);
    }

    private static string ProductLine(long id, int variants) => new JsonObject
    {
        ["id"] = ShopifyGid.Product(id),
        ["title"] = $"Product {id}",
        ["handle"] = $"product-{id}",
        ["descriptionHtml"] = "",
        ["vendor"] = "Acme",
        ["productType"] = "",
        ["tags"] = new JsonArray(),
        ["status"] = "ACTIVE",
        ["updatedAt"] = "2026-02-01T08:00:00Z",
        ["options"] = new JsonArray(new JsonObject { ["name"] = "Size", ["position"] = 1 }),
        ["variantsCount"] = new JsonObject { ["count"] = variants },
    }.ToJsonString();

    private static string VariantLine(long id, long parent, string sku)
    {
        var line = Variant(id, sku, options: ("Size", "S"));
        line["__parentId"] = ShopifyGid.Product(parent);
        return line.ToJsonString();
    }

    private static JsonObject BulkOperation(string status, string? url, string? errorCode = null) => new JsonObject
    {
        ["bulkOperation"] = new JsonObject
        {
            ["id"] = "gid://shopify/BulkOperation/9",
            ["status"] = status,
            ["errorCode"] = errorCode,
            ["objectCount"] = "3",
            ["rootObjectCount"] = "1",
            ["url"] = url,
            ["partialDataUrl"] = null,
        },
    };

    private static Task<ShopifyProduct?> NoReRead(long id, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"product {id} should not need reading again");

    private static async Task Write(Pipe pipe, params string[] lines)
    {
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), TestContext.Current.CancellationToken);
        await pipe.Writer.FlushAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<List<ShopifyProduct>> Collect(IAsyncEnumerable<ShopifyProduct> products)
    {
        var list = new List<ShopifyProduct>();
        await foreach (var product in products)
        {
            list.Add(product);
        }

        return list;
    }
}
