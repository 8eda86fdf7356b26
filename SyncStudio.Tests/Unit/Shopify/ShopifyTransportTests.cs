using System.Net;
using System.Text.Json.Nodes;
using SyncStudio.Services.Shopify;
using static SyncStudio.Tests.Unit.Shopify.ShopifyReplies;

namespace SyncStudio.Tests.Unit.Shopify;

public sealed class ShopifyTransportTests
{
    private static readonly JsonNode ShopData = JsonNode.Parse("""
        {"shop":{"name":"Test","myshopifyDomain":"syncstudio-test.myshopify.com",
         "plan":{"publicDisplayName":"Advanced","partnerDevelopment":false,"shopifyPlus":false}}}
        """)!;

    private static readonly JsonNode UpdatedProduct = JsonNode.Parse("""
        {"productUpdate":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"},"userErrors":[]}}
        """)!;

    [Theory]
    [InlineData(50, 2040)]
    [InlineData(100, 1020)]
    [InlineData(1000, 102)]
    public async Task ThrottledRequestIsResentOnceTheBucketHasRefilledAtTheReportedRestoreRate(double restoreRate, int expectedMs)
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(() => Throttled(requested: 112, available: 10, restoreRate: restoreRate))
            .Then(() => Ok(ShopData.DeepClone(), requested: 112, actual: 2, restoreRate: restoreRate));
        using var usage = ShopifyUsage.Begin();

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.True(result.Succeeded, result.ToString());
        var requests = host.Handler.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), requests[1].At - requests[0].At);
        Assert.Equal(1, usage.ThrottleRetries);
    }

    [Theory]
    [InlineData("2.0", 2000)]
    [InlineData("7", 7000)]
    public async Task TooManyRequestsWaitsForRetryAfter(string retryAfter, int expectedMs)
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => TooManyRequests(retryAfter)).Then(() => Ok(ShopData.DeepClone()));

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.True(result.Succeeded, result.ToString());
        var requests = host.Handler.Requests;
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), requests[1].At - requests[0].At);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithGrowingBackoffUntilTheyPass()
    {
        using var host = new ShopifyTestHost(o => o.RetryBaseDelay = TimeSpan.FromSeconds(1));
        host.Handler
            .Then(() => Status(HttpStatusCode.ServiceUnavailable))
            .Then(() => Status(HttpStatusCode.BadGateway))
            .Then(() => Ok(ShopData.DeepClone()));
        using var usage = ShopifyUsage.Begin();

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("Test", result.Value!.Name);
        Assert.Equal(3, host.Handler.Requests.Count);
        Assert.Equal(2, host.Time.Waits.Count);
        Assert.All(host.Time.Waits, wait => Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30)));
        Assert.Equal(2, usage.FaultRetries);
        Assert.Equal(3, usage.Calls);
    }

    [Fact]
    public async Task NetworkFaultsOnAReadAreRetried()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .Then(() => Ok(ShopData.DeepClone()));

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(2, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task ARequestWithNoResponseTimesOutAndIsRetried()
    {
        using var host = new ShopifyTestHost(o => o.RequestTimeout = TimeSpan.FromSeconds(10));
        host.Handler.ThenNoResponse().Then(() => Ok(ShopData.DeepClone()));

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(2, host.Handler.Requests.Count);
        Assert.True(host.Handler.Requests[1].At - host.Handler.Requests[0].At >= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task FaultsBeyondTheRetryBudgetEndInATypedFailure()
    {
        using var host = new ShopifyTestHost(o => o.MaxFaultRetries = 2);
        host.Handler.On("Shop", _ => Status(HttpStatusCode.InternalServerError));

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.False(result.Succeeded);
        Assert.Equal(ShopifyFailureKind.Transient, result.Failure.Kind);
        Assert.Equal(500, result.Failure.HttpStatus);
        Assert.Equal(3, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task ThrottlingBeyondTheRetryBudgetEndsInAThrottledFailure()
    {
        using var host = new ShopifyTestHost(o => o.MaxThrottleRetries = 3);
        host.Handler.On("Shop", _ => Throttled(requested: 2, available: 0));

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.Equal(ShopifyFailureKind.Throttled, result.Failure?.Kind);
        Assert.Equal(4, host.Handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.PaymentRequired)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task ClientErrorsOtherThan429AreNotRetried(HttpStatusCode status)
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Status(status)).Then(() => Ok(ShopData.DeepClone()));

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.Equal(ShopifyFailureKind.HttpStatus, result.Failure?.Kind);
        Assert.Equal((int)status, result.Failure!.HttpStatus);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task GraphQLErrorsAreNotRetried()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => GraphQLError("Field 'plan' doesn't exist on type 'Shop'", "undefinedField"))
            .Then(() => Ok(ShopData.DeepClone()));

        var result = await host.RunAsync(c => c.GetShopAsync());

        Assert.Equal(ShopifyFailureKind.GraphQLErrors, result.Failure?.Kind);
        Assert.Contains("undefinedField", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task UserErrorsAreATypedFailureAndAreNotRetried()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(UserErrors(
            "inventorySetQuantities",
            ("input.quantities.0.changeFromQuantity", "The specified compare quantity does not match the current quantity.", "CHANGE_FROM_QUANTITY_STALE"))));

        var result = await host.RunAsync(c => c.SetInventoryQuantityAsync(new ShopifyInventorySet(11, 5, 8, 3, "chg_1")));

        Assert.False(result.Succeeded);
        Assert.Equal(ShopifyFailureKind.UserErrors, result.Failure.Kind);
        Assert.True(result.Failure.HasUserErrorCode("CHANGE_FROM_QUANTITY_STALE"));
        var error = Assert.Single(result.Failure.UserErrors);
        Assert.Equal(["input", "quantities", "0", "changeFromQuantity"], error.Field);
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
        Assert.False(result.Failure.MayHaveBeenApplied);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task AMutationWithoutAnIdempotencyKeyIsNotResentAfterALostResponse()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Status(HttpStatusCode.ServiceUnavailable)).Then(() => Ok(UpdatedProduct.DeepClone()));

        var result = await host.RunAsync(c => c.UpdateProductAsync(new ShopifyProductUpdate(1) { Title = "New" }));

        Assert.Equal(ShopifyFailureKind.OutcomeUnknown, result.Failure?.Kind);
        Assert.True(result.Failure!.MayHaveBeenApplied);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task AMutationWhoseConnectionBrokeAfterSendingIsNotResent()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        var result = await host.RunAsync(c => c.DeleteProductAsync(1));

        Assert.Equal(ShopifyFailureKind.OutcomeUnknown, result.Failure?.Kind);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task AMutationThatNeverLeftIsResent()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"))
            .Then(() => Throttled(requested: 10, available: 5))
            .Then(() => Ok(UpdatedProduct.DeepClone()));

        var result = await host.RunAsync(c => c.UpdateProductAsync(new ShopifyProductUpdate(1) { Title = "New" }));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(3, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task AnIdempotentMutationIsResentWithTheSameKeyAfterALostResponse()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(() => Status(HttpStatusCode.GatewayTimeout))
            .Then(() => Ok(JsonNode.Parse("""
                {"inventorySetQuantities":{"inventoryAdjustmentGroup":{"id":"gid://shopify/InventoryAdjustmentGroup/1","changes":[]},"userErrors":[]}}
                """)!));

        var result = await host.RunAsync(c => c.SetInventoryQuantityAsync(new ShopifyInventorySet(11, 5, 8, 3, "chg_42")));

        Assert.True(result.Succeeded, result.ToString());
        var keys = host.Handler.Requests.Select(r => r.Variable("idempotencyKey")!.GetValue<string>()).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task ARequestWaitsUntilTheBucketHoldsItsCost()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(() => Ok(ShopData.DeepClone(), requested: 2, actual: 2, available: 100, restoreRate: 50))
            .Then(() => Ok(new JsonObject { ["products"] = Connection([]) }, requested: 974, actual: 2, available: 26));

        await host.RunAsync(c => c.GetShopAsync());
        var page = await host.RunAsync(c => c.GetProductsPageAsync(ShopifyProductQuery.All, null));

        Assert.True(page.Succeeded, page.ToString());
        var expectedCost = ShopifyQueryCost.ProductsPage(ShopifyQueryCost.ProductsPageSize(10), 10);
        var expectedWait = TimeSpan.FromMilliseconds(Math.Ceiling((expectedCost - 100) / 50.0 * 1000));
        var requests = host.Handler.Requests;
        Assert.Equal(expectedWait, requests[1].At - requests[0].At);
        Assert.Equal([expectedWait], host.Time.Waits);
    }

    [Fact]
    public async Task ClientsOfTheSameShopShareOneBucket()
    {
        using var host = new ShopifyTestHost();
        var cost = ShopifyQueryCost.ProductsPage(ShopifyQueryCost.ProductsPageSize(10), 10);
        host.Handler
            .Then(() => Ok(ShopData.DeepClone(), requested: 2, actual: 2, available: 1000, restoreRate: 50))
            .On("ProductsPage", _ => Ok(new JsonObject { ["products"] = Connection([]) }, requested: cost, actual: 2, available: 1000 - cost));
        await host.RunAsync(c => c.GetShopAsync());
        var other = host.CreateClient();

        await host.Time.RunAsync(() => Task.WhenAll(
            host.Client.GetProductsPageAsync(ShopifyProductQuery.All, null, TestContext.Current.CancellationToken),
            other.GetProductsPageAsync(ShopifyProductQuery.All, null, TestContext.Current.CancellationToken)));

        var pages = host.Handler.Requests.Where(r => r.OperationName == "ProductsPage").ToList();
        Assert.Equal(2, pages.Count);
        var expectedWait = TimeSpan.FromMilliseconds(Math.Ceiling((cost - (1000 - cost)) / 50.0 * 1000));
        Assert.Equal(expectedWait, pages[1].At - pages[0].At);
    }

    [Fact]
    public async Task TheCostShopifyReportsReplacesTheEstimateForTheSameRequest()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(() => Ok(ShopData.DeepClone(), requested: 300, actual: 2, available: 100, restoreRate: 50))
            .Then(() => Ok(ShopData.DeepClone(), requested: 300, actual: 2, available: 100, restoreRate: 50));

        await host.RunAsync(c => c.GetShopAsync());
        await host.RunAsync(c => c.GetShopAsync());

        var requests = host.Handler.Requests;
        Assert.Equal(TimeSpan.FromSeconds(4), requests[1].At - requests[0].At);
    }

    [Fact]
    public async Task NothingWaitsWhileTheBucketHasRoom()
    {
        using var host = new ShopifyTestHost();
        host.Handler.On("Shop", _ => Ok(ShopData.DeepClone(), requested: 2, actual: 2, available: 900));

        for (var i = 0; i < 5; i++)
        {
            await host.RunAsync(c => c.GetShopAsync());
        }

        Assert.Empty(host.Time.Waits);
        Assert.Equal(5, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task UsageAddsUpPerScopeIncludingNestedScopes()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(() => Ok(ShopData.DeepClone(), requested: 2, actual: 3))
            .Then(() => Throttled(requested: 2, available: 1))
            .Then(() => Ok(ShopData.DeepClone(), requested: 2, actual: 7))
            .Then(() => Ok(ShopData.DeepClone(), requested: 2, actual: 11));

        long innerCalls, innerCost;
        using var batch = ShopifyUsage.Begin();
        using (var change = ShopifyUsage.Begin())
        {
            await host.RunAsync(c => c.GetShopAsync());
            innerCalls = change.Calls;
            innerCost = change.ActualCost;
        }

        await host.RunAsync(c => c.GetShopAsync());
        using (ShopifyUsage.Begin())
        {
            // A scope ended before this call does not see it.
        }

        await host.RunAsync(c => c.GetShopAsync());

        Assert.Equal((1, 3), (innerCalls, innerCost));
        Assert.Equal(4, batch.Calls);
        Assert.Equal(21, batch.ActualCost);
        Assert.Equal(8, batch.RequestedCost);
        Assert.Equal(1, batch.ThrottleRetries);
        Assert.Equal(0, batch.FaultRetries);
    }

    [Fact]
    public async Task TheLastThrottleStatusIsKeptForTheDashboard()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(ShopData.DeepClone(), requested: 2, actual: 2, available: 1234, maximum: 2000, restoreRate: 100));

        await host.RunAsync(c => c.GetShopAsync());

        var status = host.Client.LastThrottleStatus;
        Assert.NotNull(status);
        Assert.Equal((2000d, 1234d, 100d), (status.MaximumAvailable, status.CurrentlyAvailable, status.RestoreRate));
        Assert.Equal(status, host.Buckets.GetLastStatus("syncstudio-test.myshopify.com"));
    }

    [Theory]
    [InlineData("syncstudio-test", null, "https://syncstudio-test.myshopify.com/admin/api/2026-07/graphql.json")]
    [InlineData("syncstudio-test.myshopify.com", null, "https://syncstudio-test.myshopify.com/admin/api/2026-07/graphql.json")]
    [InlineData("", "http://127.0.0.1:5101/simulator", "http://127.0.0.1:5101/simulator/admin/api/2026-07/graphql.json")]
    [InlineData("syncstudio-test", "http://127.0.0.1:5101/simulator/", "http://127.0.0.1:5101/simulator/admin/api/2026-07/graphql.json")]
    public async Task RequestsArePostedToTheAdminEndpointWithTheAccessToken(string shop, string? baseAddress, string expected)
    {
        using var host = new ShopifyTestHost(o =>
        {
            o.ShopDomain = shop;
            o.BaseAddress = baseAddress;
        });
        host.Handler.Then(() => Ok(ShopData.DeepClone()));

        await host.RunAsync(c => c.GetShopAsync());

        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri(expected), request.Uri);
        Assert.Equal(ShopifyTestHost.Token, request.AccessToken);
    }

    [Fact]
    public async Task TheAccessTokenNeverReachesTheLogs()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(() => Status(HttpStatusCode.ServiceUnavailable))
            .Then(() => Throttled(requested: 2, available: 0))
            .Then(() => Ok(ShopData.DeepClone()))
            .Then(() => Status(HttpStatusCode.Unauthorized));

        await host.RunAsync(c => c.GetShopAsync());
        await host.RunAsync(c => c.GetShopAsync());

        Assert.NotEmpty(host.Logs.Messages);
        Assert.DoesNotContain(host.Logs.Messages, m => m.Contains(ShopifyTestHost.Token, StringComparison.Ordinal));
    }
}
