using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Review;

namespace SyncStudio.Services.Products;

public sealed record VersionDto(
    int VersionNumber,
    string VersionHash,
    string SourceSystem,
    string? SyncDirection,
    string? ChangeId,
    DateTime CreatedAt,
    UserRef? CreatedBy,
    RawJson? DataSnapshot);

/// <summary>A product's agreed versions: who, when, from which side, and the snapshot of each.</summary>
public sealed class ProductHistory(IDbContextFactory<SyncStudioDbContext> factory)
{
    public async Task<IReadOnlyList<VersionDto>?> ListAsync(int productId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Products.AnyAsync(p => p.Id == productId, ct))
            return null;
        return await Project(db, productId, newestFirst: true).ToListAsync(ct);
    }

    public async Task<VersionDto?> FindAsync(int productId, int versionNumber, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Project(db, productId, newestFirst: false, versionNumber).FirstOrDefaultAsync(ct);
    }

    /// <summary>The local product as it is now, in the versions' snapshot form (to compare a version with); null when it is gone.</summary>
    public async Task<Sync.ProductSnapshot?> CurrentAsync(int productId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var product = await db.Products.AsNoTracking().Include(p => p.Variants).ThenInclude(v => v.StockLevels)
            .FirstOrDefaultAsync(p => p.Id == productId && p.DeletedAt == null, ct);
        return product is null ? null : Sync.LocalSnapshots.ToSnapshot(product);
    }

    private static IQueryable<VersionDto> Project(SyncStudioDbContext db, int productId, bool newestFirst, int? versionNumber = null) =>
        db.SyncVersions.AsNoTracking()
            .Where(v => v.EntityType == EntityTypes.Product && v.EntityId == productId && (versionNumber == null || v.VersionNumber == versionNumber))
            .OrderByDescending(v => newestFirst ? v.VersionNumber : 0)
            .Select(v => new VersionDto(v.VersionNumber, v.VersionHash, v.SourceSystem, v.SyncDirection, v.ChangeId, v.CreatedAt,
                v.CreatedBy == null ? null : new UserRef(v.CreatedBy.Id, v.CreatedBy.Email), new RawJson(v.DataSnapshot)));
}
