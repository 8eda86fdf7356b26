using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Setup;

namespace SyncStudio.Services.Batches;

/// <summary>
/// At start, a batch still marked running belongs to a process that died: it is closed as failed with the reason,
/// and its store lock released, so nothing stays "running" forever. Its changes are left as they are: a change it
/// claimed but did not settle is still approved, and the next push applies it after reading the product back (what
/// already landed in Shopify is not written again).
/// </summary>
public sealed class InterruptedBatchRecovery(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time,
    ILogger<InterruptedBatchRecovery> logger) : IStartupStep
{
    public const string Reason = "The process stopped while the batch was running.";

    public int Order => 10;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var error = SyncJson.Serialize(new { error = Reason });
        var closed = await db.SyncBatches
            .Where(b => b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending || b.ActiveLock != null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Status, b => b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending ? BatchStatuses.Failed : b.Status)
                .SetProperty(b => b.ErrorSummary, b => b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending ? error : b.ErrorSummary)
                .SetProperty(b => b.CompletedAt, b => b.CompletedAt ?? now)
                .SetProperty(b => b.ActiveLock, (string?)null), ct);
        if (closed > 0)
            logger.LogWarning("Closed {Count} batch(es) left running by a stopped process", closed);
    }
}
