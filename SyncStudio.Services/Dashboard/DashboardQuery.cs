using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;

namespace SyncStudio.Services.Dashboard;

/// <summary>The counts on the overview: what waits for a person, what conflicts, what failed.</summary>
public sealed record ReviewCounts(int Pending, int Conflicts, int Failed);

/// <summary>One UTC day of activity: changes staged that day and Shopify query cost spent by batches started that day.</summary>
public sealed record DailyActivity(DateOnly Day, int ChangesStaged, int ApiQuotaUsed);

/// <summary>Read-only figures for the dashboard's overview. Each is one indexed query, never a load of rows.</summary>
public sealed class DashboardQuery(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time)
{
    public const int MaxDays = 90;

    public async Task<ReviewCounts> CountsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var changes = db.StagedProductChanges.AsNoTracking();
        var pending = await changes.CountAsync(c => c.Status == ChangeStatuses.Pending, ct);
        var conflicts = await changes.CountAsync(c => c.Status == ChangeStatuses.Pending && c.HasConflicts, ct);
        var failed = await changes.CountAsync(c => c.Status == ChangeStatuses.Failed, ct);
        return new ReviewCounts(pending, conflicts, failed);
    }

    /// <summary>The last <paramref name="days"/> UTC days, oldest first, today included; days with nothing show zeros.</summary>
    public async Task<IReadOnlyList<DailyActivity>> DailyActivityAsync(int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - days);
        var since = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        await using var db = await factory.CreateDbContextAsync(ct);
        var staged = await db.StagedProductChanges.AsNoTracking()
            .Where(c => c.CreatedAt >= since)
            .GroupBy(c => c.CreatedAt.Date)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var quota = await db.SyncBatches.AsNoTracking()
            .Where(b => b.StartedAt != null && b.StartedAt >= since)
            .GroupBy(b => b.StartedAt!.Value.Date)
            .Select(g => new { Day = g.Key, Quota = g.Sum(b => b.ApiQuotaUsed) })
            .ToListAsync(ct);

        var stagedByDay = staged.ToDictionary(x => DateOnly.FromDateTime(x.Day), x => x.Count);
        var quotaByDay = quota.ToDictionary(x => DateOnly.FromDateTime(x.Day), x => x.Quota);
        return Enumerable.Range(0, days)
            .Select(i => first.AddDays(i))
            .Select(day => new DailyActivity(day, stagedByDay.GetValueOrDefault(day), quotaByDay.GetValueOrDefault(day)))
            .ToList();
    }
}
