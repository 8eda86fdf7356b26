using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Diagnostics;
using SyncStudio.Services.Safety;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

public sealed record PullRequest
{
    public string? BatchName { get; init; }
    public string SyncType { get; init; } = SyncTypes.Incremental;
    public DateTime? UpdatedSince { get; init; }
    public long? CollectionId { get; init; }
    public required int RequestedById { get; init; }
    public int? ScheduleId { get; init; }
    public string? ScheduleName { get; init; }

    /// <summary>
    /// Only a pull that reads the whole store (no collection, no <c>updated_since</c>) moves the incremental starting
    /// point; a filtered one stages what it reads and leaves the rest to the next unfiltered pull.
    /// </summary>
    public bool AdvancesWatermark => CollectionId is null && UpdatedSince is null;
}

public enum PullCheckOutcome
{
    Ready,

    /// <summary>The store has no collection with the <c>filters.collection_id</c> given: 404 naming the field.</summary>
    CollectionNotFound,
}

public sealed record PullCheck(PullCheckOutcome Outcome, string Message, IReadOnlyDictionary<string, object?> Details);

/// <summary>The spec's pull summary, with the counts behind it.</summary>
public sealed record PullSummary(
    int TotalChanges,
    int NewProducts,
    int UpdatedProducts,
    int DeletedProducts,
    int Conflicts,
    int AutoApproved,
    int PendingReview,
    int Superseded,
    int ProductsCompared,
    int Unchanged,
    int ShopifyProductsRead,
    string ReadMode,
    DateTime? UpdatedSince);

/// <summary>
/// Pull: read Shopify (paged, or a bulk export for large full pulls), match each product to the local catalog,
/// compare three ways and stage the differences, in a background batch.
/// </summary>
public sealed class PullService(
    IDbContextFactory<SyncStudioDbContext> factory,
    IShopifyClient shopify,
    BatchRunner runner,
    ApprovalRuleService rules,
    IOptions<SyncOptions> options,
    SyncMetrics metrics,
    HeldBatches breaker,
    SafetySettingsService safety,
    TimeProvider time,
    Settings.MetafieldSettings? metafieldSettings = null)
{
    /// <summary>
    /// Whether the pull's filters name what the store has, asked before a batch exists, so that an unknown collection is
    /// refused naming the field instead of failing the batch. Only Shopify's definite answer (no such collection)
    /// refuses: a Shopify that cannot be reached now is left to the batch, which retries and reports it as it does for
    /// any pull.
    /// </summary>
    public async Task<PullCheck> CheckAsync(PullRequest request, CancellationToken ct)
    {
        if (request.CollectionId is { } collectionId)
        {
            var collection = await shopify.GetCollectionAsync(collectionId, ct);
            if (collection is { Succeeded: true, Value: null })
            {
                return new PullCheck(PullCheckOutcome.CollectionNotFound, "Collection not found",
                    new Dictionary<string, object?> { ["filters.collection_id"] = $"the store has no collection {collectionId}" });
            }
        }
        return new PullCheck(PullCheckOutcome.Ready, "Ready", new Dictionary<string, object?>());
    }

    public Task<BatchStart> StartAsync(PullRequest request, CancellationToken ct)
    {
        var configuration = new Dictionary<string, object?>
        {
            ["sync_type"] = request.SyncType,
            ["updated_since"] = request.UpdatedSince,
            ["collection_id"] = request.CollectionId,
        };
        if (request.ScheduleName is not null)
            configuration["schedule"] = new { id = request.ScheduleId, name = request.ScheduleName };
        return runner.StartAsync(
            new BatchRequest(SyncDirections.PullFromShopify, request.SyncType, request.BatchName, request.RequestedById, configuration, request.ScheduleId),
            (context, token) => RunAsync(request, context, token), ct);
    }

    private async Task<object?> RunAsync(PullRequest request, BatchContext batch, CancellationToken ct)
    {
        using var usage = ShopifyUsage.Begin();
        var settings = options.Value;
        var evaluator = await rules.LoadEvaluatorAsync(ct);
        // The metafield definitions of the synced namespaces are read afresh by each pull, and kept for approval
        // (docs/decisions/0023).
        shopify.ForgetMetafieldScope();
        var scope = (await shopify.GetMetafieldScopeAsync(ct)).GetValueOrThrow();
        if (metafieldSettings is not null)
            await metafieldSettings.SaveDefinitionsAsync(scope, ct);
        var types = scope.Product.Select(d => (false, d.Id, d.Type)).Concat(scope.Variant.Select(d => (true, d.Id, d.Type)))
            .ToDictionary(d => (d.Item1, d.Id), d => d.Type);
        var session = new StagingSession(factory, batch, evaluator, time)
        {
            Locations = await StockLocationMap.LoadAsync(factory, shopify, ct),
            DeferAutoApproval = true,
            Ownership = await safety.OwnershipAsync(ct),
            MetafieldTypes = (variant, id) => types.GetValueOrDefault((variant, id)),
        };

        DateTime? since = null;
        var incremental = request.SyncType == SyncTypes.Incremental;
        if (incremental)
            since = request.UpdatedSince ?? await WatermarkAsync(batch.BatchId, ct);
        var full = since is null;
        if (request.AdvancesWatermark)
            await RecordWatermarkAsync(batch, ct);

        LocalIndex index;
        await using (var db = await factory.CreateDbContextAsync(ct))
            index = await LocalIndex.LoadAsync(db, ct);

        batch.Say("Reading Shopify");
        var useBulk = false;
        int? expected = null;
        if (request.CollectionId is null)
        {
            var count = await shopify.CountProductsAsync(since, ct);
            if (count.Succeeded)
            {
                expected = count.Value!.Count;
                batch.SetTotal(count.Value!.Count);
                useBulk = full && (count.Value.Count > settings.BulkThreshold || PagedReadWaitSeconds(count.Value.Count) > settings.PagedReadMaxWaitSeconds);
            }
        }
        // The read is a phase of its own: nothing is staged until its first chunk is read, so progress shows products
        // read of Shopify's count, with their rate and time left, instead of "0 of N" for the whole read.
        batch.BeginReading(expected, time.GetUtcNow().UtcDateTime);

        // Two stages on two threads: one reads Shopify's products, matches them and loads their local rows and bases
        // (database reads), the other compares and writes, a chunk behind. A local product is claimed by one chunk
        // only, so what a chunk writes is never what the next chunk has already loaded.
        var claimed = new HashSet<int>();
        var read = new StrongBox<int>();
        // The Shopify ids a read of the whole store returned: a create still waiting for any other is stale.
        var readIds = full && request.CollectionId is null ? new HashSet<long>() : null;
        var chunks = Channel.CreateBounded<PreparedChunk>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ReadAndPrepareAsync(useBulk, since, request.CollectionId, session, index, claimed, read, readIds, () => ReportRead(batch, usage, Volatile.Read(ref read.Value)), batch.EndReading, chunks.Writer, stop.Token), stop.Token);
        var compared = 0;
        // The staging phase runs beside the read (a chunk behind) and on through the local-only comparison below.
        using var staging = SyncTelemetry.Source.StartActivity("pull stage");
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            {
                await session.StageAsync(chunk, ct);
                compared += chunk.Candidates.Count;
                batch.Say($"Staging: {compared} Shopify products compared");
                Report(batch, usage, Volatile.Read(ref read.Value));
            }
            await producer;
        }
        finally
        {
            await stop.CancelAsync();
            await producer.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var total = read.Value;
        Report(batch, usage, total);

        // Local products Shopify's read did not return: in a full pull they are absent from Shopify (never synced:
        // a create to push; synced before: deleted there). In an incremental pull, those edited locally since the last
        // pull are compared with Shopify assumed unchanged (an edit there would have moved its updatedAt into the read).
        if (request.CollectionId is null)
        {
            var rest = index.Entries.Where(e => !claimed.Contains(e.Id) && (full || e.UpdatedAt >= since)).Select(e => e.Id).ToList();
            batch.AddTotal(rest.Count);
            batch.Say("Comparing local edits");
            foreach (var ids in rest.Chunk(settings.ChunkSize))
                await StageLocalOnlyAsync(ids, assumeRemoteIsBase: !full, session, ct);
        }
        if (readIds is not null)
            await session.SupersedeCreatesNotReadAsync(readIds, ct);

        Report(batch, usage, total);
        var t = session.Tally;

        // The batch as a whole, before anything in it is auto-approved (docs/decisions/0025).
        var counts = new BreakerCounts
        {
            SyncedCatalog = index.Entries.Count(e => e.ShopifyProductId is not null),
            ProductsChanged = session.Breaker.ProductsChanged,
            ProductsDeleted = session.Breaker.ProductsDeleted,
            VariantsZeroed = session.Breaker.VariantsZeroed,
            FullRead = readIds is not null,
            ProductsRead = total,
            LastFullRead = readIds is null ? null : await LastFullReadAsync(batch.BatchId, ct),
        };
        var judged = await breaker.JudgeAsync(batch.Id, batch.BatchId, counts, session.Breaker, ct);
        t.AutoApproved += judged.AutoApproved;
        t.PendingReview -= judged.AutoApproved;
        metrics.PullRead(total, t.TotalChanges);
        var summary = new PullSummary(t.TotalChanges, t.NewProducts, t.UpdatedProducts, t.DeletedProducts, t.Conflicts,
            t.AutoApproved, t.PendingReview, t.Superseded, t.ProductsCompared, t.Unchanged, total, useBulk ? "bulk" : "paged", since);
        if (judged.Tripped)
        {
            batch.Hold();
            return new PullResult(summary, $"Held by the circuit breaker: {string.Join("; ", judged.Trips.Select(trip => trip.Message))}. "
                + $"Nothing in it is auto-approved or applied until an Admin releases or discards it ({t.TotalChanges} changes staged).");
        }
        return new PullResult(summary,
            $"Successfully pulled {total} products from Shopify: {t.TotalChanges} changes staged, {t.AutoApproved} auto-approved, {t.Conflicts} with conflicts");
    }

    private static void ReportRead(BatchContext batch, ShopifyUsageScope usage, int read)
    {
        batch.ProductsRead(read);
        Report(batch, usage, read);
    }

    /// <summary>
    /// How long reading <paramref name="products"/> page by page would wait for Shopify's bucket: Shopify takes what each
    /// page returned (its actual cost; the rest of the requested cost is refunded at once), so the read needs about
    /// <see cref="ShopifyQueryCost.ProductActualEstimate"/> points a product; what the bucket holds now is spent
    /// first, the rest comes at the restore rate (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).
    /// </summary>
    private double PagedReadWaitSeconds(int products)
    {
        if (shopify.LastThrottleStatus is not { RestoreRate: > 0 } status)
            return 0;
        var points = (double)products * ShopifyQueryCost.ProductActualEstimate;
        return Math.Max(0, points - status.CurrentlyAvailable) / status.RestoreRate;
    }

    private static void Report(BatchContext batch, ShopifyUsageScope usage, int read)
    {
        batch.SetApiUsage((int)usage.Calls, (int)usage.ActualCost);
        if (read > batch.Total)
            batch.SetTotal(read);
    }

    /// <summary>Shopify's products, each marked when it ends a page of a paged read.</summary>
    private async IAsyncEnumerable<(ShopifyProduct Product, bool EndsPage)> ReadShopifyAsync(bool bulk, DateTime? since, long? collectionId, [EnumeratorCancellation] CancellationToken ct)
    {
        if (bulk)
        {
            await foreach (var product in shopify.ExportProductsAsync(since, ct))
                yield return (product, false);
            yield break;
        }
        string? cursor = null;
        var query = new ShopifyProductQuery(since, collectionId);
        do
        {
            var page = (await shopify.GetProductsPageAsync(query, cursor, ct)).GetValueOrThrow();
            for (var i = 0; i < page.Products.Count; i++)
                yield return (page.Products[i], i == page.Products.Count - 1);
            cursor = page.HasNextPage ? page.EndCursor : null;
        }
        while (cursor is not null);
    }

    /// <summary>The first stage: Shopify's products in chunks, each matched and loaded, handed to the staging stage.</summary>
    private async Task ReadAndPrepareAsync(bool bulk, DateTime? since, long? collectionId, StagingSession session, LocalIndex index, HashSet<int> claimed,
        StrongBox<int> read, HashSet<long>? readIds, Action reportRead, Action readDone, ChannelWriter<PreparedChunk> output, CancellationToken ct)
    {
        using var activity = SyncTelemetry.Source.StartActivity("pull read");
        try
        {
            var chunkSize = options.Value.ChunkSize;
            var chunk = new List<ShopifyProduct>(chunkSize);
            // A read of the whole store holds back products that may be a linked product made again (see PrepareDeferredAsync).
            var deferred = readIds is null ? null : new List<ShopifyProduct>();
            var readStarted = PullProfile.Start();
            await foreach (var (product, endsPage) in ReadShopifyAsync(bulk, since, collectionId, ct))
            {
                PullProfile.Stop(PullProfile.Phase.Read, readStarted);
                chunk.Add(product);
                readIds?.Add(product.Id);
                Interlocked.Increment(ref read.Value);
                // Progress (products read, API calls and cost) moves while Shopify is read, not only per staged chunk.
                reportRead();
                // A paged read hands on each page as it arrives: its products are compared and staged (and shown as
                // processed) while the next page waits for Shopify's bucket, not all at the end of the read.
                if (chunk.Count >= chunkSize || endsPage)
                {
                    await output.WriteAsync(await session.PrepareShopifyProductsAsync(chunk, index, claimed, ct, deferred), ct);
                    chunk = new List<ShopifyProduct>(chunkSize);
                }
                readStarted = PullProfile.Start();
            }
            PullProfile.Stop(PullProfile.Phase.Read, readStarted);
            reportRead();
            readDone();
            if (chunk.Count > 0)
                await output.WriteAsync(await session.PrepareShopifyProductsAsync(chunk, index, claimed, ct, deferred), ct);
            if (deferred is { Count: > 0 })
                await output.WriteAsync(await session.PrepareDeferredAsync(deferred, index, claimed, ct), ct);
            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
        }
    }

    private async Task StageLocalOnlyAsync(int[] ids, bool assumeRemoteIsBase, StagingSession session, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var locals = (await StagingSession.LoadLocalsAsync(db, [.. ids], ct)).Values;
        var bases = assumeRemoteIsBase ? await StagingSession.LatestBasesAsync(db, [.. ids], ct) : [];
        var candidates = new List<Candidate>(locals.Count);
        foreach (var local in locals)
        {
            ProductSnapshot? remote = null;
            if (assumeRemoteIsBase)
            {
                if (bases.TryGetValue(local.Id, out var baseRow))
                    remote = SnapshotJson.Deserialize(baseRow.DataSnapshot);
                else if (local.ShopifyProductId is { } sid)
                {
                    // Linked but never agreed: Shopify's side is unknown here, so read it.
                    var read = await shopify.GetProductAsync(sid, ct);
                    remote = read.Succeeded && read.Value is { } found ? ShopifySnapshots.ToSnapshot(found, session.Locations) : null;
                }
            }
            candidates.Add(new Candidate(local, remote));
        }
        await session.StageAsync(candidates, ct);
    }

    /// <summary>
    /// Where an incremental pull starts: the watermark of the last completed pull that read the whole store. Shopify
    /// products updated after it, and local products edited since, are the incremental read. Filtered pulls record no
    /// watermark, so what they did not read is still read by the next unfiltered pull.
    /// </summary>
    private async Task<DateTime?> WatermarkAsync(string currentBatchId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.SyncBatches.AsNoTracking()
            .Where(b => b.SyncDirection == SyncDirections.PullFromShopify && b.Status == BatchStatuses.Completed
                && b.BatchId != currentBatchId && b.PullWatermark != null)
            .OrderByDescending(b => b.Id).Select(b => b.PullWatermark).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// How many products the last completed read of the whole store returned: what a read that came back short is
    /// measured against. A held or discarded read is no measure.
    /// </summary>
    private async Task<int?> LastFullReadAsync(string currentBatchId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var stored = await db.SyncBatches.AsNoTracking()
            .Where(b => b.SyncDirection == SyncDirections.PullFromShopify && b.Status == BatchStatuses.Completed && b.SyncType == SyncTypes.Full
                && b.BatchId != currentBatchId && b.PullWatermark != null && b.Summary != null)
            .OrderByDescending(b => b.Id).Select(b => b.Summary).FirstOrDefaultAsync(ct);
        return stored is not null && System.Text.Json.Nodes.JsonNode.Parse(stored)?["summary"]?["shopify_products_read"] is System.Text.Json.Nodes.JsonValue read
            && read.TryGetValue<int>(out var count) ? count : null;
    }

    /// <summary>Marks this pull as one that reads the whole store: once it completes, the next incremental pull starts at its start.</summary>
    private async Task RecordWatermarkAsync(BatchContext batch, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.SyncBatches.Where(b => b.Id == batch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.PullWatermark, batch.StartedAt), ct);
    }
}

/// <summary>What a pull answers: the spec's summary and message.</summary>
public sealed record PullResult(PullSummary Summary, string Message);
