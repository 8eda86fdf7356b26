using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyncStudio.Data;
using SyncStudio.Services.Diagnostics;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Batches;

public sealed record BatchRequest(
    string Direction,
    string SyncType,
    string? BatchName,
    int CreatedById,
    object? Configuration = null,
    int? ScheduleId = null,
    bool TakesStoreLock = true);

/// <summary>The work of a batch; returns its summary (stored as JSON and answered by the API).</summary>
public delegate Task<object?> BatchWork(BatchContext context, CancellationToken ct);

public enum BatchStartOutcome
{
    Started,

    /// <summary>Another pull or push holds the store: <see cref="BatchStart.BatchId"/> is that batch.</summary>
    AlreadyRunning,
}

public sealed record BatchStart(BatchStartOutcome Outcome, string BatchId, Task<BatchResult>? Completion)
{
    /// <summary>Waits up to <paramref name="wait"/> for the batch; null if it is still running then.</summary>
    public async Task<BatchResult?> WaitAsync(TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        if (Completion is null)
            return null;
        try
        {
            return await Completion.WaitAsync(wait, time, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}

public sealed record BatchResult(string BatchId, string Status, string? SummaryJson, string? Error);

public enum BatchCancelOutcome
{
    Cancelled,
    NotFound,
    NotRunning,
}

/// <summary>
/// Runs batches in the background, never on the request thread. The database decides that only one pull or push runs
/// per store (a unique index on the active lock); progress is written to the batch row and published a few times a
/// second, and the same write renews the batch's lease, so other instances on the database know it still runs
/// (docs/decisions/0010-batch-leases.md); cancellation is recorded with who asked.
/// </summary>
public sealed class BatchRunner(
    IDbContextFactory<SyncStudioDbContext> factory,
    BatchProgressPublisher publisher,
    BatchLease lease,
    InterruptedBatchRecovery recovery,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    SyncMetrics metrics,
    ILogger<BatchRunner> logger)
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// Starts tried before a refused start is a fault: a start loses the race for the lock's unique index to a batch
    /// that may end before the loser reads who holds it, and is then simply tried again.
    /// </summary>
    private const int MaxStartAttempts = 3;

    public const string LeaseLostReason = "The batch lost its lease (the database could not be reached to renew it, or another instance took the batch for dead).";

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();

    public async Task<BatchStart> StartAsync(BatchRequest request, BatchWork work, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        SyncBatch? batch = null;
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            // The usual refusal is answered by a read; the unique index on the lock still decides when two starts race.
            if (request.TakesStoreLock && await HolderAsync(db, ct) is { } holder)
            {
                if (!holder.ExpiredAt(now) || attempt == MaxStartAttempts)
                    return new BatchStart(BatchStartOutcome.AlreadyRunning, holder.BatchId, null);
                // Held by a dead instance's batch: close it (the same conditional update as the sweep), then start.
                await recovery.RecoverExpiredAsync(ct);
                continue;
            }

            if (batch is null)
            {
                batch = new SyncBatch
                {
                    BatchId = "new_" + Guid.NewGuid().ToString("N"),
                    BatchName = request.BatchName,
                    SyncType = request.SyncType,
                    SyncDirection = request.Direction,
                    Status = BatchStatuses.Running,
                    CreatedById = request.CreatedById,
                    Configuration = request.Configuration is null ? null : SyncJson.Serialize(request.Configuration),
                    ScheduleId = request.ScheduleId,
                    ActiveLock = request.TakesStoreLock ? SyncBatch.StoreLock : null,
                    LeaseOwner = lease.InstanceId,
                };
                db.SyncBatches.Add(batch);
            }
            batch.StartedAt = now;
            batch.LeaseExpiresAt = lease.ExpiresAt(now);
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (request.TakesStoreLock && attempt < MaxStartAttempts)
            {
                // Another start took the lock between the read and the insert. The next round names it (a refusal,
                // not a fault), or, if it already ended, tries the start again.
            }
        }

        var started = batch.StartedAt!.Value;
        batch.BatchId = $"{Prefix(request.Direction)}_{started:yyyyMMdd_HHmmss}_{batch.Id}";
        await db.SaveChangesAsync(ct);

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        _running[batch.BatchId] = cancellation;
        var context = new BatchContext(batch.Id, batch.BatchId, request.Direction, request.CreatedById, started, cancellation.Token, metrics);
        var completion = Task.Run(() => RunAsync(context, work, cancellation), CancellationToken.None);
        return new BatchStart(BatchStartOutcome.Started, batch.BatchId, completion);
    }

    public async Task<BatchCancelOutcome> CancelAsync(string batchId, int userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var status = await db.SyncBatches.Where(b => b.BatchId == batchId).Select(b => b.Status).FirstOrDefaultAsync(ct);
        if (status is null)
            return BatchCancelOutcome.NotFound;
        var recorded = await db.SyncBatches
            .Where(b => b.BatchId == batchId && (b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending) && b.CancelledById == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.CancelledById, userId), ct);
        if (recorded == 0)
            return BatchCancelOutcome.NotRunning;
        if (_running.TryGetValue(batchId, out var cancellation))
            await cancellation.CancelAsync();
        return BatchCancelOutcome.Cancelled;
    }

    private static Task<LockHolder?> HolderAsync(SyncStudioDbContext db, CancellationToken ct) =>
        db.SyncBatches.AsNoTracking().Where(b => b.ActiveLock == SyncBatch.StoreLock)
            .Select(b => new LockHolder(b.BatchId, b.Status, b.LeaseExpiresAt)).FirstOrDefaultAsync(ct);

    private sealed record LockHolder(string BatchId, string Status, DateTime? LeaseExpiresAt)
    {
        /// <summary>As <see cref="InterruptedBatchRecovery"/> judges it: a lease past its end, or a lock left by an ended batch.</summary>
        public bool ExpiredAt(DateTime now) =>
            !BatchStatuses.Active.Contains(Status) || LeaseExpiresAt is null || LeaseExpiresAt < now;
    }

    public bool IsRunningHere(string batchId) => _running.ContainsKey(batchId);

    private async Task<BatchResult> RunAsync(BatchContext context, BatchWork work, CancellationTokenSource cancellation)
    {
        // A batch outlives the request that started it: it is a trace of its own, linked to the request's.
        var requester = Activity.Current;
        Activity.Current = null;
        using var activity = SyncTelemetry.Source.StartActivity($"batch {context.Direction}", ActivityKind.Internal, default(ActivityContext),
            links: requester is null ? null : [new ActivityLink(requester.Context)]);
        activity?.SetTag("syncstudio.batch_id", context.BatchId);
        activity?.SetTag("syncstudio.direction", context.Direction);
        using var scope = logger.BeginScope("BatchId {BatchId}", context.BatchId);
        logger.LogInformation("Batch {BatchId} started ({Direction})", context.BatchId, context.Direction);

        using var flushing = new CancellationTokenSource();
        var flusher = FlushLoopAsync(context, cancellation, flushing.Token);
        string status;
        string? summary = null;
        string? error = null;
        try
        {
            var result = await work(context, cancellation.Token);
            summary = result is null ? null : SyncJson.Serialize(result);
            status = context.Held ? BatchStatuses.Held : BatchStatuses.Completed;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            status = BatchStatuses.Cancelled;
            error = "Cancelled.";
            if (lifetime.ApplicationStopping.IsCancellationRequested)
                (status, error) = (BatchStatuses.Failed, "The app stopped while the batch was running.");
            else if (context.LeaseLost)
                (status, error) = (BatchStatuses.Failed, LeaseLostReason);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Batch {BatchId} failed", context.BatchId);
            status = BatchStatuses.Failed;
            error = ex.Message;
        }
        finally
        {
            await flushing.CancelAsync();
            await flusher;
            _running.TryRemove(context.BatchId, out _);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var final = context.Snapshot(status, now) with { EstimatedCompletion = null, Message = error };
        // Counted before the end is written, so that whoever sees the batch ended also finds it in the metrics.
        metrics.BatchEnded(context.Direction, status, now - context.StartedAt);
        activity?.SetTag("syncstudio.status", status);
        if (status == BatchStatuses.Failed)
            activity?.SetStatus(ActivityStatusCode.Error, error);
        logger.LogInformation(
            "Batch {BatchId} {Status} after {Seconds:0.0} s: {Processed} of {Total} items, {Successful} succeeded, {Failed} failed, {Skipped} skipped; {ApiCalls} Shopify calls costing {ApiQuota} points",
            context.BatchId, status, (now - context.StartedAt).TotalSeconds, final.ProcessedItems, final.TotalItems, final.SuccessfulItems,
            final.FailedItems, final.SkippedItems, final.ApiCallsMade, final.ApiQuotaUsed);
        try
        {
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            // The end and the notification it raises commit together (docs/decisions/0028-notifications.md).
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            // Only while the batch is still this instance's: once recovered elsewhere (its lease expired), the row
            // keeps the recovery's outcome and the lock may already be another batch's business.
            if (await context.WriteAsync(db, final, lease.InstanceId, lease.ExpiresAt(now), now, CancellationToken.None) == 0)
                logger.LogWarning("Batch {BatchId} ended {Status} after another instance had closed it", context.BatchId, status);
            else
            {
                await Owned(db, context).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Status, status)
                .SetProperty(b => b.CompletedAt, now)
                .SetProperty(b => b.Summary, summary)
                .SetProperty(b => b.ErrorSummary, context.ErrorSummaryJson(error))
                .SetProperty(b => b.ActiveLock, (string?)null), CancellationToken.None);
                if (Notifications.BatchEvents.Of(context.Direction, status) is { } kind)
                {
                    Notifications.NotificationOutbox.Add(db, kind, now, context.BatchId);
                    await db.SaveChangesAsync(CancellationToken.None);
                }
            }
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the end of batch {BatchId}", context.BatchId);
        }
        await publisher.PublishAsync(final, CancellationToken.None);
        cancellation.Dispose();
        return new BatchResult(context.BatchId, status, summary, error);
    }

    private IQueryable<SyncBatch> Owned(SyncStudioDbContext db, BatchContext context) =>
        db.SyncBatches.Where(b => b.Id == context.Id && b.LeaseOwner == lease.InstanceId
            && (b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending));

    /// <summary>
    /// Writes progress and renews the lease in one conditional update. Finding the batch no longer this instance's
    /// (closed by another instance after its lease expired), or failing to renew for a whole lease, stops the work: the
    /// batch may be taken over, so it must not go on writing.
    /// </summary>
    private async Task FlushLoopAsync(BatchContext context, CancellationTokenSource cancellation, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        var renewed = context.StartedAt;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = time.GetUtcNow().UtcDateTime;
                var progress = context.Snapshot(BatchStatuses.Running, now);
                try
                {
                    await using var db = await factory.CreateDbContextAsync(stop);
                    if (await context.WriteAsync(db, progress, lease.InstanceId, lease.ExpiresAt(now), now, stop) == 0)
                    {
                        logger.LogWarning("Batch {BatchId} is no longer this instance's (its lease expired); stopping it", context.BatchId);
                        context.LeaseLost = true;
                        await cancellation.CancelAsync();
                        return;
                    }
                    renewed = now;
                    // A cancel recorded by another instance reaches this one through the row.
                    if (await db.SyncBatches.AnyAsync(b => b.Id == context.Id && b.CancelledById != null, stop))
                        await cancellation.CancelAsync();
                    await publisher.PublishAsync(progress, stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // A busy database now and then costs a renewal, not the batch: the next tick tries again, unless the
                    // lease has run out meanwhile.
                    logger.LogWarning(ex, "Progress of batch {BatchId} could not be recorded", context.BatchId);
                    if (now - renewed >= lease.Duration)
                    {
                        context.LeaseLost = true;
                        await cancellation.CancelAsync();
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static string Prefix(string direction) => direction switch
    {
        SyncDirections.PullFromShopify => "pull",
        SyncDirections.PushToShopify => "push",
        _ => direction,
    };
}
