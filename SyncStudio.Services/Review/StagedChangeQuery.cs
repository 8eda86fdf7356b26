using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;

namespace SyncStudio.Services.Review;

/// <summary>The filters of GET /api/sync/staged (all optional), already validated.</summary>
public sealed record StagedChangeFilter
{
    public string? BatchId { get; init; }
    public string? Status { get; init; }
    public string? ChangeType { get; init; }
    public bool? HasConflicts { get; init; }
    public string? SyncDirection { get; init; }
    public int? ProductId { get; init; }
    public string Sort { get; init; } = "-id";
    public int Page { get; init; } = 1;
    public int PerPage { get; init; } = PagingLimits.DefaultPerPage;

    public static readonly IReadOnlyList<string> Sorts = ["id", "-id", "created_at", "-created_at", "priority", "-priority"];

    public IQueryable<StagedProductChange> Apply(IQueryable<StagedProductChange> query)
    {
        if (BatchId is not null) query = query.Where(c => c.BatchId == BatchId);
        if (Status is not null) query = query.Where(c => c.Status == Status);
        if (ChangeType is not null) query = query.Where(c => c.ChangeType == ChangeType);
        if (HasConflicts is not null) query = query.Where(c => c.HasConflicts == HasConflicts);
        if (SyncDirection is not null) query = query.Where(c => c.SyncDirection == SyncDirection);
        if (ProductId is not null) query = query.Where(c => c.ProductId == ProductId);
        return query;
    }
}

public sealed class StagedChangeQuery(IDbContextFactory<SyncStudioDbContext> factory)
{
    public async Task<PagedResult<StagedChangeDto>> ListAsync(StagedChangeFilter filter, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = filter.Apply(db.StagedProductChanges.AsNoTracking());
        var total = await query.CountAsync(ct);
        if (total == 0)
            return PagedResult.Of<StagedChangeDto>([], total, filter.Page, filter.PerPage);
        // created_at follows id (rows are inserted in time order), so id sorts serve both through the filter indexes.
        query = filter.Sort switch
        {
            "id" or "created_at" => query.OrderBy(c => c.Id),
            "priority" => query.OrderBy(c => c.Priority).ThenBy(c => c.Id),
            "-priority" => query.OrderByDescending(c => c.Priority).ThenByDescending(c => c.Id),
            _ => query.OrderByDescending(c => c.Id),
        };
        // The page's ids first, from the covering filter indexes alone (an offset skips index entries, not wide
        // rows), then those rows with their projection, put back in the page's order.
        var ids = await query.Skip((filter.Page - 1) * filter.PerPage).Take(filter.PerPage).Select(c => c.Id).ToListAsync(ct);
        if (ids.Count == 0)
            return PagedResult.Of<StagedChangeDto>([], total, filter.Page, filter.PerPage);
        var rows = await StagedChangeProjection.Project(db.StagedProductChanges.AsNoTracking().Where(c => ids.Contains(c.Id))).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id);
        // A row deleted between the two reads is left out rather than failing the page.
        var items = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        return PagedResult.Of(items, total, filter.Page, filter.PerPage);
    }

    /// <summary>By numeric id or by <c>change_id</c>.</summary>
    public async Task<StagedChangeDto?> FindAsync(string idOrChangeId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.StagedProductChanges.AsNoTracking();
        query = int.TryParse(idOrChangeId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? query.Where(c => c.Id == id)
            : query.Where(c => c.ChangeId == idOrChangeId);
        return await StagedChangeProjection.Project(query).FirstOrDefaultAsync(ct);
    }
}
