using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Which pulls move the incremental starting point: only one that read the whole store. A pull limited to a collection
/// or by <c>updated_since</c> stages what it reads and leaves the rest to the next unfiltered pull.
/// </summary>
public sealed class PullWatermarkTests : IAsyncLifetime
{
    private const long Collection = 451_000_000_001;
    private readonly ShiftedClock _clock = new();
    private SyncHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync(services: s => s.AddSingleton<TimeProvider>(_clock));
        await _h.AgreeOnEverythingAsync();
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AnIncrementalPullLimitedToACollectionLeavesEditsOutsideItToTheNextIncrementalPull()
    {
        var (outside, edited) = await EditOutsideTheCollectionAsync();
        var inside = _h.Simulator.Simulator.GetProducts().OrderBy(p => p.Id).First(p => p.CollectionIds.Contains(Collection));
        await _h.MerchantRetitleAsync(inside.Id, "Edited in the collection");
        // The filtered pull starts clearly after those edits (timestamps compare to the second).
        _clock.Advance(TimeSpan.FromMinutes(2));

        var filtered = await _h.PullAsync(new { sync_type = "incremental", filters = new { collection_id = Collection.ToString(CultureInfo.InvariantCulture) } });
        // It stages what it read: the edit inside the collection.
        var staged = Assert.Single(await _h.StagedAsync($"batch_id={filtered.GetProperty("batch_id").GetString()}"));
        Assert.Equal("Edited in the collection", staged.GetProperty("field_changes").GetProperty("title").GetProperty("new").GetString());

        await AssertTheNextIncrementalPullStagesAsync(outside, edited);
    }

    [Fact]
    public async Task AnIncrementalPullWithUpdatedSinceLeavesEarlierEditsToTheNextIncrementalPull()
    {
        var (outside, edited) = await EditOutsideTheCollectionAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));

        var since = _clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var filtered = await _h.PullAsync(new { sync_type = "incremental", filters = new { updated_since = since } });
        Assert.Equal(0, filtered.GetProperty("summary").GetProperty("total_changes").GetInt32());

        await AssertTheNextIncrementalPullStagesAsync(outside, edited);
    }

    /// <summary>A Shopify edit of one product outside the collection, and a local edit of another.</summary>
    private async Task<(SimulatedProduct Outside, SimulatedProduct Edited)> EditOutsideTheCollectionAsync()
    {
        var outsiders = _h.Simulator.Simulator.GetProducts().OrderBy(p => p.Id).Where(p => !p.CollectionIds.Contains(Collection)).ToList();
        var outside = outsiders[0];
        var edited = outsiders[1];
        await _h.MerchantRetitleAsync(outside.Id, "Edited in Shopify");
        var localId = await _h.LocalIdAsync(edited.Handle);
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { title = "Edited locally" }, Ct));
        return (outside, edited);
    }

    private async Task AssertTheNextIncrementalPullStagesAsync(SimulatedProduct outside, SimulatedProduct edited)
    {
        await _h.PullAsync(new { sync_type = "incremental" });

        var pulled = (await _h.StagedAsync("sync_direction=pull_from_shopify")).Where(c => IsWaiting(c)
            && c.GetProperty("shopify_product_id").GetString() == outside.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal("Edited in Shopify", Assert.Single(pulled).GetProperty("field_changes").GetProperty("title").GetProperty("new").GetString());
        var localId = await _h.LocalIdAsync(edited.Handle);
        var pushed = (await _h.StagedAsync("sync_direction=push_to_shopify"))
            .Where(c => IsWaiting(c) && c.GetProperty("product_id").GetInt32() == localId).ToList();
        Assert.Equal("Edited locally", Assert.Single(pushed).GetProperty("field_changes").GetProperty("title").GetProperty("new").GetString());
    }

    private static bool IsWaiting(System.Text.Json.JsonElement change) => change.GetProperty("status").GetString() is "pending" or "approved";
}
