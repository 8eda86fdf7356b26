using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;

namespace SyncStudio.Tests.Infrastructure;

/// <summary>Rows written straight into the app's database, for tests of what comes after staging.</summary>
public static class Seed
{
    public static async Task<List<StagedProductChange>> StagedChangesAsync(SyncStudioApp app, int count, Action<StagedProductChange, int>? configure = null)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var change = new StagedProductChange
            {
                ChangeId = $"pull_20260101_000000_1_product_{Guid.NewGuid():N}",
                ChangeType = ChangeTypes.Update,
                SyncDirection = SyncDirections.PullFromShopify,
                Status = ChangeStatuses.Pending,
                FieldChanges = """{"price":{"old":10,"new":11}}""",
                ConflictFields = "[]",
                RequiredApprovalLevel = 1,
                BatchId = "pull_20260101_000000_1",
            };
            configure?.Invoke(change, i);
            return change;
        }).ToList();
        db.StagedProductChanges.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    public static async Task<StagedProductChange> ReloadAsync(SyncStudioApp app, int id)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.StagedProductChanges.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public static async Task<int> AuditCountAsync(SyncStudioApp app, string action)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.AuditEvents.CountAsync(a => a.Action == action);
    }
}
