using System.Globalization;
using System.Net;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Operations;

/// <summary>
/// <c>/metrics</c>: the Prometheus text of the sync's meter, for an Admin's bearer token. Counts are read as "at least":
/// every app of the test process publishes under the same meter name.
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await SyncHarness.StartAsync("synthetic:12:3");

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterAPullMetricsShowTheBatchAndItsShopifyCost()
    {
        await _h.PullAsync(new { sync_type = "full" });

        var metrics = await ScrapeAsync();

        Assert.True(Sum(metrics, "syncstudio_batches_total", "direction=\"pull_from_shopify\"", "status=\"completed\"") >= 1, metrics);
        Assert.True(Sum(metrics, "syncstudio_batch_duration_seconds_count", "direction=\"pull_from_shopify\"") >= 1, metrics);
        Assert.True(Sum(metrics, "syncstudio_pull_products_read_total") >= 12, metrics);
        Assert.True(Sum(metrics, "syncstudio_pull_changes_staged_total") >= 12, metrics);
        Assert.True(Sum(metrics, "syncstudio_shopify_calls_total", "operation=\"ProductsPage\"") >= 1, metrics);
        // The cost Shopify charged, per operation: a histogram whose sum is the points.
        Assert.True(Sum(metrics, "syncstudio_shopify_query_cost_sum", "operation=\"ProductsPage\"") > 0, metrics);
        Assert.True(Sum(metrics, "syncstudio_shopify_query_cost_count", "operation=\"ProductsPage\"") >= 1, metrics);
    }

    [Fact]
    public async Task APushCountsEachAppliedChangeByOutcome()
    {
        await _h.AgreeOnEverythingAsync();

        var metrics = await ScrapeAsync();

        Assert.True(Sum(metrics, "syncstudio_batch_items_total", "direction=\"push_to_shopify\"", "outcome=\"succeeded\"") >= 12, metrics);
        Assert.True(Sum(metrics, "syncstudio_batches_total", "direction=\"push_to_shopify\"", "status=\"completed\"") >= 1, metrics);
    }

    [Fact]
    public async Task ThrottledCallsAreCountedAsRetriesAndTheirWaitsTimed()
    {
        _h.Simulator.Simulator.Faults.Configure(new ShopifySimulator.FaultSettings { ThrottleNextRequests = 2 });
        await _h.PullAsync(new { sync_type = "full" });
        _h.Simulator.Simulator.Faults.Clear();

        var metrics = await ScrapeAsync();

        Assert.True(Sum(metrics, "syncstudio_shopify_retries_total", "cause=\"throttled\"") >= 2, metrics);
    }

    [Fact]
    public async Task MetricsAnswerOnlyAnAdminsBearerToken()
    {
        using var anonymous = _h.App.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics", Ct)).StatusCode);
        using var viewer = await _h.App.ClientAsAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/metrics", Ct)).StatusCode);
        using var admin = await _h.App.ClientAsAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/metrics", Ct)).StatusCode);
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await _h.Admin.GetAsync("/metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include each of <paramref name="labels"/>.</summary>
    private static double Sum(string metrics, string name, params string[] labels) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
