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

    /// <summary>
    /// Words a person typed to find a product (dashboard only): matched, ignoring case, in the local product's title or
    /// a variant's SKU, the Shopify product id, or for a product not yet in the local catalog the product the change
    /// proposes (its title, vendor, SKUs).
    /// </summary>
    public string? Search { get; init; }

    /// <summary>Applied at or after this instant (UTC), inclusive.</summary>
    public DateTime? AppliedFrom { get; init; }

    /// <summary>Applied before this instant (UTC), exclusive.</summary>
    public DateTime? AppliedBefore { get; init; }

    /// <summary>Leaves out the products this pull batch created locally (the first import, hidden by default on Applied).</summary>
    public string? ExceptCreatesOfBatch { get; init; }

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
        if (AppliedFrom is not null) query = query.Where(c => c.AppliedAt >= AppliedFrom);
        if (AppliedBefore is not null) query = query.Where(c => c.AppliedAt < AppliedBefore);
        if (ExceptCreatesOfBatch is not null)
            query = query.Where(c => !(c.BatchId == ExceptCreatesOfBatch && c.ChangeType == ChangeTypes.Create && c.SyncDirection == SyncDirections.PullFromShopify));
        if (Search?.Trim() is { Length: > 0 } search)
        {
            var pattern = "%" + EscapeLike(search) + "%";
            query = query.Where(c => c.ShopifyProductId == search
                || (c.Product != null && (EF.Functions.Like(c.Product.Title, pattern, LikeEscape)
                    || c.Product.Variants.Any(v => v.Sku != null && EF.Functions.Like(v.Sku, pattern, LikeEscape))))
                || (c.Product == null && c.ProposedData != null && EF.Functions.Like(c.ProposedData, pattern, LikeEscape)));
        }
        return query;
    }

    private const string LikeEscape = "\\";

    /// <summary>What a person typed, matched literally: LIKE's wildcards and the escape itself are escaped.</summary>
    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
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

    /// <summary>
    /// The first full pull from Shopify (the store's first import), whose creates fill the Applied list on day one; null
    /// before there was one.
    /// </summary>
    public async Task<string?> FirstImportBatchAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.SyncBatches.AsNoTracking()
            .Where(b => b.SyncDirection == SyncDirections.PullFromShopify && b.SyncType == SyncTypes.Full)
            .OrderBy(b => b.Id).Select(b => b.BatchId).FirstOrDefaultAsync(ct);
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
