using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SyncStudio.Data;
using SyncStudio.Services.Batches;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Several instances share one database: a batch another instance runs (its lease live) is neither closed nor robbed
/// of its changes; one whose lease expired is closed and its store lock freed (docs/decisions/0010-batch-leases.md).
/// </summary>
public sealed class BatchLeaseTests
{
    private const string OtherInstance = "other-host/4242/0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAppStartingLeavesABatchAnotherLiveInstanceIsRunningAloneAndRefusesAPushWhileItHoldsTheStore()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:2:3");
        var running = await AddRunningBatchAsync(h, "push_20261201_000000_77", DateTime.UtcNow, TimeSpan.FromHours(1), holdsStore: true);

        await h.RestartAppAsync();

        var batch = await BatchAsync(h, running);
        Assert.Equal(BatchStatuses.Running, batch.Status);
        Assert.Equal(SyncBatch.StoreLock, batch.ActiveLock);
        var refused = await h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full" }, Ct);
        var details = await ApiAssert.ErrorAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(running, details.GetProperty("batch_id").GetString());
    }

    [Fact]
    public async Task RecoveryLeavesABatchWhoseLeaseIsLiveAlone()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:2:3");
        // A clock of its own, far from the app's: the app's own sweeps never judge these rows.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(1));
        var running = await AddRunningBatchAsync(h, "push_20261201_000000_78", clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(30), holdsStore: true);
        var recovery = new InterruptedBatchRecovery(Db(h), clock, NullLogger<InterruptedBatchRecovery>.Instance);

        clock.Advance(TimeSpan.FromSeconds(29));
        await recovery.RunAsync(Ct);

        var batch = await BatchAsync(h, running);
        Assert.Equal(BatchStatuses.Running, batch.Status);
        Assert.Equal(SyncBatch.StoreLock, batch.ActiveLock);
        Assert.Null(batch.CompletedAt);
    }

    [Fact]
    public async Task RecoveryClosesABatchWhoseLeaseExpiredAndFreesTheStoreForTheNextPull()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:2:3");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(1));
        var running = await AddRunningBatchAsync(h, "push_20261201_000000_79", clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(30), holdsStore: true);
        var recovery = new InterruptedBatchRecovery(Db(h), clock, NullLogger<InterruptedBatchRecovery>.Instance);

        clock.Advance(TimeSpan.FromSeconds(31));
        await recovery.RunAsync(Ct);

        var batch = await BatchAsync(h, running);
        Assert.Equal(BatchStatuses.Failed, batch.Status);
        Assert.Null(batch.ActiveLock);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, batch.CompletedAt);
        Assert.Contains("lease expired", batch.ErrorSummary, StringComparison.Ordinal);
        var pull = await h.PullAsync(new { sync_type = "full" });
        Assert.True(pull.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task APushLeavesAChangeThatAnotherLiveBatchHoldsAlone()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:2:5");
        await h.AgreeOnEverythingAsync();
        await using (var db = await Db(h).CreateDbContextAsync(Ct))
            await db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, p => p.Title + " (edited)"), Ct);
        var pullId = (await h.PullAsync(new { sync_type = "full" })).GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { batch_id = pullId, sync_direction = "push_to_shopify", notes = "edits" }, Ct));

        // Another instance's push claimed the first change and is still running (its lease live); the store lock is
        // not the point here, the claim is.
        var other = await AddRunningBatchAsync(h, "push_20261201_000000_80", DateTime.UtcNow, TimeSpan.FromHours(1), holdsStore: false);
        int held;
        await using (var db = await Db(h).CreateDbContextAsync(Ct))
        {
            held = await db.StagedProductChanges.Where(c => c.BatchId == pullId).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
            await db.StagedProductChanges.Where(c => c.Id == held).ExecuteUpdateAsync(s => s.SetProperty(c => c.AppliedBatchId, other), Ct);
        }
        var heldProduct = await ShopifyProductAsync(h, held);
        var logStart = h.Simulator.Simulator.GetMutationLog().Select(e => e.Sequence).DefaultIfEmpty(0).Max();

        var push = await h.PushAsync(new { batch_id = pullId, confirm = true });

        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());
        await using (var db = await Db(h).CreateDbContextAsync(Ct))
        {
            var change = await db.StagedProductChanges.AsNoTracking().SingleAsync(c => c.Id == held, Ct);
            Assert.Equal(ChangeStatuses.Approved, change.Status);
            Assert.Equal(other, change.AppliedBatchId);
        }
        var written = h.Simulator.Simulator.GetMutationLog().Where(e => e.Sequence > logStart).Select(e => e.ProductId).ToList();
        Assert.NotEmpty(written);
        Assert.DoesNotContain(SyncStudio.ShopifySimulator.ShopifyGid.Product(heldProduct), written);
    }

    private static async Task<long> ShopifyProductAsync(SyncHarness h, int changeId)
    {
        await using var db = await Db(h).CreateDbContextAsync(Ct);
        var id = await db.StagedProductChanges.Where(c => c.Id == changeId).Select(c => c.ShopifyProductId).SingleAsync(Ct);
        return long.Parse(id!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A batch as another instance leaves it while running: renewed at <paramref name="renewedAt"/> for <paramref name="lease"/>.</summary>
    private static async Task<string> AddRunningBatchAsync(SyncHarness h, string batchId, DateTime renewedAt, TimeSpan lease, bool holdsStore)
    {
        await using var db = await Db(h).CreateDbContextAsync(Ct);
        db.SyncBatches.Add(new SyncBatch
        {
            BatchId = batchId,
            SyncType = SyncTypes.Push,
            SyncDirection = SyncDirections.PushToShopify,
            Status = BatchStatuses.Running,
            ActiveLock = holdsStore ? SyncBatch.StoreLock : null,
            StartedAt = renewedAt,
            CreatedById = 1,
            LeaseOwner = OtherInstance,
            LeaseExpiresAt = renewedAt + lease,
        });
        await db.SaveChangesAsync(Ct);
        return batchId;
    }

    private static async Task<SyncBatch> BatchAsync(SyncHarness h, string batchId)
    {
        await using var db = await Db(h).CreateDbContextAsync(Ct);
        return await db.SyncBatches.AsNoTracking().SingleAsync(b => b.BatchId == batchId, Ct);
    }

    private static IDbContextFactory<SyncStudioDbContext> Db(SyncHarness h) =>
        h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
}
