using System.Globalization;
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

    /// <summary>The base cannot be put back as it is (the product is gone on a side, its handle is taken): 409.</summary>
    Blocked,
}

public sealed record RollbackResult(RollbackOutcome Outcome, string Message, string? RollbackId = null, IReadOnlyDictionary<string, object?>? Details = null);

/// <summary>
/// What a rollback would do, shown before it is confirmed: what each side holds now and will hold after (null: no
/// product there), the paths it restores on each side (<c>old</c> now, <c>new</c> after), and what moved since the apply.
/// </summary>
public sealed record RollbackPreview(
    RollbackOutcome Outcome,
    string Message,
    RollbackKind? Kind = null,
    ProductSnapshot? LocalNow = null,
    ProductSnapshot? LocalAfter = null,
    FieldChanges? LocalChanges = null,
    ProductSnapshot? ShopifyNow = null,
    ProductSnapshot? ShopifyAfter = null,
    FieldChanges? ShopifyChanges = null,
    IReadOnlyDictionary<string, object?>? Moved = null);

/// <summary>
/// Undo of an applied change (design §8): both sides return to the change's base, the agreed version before it, on the
/// paths it touched, whichever side it came from, and that state is recorded as the new agreed version. A create is
/// undone by removing the created product with its link and its base. Shopify is written first through the same
/// writer as apply, then the local side, the version, the change's status and the audit event in one transaction.
/// </summary>
public sealed class RollbackService(IDbContextFactory<SyncStudioDbContext> factory, IShopifyClient shopify, BatchRunner runner, TimeProvider time)
{
    public async Task<RollbackResult> RollbackAsync(string key, string reason, bool force, int userId, CancellationToken ct)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var change = await Find(db, key).AsNoTracking().FirstOrDefaultAsync(ct);
            if (NotRollable(change, key) is { } refused)
                return refused;
            key = change!.Id.ToString(CultureInfo.InvariantCulture);
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

    /// <summary>What rolling the change back would leave on each side, read now (Shopify included), writing nothing.</summary>
    public async Task<RollbackPreview> PreviewAsync(string key, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var change = await Find(db, key).AsNoTracking().FirstOrDefaultAsync(ct);
        if (NotRollable(change, key) is { } refused)
            return new RollbackPreview(refused.Outcome, refused.Message);
        var state = await ReadStateAsync(db, change!, new ShopifyWriter(shopify, await StockLocationMap.LoadAsync(factory, shopify, ct)), ct);
        if (!RollbackPlanner.TryPlan(state.Facts, out var plan, out var error))
            return new RollbackPreview(RollbackOutcome.Blocked, error!, Moved: state.Moved);
        return new RollbackPreview(RollbackOutcome.Ok, "", plan!.Kind,
            state.Facts.LocalNow, plan.Local, Differences(state.Facts.LocalNow, plan.Local),
            state.Facts.ShopifyNow, plan.Shopify, Differences(state.Facts.ShopifyNow, plan.Shopify), state.Moved);
    }

    private static RollbackResult? NotRollable(StagedProductChange? change, string key)
    {
        if (change is null)
            return new RollbackResult(RollbackOutcome.NotFound, "Staged change not found", Details: new Dictionary<string, object?> { ["id"] = key });
        if (change.Status != ChangeStatuses.Applied || change.RollbackData is null)
            return new RollbackResult(RollbackOutcome.NotApplied, $"Only applied changes can be rolled back; this one is {change.Status}",
                Details: new Dictionary<string, object?> { ["status"] = change.Status });
        return null;
    }

    /// <summary>Paths where <paramref name="after"/> differs from <paramref name="now"/> (both present), old now and new after.</summary>
    private static FieldChanges? Differences(ProductSnapshot? now, ProductSnapshot? after) =>
        now is null || after is null ? null : ThreeWayDiff.Compute(now, now, after).Pull?.FieldChanges ?? new FieldChanges();

    /// <summary>The change's base, both sides now, and which of them moved since the apply.</summary>
    private sealed record State(RollbackFacts Facts, Product? Product, SyncVersion? Latest, Dictionary<string, object?> Moved);

    private static async Task<State> ReadStateAsync(SyncStudioDbContext db, StagedProductChange change, ShopifyWriter writer, CancellationToken ct)
    {
        var data = RollbackData.FromJson(change.RollbackData)!;
        var product = change.ProductId is { } pid ? await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels).FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        var localNow = product is { DeletedAt: null } ? LocalSnapshots.ToSnapshot(product) : null;
        var shopifyId = product?.ShopifyProductId ?? (change.ShopifyProductId is { } sid ? long.Parse(sid, CultureInfo.InvariantCulture) : null);
        var shopifyNow = shopifyId is { } readId ? await writer.ReadAsync(readId, ct) : null;

        SyncVersion? latest = null, @base = null;
        if (product is not null)
        {
            latest = (await StagingSession.LatestBasesAsync(db, [product.Id], ct)).GetValueOrDefault(product.Id);
            var versions = db.SyncVersions.AsNoTracking().Where(v => v.EntityType == EntityTypes.Product && v.EntityId == product.Id);
            // The agreed version before the change: the one before the version its apply recorded; when it recorded none
            // (a delete), the base it was staged against.
            @base = data.VersionNumber is { } number
                ? await versions.FirstOrDefaultAsync(v => v.VersionNumber == number - 1, ct)
                : change.BaseVersion is { } hash
                    ? await versions.Where(v => v.VersionHash == hash).OrderByDescending(v => v.VersionNumber).FirstOrDefaultAsync(ct)
                    : null;
        }

        var paths = change.FieldChanges is null || change.ChangeType != ChangeTypes.Update ? [] : FieldChanges.FromJson(change.FieldChanges).Keys.ToList();
        var facts = new RollbackFacts(change.ChangeType, change.SyncDirection, paths, SnapshotJson.DeserializeOrNull(change.CurrentData),
            SnapshotJson.DeserializeOrNull(change.ProposedData), data, @base is null ? null : SnapshotJson.Deserialize(@base.DataSnapshot), localNow, shopifyNow);

        // A side moved when it no longer holds what it held right after the apply. Shopify's side after a pulled change
        // that did not write it is what the pull saw (the change's source version).
        var shopifyAfterApply = data.WroteShopify || change.SyncDirection != SyncDirections.PullFromShopify ? data.ShopifyAfterHash : change.SourceVersion;
        var moved = new Dictionary<string, object?>();
        if (ProductHasher.HashOrNull(localNow) != data.LocalAfterHash)
            moved["local"] = "the local product changed after this change was applied";
        if (ProductHasher.HashOrNull(shopifyNow) != shopifyAfterApply)
            moved["shopify"] = "the product changed in Shopify after this change was applied";
        return new State(facts, product, latest, moved);
    }

    private async Task<RollbackResult> RunAsync(int id, string reason, bool force, int userId, BatchContext batch, CancellationToken ct)
    {
        using var usage = ShopifyUsage.Begin();
        await using var db = await factory.CreateDbContextAsync(ct);
        var change = await db.StagedProductChanges.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        // Read again inside the batch, which holds the store: a rollback of the same change that ended between the
        // request's check and this batch's start has already restored both sides, and nothing is written twice.
        if (change.Status != ChangeStatuses.Applied)
            return new RollbackResult(RollbackOutcome.NotApplied, $"Only applied changes can be rolled back; this one is {change.Status}",
                Details: new Dictionary<string, object?> { ["status"] = change.Status });
        var writer = new ShopifyWriter(shopify, await StockLocationMap.LoadAsync(factory, shopify, ct));
        var (facts, product, latest, moved) = await ReadStateAsync(db, change, writer, ct);
        // The version the checks above saw: the local write commits only while the product still has it.
        var checkedVersion = product?.Version;

        // What moved since the apply: the later change that moved it is named, and nothing is written without force.
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

        if (!RollbackPlanner.TryPlan(facts, out var plan, out var error))
            return new RollbackResult(RollbackOutcome.Blocked, error!);
        if (plan!.Local is { } localTarget && product is not null && product.DeletedAt is not null
            && await db.Products.AnyAsync(p => p.Id != product.Id && p.DeletedAt == null && p.Handle == localTarget.Handle, ct))
            return new RollbackResult(RollbackOutcome.Blocked, $"Another local product now uses the handle '{localTarget.Handle}'.");

        // Shopify first (the write that can fail), then everything local in one transaction.
        var shopifyNow = facts.ShopifyNow;
        var shopifyAfter = shopifyNow;
        var tag = $"rollback:{change.ChangeId}";
        ShopifyWriteOutcome? written = null;
        if (plan.Shopify is null && shopifyNow?.ShopifyProductId is { } createdInShopify)
            written = await writer.DeleteAsync(createdInShopify, ct);
        else if (plan.Shopify is not null && shopifyNow is null)
            written = await writer.CreateAsync(plan.Shopify, tag, ct);
        else if (plan.Shopify is not null && shopifyNow is not null && ProductHasher.ComputeHash(plan.Shopify) != ProductHasher.ComputeHash(shopifyNow))
            written = await writer.UpdateAsync(shopifyNow, plan.Shopify, tag, ct);
        batch.SetApiUsage((int)usage.Calls, (int)usage.ActualCost);
        if (written is not null)
        {
            if (!written.Success)
                return new RollbackResult(RollbackOutcome.Failed, written.Message, Details: new Dictionary<string, object?> { ["reason"] = written.FailureReason });
            shopifyAfter = written.After;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        ProductSnapshot? agreed = null;
        if (product is not null)
        {
            // Who last edited the product locally stays recorded unless the rollback itself writes its values (four-eyes).
            var wroteLocal = false;
            switch (plan.Kind)
            {
                case RollbackKind.RemoveCreated:
                    // Gone from the side it was created on, and no longer linked nor agreed with anything: the next pull
                    // sees an unsynced product on the other side (a create to review), never a delete.
                    if (plan.Local is null)
                    {
                        product.DeletedAt = now;
                        wroteLocal = true;
                    }
                    Unlink(product);
                    await db.SyncVersions.Where(v => v.EntityType == EntityTypes.Product && v.EntityId == product.Id).ExecuteDeleteAsync(ct);
                    latest = null;
                    break;

                case RollbackKind.RestoreProduct:
                    if (product.DeletedAt is not null)
                    {
                        product.DeletedAt = null;
                        Unlink(product);
                        LocalSnapshots.Apply(product, plan.Local!);
                        wroteLocal = true;
                    }
                    else if (facts.LocalNow is not null && ProductHasher.ComputeHash(plan.Local!) != ProductHasher.ComputeHash(facts.LocalNow))
                    {
                        // Kept against the delete: the local product returns to the base's values.
                        LocalSnapshots.Apply(product, plan.Local!);
                        wroteLocal = true;
                    }
                    if (written is not null && shopifyAfter is not null && written.After?.ShopifyProductId != facts.ShopifyNow?.ShopifyProductId)
                    {
                        // Shopify gave the product back under new ids.
                        Unlink(product);
                        LocalSnapshots.Link(product, shopifyAfter);
                    }
                    break;

                default:
                    if (facts.LocalNow is not null && ProductHasher.ComputeHash(plan.Local!) != ProductHasher.ComputeHash(facts.LocalNow))
                    {
                        LocalSnapshots.Apply(product, plan.Local!);
                        wroteLocal = true;
                    }
                    // A variant the rollback gave back to both sides is a new variant in Shopify: the local one learns its ids.
                    if (shopifyAfter is not null)
                        LocalSnapshots.Link(product, shopifyAfter);
                    break;
            }
            if (wroteLocal)
            {
                product.UpdatedById = null;
                // An edit made since the product was read is never overwritten (as in apply, decision 0006).
                if (!await LocalSnapshots.HoldVersionAsync(db, product.Id, checkedVersion!.Value, ct))
                {
                    await transaction.RollbackAsync(ct);
                    return new RollbackResult(RollbackOutcome.Moved, written is null
                            ? "The local product changed during the rollback; nothing was written. Roll back again to restore it."
                            : "The local product changed during the rollback; Shopify was restored, the local product was not. Pull again.",
                        Details: new Dictionary<string, object?> { ["local"] = "the local product changed during the rollback" });
                }
            }
            await db.SaveChangesAsync(ct);

            var localAfter = product.DeletedAt is null ? LocalSnapshots.ToSnapshot(product) : null;
            agreed = AgreedAfter(plan, facts, localAfter, shopifyAfter, latest);
            if (agreed is not null)
            {
                var version = StagingSession.NewVersion(product.Id, agreed, ProductHasher.ComputeHash(agreed), (latest?.VersionNumber ?? 0) + 1, change.ChangeId);
                version.SourceSystem = SourceSystems.Rollback;
                version.CreatedById = userId;
                db.SyncVersions.Add(version);
            }
            else if (plan.Kind == RollbackKind.RestoreFields && facts.Base is null)
            {
                // Applied without a base, rolled back to sides that differ: nothing is agreed, as before the change.
                await db.SyncVersions.Where(v => v.EntityType == EntityTypes.Product && v.EntityId == product.Id).ExecuteDeleteAsync(ct);
            }
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
        // What still waits for this product was staged against the sides and the base just restored: superseded, so a
        // push never applies it (a local delete staged before a pulled create was rolled back would delete the product
        // the rollback left in Shopify); the next pull compares the product again.
        var superseded = await StagingSession.SupersedeWaitingOfProductAsync(db, change.ProductId, change.ShopifyProductId, id, ct);
        AuditLog.Add(db, new AuditEntry("staged_change", change.ChangeId, "rolled_back", userId, ChangeStatuses.Applied, ChangeStatuses.RolledBack,
            reason, SyncJson.Serialize(new
            {
                force,
                kind = plan.Kind,
                paths = plan.Paths,
                moved = moved.Keys,
                rollback_batch = batch.BatchId,
                superseded,
                version_hash = ProductHasher.HashOrNull(agreed),
            })));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RollbackResult(RollbackOutcome.Ok, "Change rolled back successfully");
    }

    /// <summary>
    /// The new agreed version: where both sides hold the same product, that (Shopify's read-back, which carries its ids);
    /// where they still differ on paths the change did not touch, the agreed version with the touched paths set back to
    /// the base. Null when there is nothing agreed to record.
    /// </summary>
    private static ProductSnapshot? AgreedAfter(RollbackPlan plan, RollbackFacts facts, ProductSnapshot? localAfter, ProductSnapshot? shopifyAfter, SyncVersion? latest)
    {
        if (plan.Kind == RollbackKind.RemoveCreated || localAfter is null || shopifyAfter is null)
            return null;
        if (ProductHasher.ComputeHash(localAfter) == ProductHasher.ComputeHash(shopifyAfter))
            return shopifyAfter;
        if (facts.Base is null || latest is null)
            return null;
        var agreed = SnapshotJson.Deserialize(latest.DataSnapshot);
        return RollbackTargets.TryRestore(facts.Base, agreed, plan.Paths, facts.StagedLocal, facts.StagedShopify, out var restored, out _)
            ? restored with { ShopifyProductId = shopifyAfter.ShopifyProductId }
            : null;
    }

    /// <summary>Forgets Shopify's ids: the product is no longer paired with a Shopify product.</summary>
    private static void Unlink(Product product)
    {
        product.ShopifyProductId = null;
        foreach (var variant in product.Variants)
        {
            variant.ShopifyVariantId = null;
            variant.ShopifyInventoryItemId = null;
        }
    }

    private static IQueryable<StagedProductChange> Find(SyncStudioDbContext db, string key) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? db.StagedProductChanges.Where(c => c.Id == id)
            : db.StagedProductChanges.Where(c => c.ChangeId == key);
}
