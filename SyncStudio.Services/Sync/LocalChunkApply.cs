using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Sync;

/// <summary>What became of one change of a chunk.</summary>
internal sealed record LocalChunkOutcome(int Id, PushItemResult Result);

/// <summary>What a chunk did: the changes it settled, and those it left to the one-change path.</summary>
internal sealed record LocalChunkResult(IReadOnlyList<LocalChunkOutcome> Outcomes, IReadOnlyList<int> Deferred);

/// <summary>
/// Applies pulled changes that write only the local catalog, many in one transaction (docs/decisions/0024): one claim
/// for the chunk, its products, bases and handles read by a few set-based queries, each change checked and planned
/// alone (a stale or invalid change fails alone; the rest apply), then the products, variants, stock levels, versions,
/// statuses and audit events written by two SaveChanges and one commit. Exactly once holds as on the one-change path:
/// the chunk is claimed for the batch before anything is written, and every change's status moves to applied in the
/// same transaction as its local write, only while its row version is still the one read after the claim. Whatever the
/// chunk cannot settle this way (a change that writes Shopify, a kept delete, a claim another batch won, a write the
/// database refuses) is handed back untouched and applied one by one as before.
/// </summary>
internal sealed class LocalChunkApply(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time)
{
    /// <summary>Changes per transaction: large enough that the commit and the queries are shared, small enough to hold in memory.</summary>
    public const int ChunkSize = 500;

    public async Task<LocalChunkResult> ApplyAsync(IReadOnlyList<int> ids, BatchContext batch, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // The claim of the one-change path, for the whole chunk at once (docs/decisions/0010-batch-leases.md).
        var claimed = await db.StagedProductChanges.Where(c => ids.Contains(c.Id) && (c.Status == ChangeStatuses.Approved || c.Status == ChangeStatuses.Failed)
                && (c.AppliedBatchId == null || c.AppliedBatchId == batch.BatchId
                    || !db.SyncBatches.Any(b => b.BatchId == c.AppliedBatchId && (b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending)))
                && db.SyncBatches.Any(b => b.Id == batch.Id && b.Status == BatchStatuses.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AppliedBatchId, batch.BatchId).SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        // Some held elsewhere, or no longer approved: the one-change path words each skip as it always has.
        if (claimed != ids.Count)
            return new LocalChunkResult([], ids);

        var changes = await db.StagedProductChanges.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var productIds = changes.Values.Select(c => c.ProductId).OfType<int>().Distinct().ToList();
        var products = productIds.Count == 0 ? [] : await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels)
            .Where(p => productIds.Contains(p.Id)).AsSplitQuery().ToDictionaryAsync(p => p.Id, ct);
        var bases = await StagingSession.LatestBasesAsync(db, productIds, ct);

        // The base each change was staged against: the latest, or (an older change) looked up by its hash.
        var stagedBases = new ProductSnapshot?[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var change = changes[ids[i]];
            var baseRow = change.ProductId is { } pid && products.ContainsKey(pid) ? bases.GetValueOrDefault(pid) : null;
            var stagedBase = baseRow is null || change.BaseVersion is null ? null
                : baseRow.VersionHash == change.BaseVersion ? baseRow
                : await db.SyncVersions.AsNoTracking().Where(v => v.EntityType == EntityTypes.Product && v.EntityId == baseRow.EntityId && v.VersionHash == change.BaseVersion)
                    .OrderByDescending(v => v.VersionNumber).FirstOrDefaultAsync(ct);
            stagedBases[i] = stagedBase is null ? null : SnapshotJson.Deserialize(stagedBase.DataSnapshot);
        }

        // Each change planned and checked alone (pure work on what was read: spread over the cores).
        var checks = new Checked[ids.Count];
        Parallel.For(0, ids.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var change = changes[ids[i]];
            var product = change.ProductId is { } pid ? products.GetValueOrDefault(pid) : null;
            var plan = ChangePlan.From(change, stagedBases[i]);
            if (change.SyncDirection != SyncDirections.PullFromShopify || plan.WritesShopify || plan.KeepsProduct)
            {
                checks[i] = new Checked(null, null, Defer: true);
                return;
            }
            var localNow = product is { DeletedAt: null } ? LocalSnapshots.ToSnapshot(product) : null;
            checks[i] = plan.WritesLocal && ProductHasher.HashOrNull(localNow) != plan.LocalHashAtStaging
                ? new Checked(Failed(change, FailureReasons.Stale, "The local product changed since staging; pull again."), null, Defer: false)
                : new Checked(null, new Planned(change, plan, product, localNow, product?.Version, product is null ? null : bases.GetValueOrDefault(product.Id)), Defer: false);
        });
        var outcomes = new List<LocalChunkOutcome>();
        var deferred = new List<int>();
        var planned = new List<Planned>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (checks[i].Defer)
                deferred.Add(ids[i]);
            else if (checks[i].Failure is { } failure)
                outcomes.Add(failure);
            else
                planned.Add(checks[i].Planned!);
        }
        if (planned.Count == 0)
            return new LocalChunkResult(outcomes, deferred);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var applied = await WriteAsync(db, planned, batch, outcomes, ct);
            await transaction.CommitAsync(ct);
            outcomes.AddRange(applied);
            return new LocalChunkResult(outcomes, deferred);
        }
        catch (DbUpdateException)
        {
            // Another push took a change since the claim (its row version moved), or the database refused a write
            // (a handle taken by a rename in the same chunk): nothing of the chunk is kept, and each of its changes
            // goes the one-change path, which words every outcome as before.
            await transaction.RollbackAsync(ct);
            return new LocalChunkResult([], ids);
        }
    }

    private async Task<List<LocalChunkOutcome>> WriteAsync(SyncStudioDbContext db, List<Planned> planned, BatchContext batch,
        List<LocalChunkOutcome> failures, CancellationToken ct)
    {
        // In the transaction: the version each check saw must still be the product's (an edit since: stale), and a
        // create's handle and Shopify id must still be free.
        var kept = new List<Planned>();
        foreach (var item in planned)
        {
            if (item.Plan.WritesLocal && item.Product is not null && !await LocalSnapshots.HoldVersionAsync(db, item.Product.Id, item.CheckedVersion!.Value, ct))
                failures.Add(Failed(item.Change, FailureReasons.Stale, "The local product changed during the apply; pull again."));
            else
                kept.Add(item);
        }
        var creates = kept.Where(i => i.Change.ChangeType == ChangeTypes.Create).ToList();
        var handles = creates.Select(i => i.Plan.Proposed?.Handle).OfType<string>().Distinct().ToList();
        var takenHandles = handles.Count == 0 ? [] : (await db.Products.Where(p => handles.Contains(p.Handle) && p.DeletedAt == null)
            .Select(p => p.Handle).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var linkedIds = creates.Select(i => i.Plan.Proposed?.ShopifyProductId).OfType<long>().ToList();
        var holders = linkedIds.Count == 0 ? [] : await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels)
            .Where(p => p.ShopifyProductId != null && linkedIds.Contains(p.ShopifyProductId.Value)).AsSplitQuery()
            .ToDictionaryAsync(p => p.ShopifyProductId!.Value, ct);

        var now = time.GetUtcNow().UtcDateTime;
        var done = new List<Done>();
        var created = new List<Product>();
        foreach (var item in kept)
        {
            var (change, plan, product, localNow, _, _) = item;
            ProductSnapshot? localAfter = localNow;
            string message;
            if (change.ChangeType == ChangeTypes.Create)
            {
                var proposed = plan.Proposed ?? throw new InvalidOperationException("A pulled create carries Shopify's product.");
                if (!takenHandles.Add(proposed.Handle))
                {
                    failures.Add(Failed(change, FailureReasons.Invalid, $"A local product already uses the handle '{proposed.Handle}'."));
                    continue;
                }
                if (proposed.ShopifyProductId is { } linkedId && holders.TryGetValue(linkedId, out var holder))
                {
                    // One local product per Shopify product, as on the one-change path: a live holder makes the create
                    // stale; a deleted one gives up the link (saved below, before the new copy takes it).
                    if (holder.DeletedAt is null)
                    {
                        failures.Add(Failed(change, FailureReasons.Stale, $"Local product {holder.Id} is linked to this Shopify product already; pull again."));
                        continue;
                    }
                    LocalSnapshots.Unlink(holder);
                }
                product = LocalSnapshots.NewProduct(proposed);
                created.Add(product);
                localAfter = proposed;
                message = "Created locally";
            }
            else if (change.ChangeType == ChangeTypes.Delete)
            {
                if (product is not null)
                    product.DeletedAt = now;
                localAfter = null;
                message = "Deleted locally";
            }
            else if (plan.WritesLocal && product is not null && localNow is not null)
            {
                if (!plan.TryPatchLocal(localNow, out var target, out var error))
                {
                    failures.Add(Failed(change, FailureReasons.Invalid, error!));
                    continue;
                }
                LocalSnapshots.Apply(product, target);
                localAfter = target;
                message = "Updated locally";
            }
            else
            {
                message = "";
            }

            done.Add(new Done(item, product, localAfter, null, message));
        }
        // The next agreed version of each (pure, spread over the cores). Authorship (four-eyes) follows what is still
        // unsynced, as on the one-change path: a product now exactly at the agreed version has no pending local edit.
        var synced = new bool[done.Count];
        Parallel.For(0, done.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var (item, product, localAfter, _, _) = done[i];
            var agreed = item.Plan.AgreedBase(item.Base is null ? null : SnapshotJson.Deserialize(item.Base.DataSnapshot), localAfter, item.Plan.Proposed);
            done[i] = done[i] with { Agreed = agreed };
            synced[i] = item.Plan.WritesLocal && product is not null && agreed is not null && localAfter is not null
                && (ReferenceEquals(localAfter, agreed) || ProductHasher.ComputeHash(localAfter) == ProductHasher.ComputeHash(agreed));
        });
        for (var i = 0; i < done.Count; i++)
        {
            if (synced[i])
                done[i].Product!.UpdatedById = null;
        }
        // Updates, deletes and unlinked holders (tracked), then the new products, their variants and stock levels.
        await db.SaveChangesAsync(ct);
        await PreparedInsert.InsertProductsAsync(db, created, now, ct);

        var results = new List<LocalChunkOutcome>(done.Count);
        var versions = new List<SyncVersion>();
        var events = new List<AuditEvent>();
        // The agreed versions and rollback documents: serialising and hashing, spread over the cores.
        var records = new (SyncVersion? Version, string Rollback)[done.Count];
        Parallel.For(0, done.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var (item, product, localAfter, agreed, _) = done[i];
            var versionNumber = (item.Base?.VersionNumber ?? 0) + 1;
            SyncVersion? version = null;
            if (agreed is not null && product is not null)
            {
                version = StagingSession.NewVersion(product.Id, agreed, ProductHasher.ComputeHash(agreed), versionNumber, item.Change.ChangeId);
                version.SourceSystem = SourceSystems.Shopify;
                version.SyncDirection = item.Change.SyncDirection;
                version.CreatedById = batch.CreatedById;
                version.CreatedAt = now;
            }
            // As the one-change path records a change that did not write Shopify: no Shopify side to return to.
            records[i] = (version, new RollbackData(item.LocalNow, null, item.Plan.WritesLocal, false,
                ProductHasher.HashOrNull(localAfter), null, agreed is null ? null : versionNumber).ToJson());
        });
        await using var applied = await AppliedStatement.PrepareAsync(db, ct);
        for (var i = 0; i < done.Count; i++)
        {
            var (item, product, _, _, message) = done[i];
            var change = item.Change;
            var (version, rollback) = records[i];
            if (version is not null)
                versions.Add(version);
            // Only where the row version is still the one read after the claim: a change another push took in
            // between throws, and the chunk is left whole to the one-change path.
            if (!await applied.ApplyAsync(change, product?.Id ?? change.ProductId, now, batch, message, rollback, ct))
                throw new DbUpdateConcurrencyException($"Change {change.Id} moved since this push claimed it.");
            var audit = AuditLog.ToEvent(new AuditEntry("staged_change", change.ChangeId, "applied", batch.CreatedById, change.Status, ChangeStatuses.Applied, message));
            audit.OccurredAt = now;
            events.Add(audit);
            var label = product?.Variants.FirstOrDefault()?.Sku ?? product?.Handle ?? change.ShopifyProductId;
            results.Add(new LocalChunkOutcome(change.Id, new PushItemResult(change.ChangeId, true, product?.Id,
                $"Successfully applied {change.ChangeType} for product {label}: {message}")));
        }
        await PreparedInsert.InsertAsync(db, versions, ct);
        await PreparedInsert.InsertAsync(db, events, ct);
        return results;
    }

    private static LocalChunkOutcome Failed(StagedProductChange change, string reason, string message) =>
        new(change.Id, new PushItemResult(change.ChangeId, false, change.ProductId, message, reason));

    /// <summary>
    /// A change marked applied, as the one-change path marks it, only while it still has the row version read after the
    /// claim. On SQLite one prepared UPDATE for the chunk; elsewhere EF's ExecuteUpdate per change.
    /// </summary>
    private sealed class AppliedStatement : IAsyncDisposable
    {
        private readonly SyncStudioDbContext _db;
        private readonly System.Data.Common.DbCommand? _command;
        private readonly Dictionary<string, (System.Data.Common.DbParameter Parameter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)> _parameters = [];

        private AppliedStatement(SyncStudioDbContext db, System.Data.Common.DbCommand? command)
        {
            _db = db;
            _command = command;
        }

        public static async Task<AppliedStatement> PrepareAsync(SyncStudioDbContext db, CancellationToken ct)
        {
            if (!db.Database.IsSqlite())
                return new AppliedStatement(db, null);
            var entity = db.Model.FindEntityType(typeof(StagedProductChange))!;
            var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(db.Database.CurrentTransaction!);
            var statement = new AppliedStatement(db, command);
            string[] set = [nameof(StagedProductChange.Status), nameof(StagedProductChange.ProductId), nameof(StagedProductChange.AppliedAt),
                nameof(StagedProductChange.AppliedById), nameof(StagedProductChange.FailureReason), nameof(StagedProductChange.ApplicationResult),
                nameof(StagedProductChange.RollbackData), nameof(StagedProductChange.UpdatedAt)];
            string Column(string property) => "\"" + entity.FindProperty(property)!.GetColumnName(table) + "\"";
            string Parameter(string property)
            {
                var meta = entity.FindProperty(property)!;
                var mapping = meta.GetRelationalTypeMapping();
                var parameter = mapping.CreateParameter(command, "@" + property, null, nullable: true);
                command.Parameters.Add(parameter);
                statement._parameters[property] = (parameter, mapping.Converter);
                return "@" + property;
            }
            command.CommandText = $"UPDATE \"{table.Name}\" SET "
                + string.Join(", ", set.Select(p => $"{Column(p)} = {Parameter(p)}"))
                + $", {Column(nameof(StagedProductChange.RowVersion))} = {Column(nameof(StagedProductChange.RowVersion))} + 1"
                + $" WHERE {Column(nameof(StagedProductChange.Id))} = {Parameter(nameof(StagedProductChange.Id))}"
                + $" AND {Column(nameof(StagedProductChange.RowVersion))} = {Parameter(nameof(StagedProductChange.RowVersion))}";
            await command.PrepareAsync(ct);
            return statement;
        }

        public async Task<bool> ApplyAsync(StagedProductChange change, int? productId, DateTime now, BatchContext batch, string message, string rollback, CancellationToken ct)
        {
            var result = SyncJson.Serialize(new { success = true, message, batch_id = batch.BatchId });
            if (_command is null)
            {
                return await _db.StagedProductChanges.Where(c => c.Id == change.Id && c.RowVersion == change.RowVersion)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, ChangeStatuses.Applied)
                        .SetProperty(c => c.ProductId, productId)
                        .SetProperty(c => c.AppliedAt, now)
                        .SetProperty(c => c.AppliedById, batch.CreatedById)
                        .SetProperty(c => c.FailureReason, (string?)null)
                        .SetProperty(c => c.ApplicationResult, result)
                        .SetProperty(c => c.RollbackData, rollback)
                        .SetProperty(c => c.UpdatedAt, now)
                        .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct) == 1;
            }
            Set(nameof(StagedProductChange.Status), ChangeStatuses.Applied);
            Set(nameof(StagedProductChange.ProductId), productId);
            Set(nameof(StagedProductChange.AppliedAt), now);
            Set(nameof(StagedProductChange.AppliedById), batch.CreatedById);
            Set(nameof(StagedProductChange.FailureReason), null);
            Set(nameof(StagedProductChange.ApplicationResult), result);
            Set(nameof(StagedProductChange.RollbackData), rollback);
            Set(nameof(StagedProductChange.UpdatedAt), now);
            Set(nameof(StagedProductChange.Id), change.Id);
            Set(nameof(StagedProductChange.RowVersion), change.RowVersion);
            return await _command.ExecuteNonQueryAsync(ct) == 1;
        }

        private void Set(string property, object? value)
        {
            var (parameter, converter) = _parameters[property];
            parameter.Value = (converter is not null && value is not null ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
        }

        public ValueTask DisposeAsync() => _command?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private sealed record Checked(LocalChunkOutcome? Failure, Planned? Planned, bool Defer);

    private sealed record Planned(StagedProductChange Change, ChangePlan Plan, Product? Product, ProductSnapshot? LocalNow, int? CheckedVersion, SyncVersion? Base);

    private sealed record Done(Planned Item, Product? Product, ProductSnapshot? LocalAfter, ProductSnapshot? Agreed, string Message);
}
