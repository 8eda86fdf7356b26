using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Json;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

/// <summary>One product to compare: the local row (null when there is none), and Shopify's snapshot (null when absent).</summary>
internal sealed record Candidate(Product? Local, ProductSnapshot? Remote);

/// <summary>What a staging run did, for the batch summary.</summary>
public sealed class StagingTally
{
    public int ProductsCompared { get; set; }
    public int Unchanged { get; set; }
    public int NewProducts { get; set; }
    public int UpdatedProducts { get; set; }
    public int DeletedProducts { get; set; }
    public int Conflicts { get; set; }
    public int AutoApproved { get; set; }
    public int PendingReview { get; set; }
    public int Superseded { get; set; }
    public int BasesRecorded { get; set; }

    /// <summary>Differences found again that were already staged with the same versions (left as they were).</summary>
    public int AlreadyStaged { get; set; }

    public int TotalChanges => NewProducts + UpdatedProducts + DeletedProducts;
}

/// <summary>
/// The one staging path (pulls and webhooks): three-way diff per product, the rules' verdict, and the writes — staged
/// changes, new agreed bases, superseded older pending changes — in one transaction per chunk, not a round trip per row.
/// </summary>
internal sealed class StagingSession(
    IDbContextFactory<SyncStudioDbContext> factory,
    BatchContext batch,
    ApprovalEvaluator rules,
    TimeProvider time)
{
    public StagingTally Tally { get; } = new();

    public async Task StageAsync(IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0)
            return;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var localIds = candidates.Where(c => c.Local is not null).Select(c => c.Local!.Id).ToList();
        var bases = await LatestBasesAsync(db, localIds, ct);
        var now = time.GetUtcNow().UtcDateTime;

        var staged = new List<StagedProductChange>();
        var versions = new List<SyncVersion>();
        var links = new List<(int ProductId, ProductSnapshot Agreed)>();
        var comparedPull = new List<int>();
        var comparedPush = new List<int>();
        var comparedRemoteOnly = new List<string>();

        foreach (var candidate in candidates)
        {
            ct.ThrowIfCancellationRequested();
            var local = candidate.Local is { DeletedAt: null } live ? LocalSnapshots.ToSnapshot(live) : null;
            var localId = candidate.Local?.Id;
            bases.TryGetValue(localId ?? 0, out var baseRow);
            var remote = candidate.Remote;
            if (local is null && remote is null && baseRow is null)
            {
                batch.Skip();
                continue;
            }
            Tally.ProductsCompared++;

            var localHash = local is null ? null : ProductHasher.ComputeHash(local);
            var remoteHash = remote is null ? null : ProductHasher.ComputeHash(remote);
            ThreeWayDiffResult result;
            if (baseRow is not null && localHash == baseRow.VersionHash && remoteHash == baseRow.VersionHash)
                result = ThreeWayDiffResult.Nothing;
            else
                result = ThreeWayDiff.Compute(baseRow is null ? null : SnapshotJson.Deserialize(baseRow.DataSnapshot), local, remote,
                    new KnownHashes(localHash, remoteHash));

            if (localId is { } id)
            {
                comparedPull.Add(id);
                comparedPush.Add(id);
            }
            else if (remote?.ShopifyProductId is { } sid)
            {
                comparedRemoteOnly.Add(sid.ToString(CultureInfo.InvariantCulture));
            }

            if (result.RecordNewBase && result.NewBase is { } agreed && localId is { } agreedId && baseRow?.VersionHash != result.NewBaseHash)
            {
                versions.Add(NewVersion(agreedId, agreed, result.NewBaseHash!, (baseRow?.VersionNumber ?? 0) + 1, batch.BatchId));
                links.Add((agreedId, agreed));
                Tally.BasesRecorded++;
            }
            if (result.Plans.Count == 0)
            {
                Tally.Unchanged++;
                batch.Succeeded();
                continue;
            }
            foreach (var plan in result.Plans)
                staged.Add(ToEntity(plan, candidate, remote, baseRow?.VersionHash, now));
            batch.Succeeded();
        }

        // A difference already waiting with the same versions on both sides is not staged again (nor superseded).
        var waiting = await WaitingAsync(db, comparedPull, comparedRemoteOnly, ct);
        var kept = new List<int>();
        staged.RemoveAll(change =>
        {
            var same = waiting.FirstOrDefault(w => w.SyncDirection == change.SyncDirection && w.SourceVersion == change.SourceVersion
                && w.TargetVersion == change.TargetVersion && (change.ProductId is null ? w.ShopifyProductId == change.ShopifyProductId : w.ProductId == change.ProductId));
            if (same is null)
                return false;
            kept.Add(same.Id);
            Tally.AlreadyStaged++;
            return true;
        });

        foreach (var change in staged)
        {
            switch (change.ChangeType)
            {
                case ChangeTypes.Create: Tally.NewProducts++; break;
                case ChangeTypes.Delete: Tally.DeletedProducts++; break;
                default: Tally.UpdatedProducts++; break;
            }
            if (change.HasConflicts) Tally.Conflicts++;
            if (change.AutoApproved) Tally.AutoApproved++;
            else Tally.PendingReview++;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var superseded = await SupersedeAsync(db, comparedPull, comparedRemoteOnly, kept, ct);
        db.StagedProductChanges.AddRange(staged);
        db.SyncVersions.AddRange(versions);
        await db.SaveChangesAsync(ct);
        foreach (var (productId, agreed) in links)
            await LinkAsync(db, productId, agreed, ct);
        await transaction.CommitAsync(ct);
        Tally.Superseded += superseded;
    }

    /// <summary>
    /// Stages Shopify's products as read (a pull's chunk, or the products a burst of webhooks named): each is matched to
    /// the local catalog (design §3: Shopify id, then handle, then SKU; a local product is claimed once per run) and
    /// compared three ways.
    /// </summary>
    public async Task StageShopifyProductsAsync(IReadOnlyList<ShopifyProduct> products, LocalIndex index, HashSet<int> claimed, CancellationToken ct)
    {
        if (products.Count == 0)
            return;
        var matched = products.Select(p => (Product: p, LocalId: index.Match(p.Id, p.Handle, p.Variants.Select(v => v.Sku), claimed))).ToList();
        var ids = matched.Where(m => m.LocalId is not null).Select(m => m.LocalId!.Value).ToList();
        Dictionary<int, Product> locals;
        await using (var db = await factory.CreateDbContextAsync(ct))
            locals = await db.Products.AsNoTracking().Include(p => p.Variants).Where(p => ids.Contains(p.Id)).AsSplitQuery().ToDictionaryAsync(p => p.Id, ct);
        var candidates = matched.Select(m => new Candidate(m.LocalId is { } id ? locals.GetValueOrDefault(id) : null, ShopifySnapshots.ToSnapshot(m.Product))).ToList();
        await StageAsync(candidates, ct);
    }

    /// <summary>
    /// Stages products Shopify no longer has (a <c>products/delete</c> webhook): the local product linked to each id, if
    /// any, is compared with the remote side absent.
    /// </summary>
    public async Task StageRemoteAbsentAsync(IReadOnlyList<long> shopifyProductIds, LocalIndex index, HashSet<int> claimed, CancellationToken ct)
    {
        var ids = new List<int>();
        var unlinked = new List<string>();
        foreach (var sid in shopifyProductIds)
        {
            if (index.MatchShopifyId(sid, claimed) is { } id)
                ids.Add(id);
            else
                unlinked.Add(sid.ToString(CultureInfo.InvariantCulture));
        }
        if (unlinked.Count > 0)
        {
            // Never linked locally: nothing to delete here, but a create still waiting for it is stale now.
            await using var db = await factory.CreateDbContextAsync(ct);
            Tally.Superseded += await SupersedeAsync(db, [], unlinked, [], ct);
            batch.Skip(unlinked.Count);
        }
        if (ids.Count == 0)
            return;
        List<Product> locals;
        await using (var db = await factory.CreateDbContextAsync(ct))
            locals = await db.Products.AsNoTracking().Include(p => p.Variants).Where(p => ids.Contains(p.Id)).AsSplitQuery().ToListAsync(ct);
        await StageAsync([.. locals.Select(local => new Candidate(local, null))], ct);
    }

    private StagedProductChange ToEntity(StagedChangePlan plan, Candidate candidate, ProductSnapshot? remote, string? baseHash, DateTime now)
    {
        var decision = rules.Evaluate(plan);
        var shopifyId = remote?.ShopifyProductId ?? candidate.Local?.ShopifyProductId;
        var key = shopifyId?.ToString(CultureInfo.InvariantCulture) ?? "local" + candidate.Local!.Id.ToString(CultureInfo.InvariantCulture);
        var push = plan.SyncDirection == SyncDirections.PushToShopify;

        return new StagedProductChange
        {
            ChangeId = $"{batch.BatchId}_product_{key}" + (push ? "_push" : ""),
            ProductId = candidate.Local?.Id,
            ShopifyProductId = shopifyId?.ToString(CultureInfo.InvariantCulture),
            ChangeType = plan.ChangeType,
            SyncDirection = plan.SyncDirection,
            SourceVersion = plan.SourceVersion,
            TargetVersion = plan.TargetVersion,
            BaseVersion = baseHash,
            CurrentData = plan.Current is null ? null : SnapshotJson.Serialize(plan.Current),
            ProposedData = plan.Proposed is null ? null : SnapshotJson.Serialize(plan.Proposed),
            FieldChanges = plan.FieldChanges.ToJson(),
            HasConflicts = plan.HasConflicts,
            ConflictFields = SyncJson.Serialize(plan.ConflictFields),
            Status = decision.Status,
            AutoApproved = decision.AutoApproved,
            ReviewedAt = decision.AutoApproved ? now : null,
            ReviewNotes = decision.AutoApproved ? "Auto-approved by rule" : null,
            RequiredApprovalLevel = decision.RequiredApprovalLevel,
            Priority = decision.Priority,
            RuleEvaluation = SyncJson.Serialize(decision.Matches.Select(m => new
            {
                rule_id = m.RuleId,
                rule_name = m.RuleName,
                outcome = m.Outcome.ToString().ToLowerInvariant() switch { "autoapproved" => "auto_approved", var o => o },
                m.Reason,
            })),
            AuthoredById = push ? candidate.Local?.UpdatedById : null,
            SourceSystem = push ? SourceSystems.Local : SourceSystems.Shopify,
            BatchId = batch.BatchId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    internal static SyncVersion NewVersion(int productId, ProductSnapshot agreed, string hash, int number, string? changeId) => new()
    {
        EntityType = EntityTypes.Product,
        EntityId = productId,
        ShopifyId = agreed.ShopifyProductId?.ToString(CultureInfo.InvariantCulture),
        VersionHash = hash,
        VersionNumber = number,
        DataSnapshot = SnapshotJson.Serialize(agreed),
        SourceSystem = SourceSystems.Sync,
        ChangeId = changeId,
    };

    /// <summary>
    /// Older changes of the products just compared, still waiting (pending, or approved and not yet taken by a push),
    /// are stale now: the new comparison replaces them, so nobody approves or applies stale data.
    /// </summary>
    private async Task<List<StagedProductChange>> WaitingAsync(SyncStudioDbContext db, List<int> productIds, List<string> remoteOnlyIds, CancellationToken ct)
    {
        var batchId = batch.BatchId;
        return await db.StagedProductChanges.AsNoTracking()
            .Where(c => (c.Status == ChangeStatuses.Pending || (c.Status == ChangeStatuses.Approved && c.AppliedBatchId == null)) && c.BatchId != batchId
                && ((c.ProductId != null && productIds.Contains(c.ProductId.Value)) || (c.ProductId == null && remoteOnlyIds.Contains(c.ShopifyProductId!))))
            .ToListAsync(ct);
    }

    private async Task<int> SupersedeAsync(SyncStudioDbContext db, List<int> productIds, List<string> remoteOnlyIds, List<int> kept, CancellationToken ct)
    {
        var batchId = batch.BatchId;
        var count = 0;
        if (productIds.Count > 0)
        {
            count += await db.StagedProductChanges
                .Where(c => (c.Status == ChangeStatuses.Pending || (c.Status == ChangeStatuses.Approved && c.AppliedBatchId == null))
                    && c.BatchId != batchId && c.ProductId != null && productIds.Contains(c.ProductId.Value) && !kept.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatuses.Superseded)
                    .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        }
        if (remoteOnlyIds.Count > 0)
        {
            count += await db.StagedProductChanges
                .Where(c => (c.Status == ChangeStatuses.Pending || (c.Status == ChangeStatuses.Approved && c.AppliedBatchId == null))
                    && c.BatchId != batchId && c.ProductId == null && remoteOnlyIds.Contains(c.ShopifyProductId!) && !kept.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatuses.Superseded)
                    .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        }
        return count;
    }

    /// <summary>Both sides agree: the local product (and its variants) learn their Shopify ids, without counting as an edit.</summary>
    private static async Task LinkAsync(SyncStudioDbContext db, int productId, ProductSnapshot agreed, CancellationToken ct)
    {
        var product = await db.Products.Include(p => p.Variants).FirstAsync(p => p.Id == productId, ct);
        LocalSnapshots.Link(product, agreed);
        db.ChangeTracker.DetectChanges();
        // Linking is not an edit: keep the product's updated_at as it was.
        db.Entry(product).Property(p => p.UpdatedAt).IsModified = true;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The latest agreed version of each product: the base of its three-way diff.</summary>
    internal static async Task<Dictionary<int, SyncVersion>> LatestBasesAsync(SyncStudioDbContext db, List<int> productIds, CancellationToken ct)
    {
        if (productIds.Count == 0)
            return [];
        var rows = await db.SyncVersions.AsNoTracking()
            .Where(v => v.EntityType == EntityTypes.Product && productIds.Contains(v.EntityId)
                && v.VersionNumber == db.SyncVersions.Where(x => x.EntityType == EntityTypes.Product && x.EntityId == v.EntityId).Max(x => x.VersionNumber))
            .ToListAsync(ct);
        return rows.ToDictionary(v => v.EntityId);
    }
}
