using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Review;

namespace SyncStudio.Services.Audit;

public sealed record AuditEventDto(long Id, DateTime OccurredAt, int? UserId, string? UserEmail, string EntityType, string EntityId,
    string Action, string? BeforeStatus, string? AfterStatus, string? Notes);

public sealed record AuditFilter(string? EntityType, string? EntityId, int? UserId, string? Action, DateTime? From, DateTime? To, int Page, int PerPage);

public sealed class AuditQuery(IDbContextFactory<SyncStudioDbContext> factory)
{
    public async Task<PagedResult<AuditEventDto>> ListAsync(AuditFilter filter, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.AuditEvents.AsNoTracking();
        if (filter.EntityType is not null) query = query.Where(a => a.EntityType == filter.EntityType);
        if (filter.EntityId is not null) query = query.Where(a => a.EntityId == filter.EntityId);
        if (filter.UserId is not null) query = query.Where(a => a.UserId == filter.UserId);
        if (filter.Action is not null) query = query.Where(a => a.Action == filter.Action);
        if (filter.From is not null) query = query.Where(a => a.OccurredAt >= filter.From);
        if (filter.To is not null) query = query.Where(a => a.OccurredAt <= filter.To);
        var total = await query.CountAsync(ct);
        var items = total == 0 ? [] : await query.OrderByDescending(a => a.Id).Skip((filter.Page - 1) * filter.PerPage).Take(filter.PerPage)
            .Select(a => new AuditEventDto(a.Id, a.OccurredAt, a.UserId,
                a.UserEmail ?? db.Users.Where(u => u.Id == a.UserId).Select(u => u.Email).FirstOrDefault(),
                a.EntityType, a.EntityId, a.Action, a.BeforeStatus, a.AfterStatus, a.Notes)).ToListAsync(ct);
        return PagedResult.Of(items, total, filter.Page, filter.PerPage);
    }
}
