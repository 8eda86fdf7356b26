using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SyncStudio.Data;

/// <summary>Stamps created/updated times and bumps the staged-change concurrency token on every tracked write.</summary>
public sealed class TimestampInterceptor(TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
            return;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            var added = entry.State == EntityState.Added;
            switch (entry.Entity)
            {
                case Product p:
                    if (added && p.CreatedAt == default) p.CreatedAt = now;
                    if (added || !entry.Property(nameof(Product.UpdatedAt)).IsModified) p.UpdatedAt = now;
                    break;
                case StagedProductChange c:
                    if (added && c.CreatedAt == default) c.CreatedAt = now;
                    c.UpdatedAt = now;
                    if (!added) c.RowVersion++;
                    break;
                case SyncBatch b:
                    if (added && b.CreatedAt == default) b.CreatedAt = now;
                    b.UpdatedAt = now;
                    break;
                case SyncApprovalRule r:
                    if (added && r.CreatedAt == default) r.CreatedAt = now;
                    r.UpdatedAt = now;
                    break;
                case SyncSchedule s:
                    if (added && s.CreatedAt == default) s.CreatedAt = now;
                    s.UpdatedAt = now;
                    break;
                case ShopifyConnection sc:
                    if (added && sc.CreatedAt == default) sc.CreatedAt = now;
                    sc.UpdatedAt = now;
                    break;
                case SyncVersion v when added && v.CreatedAt == default:
                    v.CreatedAt = now;
                    break;
                case AuditEvent a when added && a.OccurredAt == default:
                    a.OccurredAt = now;
                    break;
                case AppUser u when added && u.CreatedAt == default:
                    u.CreatedAt = now;
                    break;
            }
        }
    }
}
