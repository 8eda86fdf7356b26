using System.Net;
using System.Net.Http.Json;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>A push that matches nothing is refused (404 or 409) and starts no batch, never answered as a success.</summary>
public sealed class PushSelectionTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync();
        await _h.AgreeOnEverythingAsync();
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APushOfAnUnknownBatchIsNotFoundAndStartsNoBatch(bool dryRun)
    {
        var pushes = await PushBatchCountAsync();

        var details = await ApiAssert.ErrorAsync(await PostPushAsync(new { batch_id = "pull_20250108_123456_1", confirm = true, dry_run = dryRun }),
            HttpStatusCode.NotFound);

        Assert.Equal("pull_20250108_123456_1", details.GetProperty("batch_id").GetString());
        Assert.Equal(pushes, await PushBatchCountAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APushOfChangeIdsNoneOfWhichExistIsNotFoundAndNamesThem(bool dryRun)
    {
        var pushes = await PushBatchCountAsync();

        var details = await ApiAssert.ErrorAsync(await PostPushAsync(new { change_ids = new[] { 999_998, 999_999 }, confirm = true, dry_run = dryRun }),
            HttpStatusCode.NotFound);

        Assert.Equal([999_998, 999_999], details.GetProperty("change_ids").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal(pushes, await PushBatchCountAsync());
    }

    [Fact]
    public async Task APushOfChangeIdsSomeOfWhichDoNotExistAppliesNone()
    {
        var product = _h.Product(0);
        var id = await _h.LocalIdAsync(product.Handle);
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}", new { title = "Renamed locally" }, Ct));
        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        var change = Assert.Single(await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}"));
        Assert.Equal("approved", change.GetProperty("status").GetString());
        var changeId = change.GetProperty("id").GetInt32();
        var pushes = await PushBatchCountAsync();

        var details = await ApiAssert.ErrorAsync(await PostPushAsync(new { change_ids = new[] { changeId, 999_999 }, confirm = true }), HttpStatusCode.NotFound);

        Assert.Equal([999_999], details.GetProperty("change_ids").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal(pushes, await PushBatchCountAsync());
        Assert.Equal(product.Title, _h.Simulator.Simulator.FindProduct(product.Handle)!.Title);
        var stored = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct));
        Assert.Equal("approved", stored.GetProperty("item").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APushWithNothingApprovedIsAConflictThatCountsTheChangesByStatus(bool dryRun)
    {
        // A conflict waits for a person: the pull batch holds one pending change and nothing approved.
        var product = _h.Product(1);
        var id = await _h.LocalIdAsync(product.Handle);
        await _h.MerchantRetitleAsync(product.Id, "Shopify title");
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}", new { title = "Local title" }, Ct));
        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        Assert.Equal("pending", Assert.Single(await _h.StagedAsync($"batch_id={batchId}")).GetProperty("status").GetString());
        var pushes = await PushBatchCountAsync();

        var details = await ApiAssert.ErrorAsync(await PostPushAsync(new { batch_id = batchId, confirm = true, dry_run = dryRun }), HttpStatusCode.Conflict);

        Assert.Equal(batchId, details.GetProperty("batch_id").GetString());
        Assert.Equal(1, details.GetProperty("by_status").GetProperty("pending").GetInt32());
        Assert.Equal(pushes, await PushBatchCountAsync());
        Assert.Equal("Shopify title", _h.Simulator.Simulator.FindProduct(product.Handle)!.Title);
    }

    private Task<HttpResponseMessage> PostPushAsync(object body) => _h.Admin.PostAsJsonAsync("/api/sync/shopify/push", body, Ct);

    private async Task<int> PushBatchCountAsync() =>
        (await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/sync/batches?direction=push_to_shopify", Ct))).GetProperty("total").GetInt32();
}
