using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Review;

namespace SyncStudio.Services.Batches;

public sealed class BatchQuery(IDbContextFactory<SyncStudioDbContext> factory)
{
    public async Task<PagedResult<BatchDto>> ListAsync(BatchFilter filter, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.SyncBatches.AsNoTracking();
        if (filter.Direction is not null) query = query.Where(b => b.SyncDirection == filter.Direction);
        if (filter.Status is not null) query = query.Where(b => b.Status == filter.Status);
        var total = await query.CountAsync(ct);
        var items = total == 0 ? [] : await BatchDto.Project(query.OrderByDescending(b => b.Id)
            .Skip((filter.Page - 1) * filter.PerPage).Take(filter.PerPage), db.SyncSchedules).ToListAsync(ct);
        for (var i = 0; i < items.Count; i++)
            items[i] = await ShapeAsync(db, items[i], ct);
        return PagedResult.Of(items, total, filter.Page, filter.PerPage);
    }

    public async Task<BatchDto?> FindAsync(string batchId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await BatchDto.Project(db.SyncBatches.AsNoTracking().Where(b => b.BatchId == batchId), db.SyncSchedules).SingleOrDefaultAsync(ct);
        return batch is null ? null : await ShapeAsync(db, batch, ct);
    }

    /// <summary>Summary at one level; a pull that has not completed counts what it has staged so far.</summary>
    private static async Task<BatchDto> ShapeAsync(SyncStudioDbContext db, BatchDto batch, CancellationToken ct)
    {
        StagedSoFar? staged = null;
        if (BatchSummary.NeedsStagedCounts(batch))
        {
            staged = await db.StagedProductChanges.Where(c => c.BatchId == batch.BatchId).GroupBy(_ => 1).Select(g => new StagedSoFar(
                g.Count(),
                g.Count(c => c.ChangeType == ChangeTypes.Create),
                g.Count(c => c.ChangeType == ChangeTypes.Update),
                g.Count(c => c.ChangeType == ChangeTypes.Delete),
                g.Count(c => c.HasConflicts),
                g.Count(c => c.AutoApproved),
                g.Count(c => c.Status == ChangeStatuses.Pending))).SingleOrDefaultAsync(ct);
        }
        return BatchSummary.Shape(batch, staged);
    }
}
