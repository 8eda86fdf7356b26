using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Diagnostics;
using SyncStudio.Services.Json;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

public sealed record PushRequest
{
    /// <summary>Apply the approved changes staged by this pull batch...</summary>
    public string? FromBatchId { get; init; }

    /// <summary>...or these changes (numeric ids).</summary>
    public IReadOnlyList<int>? ChangeIds { get; init; }

    public string? BatchName { get; init; }
    public required int RequestedById { get; init; }
}

public sealed record PushItemResult(string ChangeId, bool Success, int? ProductId, string Message, string? Reason = null);

public sealed record PushSummary(int TotalProcessed, int Successful, int Failed, int Skipped, IReadOnlyList<PushItemResult> Results);

public sealed record PushResult(PushSummary Summary, string Message);

public sealed record PushPreviewItem(int Id, string ChangeId, int? ProductId, string ChangeType, string SyncDirection, IReadOnlyList<string> Paths);

public sealed record PushPreview(int Count, IReadOnlyList<PushPreviewItem> Items)
{
    /// <summary>Of <see cref="Count"/>, the changes pulled from Shopify: applying them writes the local catalog.</summary>
    public int ToLocal { get; init; }

    /// <summary>Of <see cref="Count"/>, the changes pushed to Shopify: applying them writes the store.</summary>
    public int ToShopify { get; init; }
}

public enum PushCheckOutcome
{
    /// <summary>At least one approved (or retryable) change is selected.</summary>
    Ready,

    /// <summary>The batch, or some of the change ids, do not exist: 404.</summary>
    NotFound,

    /// <summary>The selection exists but holds nothing approved to apply: 409.</summary>
    NothingToApply,
}

public sealed record PushCheck(PushCheckOutcome Outcome, string Message, IReadOnlyDictionary<string, object?> Details);

/// <summary>
/// Apply ("push"): writes approved changes to the side they target — the local catalog for changes pulled from
/// Shopify, Shopify for local changes, either for a resolved conflict — each at most once, with a new agreed version
/// and what each side held before (for rollback). A side that moved since staging is never overwritten.
/// </summary>
public sealed class ApplyService(
    IDbContextFactory<SyncStudioDbContext> factory,
    IShopifyClient shopify,
    BatchRunner runner,
    TimeProvider time,
    ILogger<ApplyService> logger)
{
    private const int MaxParallel = 4;
    private const int MaxResults = 1_000;

    public async Task<PushPreview> PreviewAsync(PushRequest request, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await Selected(db, request).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.ChangeId, c.ProductId, c.ChangeType, c.SyncDirection, c.FieldChanges }).ToListAsync(ct);
        return new PushPreview(rows.Count, rows.Take(MaxResults).Select(r => new PushPreviewItem(r.Id, r.ChangeId, r.ProductId, r.ChangeType,
            r.SyncDirection, r.FieldChanges is null ? [] : FieldChanges.FromJson(r.FieldChanges).Keys.ToList())).ToList())
        {
            ToLocal = rows.Count(r => r.SyncDirection == SyncDirections.PullFromShopify),
            ToShopify = rows.Count(r => r.SyncDirection == SyncDirections.PushToShopify),
        };
    }

    public Task<BatchStart> StartAsync(PushRequest request, CancellationToken ct) =>
        runner.StartAsync(new BatchRequest(SyncDirections.PushToShopify, SyncTypes.Push, request.BatchName, request.RequestedById,
                new Dictionary<string, object?> { ["batch_id"] = request.FromBatchId, ["change_ids"] = request.ChangeIds?.Count }),
            (context, token) => RunAsync(request, context, token), ct);

    /// <summary>
    /// Whether a push request names anything to apply, asked before a push batch exists, so that a request matching
    /// nothing is refused instead of answered with an empty batch (docs/decisions/0009). An unknown batch, or change
    /// ids of which any does not exist, is <see cref="PushCheckOutcome.NotFound"/> naming them (nothing is applied, not
    /// even the ids that do exist); a selection with nothing approved is <see cref="PushCheckOutcome.NothingToApply"/>
    /// with its changes counted by status.
    /// </summary>
    public async Task<PushCheck> CheckAsync(PushRequest request, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (request.FromBatchId is { } batchId && !await db.SyncBatches.AnyAsync(b => b.BatchId == batchId, ct))
            return new PushCheck(PushCheckOutcome.NotFound, "Batch not found", new Dictionary<string, object?> { ["batch_id"] = batchId });
        if (request.ChangeIds is { Count: > 0 } ids)
        {
            var found = await db.StagedProductChanges.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            var missing = ids.Except(found).Order().ToList();
            if (missing.Count > 0)
            {
                return new PushCheck(PushCheckOutcome.NotFound, missing.Count == ids.Count ? "No such staged changes" : "Some staged changes do not exist; nothing was applied",
                    new Dictionary<string, object?> { ["change_ids"] = missing.Take(MaxResults).ToList(), ["missing"] = missing.Count });
            }
        }
        if (await Selected(db, request).AnyAsync(ct))
            return new PushCheck(PushCheckOutcome.Ready, "Ready", new Dictionary<string, object?>());

        var byStatus = await Scope(db, request).GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var details = new Dictionary<string, object?>();
        if (request.FromBatchId is not null)
            details["batch_id"] = request.FromBatchId;
        if (request.ChangeIds is { Count: > 0 })
            details["change_ids"] = request.ChangeIds.Count;
        details["by_status"] = byStatus.OrderBy(s => s.Status, StringComparer.Ordinal).ToDictionary(s => s.Status, s => s.Count);
        if (request.FromBatchId is { } held && await db.SyncBatches.AnyAsync(b => b.BatchId == held && b.Status == BatchStatuses.Held, ct))
        {
            details["batch_status"] = BatchStatuses.Held;
            return new PushCheck(PushCheckOutcome.NothingToApply, "The batch is held by the circuit breaker: nothing in it is applied until an Admin releases it", details);
        }
        return new PushCheck(PushCheckOutcome.NothingToApply, "Nothing approved to apply", details);
    }

    /// <summary>
    /// Approved changes (claimed by a push that stopped or not), and failed ones that a later push may retry, whoever
    /// approved them, a person or a rule (not the stale: those need a new pull; nor the invalid: those can never be
    /// written as staged, and a retry would only fail them again).
    /// </summary>
    /// <remarks>Never a change of a batch the circuit breaker holds (docs/decisions/0025), even one a person approved.</remarks>
    private static IQueryable<StagedProductChange> Selected(SyncStudioDbContext db, PushRequest request) =>
        Scope(db, request).Where(c => (c.Status == ChangeStatuses.Approved
            || (c.Status == ChangeStatuses.Failed && c.FailureReason != FailureReasons.Stale && c.FailureReason != FailureReasons.Invalid))
            && !db.SyncBatches.Any(b => b.BatchId == c.BatchId && b.Status == BatchStatuses.Held));

    /// <summary>The changes a request names, whatever their status: those of its batch, or its ids.</summary>
    private static IQueryable<StagedProductChange> Scope(SyncStudioDbContext db, PushRequest request)
    {
        var query = db.StagedProductChanges.AsNoTracking();
        if (request.ChangeIds is { Count: > 0 } ids)
            query = query.Where(c => ids.Contains(c.Id));
        if (request.FromBatchId is not null)
            query = query.Where(c => c.BatchId == request.FromBatchId);
        return query;
    }

    private async Task<object?> RunAsync(PushRequest request, BatchContext batch, CancellationToken ct)
    {
        using var usage = ShopifyUsage.Begin();
        List<int> ids;
        HashSet<int> pulled;
        List<List<int[]>> phases;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var rows = await Selected(db, request).OrderBy(c => c.Priority).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.ProductId, c.ShopifyProductId, c.ChangeType, c.SyncDirection, c.ConflictResolution }).ToListAsync(ct);
            ids = rows.Select(r => r.Id).ToList();
            pulled = rows.Where(r => r.SyncDirection == SyncDirections.PullFromShopify).Select(r => r.Id).ToHashSet();
            // Changes of one product apply in order, one after another (each moves the product's version on);
            // different products apply in parallel, in phases: deletes first, then updates, then creates. A delete
            // frees a handle a create (or a renaming update) of another product in the same push may take: a product
            // deleted in Shopify and made again there with its handle is a delete and a create, and the create must not
            // race the delete for the handle.
            phases = rows.GroupBy(r => r.ProductId?.ToString(CultureInfo.InvariantCulture) ?? "shopify:" + r.ShopifyProductId)
                // Within a product, where a pulled change writes Shopify too (a conflict resolved "local"), local edits go
                // first: the local values it writes may need the push change beside it (a variant written back with a
                // value for an option only the local side has added). A push change never needs the pulled one. Otherwise
                // the pulled change goes first, as it was staged, so each change's rollback finds the side it left.
                .Select(g => (Phase: g.Min(r => Phase(r.ChangeType)),
                    Ids: (g.Any(r => r.SyncDirection == SyncDirections.PullFromShopify && r.ConflictResolution?.Contains("\"local\"", StringComparison.Ordinal) == true)
                        ? g.OrderBy(r => r.SyncDirection == SyncDirections.PullFromShopify ? 1 : 0) : g.AsEnumerable()).Select(r => r.Id).ToArray()))
                .GroupBy(g => g.Phase).OrderBy(p => p.Key).Select(p => p.Select(g => g.Ids).ToList()).ToList();
        }
        batch.SetTotal(ids.Count);
        batch.Say($"Applying {ids.Count} changes");

        var writer = new ShopifyWriter(shopify, token => StockLocationMap.LoadAsync(factory, shopify, token));
        var results = new List<PushItemResult>();
        var successful = 0;
        var failed = 0;
        var chunks = new LocalChunkApply(factory, time);
        foreach (var phase in phases)
        {
            // A product's only change, pulled from Shopify: applied locally in chunks, many to a transaction
            // (docs/decisions/0024). What a chunk hands back, and the products with several changes (applied in order,
            // each against what the one before left), go one change at a time.
            var groups = phase.Where(g => g.Length > 1 || !pulled.Contains(g[0])).ToList();
            foreach (var chunk in phase.Where(g => g.Length == 1 && pulled.Contains(g[0])).Select(g => g[0]).Chunk(LocalChunkApply.ChunkSize))
            {
                foreach (var id in await ApplyChunkAsync(chunks, chunk, ct))
                    groups.Add([id]);
            }
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = MaxParallel, CancellationToken = ct }, async (group, token) =>
            {
                var chain = new ProductApplyChain();
                foreach (var id in group)
                    await ApplyAndRecordAsync(id, chain, token);
            });
        }

        static int Phase(string changeType) => changeType switch
        {
            ChangeTypes.Delete => 0,
            ChangeTypes.Update => 1,
            _ => 2,
        };

        async Task ApplyAndRecordAsync(int id, ProductApplyChain chain, CancellationToken token)
        {
            using var scope = logger.BeginScope("ChangeId {ChangeId}", id);
            using var activity = SyncTelemetry.Source.StartActivity("apply change")?.SetTag("syncstudio.change_id", id);
            PushItemResult result;
            try
            {
                result = await ApplyOneAsync(id, batch, writer, chain, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Applying change {Id} failed", id);
                result = new PushItemResult(id.ToString(CultureInfo.InvariantCulture), false, null, ex.Message, FailureReasons.ShopifyUnavailable);
                await MarkFailedAsync(id, batch.BatchId, result.Reason!, ex.Message, CancellationToken.None);
            }
            Record(result);
            activity?.SetTag("syncstudio.outcome", result.Success ? "succeeded" : result.Reason is null ? "skipped" : "failed").SetTag("syncstudio.reason", result.Reason);
        }

        void Record(PushItemResult result)
        {
            lock (results)
            {
                if (results.Count < MaxResults)
                    results.Add(result);
                if (result.Success) successful++;
                else if (result.Reason is not null) failed++;
            }
            if (result.Success) batch.Succeeded();
            else if (result.Reason is null) batch.Skip();
            else batch.Fail(result.Reason, result.ChangeId, result.Message);
            batch.SetApiUsage((int)usage.Calls, (int)usage.ActualCost);
        }

        // Applies a chunk of pulled changes; answers the ids it left to the one-change path.
        async Task<IReadOnlyList<int>> ApplyChunkAsync(LocalChunkApply applier, int[] chunk, CancellationToken token)
        {
            using var activity = SyncTelemetry.Source.StartActivity("apply local chunk")?.SetTag("syncstudio.changes", chunk.Length);
            LocalChunkResult outcome;
            try
            {
                outcome = await applier.ApplyAsync(chunk, batch, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // Nothing of the chunk was committed: each change is tried alone, and fails alone if it must.
                logger.LogWarning(ex, "Applying {Count} pulled changes together failed; applying them one by one", chunk.Length);
                return chunk;
            }
            foreach (var (id, result) in outcome.Outcomes.Select(o => (o.Id, o.Result)))
            {
                // Each change the chunk settled is a span of its own (the chunk's span holds the time), as a change
                // applied alone is: a push's trace shows every change's outcome.
                using (var change = SyncTelemetry.Source.StartActivity("apply change"))
                {
                    change?.SetTag("syncstudio.change_id", id).SetTag("syncstudio.applied_in", "chunk")
                        .SetTag("syncstudio.outcome", result.Success ? "succeeded" : result.Reason is null ? "skipped" : "failed").SetTag("syncstudio.reason", result.Reason);
                }
                if (!result.Success && result.Reason is not null)
                    await MarkFailedAsync(id, batch.BatchId, result.Reason, result.Message, CancellationToken.None);
                Record(result);
            }
            return outcome.Deferred;
        }

        batch.SetApiUsage((int)usage.Calls, (int)usage.ActualCost);
        var skipped = ids.Count - successful - failed;
        return new PushResult(new PushSummary(ids.Count, successful, failed, skipped, results),
            $"Pushed {successful} changes" + (failed > 0 ? $"; {failed} failed" : ""));
    }

    private async Task<PushItemResult> ApplyOneAsync(int id, BatchContext batch, ShopifyWriter writer, ProductApplyChain chain, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Claim it for this batch, while this batch still runs (not closed by another instance after its lease
        // expired): a change is taken when no batch holds it, this one does, or its holder no longer runs (ended, or
        // recovered after its lease expired); never from another live batch (docs/decisions/0010-batch-leases.md).
        var claimed = await db.StagedProductChanges.Where(c => c.Id == id && (c.Status == ChangeStatuses.Approved || c.Status == ChangeStatuses.Failed)
                && (c.AppliedBatchId == null || c.AppliedBatchId == batch.BatchId
                    || !db.SyncBatches.Any(b => b.BatchId == c.AppliedBatchId && (b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending)))
                && db.SyncBatches.Any(b => b.Id == batch.Id && b.Status == BatchStatuses.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AppliedBatchId, batch.BatchId).SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        var change = await db.StagedProductChanges.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        if (claimed == 0)
            return new PushItemResult(change.ChangeId, false, change.ProductId, change.Status switch
            {
                not (ChangeStatuses.Approved or ChangeStatuses.Failed) => $"Skipped: the change is {change.Status}",
                _ when change.AppliedBatchId is { } holder && holder != batch.BatchId => $"Skipped: batch {holder} is applying the change",
                _ => "Skipped: this push no longer holds its lease",
            });

        var product = change.ProductId is { } pid
            ? await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels).FirstOrDefaultAsync(p => p.Id == pid, ct)
            : null;
        var localNow = product is { DeletedAt: null } ? LocalSnapshots.ToSnapshot(product) : null;
        // The version the stale check sees: the local write commits only while the product still has it.
        var checkedVersion = product?.Version;
        var baseRow = product is null ? null : (await StagingSession.LatestBasesAsync(db, [product.Id], ct)).GetValueOrDefault(product.Id);
        // The base the change was staged against (usually the latest; an earlier change of this push may have moved it).
        var stagedBase = baseRow is null || change.BaseVersion is null ? null
            : baseRow.VersionHash == change.BaseVersion ? baseRow
            : await db.SyncVersions.AsNoTracking().Where(v => v.EntityType == EntityTypes.Product && v.EntityId == baseRow.EntityId && v.VersionHash == change.BaseVersion)
                .OrderByDescending(v => v.VersionNumber).FirstOrDefaultAsync(ct);
        var plan = ChangePlan.From(change, stagedBase is null ? null : SnapshotJson.Deserialize(stagedBase.DataSnapshot));

        // The target sides must still be as they were at staging, or as earlier changes of this product in this push
        // left them (and no one else since).
        var localHashNow = ProductHasher.HashOrNull(localNow);
        if (plan.WritesLocal && localHashNow != plan.LocalHashAtStaging
            && !(chain.LocalMovedOnlyByEarlierChanges(plan.LocalHashAtStaging, localHashNow) && plan.LocalHoldsStagedValues(localNow)))
            return await FailAsync(db, change, FailureReasons.Stale, "The local product changed since staging; pull again.", ct);
        // An update going to Shopify carries the local product's values: a product deleted locally since (or whose create
        // was rolled back, which also unlinks it) has none to send, and writing its old edit to Shopify would re-link
        // the deleted row to a Shopify product that a new local copy may need.
        if (change.SyncDirection == SyncDirections.PushToShopify && change.ChangeType == ChangeTypes.Update && localNow is null)
            return await FailAsync(db, change, FailureReasons.Stale, "The local product was deleted since staging; pull again.", ct);
        // A create or a delete going to Shopify carries the whole local product as it was reviewed: an edit made since
        // (or a product restored since its delete was staged) would reach Shopify unreviewed.
        if (change.SyncDirection == SyncDirections.PushToShopify && change.ChangeType != ChangeTypes.Update && localHashNow != plan.LocalHashAtStaging)
            return await FailAsync(db, change, FailureReasons.Stale, "The local product changed since it was reviewed; pull again.", ct);

        ProductSnapshot? shopifyNow = null;
        var resumed = false;
        var shopifyId = change.ShopifyProductId is { } sid ? long.Parse(sid, CultureInfo.InvariantCulture) : product?.ShopifyProductId;
        // A local delete kept against the delete restores the local product from what Shopify holds: Shopify must still
        // hold it as reviewed, though nothing is written there (deleted or edited there since: stale, pull again).
        var restoresFromShopify = change.ChangeType == ChangeTypes.Delete && plan.KeepsProduct && change.SyncDirection == SyncDirections.PushToShopify;
        if ((plan.WritesShopify || restoresFromShopify) && shopifyId is { } existing)
        {
            shopifyNow = await writer.ReadAsync(existing, ct);
            var shopifyHashNow = ProductHasher.HashOrNull(shopifyNow);
            if (shopifyHashNow != plan.ShopifyHashAtStaging
                && !(chain.ShopifyMovedOnlyByEarlierChanges(plan.ShopifyHashAtStaging, shopifyHashNow) && plan.ShopifyHoldsStagedValues(shopifyNow)))
            {
                // Moved by this change itself (a write of an earlier attempt landed, in whole or in part): the rest
                // is written below and nothing twice. Moved any other way: stale.
                if (!plan.ShopifyMovedOnlyByThisChange(shopifyNow))
                    return await FailAsync(db, change, FailureReasons.Stale, "The product changed in Shopify since staging; pull again.", ct);
                resumed = true;
            }
        }

        // Shopify first (the write that can fail or be lost), then the local side and the bookkeeping in one transaction.
        ProductSnapshot? shopifyAfter = shopifyNow;
        // What Shopify held before this change: as staged when an earlier attempt already wrote part of it.
        ProductSnapshot? rollbackShopify = resumed ? plan.Proposed : shopifyNow;
        var message = "";
        if (plan.WritesShopify)
        {
            var outcome = await WriteShopifyAsync(plan, writer, shopifyId, shopifyNow, localNow, ct);
            if (!outcome.Success)
                return await FailAsync(db, change, outcome.FailureReason!, outcome.Message, ct);
            shopifyAfter = outcome.After;
            message = outcome.Message;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The product's version decides, in the transaction that writes it: an edit made since the check above is
        // never overwritten. (Shopify, when this change wrote it too, keeps the approved value; the next pull shows it.)
        if (plan.WritesLocal && product is not null && !await LocalSnapshots.HoldVersionAsync(db, product.Id, checkedVersion!.Value, ct))
        {
            return await AbortAsync(FailureReasons.Stale, plan.WritesShopify
                ? "The local product changed during the apply; Shopify was written, the local product was not. Pull again."
                : "The local product changed during the apply; pull again.");
        }
        var localBefore = localNow;
        ProductSnapshot? localAfter = localNow;
        var pull = change.SyncDirection == SyncDirections.PullFromShopify;
        if (change.ChangeType == ChangeTypes.Create && pull)
        {
            var created = plan.Proposed ?? throw new InvalidOperationException("A pulled create carries Shopify's product.");
            product = LocalSnapshots.NewProduct(created);
            if (await db.Products.AnyAsync(p => p.Handle == product.Handle && p.DeletedAt == null, ct))
                return await AbortAsync(FailureReasons.Invalid, $"A local product already uses the handle '{product.Handle}'.");
            if (created.ShopifyProductId is { } linkedId)
            {
                // One local product per Shopify product. A live one linked since staging (an earlier create of the same
                // product applied): this create is stale. A deleted one still carrying the id: the link moves to the new
                // copy (the deleted row keeps its history, no longer its Shopify ids).
                var holder = await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels).FirstOrDefaultAsync(p => p.ShopifyProductId == linkedId, ct);
                if (holder is { DeletedAt: null })
                    return await AbortAsync(FailureReasons.Stale, $"Local product {holder.Id} is linked to this Shopify product already; pull again.");
                if (holder is not null)
                {
                    LocalSnapshots.Unlink(holder);
                    await db.SaveChangesAsync(ct);
                }
            }
            db.Products.Add(product);
            localAfter = created;
            message = "Created locally";
        }
        else if (change.ChangeType == ChangeTypes.Delete && plan.KeepsProduct && !pull)
        {
            // Kept against a local delete: the local product comes back with what Shopify holds (after this change's
            // writes there, if any).
            var kept = (plan.WritesShopify ? shopifyAfter : plan.Proposed) ?? throw new InvalidOperationException("A pushed delete carries Shopify's product.");
            if (product is null)
                return await AbortAsync(FailureReasons.Invalid, "The local product is gone.");
            var handle = kept.Handle;
            var productId = product.Id;
            if (await db.Products.AnyAsync(p => p.Id != productId && p.Handle == handle && p.DeletedAt == null, ct))
                return await AbortAsync(FailureReasons.Invalid, $"A local product already uses the handle '{handle}'.");
            product.DeletedAt = null;
            LocalSnapshots.Apply(product, kept);
            localAfter = kept;
            message = "Not deleted: restored locally" + (plan.WritesShopify ? " and updated in Shopify" : "");
        }
        else if (change.ChangeType == ChangeTypes.Delete && plan.KeepsProduct)
        {
            // Kept against a delete in Shopify: Shopify has it again as a new product; the local one links to it.
            if (product is null || localNow is null)
                return await AbortAsync(FailureReasons.Invalid, "The local product is gone.");
            if (!plan.TryPatchLocal(localNow, out var kept, out var error))
                return await AbortAsync(FailureReasons.Invalid, error!);
            LocalSnapshots.Apply(product, kept);
            LocalSnapshots.Relink(product, shopifyAfter!);
            localAfter = kept;
            message = "Not deleted: re-created in Shopify";
        }
        else if (change.ChangeType == ChangeTypes.Delete && pull)
        {
            if (product is not null)
                product.DeletedAt = time.GetUtcNow().UtcDateTime;
            localAfter = null;
            message = "Deleted locally";
        }
        else if (plan.WritesLocal && product is not null && localNow is not null)
        {
            if (!plan.TryPatchLocal(localNow, out var target, out var error))
                return await AbortAsync(FailureReasons.Invalid, error!);
            LocalSnapshots.Apply(product, target);
            localAfter = target;
            message = string.IsNullOrEmpty(message) ? "Updated locally" : message + " and locally";
        }
        if (shopifyAfter is not null && product is not null)
        {
            // Learn Shopify's ids (a create, a first sync) without counting it as an edit.
            LocalSnapshots.Link(product, shopifyAfter);
            localAfter = product.DeletedAt is null ? LocalSnapshots.ToSnapshot(product) : null;
        }

        // Shopify's side now: read back after a write, or, when this change did not write Shopify, as seen at staging.
        var shopifyKnown = plan.WritesShopify ? shopifyAfter : plan.Proposed;
        var agreed = plan.AgreedBase(baseRow is null ? null : SnapshotJson.Deserialize(baseRow.DataSnapshot), localAfter, shopifyKnown);
        // Authorship (four-eyes) follows what is still unsynced: only when the local product now holds exactly the
        // agreed version has every local edit been synced; otherwise a pending edit's author stays on the product.
        if (plan.WritesLocal && product is not null && agreed is not null && localAfter is not null
            && ProductHasher.ComputeHash(localAfter) == ProductHasher.ComputeHash(agreed))
            product.UpdatedById = null;
        await db.SaveChangesAsync(ct);

        var versionNumber = (baseRow?.VersionNumber ?? 0) + 1;
        if (agreed is not null && product is not null)
        {
            var version = StagingSession.NewVersion(product.Id, agreed, ProductHasher.ComputeHash(agreed), versionNumber, change.ChangeId);
            version.SourceSystem = change.SyncDirection == SyncDirections.PullFromShopify ? SourceSystems.Shopify : SourceSystems.Local;
            version.SyncDirection = change.SyncDirection;
            version.CreatedById = batch.CreatedById;
            db.SyncVersions.Add(version);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var rollback = new RollbackData(localBefore, rollbackShopify, plan.WritesLocal, plan.WritesShopify,
            ProductHasher.HashOrNull(localAfter), ProductHasher.HashOrNull(shopifyAfter), agreed is null ? null : versionNumber).ToJson();
        var applied = await db.StagedProductChanges.Where(c => c.Id == id && c.AppliedBatchId == batch.BatchId
                && (c.Status == ChangeStatuses.Approved || c.Status == ChangeStatuses.Failed))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, ChangeStatuses.Applied)
                .SetProperty(c => c.ProductId, product == null ? change.ProductId : product.Id)
                .SetProperty(c => c.AppliedAt, now)
                .SetProperty(c => c.AppliedById, batch.CreatedById)
                .SetProperty(c => c.FailureReason, (string?)null)
                .SetProperty(c => c.ApplicationResult, SyncJson.Serialize(new { success = true, message, batch_id = batch.BatchId }))
                .SetProperty(c => c.RollbackData, rollback)
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        if (applied == 0)
        {
            await transaction.RollbackAsync(ct);
            return new PushItemResult(change.ChangeId, false, change.ProductId, "Skipped: another push took the change");
        }
        await db.SaveChangesAsync(ct);
        AuditLog.Add(db, new AuditEntry("staged_change", change.ChangeId, "applied", batch.CreatedById, change.Status, ChangeStatuses.Applied, message));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        chain.Applied(plan.WritesLocal, plan.LocalHashAtStaging, ProductHasher.HashOrNull(localAfter),
            plan.WritesShopify, plan.ShopifyHashAtStaging, ProductHasher.HashOrNull(shopifyAfter));
        var label = product?.Variants.FirstOrDefault()?.Sku ?? product?.Handle ?? change.ShopifyProductId;
        return new PushItemResult(change.ChangeId, true, product?.Id, $"Successfully applied {change.ChangeType} for product {label}: {message}");

        async Task<PushItemResult> AbortAsync(string reason, string failure)
        {
            // Release the transaction (and SQLite's write lock) before the failure is recorded on another connection.
            await transaction.RollbackAsync(ct);
            return await FailAsync(db, change, reason, failure, ct);
        }
    }

    /// <summary>
    /// The Shopify write of a change: create, delete, re-create a product kept against a delete in Shopify, or the
    /// field-level update of what Shopify holds now.
    /// </summary>
    private static async Task<ShopifyWriteOutcome> WriteShopifyAsync(ChangePlan plan, ShopifyWriter writer, long? shopifyId,
        ProductSnapshot? shopifyNow, ProductSnapshot? localNow, CancellationToken ct)
    {
        var change = plan.Change;
        var push = change.SyncDirection == SyncDirections.PushToShopify;
        if (change.ChangeType == ChangeTypes.Create && push)
            return localNow is null ? ShopifyWriteOutcome.Fail(FailureReasons.Invalid, "The local product is gone.") : await writer.CreateAsync(localNow, change.ChangeId, ct);
        if (change.ChangeType == ChangeTypes.Delete && push && !plan.KeepsProduct)
            return shopifyId is { } del ? await writer.DeleteAsync(del, ct) : ShopifyWriteOutcome.Ok(null, "Already absent from Shopify");
        if (change.ChangeType == ChangeTypes.Delete && !push)
        {
            // Kept against a delete in Shopify: created again from the local product with the chosen values (the
            // change id keys the create, so a retried push never creates it twice).
            if (localNow is null)
                return ShopifyWriteOutcome.Fail(FailureReasons.Invalid, "The local product is gone.");
            return plan.TryPatchLocal(localNow, out var kept, out var keptError)
                ? await writer.CreateAsync(kept, change.ChangeId, ct)
                : ShopifyWriteOutcome.Fail(FailureReasons.Invalid, keptError!);
        }
        if (shopifyNow is null)
            return ShopifyWriteOutcome.Fail(FailureReasons.Stale, "The product no longer exists in Shopify; pull again.");
        return plan.TryPatchShopify(shopifyNow, out var target, out var error)
            ? await writer.UpdateAsync(shopifyNow, target, change.ChangeId, ct)
            : ShopifyWriteOutcome.Fail(FailureReasons.Invalid, error!);
    }

    private async Task<PushItemResult> FailAsync(SyncStudioDbContext db, StagedProductChange change, string reason, string message, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await MarkFailedAsync(change.Id, change.AppliedBatchId, reason, message, ct);
        return new PushItemResult(change.ChangeId, false, change.ProductId, message, reason);
    }

    private async Task MarkFailedAsync(int id, string? batchId, string reason, string message, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        // Only while this batch holds the change: a batch closed after its lease expired never marks a change another
        // batch has since taken (docs/decisions/0010-batch-leases.md).
        await db.StagedProductChanges.Where(c => c.Id == id && c.Status != ChangeStatuses.Applied && (batchId == null || c.AppliedBatchId == batchId))
            .ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, ChangeStatuses.Failed)
            .SetProperty(c => c.FailureReason, reason)
            .SetProperty(c => c.ApplicationResult, SyncJson.Serialize(new { success = false, reason, message, batch_id = batchId }))
            .SetProperty(c => c.UpdatedAt, now)
            .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
    }
}
