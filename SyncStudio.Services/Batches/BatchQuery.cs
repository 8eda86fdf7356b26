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
        return PagedResult.Of(items, total, filter.Page, filter.PerPage);
    }

    public async Task<BatchDto?> FindAsync(string batchId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await BatchDto.Project(db.SyncBatches.AsNoTracking().Where(b => b.BatchId == batchId), db.SyncSchedules).FirstOrDefaultAsync(ct);
    }
}
