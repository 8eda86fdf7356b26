using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Review;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// The dashboard's filters over staged changes: a product search, applied dates, and the first import left out of the
/// Applied list, on the real database after a first sync and one later edit.
/// </summary>
public sealed class StagedChangeSearchTests : IAsyncLifetime
{
    private SyncHarness _h = null!;
    private StagedChangeQuery _query = null!;
    private string _firstImport = "";
    private SyncHarness.SimulatedProductView _edited = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync();
        _firstImport = await _h.AgreeOnEverythingAsync();
        _edited = _h.Product(3);
        await _h.MerchantRetitleAsync(_edited.Id, "Walnut 50% off_sale");
        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId }, Ct));
        await _h.PushAsync(new { batch_id = batchId, confirm = true });
        _query = _h.App.Services.GetRequiredService<StagedChangeQuery>();
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private async Task<List<StagedChangeDto>> ListAsync(StagedChangeFilter filter) =>
        [.. (await _query.ListAsync(filter with { Status = ChangeStatuses.Applied, PerPage = 500 }, Ct)).Items];

    [Fact]
    public async Task TheFirstImportIsTheFirstFullPullAndLeavingItOutLeavesTheLaterEdit()
    {
        Assert.Equal(_firstImport, await _query.FirstImportBatchAsync(Ct));

        var all = await ListAsync(new StagedChangeFilter());
        var later = await ListAsync(new StagedChangeFilter { ExceptCreatesOfBatch = _firstImport });

        Assert.Equal(13, all.Count);
        Assert.Equal(ChangeTypes.Update, Assert.Single(later).ChangeType);
    }

    [Fact]
    public async Task ASearchMatchesTheTitleIgnoringCaseAndTakesWildcardsLiterally()
    {
        var byTitle = await ListAsync(new StagedChangeFilter { Search = "walnut 50% OFF_" });
        // The product's create and its later edit: both name the product as it is called now.
        Assert.Equal(2, byTitle.Count);
        Assert.All(byTitle, c => Assert.Equal("Walnut 50% off_sale", c.Product!.Name));

        Assert.Empty(await ListAsync(new StagedChangeFilter { Search = "50%%" }));
        Assert.Empty(await ListAsync(new StagedChangeFilter { Search = "Walnut_5" }));
        Assert.Equal(2, (await ListAsync(new StagedChangeFilter { Search = _edited.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).Count);
    }

    [Fact]
    public async Task AppliedDatesBoundTheList()
    {
        var all = await ListAsync(new StagedChangeFilter());
        var newest = all.Max(c => c.AppliedAt!.Value);

        Assert.Equal(all.Count, (await ListAsync(new StagedChangeFilter { AppliedFrom = all.Min(c => c.AppliedAt) })).Count);
        Assert.Empty(await ListAsync(new StagedChangeFilter { AppliedFrom = newest.AddTicks(1) }));
        Assert.Equal(all.Count, (await ListAsync(new StagedChangeFilter { AppliedBefore = newest.AddTicks(1) })).Count);
        Assert.DoesNotContain(await ListAsync(new StagedChangeFilter { AppliedBefore = newest }), c => c.AppliedAt == newest);
    }
}
