using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Json;
using SyncStudio.Services.Safety;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

/// <summary>
/// One product to compare: the local row (null when there is none), and Shopify's snapshot (null when absent).
/// <paramref name="NewPair"/>: the two were paired by this read (by handle or SKU, or relinked), not by an existing link.
/// </summary>
internal sealed record Candidate(Product? Local, ProductSnapshot? Remote, bool NewPair = false);

/// <summary>Candidates with the latest agreed base of each local product among them, by product id.</summary>
internal sealed record PreparedChunk(IReadOnlyList<Candidate> Candidates, Dictionary<int, SyncVersion> Bases);

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

    /// <summary>
    /// A pull's batch is judged as a whole before anything in it is auto-approved (docs/decisions/0025): a change the
    /// rules would auto-approve is staged pending with approval level 0 (the rules' verdict, deferred), and
    /// <see cref="HeldBatches"/> carries the verdict out once the batch passes or is released.
    /// </summary>
    public bool DeferAutoApproval { get; init; }

    /// <summary>The fields one side owns (docs/decisions/0026), read once per run and passed to the three-way diff.</summary>
    public FieldOwnership? Ownership { get; init; }

    /// <summary>What the circuit breaker measures, counted over the changes this session staged.</summary>
    public BreakerTally Breaker { get; } = new();

    /// <summary>How Shopify's levels map to local stock locations (read once per pull); null: totals at the default location.</summary>
    public StockLocationMap? Locations { get; init; }

    /// <summary>
    /// The definitions' types of the synced metafields (product's or variant's <c>namespace.key</c>): a push whose
    /// metafield values do not fit them is never auto-approved, so approval refuses it with the path named rather than
    /// the push failing (docs/decisions/0023). Null: not checked here.
    /// </summary>
    public Func<bool, string, string?>? MetafieldTypes { get; init; }

    public async Task StageAsync(IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0)
            return;
        Dictionary<int, SyncVersion> bases;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var started = PullProfile.Start();
            bases = await LatestBasesAsync(db, candidates.Where(c => c.Local is not null).Select(c => c.Local!.Id).ToList(), ct);
            PullProfile.Stop(PullProfile.Phase.LoadBases, started);
        }
        await StageAsync(new PreparedChunk(candidates, bases), ct);
    }

    /// <summary>Candidates whose agreed bases are loaded already (a pull loads the next chunk's while this one is written).</summary>
    public async Task StageAsync(PreparedChunk chunk, CancellationToken ct)
    {
        var (candidates, bases) = chunk;
        if (candidates.Count == 0)
            return;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var started = PullProfile.Start();
        long toRows = 0;
        var now = time.GetUtcNow().UtcDateTime;

        var staged = new List<StagedProductChange>();
        var versions = new List<SyncVersion>();
        var links = new List<(int ProductId, ProductSnapshot Agreed)>();
        var comparedPull = new List<int>();
        var comparedPush = new List<int>();
        var comparedRemoteOnly = new List<string>();
        var measured = new Dictionary<StagedProductChange, (StagedChangePlan Plan, bool Synced)>(ReferenceEqualityComparer.Instance);

        var sides = await SidesAsync(db, candidates, bases, ct);
        foreach (var candidate in candidates)
        {
            ct.ThrowIfCancellationRequested();
            var (local, localHash, remoteHash) = sides[candidate];
            var localId = candidate.Local?.Id;
            bases.TryGetValue(localId ?? 0, out var baseRow);
            var remote = candidate.Remote;
            if (local is null && remote is null && baseRow is null)
            {
                // Nothing on either side nor agreed (a local product deleted before it was ever synced): nothing to
                // stage, and a change still waiting for it (its create, approved before the delete) is superseded below.
                if (localId is { } gone)
                    comparedPull.Add(gone);
                batch.Skip();
                continue;
            }
            Tally.ProductsCompared++;

            ThreeWayDiffResult result;
            if (baseRow is not null && localHash == baseRow.VersionHash && remoteHash == baseRow.VersionHash)
                result = ThreeWayDiffResult.Nothing;
            else
                result = ThreeWayDiff.Compute(ThreeWayDiff.BaseFor(baseRow is null ? null : SnapshotJson.Deserialize(baseRow.DataSnapshot), remote?.ShopifyProductId),
                    local, remote, new KnownHashes(localHash, remoteHash), Ownership);

            if (localId is { } id)
            {
                comparedPull.Add(id);
                comparedPush.Add(id);
                // Paired by this read: a create staged for the Shopify product alone (by an earlier incremental pull, say)
                // is superseded by this comparison, not left to make a second local product.
                if (candidate.NewPair && remote?.ShopifyProductId is { } paired)
                    comparedRemoteOnly.Add(paired.ToString(CultureInfo.InvariantCulture));
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
            var rowsStarted = PullProfile.Start();
            foreach (var plan in result.Plans)
            {
                var entity = ToEntity(plan, candidate, remote, baseRow?.VersionHash, now);
                staged.Add(entity);
                measured[entity] = (plan, baseRow is not null);
            }
            if (PullProfile.Enabled)
                toRows += System.Diagnostics.Stopwatch.GetTimestamp() - rowsStarted;
            batch.Succeeded();
        }
        PullProfile.Stop(PullProfile.Phase.Compare, started + toRows);
        PullProfile.Stop(PullProfile.Phase.ToRows, PullProfile.Start() - toRows);
        started = PullProfile.Start();

        // A difference already waiting with the same versions on both sides is not staged again (nor superseded).
        var waiting = await WaitingAsync(db, comparedPull, comparedRemoteOnly, ct);
        var kept = new List<int>();
        staged.RemoveAll(change =>
        {
            // A change still waiting on its batch's judgement (docs/decisions/0025: a pull that stopped before it was
            // judged, or one held) is not kept but staged again here, so this batch's judgement decides it.
            var same = waiting.FirstOrDefault(w => w.SyncDirection == change.SyncDirection && w.SourceVersion == change.SourceVersion
                && w.TargetVersion == change.TargetVersion && (change.ProductId is null ? w.ShopifyProductId == change.ShopifyProductId : w.ProductId == change.ProductId)
                && !(w.Status == ChangeStatuses.Pending && w.RequiredApprovalLevel == HeldBatches.DeferredLevel));
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
            var (plan, synced) = measured[change];
            Breaker.Count(change, plan, synced);
        }

        PullProfile.Stop(PullProfile.Phase.DedupeWaiting, started);
        started = PullProfile.Start();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var superseded = await SupersedeAsync(db, [.. waiting.Select(w => w.Id).Except(kept)], ct);
        await PreparedInsert.InsertAsync(db, staged, ct);
        db.SyncVersions.AddRange(versions);
        await db.SaveChangesAsync(ct);
        await LinkAsync(db, links, ct);
        await transaction.CommitAsync(ct);
        PullProfile.Stop(PullProfile.Phase.Write, started);
        Tally.Superseded += superseded;
    }

    /// <summary>
    /// Stages Shopify's products as read (a pull's chunk, or the products a burst of webhooks named): each is matched to
    /// the local catalog (design §3: Shopify id, then handle, then SKU; a local product is claimed once per run) and
    /// compared three ways.
    /// </summary>
    public async Task StageShopifyProductsAsync(IReadOnlyList<ShopifyProduct> products, LocalIndex index, HashSet<int> claimed, CancellationToken ct) =>
        await StageAsync(await PrepareShopifyProductsAsync(products, index, claimed, ct), ct);

    /// <summary>
    /// The reading half of <see cref="StageShopifyProductsAsync"/>: matches Shopify's products and loads their local rows
    /// and agreed bases, so a pull can prepare the next chunk while this one is written.
    /// </summary>
    /// <param name="deferred">
    /// In a read of the whole store: where a product no local product matches takes the handle of a linked local product
    /// whose own twin has not been read yet, it is held back here for <see cref="PrepareDeferredAsync"/>, which can tell
    /// once the read is over whether that twin is gone (docs/decisions/0027).
    /// </param>
    public async Task<PreparedChunk> PrepareShopifyProductsAsync(IReadOnlyList<ShopifyProduct> products, LocalIndex index, HashSet<int> claimed, CancellationToken ct,
        List<ShopifyProduct>? deferred = null)
    {
        var started = PullProfile.Start();
        var matched = new List<(ShopifyProduct Product, int? LocalId)>(products.Count);
        foreach (var product in products)
        {
            var id = index.Match(product.Id, product.Handle, product.Variants.Select(v => v.Sku), claimed);
            if (id is null && deferred is not null && index.LinkedHolding(product.Handle, claimed) is not null)
                deferred.Add(product);
            else
                matched.Add((product, id));
        }
        PullProfile.Stop(PullProfile.Phase.Match, started);
        return await PrepareMatchedAsync(matched, ct);
    }

    /// <summary>
    /// After a read of the whole store, the products <see cref="PrepareShopifyProductsAsync"/> held back: one whose
    /// handle's linked local product was not claimed by the read is that product made again in Shopify (its old twin is
    /// gone, and Shopify's handles are unique), so the local product is relinked to it, ids learned by SKU and options,
    /// and compared with it against the agreed base as any twin is; the others are matched as usual.
    /// </summary>
    public async Task<PreparedChunk> PrepareDeferredAsync(IReadOnlyList<ShopifyProduct> deferred, LocalIndex index, HashSet<int> claimed, CancellationToken ct)
    {
        var matched = new List<(ShopifyProduct Product, int? LocalId)>(deferred.Count);
        var relinks = new Dictionary<int, ShopifyProduct>();
        foreach (var product in deferred)
        {
            if (index.LinkedHolding(product.Handle, claimed) is { } id && claimed.Add(id))
            {
                relinks[id] = product;
                matched.Add((product, id));
            }
            else
            {
                matched.Add((product, index.Match(product.Id, product.Handle, product.Variants.Select(v => v.Sku), claimed)));
            }
        }
        if (relinks.Count > 0)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await WriteLinksAsync(db, relinks.Keys, product =>
            {
                var twin = relinks[product.Id];
                var old = product.ShopifyProductId;
                LocalSnapshots.Relink(product, ShopifySnapshots.ToSnapshot(twin, Locations));
                index.Relinked(product.Id, old, twin.Id);
            }, ct);
        }
        return await PrepareMatchedAsync(matched, ct, relinks.Keys);
    }

    private async Task<PreparedChunk> PrepareMatchedAsync(List<(ShopifyProduct Product, int? LocalId)> matched, CancellationToken ct,
        IReadOnlyCollection<int>? relinked = null)
    {
        var ids = matched.Where(m => m.LocalId is not null).Select(m => m.LocalId!.Value).ToList();
        var started = PullProfile.Start();
        await using var db = await factory.CreateDbContextAsync(ct);
        var locals = await LoadLocalsAsync(db, ids, ct);
        PullProfile.Stop(PullProfile.Phase.LoadLocals, started);
        started = PullProfile.Start();
        var bases = await LatestBasesAsync(db, ids, ct, withSnapshots: false);
        PullProfile.Stop(PullProfile.Phase.LoadBases, started);
        var candidates = matched.Select(m =>
        {
            var local = m.LocalId is { } id ? locals.GetValueOrDefault(id) : null;
            var newPair = local is not null && (local.ShopifyProductId != m.Product.Id || relinked?.Contains(local.Id) == true);
            return new Candidate(local, ShopifySnapshots.ToSnapshot(m.Product, Locations), newPair);
        }).ToList();
        return new PreparedChunk(candidates, bases);
    }

    /// <summary>
    /// Local products with their variants, by id: two plain queries stitched here, cheaper than EF's Include (a split
    /// query orders and joins the products again for the variants).
    /// </summary>
    internal static async Task<Dictionary<int, Product>> LoadLocalsAsync(SyncStudioDbContext db, List<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var variants = new Dictionary<int, ProductVariant>();
        await foreach (var variant in db.ProductVariants.AsNoTracking().Where(v => ids.Contains(v.ProductId)).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (products.TryGetValue(variant.ProductId, out var product))
            {
                product.Variants.Add(variant);
                variants[variant.Id] = variant;
            }
        }

        // Stock per location (docs/decisions/0019): a third plain query, stitched the same way.
        await foreach (var level in db.VariantStockLevels.AsNoTracking().Where(l => ids.Contains(l.Variant!.ProductId)).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (variants.TryGetValue(level.ProductVariantId, out var variant))
                variant.StockLevels.Add(level);
        }
        return products;
    }

    /// <summary>
    /// After a read of the whole store: a create pulled from Shopify that still waits for a product the read did not
    /// return is stale, its product deleted in Shopify since it was staged. No comparison replaces it (there is nothing
    /// left to compare), so it is superseded here, as a <c>products/delete</c> webhook would have done; approved, it
    /// would create a local product for something Shopify no longer has.
    /// </summary>
    public async Task SupersedeCreatesNotReadAsync(IReadOnlySet<long> read, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var batchId = batch.BatchId;
        var waiting = await db.StagedProductChanges.AsNoTracking()
            .Where(c => (c.Status == ChangeStatuses.Pending || (c.Status == ChangeStatuses.Approved && c.AppliedBatchId == null))
                && c.ChangeType == ChangeTypes.Create && c.SyncDirection == SyncDirections.PullFromShopify && c.BatchId != batchId)
            .Select(c => new { c.Id, c.ShopifyProductId }).ToListAsync(ct);
        var stale = waiting.Where(c => !long.TryParse(c.ShopifyProductId, NumberStyles.None, CultureInfo.InvariantCulture, out var sid) || !read.Contains(sid))
            .Select(c => c.Id).ToList();
        Tally.Superseded += await SupersedeAsync(db, stale, ct);
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
            Tally.Superseded += await SupersedeAsync(db, [.. (await WaitingAsync(db, [], unlinked, ct)).Select(w => w.Id)], ct);
            batch.Skip(unlinked.Count);
        }
        if (ids.Count == 0)
            return;
        Dictionary<int, Product> locals;
        await using (var db = await factory.CreateDbContextAsync(ct))
            locals = await LoadLocalsAsync(db, ids, ct);
        await StageAsync([.. locals.Values.Select(local => new Candidate(local, null))], ct);
    }

    private StagedProductChange ToEntity(StagedChangePlan plan, Candidate candidate, ProductSnapshot? remote, string? baseHash, DateTime now)
    {
        var decision = rules.Evaluate(plan);
        var shopifyId = remote?.ShopifyProductId ?? candidate.Local?.ShopifyProductId;
        var key = shopifyId?.ToString(CultureInfo.InvariantCulture) ?? "local" + candidate.Local!.Id.ToString(CultureInfo.InvariantCulture);
        var push = plan.SyncDirection == SyncDirections.PushToShopify;
        // A change that can never be written is not offered for approval: it is staged failed, with the reason on it.
        if (plan.Refusal is not null)
            decision = decision with { Status = ChangeStatuses.Failed, AutoApproved = false };
        else if (push && decision.AutoApproved && MetafieldTypes is { } types && MetafieldValidation.Check(plan.FieldChanges.Select(c => KeyValuePair.Create(c.Key, c.Value.New)), types).Count > 0)
            decision = decision with { Status = ChangeStatuses.Pending, AutoApproved = false, RequiredApprovalLevel = Math.Max(1, decision.RequiredApprovalLevel) };
        else if (DeferAutoApproval && decision.AutoApproved)
            decision = decision with { Status = ChangeStatuses.Pending, AutoApproved = false, RequiredApprovalLevel = HeldBatches.DeferredLevel };

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
            // The local edit behind the change: the whole of a push, or the local side of a conflict (four-eyes: its
            // author may not decide the conflict either way).
            AuthoredById = push || plan.HasConflicts ? candidate.Local?.UpdatedById : null,
            SourceSystem = push ? SourceSystems.Local : SourceSystems.Shopify,
            FailureReason = plan.Refusal is null ? null : FailureReasons.Invalid,
            ApplicationResult = plan.Refusal is null ? null : SyncJson.Serialize(new { success = false, reason = FailureReasons.Invalid, message = plan.Refusal }),
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
    /// <remarks>
    /// The database is asked by product keys alone (local id, or Shopify id for products not local yet), so each query
    /// has one index to use; a status or product_id IS NULL term would tempt SQLite, with no statistics on a new
    /// database, into walking every pending change, once per chunk. The few rows of these products are then sorted out
    /// here, reading only the columns that decide.
    /// </remarks>
    private async Task<List<WaitingChange>> WaitingAsync(SyncStudioDbContext db, List<int> productIds, List<string> remoteOnlyIds, CancellationToken ct)
    {
        var rows = new List<WaitingChange>();
        if (productIds.Count > 0)
        {
            rows.AddRange(await db.StagedProductChanges.AsNoTracking().Where(c => productIds.Contains(c.ProductId!.Value))
                .Select(c => new WaitingChange(c.Id, c.ProductId, c.ShopifyProductId, c.SyncDirection, c.SourceVersion, c.TargetVersion, c.Status, c.AppliedBatchId, c.BatchId, c.RequiredApprovalLevel))
                .ToListAsync(ct));
        }
        if (remoteOnlyIds.Count > 0)
        {
            rows.AddRange((await db.StagedProductChanges.AsNoTracking().Where(c => remoteOnlyIds.Contains(c.ShopifyProductId!))
                .Select(c => new WaitingChange(c.Id, c.ProductId, c.ShopifyProductId, c.SyncDirection, c.SourceVersion, c.TargetVersion, c.Status, c.AppliedBatchId, c.BatchId, c.RequiredApprovalLevel))
                .ToListAsync(ct)).Where(c => c.ProductId is null));
        }
        var batchId = batch.BatchId;
        return rows.Where(c => c.BatchId != batchId && (c.Status == ChangeStatuses.Pending || (c.Status == ChangeStatuses.Approved && c.AppliedBatchId == null))).ToList();
    }

    /// <summary>
    /// Every change of one product still waiting (pending, approved and not taken by a push, or failed and so retried by
    /// the next push) but <paramref name="exceptId"/>, superseded: they were compared against sides and an agreed
    /// version that a rollback has just moved, so none may be approved or applied as staged; the next pull compares the
    /// product again. Keyed by the local product, or by the Shopify id for a product not local.
    /// </summary>
    internal static async Task<int> SupersedeWaitingOfProductAsync(SyncStudioDbContext db, int? productId, string? shopifyProductId, int exceptId, CancellationToken ct)
    {
        var query = db.StagedProductChanges.Where(c => c.Id != exceptId);
        if (productId is { } pid)
            query = query.Where(c => c.ProductId == pid);
        else if (shopifyProductId is not null)
            query = query.Where(c => c.ProductId == null && c.ShopifyProductId == shopifyProductId);
        else
            return 0;
        return await query
            .Where(c => c.Status == ChangeStatuses.Pending || (c.Status == ChangeStatuses.Approved && c.AppliedBatchId == null)
                || (c.Status == ChangeStatuses.Failed && c.FailureReason != FailureReasons.Stale && c.FailureReason != FailureReasons.Invalid))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatuses.Superseded)
                .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
    }

    /// <summary>Marks <paramref name="ids"/> superseded, each only if it is still waiting when the update runs.</summary>
    private static async Task<int> SupersedeAsync(SyncStudioDbContext db, List<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return 0;
        return await db.StagedProductChanges
            .Where(c => ids.Contains(c.Id) && (c.Status == ChangeStatuses.Pending || (c.Status == ChangeStatuses.Approved && c.AppliedBatchId == null)))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatuses.Superseded)
                .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
    }

    private sealed record WaitingChange(int Id, int? ProductId, string? ShopifyProductId, string SyncDirection, string? SourceVersion,
        string? TargetVersion, string Status, string? AppliedBatchId, string? BatchId, int RequiredApprovalLevel);

    /// <summary>Both sides agree: the local products (and their variants) learn their Shopify ids, without counting as an edit.</summary>
    private static async Task LinkAsync(SyncStudioDbContext db, List<(int ProductId, ProductSnapshot Agreed)> links, CancellationToken ct)
    {
        if (links.Count == 0)
            return;
        var agreed = links.ToLookup(l => l.ProductId, l => l.Agreed);
        await WriteLinksAsync(db, [.. agreed.Select(g => g.Key)], product =>
        {
            foreach (var snapshot in agreed[product.Id])
                LocalSnapshots.Link(product, snapshot);
        }, ct);
    }

    /// <summary>Loads the products (variants and levels too), lets <paramref name="link"/> change their Shopify ids, and saves.</summary>
    private static async Task WriteLinksAsync(SyncStudioDbContext db, IReadOnlyCollection<int> productIds, Action<Product> link, CancellationToken ct)
    {
        var ids = productIds.ToList();
        var products = await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels).Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        foreach (var product in products)
            link(product);
        db.ChangeTracker.DetectChanges();
        // Linking is not an edit: keep the products' updated_at as it was.
        foreach (var product in products)
            db.Entry(product).Property(p => p.UpdatedAt).IsModified = true;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The latest agreed version of each product: the base of its three-way diff.</summary>
    /// <param name="withSnapshots">
    /// False: each version's <see cref="SyncVersion.DataSnapshot"/> is left empty (<see cref="SidesAsync"/> reads it for
    /// the few products whose sides differ from it). A pull compares every product of the store, and most of them agree
    /// with their base by hash alone: their JSON, several kilobytes each, was read and never used.
    /// </param>
    internal static async Task<Dictionary<int, SyncVersion>> LatestBasesAsync(SyncStudioDbContext db, List<int> productIds, CancellationToken ct, bool withSnapshots = true)
    {
        if (productIds.Count == 0)
            return [];
        var latest = db.SyncVersions.AsNoTracking()
            .Where(v => v.EntityType == EntityTypes.Product && productIds.Contains(v.EntityId)
                && v.VersionNumber == db.SyncVersions.Where(x => x.EntityType == EntityTypes.Product && x.EntityId == v.EntityId).Max(x => x.VersionNumber));
        var rows = withSnapshots
            ? await latest.ToListAsync(ct)
            : await latest.Select(v => new SyncVersion
            {
                Id = v.Id,
                EntityType = v.EntityType,
                EntityId = v.EntityId,
                ShopifyId = v.ShopifyId,
                VersionHash = v.VersionHash,
                VersionNumber = v.VersionNumber,
                DataSnapshot = "",
                SourceSystem = v.SourceSystem,
                SyncDirection = v.SyncDirection,
                CreatedAt = v.CreatedAt,
                CreatedById = v.CreatedById,
                ChangeId = v.ChangeId,
            }).ToListAsync(ct);
        return rows.ToDictionary(v => v.EntityId);
    }

    /// <summary>
    /// Each candidate's local snapshot and both sides' hashes; where a base was loaded without its JSON and a side's hash
    /// differs from it (the diff needs the base then), the JSON is read now, for all such products of the chunk at once.
    /// </summary>
    private static async Task<Dictionary<Candidate, (ProductSnapshot? Local, string? LocalHash, string? RemoteHash)>> SidesAsync(
        SyncStudioDbContext db, IReadOnlyList<Candidate> candidates, Dictionary<int, SyncVersion> bases, CancellationToken ct)
    {
        var sides = new Dictionary<Candidate, (ProductSnapshot?, string?, string?)>(candidates.Count, ReferenceEqualityComparer.Instance);
        List<SyncVersion>? unread = null;
        foreach (var candidate in candidates)
        {
            var local = candidate.Local is { DeletedAt: null } live ? LocalSnapshots.ToSnapshot(live) : null;
            var localHash = local is null ? null : ProductHasher.ComputeHash(local);
            var remoteHash = candidate.Remote is null ? null : ProductHasher.ComputeHash(candidate.Remote);
            sides[candidate] = (local, localHash, remoteHash);
            if (candidate.Local is { } row && bases.TryGetValue(row.Id, out var baseRow) && baseRow.DataSnapshot.Length == 0
                && (localHash != baseRow.VersionHash || remoteHash != baseRow.VersionHash))
                (unread ??= []).Add(baseRow);
        }
        if (unread is not null)
        {
            var ids = unread.Select(v => v.Id).ToList();
            var json = await db.SyncVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).Select(v => new { v.Id, v.DataSnapshot }).ToDictionaryAsync(v => v.Id, v => v.DataSnapshot, ct);
            foreach (var baseRow in unread)
                baseRow.DataSnapshot = json[baseRow.Id];
        }
        return sides;
    }
}
