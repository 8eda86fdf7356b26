using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Json;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Rollback;

public enum RollbackOutcome
{
    Ok,
    NotFound,

    /// <summary>Only applied changes roll back: 409.</summary>
    NotApplied,

    /// <summary>The product changed after the apply (and no force): 409 naming what changed.</summary>
    Moved,

    /// <summary>Another pull or push holds the store: 409.</summary>
    Busy,

    /// <summary>Shopify refused or could not take the restore: 502.</summary>
    Failed,
}

public sealed record RollbackResult(RollbackOutcome Outcome, string Message, string? RollbackId = null, IReadOnlyDictionary<string, object?>? Details = null);

/// <summary>
/// Undo of an applied change on both sides, from what each side held before it (its <c>rollback_data</c>), through
/// the same write path as apply, recorded as a rollback batch with a new version and an audit event.
/// </summary>
public sealed class RollbackService(IDbContextFactory<SyncStudioDbContext> factory, IShopifyClient shopify, BatchRunner runner, TimeProvider time)
{
    private sealed record RollbackData(
        JsonElement? LocalBefore, JsonElement? ShopifyBefore, bool WroteLocal, bool WroteShopify, string? LocalAfterHash, string? ShopifyAfterHash);

    public async Task<RollbackResult> RollbackAsync(string key, string reason, bool force, int userId, CancellationToken ct)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var change = await Find(db, key).AsNoTracking().FirstOrDefaultAsync(ct);
            if (change is null)
                return new RollbackResult(RollbackOutcome.NotFound, "Staged change not found", Details: new Dictionary<string, object?> { ["id"] = key });
            if (change.Status != ChangeStatuses.Applied || change.RollbackData is null)
                return new RollbackResult(RollbackOutcome.NotApplied, $"Only applied changes can be rolled back; this one is {change.Status}",
                    Details: new Dictionary<string, object?> { ["status"] = change.Status });
            key = change.Id.ToString(CultureInfo.InvariantCulture);
        }

        RollbackResult? outcome = null;
        var start = await runner.StartAsync(new BatchRequest(BatchDirections.Rollback, SyncTypes.Rollback, $"Rollback of change {key}", userId,
            new { change = key, reason, force }), async (batch, token) =>
            {
                batch.SetTotal(1);
                outcome = await RunAsync(int.Parse(key, CultureInfo.InvariantCulture), reason, force, userId, batch, token);
                if (outcome.Outcome == RollbackOutcome.Ok) batch.Succeeded();
                else batch.Fail(outcome.Outcome.ToString().ToLowerInvariant(), key, outcome.Message);
                return new { outcome.Message, outcome.Details };
            }, ct);
        if (start.Outcome == BatchStartOutcome.AlreadyRunning)
            return new RollbackResult(RollbackOutcome.Busy, "Another pull or push is running for this store",
                Details: new Dictionary<string, object?> { ["batch_id"] = start.BatchId });
        await start.Completion!;
        return outcome is null
            ? new RollbackResult(RollbackOutcome.Failed, "The rollback did not complete")
            : outcome with { RollbackId = outcome.Outcome == RollbackOutcome.Ok ? start.BatchId : null };
    }

    private async Task<RollbackResult> RunAsync(int id, string reason, bool force, int userId, BatchContext batch, CancellationToken ct)
    {
        using var usage = ShopifyUsage.Begin();
        await using var db = await factory.CreateDbContextAsync(ct);
        var change = await db.StagedProductChanges.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        var data = SyncJson.Deserialize<RollbackData>(change.RollbackData)!;
        var product = change.ProductId is { } pid ? await db.Products.Include(p => p.Variants).FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        var localNow = product is { DeletedAt: null } ? LocalSnapshots.ToSnapshot(product) : null;
        var shopifyId = product?.ShopifyProductId ?? (change.ShopifyProductId is { } sid ? long.Parse(sid, CultureInfo.InvariantCulture) : null);
        var writer = new ShopifyWriter(shopify);
        var shopifyNow = data.WroteShopify && shopifyId is { } readId ? await writer.ReadAsync(readId, ct) : null;

        // What moved since the apply: the later change that moved it is named, and nothing is written without force.
        var moved = new Dictionary<string, object?>();
        if (data.WroteLocal && ProductHasher.HashOrNull(localNow) != data.LocalAfterHash)
            moved["local"] = "the local product changed after this change was applied";
        if (data.WroteShopify && ProductHasher.HashOrNull(shopifyNow) != data.ShopifyAfterHash)
            moved["shopify"] = "the product changed in Shopify after this change was applied";
        if (moved.Count > 0 && !force)
        {
            var later = await db.StagedProductChanges.AsNoTracking()
                .Where(c => c.Id != id && c.ProductId == change.ProductId && change.ProductId != null && c.Status == ChangeStatuses.Applied && c.AppliedAt > change.AppliedAt)
                .OrderBy(c => c.AppliedAt).Select(c => c.ChangeId).FirstOrDefaultAsync(ct);
            if (later is not null)
                moved["later_change"] = later;
            moved["force"] = "send force: true (Admin) to restore anyway";
            return new RollbackResult(RollbackOutcome.Moved, "The product changed after this change was applied", Details: moved);
        }

        var localBefore = data.LocalBefore is { ValueKind: JsonValueKind.Object } lb ? SnapshotJson.Deserialize(lb.GetRawText()) : null;
        var shopifyBefore = data.ShopifyBefore is { ValueKind: JsonValueKind.Object } sb ? SnapshotJson.Deserialize(sb.GetRawText()) : null;

        ProductSnapshot? shopifyAfter = shopifyNow;
        if (data.WroteShopify)
        {
            ShopifyWriteOutcome written;
            if (shopifyBefore is null && shopifyId is { } created)
                written = await writer.DeleteAsync(created, ct);
            else if (shopifyBefore is not null && shopifyNow is null)
                written = await writer.CreateAsync(shopifyBefore, $"rollback:{change.ChangeId}", ct);
            else if (shopifyBefore is not null && shopifyNow is not null)
                written = await writer.UpdateAsync(shopifyNow, shopifyBefore with { ShopifyProductId = shopifyNow.ShopifyProductId }, $"rollback:{change.ChangeId}", ct);
            else
                written = ShopifyWriteOutcome.Ok(null, "Nothing to restore in Shopify");
            if (!written.Success)
                return new RollbackResult(RollbackOutcome.Failed, written.Message, Details: new Dictionary<string, object?> { ["reason"] = written.FailureReason });
            shopifyAfter = written.After;
        }
        batch.SetApiUsage((int)usage.Calls, (int)usage.ActualCost);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (data.WroteLocal && product is not null)
        {
            if (localBefore is null)
            {
                product.DeletedAt = now;
            }
            else
            {
                product.DeletedAt = null;
                LocalSnapshots.Apply(product, localBefore);
            }
            product.UpdatedById = null;
        }
        if (shopifyAfter is not null && product is not null)
            LocalSnapshots.Link(product, shopifyAfter);
        await db.SaveChangesAsync(ct);

        if (product is not null && product.DeletedAt is null)
        {
            var bases = await StagingSession.LatestBasesAsync(db, [product.Id], ct);
            var number = (bases.GetValueOrDefault(product.Id)?.VersionNumber ?? 0) + 1;
            var restored = shopifyAfter ?? localBefore ?? LocalSnapshots.ToSnapshot(product);
            var version = StagingSession.NewVersion(product.Id, restored, ProductHasher.ComputeHash(restored), number, change.ChangeId);
            version.SourceSystem = SourceSystems.Rollback;
            version.CreatedById = userId;
            db.SyncVersions.Add(version);
        }
        var updated = await db.StagedProductChanges.Where(c => c.Id == id && c.Status == ChangeStatuses.Applied).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, ChangeStatuses.RolledBack)
            .SetProperty(c => c.UpdatedAt, now)
            .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        if (updated == 0)
        {
            await transaction.RollbackAsync(ct);
            return new RollbackResult(RollbackOutcome.NotApplied, "The change was rolled back at the same time");
        }
        AuditLog.Add(db, new AuditEntry("staged_change", change.ChangeId, "rolled_back", userId, ChangeStatuses.Applied, ChangeStatuses.RolledBack,
            reason, SyncJson.Serialize(new { force, moved = moved.Keys, rollback_batch = batch.BatchId })));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RollbackResult(RollbackOutcome.Ok, "Change rolled back successfully");
    }

    private static IQueryable<StagedProductChange> Find(SyncStudioDbContext db, string key) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? db.StagedProductChanges.Where(c => c.Id == id)
            : db.StagedProductChanges.Where(c => c.ChangeId == key);
}
