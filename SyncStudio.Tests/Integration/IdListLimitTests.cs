using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Every route that takes a list of change ids honours the documented maximum (100,000) on SQLite: the list reaches
/// the database as one parameter, never one per id (SQLite refuses more than 32,766 variables in a statement).
/// </summary>
public sealed class IdListLimitTests : IAsyncLifetime
{
    private const int MaxIds = 100_000;
    private const string SeededBatch = "pull_20260101_000000_1";
    private SyncHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SyncHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AHundredThousandIdsAreApprovedRejectedPreviewedAndPushedInOneRequestEach()
    {
        // A real pull stages the store's products as creates; the rest of the hundred thousand are seeded in one statement.
        var pull = await _h.PullAsync(new { sync_type = "full" });
        var pulled = (await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}")).Select(c => c.GetProperty("id").GetInt32()).ToList();
        Assert.NotEmpty(pulled);
        await SeedPendingAsync(MaxIds - pulled.Count);
        var ids = await AllIdsAsync();
        Assert.Equal(MaxIds, ids.Count);

        var approved = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { change_ids = ids, notes = "all of them" }, Ct));
        Assert.Equal(MaxIds, approved.GetProperty("updated").GetInt32());

        // Rejecting the same list decides nothing (they are approved now), but the list is read all the same.
        var rejected = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-reject",
            new { change_ids = ids, reason = "too late" }, Ct));
        Assert.Equal(0, rejected.GetProperty("updated").GetInt32());
        var notPending = Assert.Single(rejected.GetProperty("skipped").EnumerateArray());
        Assert.Equal("not_pending", notPending.GetProperty("reason").GetString());
        Assert.Equal(MaxIds, notPending.GetProperty("count").GetInt32());

        var preview = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/shopify/push",
            new { change_ids = ids, dry_run = true }, Ct));
        Assert.Equal(MaxIds, preview.GetProperty("would_apply").GetInt32());

        // The seeded changes name no product: set them aside so the push applies the pulled creates alone.
        await ExecuteAsync($"UPDATE staged_product_changes SET status = 'rejected' WHERE batch_id = '{SeededBatch}'");
        var push = await _h.PushToTheEndAsync(new { change_ids = ids, confirm = true });
        Assert.True(push.GetProperty("status").GetString() == "completed", push.ToString());
        Assert.Equal(pulled.Count, push.GetProperty("successful_items").GetInt32());
        Assert.Equal(0, push.GetProperty("failed_items").GetInt32());
    }

    [Fact]
    public async Task AListAboveTheMaximumIsRefusedAsAValidationError()
    {
        var tooMany = Enumerable.Range(1, MaxIds + 1).ToList();

        var details = await ApiAssert.ErrorAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = tooMany }, Ct),
            HttpStatusCode.BadRequest);

        Assert.True(details.TryGetProperty("change_ids", out _), details.ToString());
    }

    /// <summary>Pending, decidable changes written by one INSERT ... SELECT over a recursive sequence: no row-by-row round trips.</summary>
    private Task SeedPendingAsync(int count) => ExecuteAsync($$"""
        WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {{count}})
        INSERT INTO staged_product_changes (change_id, change_type, sync_direction, field_changes, has_conflicts, conflict_fields,
            status, auto_approved, batch_id, priority, created_at, updated_at, required_approval_level, row_version)
        SELECT '{{SeededBatch}}_product_' || n, 'update', 'pull_from_shopify', {0}, 0, '[]',
            'pending', 0, '{{SeededBatch}}', 3, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1, 0
        FROM seq
        """, """{"title":{"old":"a","new":"b"}}""");

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        var factory = _h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        await db.Database.ExecuteSqlRawAsync(sql, parameters, Ct);
    }

    private async Task<List<int>> AllIdsAsync()
    {
        var factory = _h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        return await db.StagedProductChanges.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(Ct);
    }
}
