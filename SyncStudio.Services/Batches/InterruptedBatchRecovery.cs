using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Setup;

namespace SyncStudio.Services.Batches;

/// <summary>
/// A batch marked running whose lease expired belongs to an instance that died (or lost the database for longer than a
/// lease): it is closed as failed with the reason, and its store lock released, so nothing stays "running" forever and
/// a live instance may take the store. A batch whose lease is live is left alone: another instance on the same database
/// is running it. Runs at start and then every half lease (<see cref="ExpiredBatchSweeper"/>). The closed batch's
/// changes are left as they are: a change it claimed but did not settle is still approved (or failed), no running
/// batch holds it any more, and the next push applies it after reading the product back (what already landed in
/// Shopify is not written again). See docs/decisions/0010-batch-leases.md.
/// </summary>
public sealed class InterruptedBatchRecovery(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time,
    ILogger<InterruptedBatchRecovery> logger) : IStartupStep
{
    public const string Reason = "The process stopped while the batch was running: its lease expired without renewal.";

    public int Order => 10;

    public Task RunAsync(CancellationToken ct) => RecoverExpiredAsync(ct);

    /// <summary>Closes every batch whose lease expired, and frees a lock no running batch holds; answers how many rows it touched.</summary>
    public async Task<int> RecoverExpiredAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var error = SyncJson.Serialize(new { error = Reason });
        // The batches closed and their notifications commit together (docs/decisions/0028-notifications.md).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One conditional update decides: a renewal that lands first keeps the batch, and then this update skips it.
        var closed = await db.SyncBatches
            .Where(b => ((b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending) && (b.LeaseExpiresAt == null || b.LeaseExpiresAt < now))
                || (b.ActiveLock != null && b.Status != BatchStatuses.Running && b.Status != BatchStatuses.Pending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.ErrorSummary, b => b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending ? error : b.ErrorSummary)
                .SetProperty(b => b.Status, b => b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending ? BatchStatuses.Failed : b.Status)
                .SetProperty(b => b.CompletedAt, b => b.CompletedAt ?? now)
                .SetProperty(b => b.EstimatedCompletion, (DateTime?)null)
                .SetProperty(b => b.ActiveLock, (string?)null), ct);
        if (closed > 0)
        {
            // Those this update failed: its reason and its time, which no other writer sets.
            foreach (var batchId in await db.SyncBatches.Where(b => b.Status == BatchStatuses.Failed && b.CompletedAt == now && b.ErrorSummary == error)
                         .Select(b => b.BatchId).ToListAsync(ct))
                Notifications.NotificationOutbox.Add(db, Notifications.NotificationKinds.BatchFailed, now, batchId);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        if (closed > 0)
            logger.LogWarning("Closed {Count} batch(es) whose lease expired (their instance stopped)", closed);
        return closed;
    }
}

/// <summary>Recovers expired batches every half lease, so a dead instance's batch and store lock are freed by a live one.</summary>
public sealed class ExpiredBatchSweeper(InterruptedBatchRecovery recovery, BatchLease lease, TimeProvider time,
    ILogger<ExpiredBatchSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(lease.Duration / 2, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await recovery.RecoverExpiredAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next tick tries again: a busy database now and then is no reason to stop sweeping.
                    logger.LogWarning(ex, "Could not recover expired batches");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
