using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyncStudio.Data;
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
/// second; cancellation is recorded with who asked.
/// </summary>
public sealed class BatchRunner(
    IDbContextFactory<SyncStudioDbContext> factory,
    BatchProgressPublisher publisher,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BatchRunner> logger)
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(400);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();

    public async Task<BatchStart> StartAsync(BatchRequest request, BatchWork work, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = new SyncBatch
        {
            BatchId = "new_" + Guid.NewGuid().ToString("N"),
            BatchName = request.BatchName,
            SyncType = request.SyncType,
            SyncDirection = request.Direction,
            Status = BatchStatuses.Running,
            StartedAt = now,
            CreatedById = request.CreatedById,
            Configuration = request.Configuration is null ? null : SyncJson.Serialize(request.Configuration),
            ScheduleId = request.ScheduleId,
            ActiveLock = request.TakesStoreLock ? SyncBatch.StoreLock : null,
        };
        // The usual refusal is answered by a read; the unique index on the lock still decides when two starts race.
        if (request.TakesStoreLock && await HolderAsync(db, ct) is { } running)
            return new BatchStart(BatchStartOutcome.AlreadyRunning, running, null);
        db.SyncBatches.Add(batch);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (request.TakesStoreLock)
        {
            var holder = await HolderAsync(db, ct);
            if (holder is null)
                throw;
            return new BatchStart(BatchStartOutcome.AlreadyRunning, holder, null);
        }

        batch.BatchId = $"{Prefix(request.Direction)}_{now:yyyyMMdd_HHmmss}_{batch.Id}";
        await db.SaveChangesAsync(ct);

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        _running[batch.BatchId] = cancellation;
        var context = new BatchContext(batch.Id, batch.BatchId, request.Direction, request.CreatedById, now, cancellation.Token);
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

    private static Task<string?> HolderAsync(SyncStudioDbContext db, CancellationToken ct) =>
        db.SyncBatches.AsNoTracking().Where(b => b.ActiveLock == SyncBatch.StoreLock).Select(b => b.BatchId).FirstOrDefaultAsync(ct);

    public bool IsRunningHere(string batchId) => _running.ContainsKey(batchId);

    private async Task<BatchResult> RunAsync(BatchContext context, BatchWork work, CancellationTokenSource cancellation)
    {
        using var flushing = new CancellationTokenSource();
        var flusher = FlushLoopAsync(context, cancellation, flushing.Token);
        string status;
        string? summary = null;
        string? error = null;
        try
        {
            var result = await work(context, cancellation.Token);
            summary = result is null ? null : SyncJson.Serialize(result);
            status = BatchStatuses.Completed;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            status = BatchStatuses.Cancelled;
            error = lifetime.ApplicationStopping.IsCancellationRequested ? "The app stopped while the batch was running." : "Cancelled.";
            if (lifetime.ApplicationStopping.IsCancellationRequested)
                status = BatchStatuses.Failed;
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
        try
        {
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            await context.WriteAsync(db, final, CancellationToken.None);
            await db.SyncBatches.Where(b => b.Id == context.Id).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Status, status)
                .SetProperty(b => b.CompletedAt, now)
                .SetProperty(b => b.Summary, summary)
                .SetProperty(b => b.ErrorSummary, context.ErrorSummaryJson(error))
                .SetProperty(b => b.ActiveLock, (string?)null), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the end of batch {BatchId}", context.BatchId);
        }
        await publisher.PublishAsync(final, CancellationToken.None);
        cancellation.Dispose();
        return new BatchResult(context.BatchId, status, summary, error);
    }

    private async Task FlushLoopAsync(BatchContext context, CancellationTokenSource cancellation, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var progress = context.Snapshot(BatchStatuses.Running, time.GetUtcNow().UtcDateTime);
                await using var db = await factory.CreateDbContextAsync(stop);
                await context.WriteAsync(db, progress, stop);
                // A cancel recorded by another instance reaches this one through the row.
                if (await db.SyncBatches.AnyAsync(b => b.Id == context.Id && b.CancelledById != null, stop))
                    await cancellation.CancelAsync();
                await publisher.PublishAsync(progress, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Progress of batch {BatchId} could not be recorded", context.BatchId);
        }
    }

    private static string Prefix(string direction) => direction switch
    {
        SyncDirections.PullFromShopify => "pull",
        SyncDirections.PushToShopify => "push",
        _ => direction,
    };
}
