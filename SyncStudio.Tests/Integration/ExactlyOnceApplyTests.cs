using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Apply writes each approved change once, whatever Shopify does to the requests (5xx, THROTTLED bursts, answers lost
/// after the write was made) and when a push stopped between writing Shopify and recording the change as applied.
/// The simulator's mutation log is the witness: one write per product and mutation.
/// </summary>
public sealed class ExactlyOnceApplyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AThousandChangesPushedThroughFaultsAreEachWrittenToShopifyExactlyOnce()
    {
        // Rate limits are not the point here: a large bucket keeps the push from waiting on them.
        // Short backoffs: the faults are about outcomes, not about waiting.
        await using var h = await SyncHarness.StartAsync("synthetic:1000:11", o =>
        {
            o.Plan = ShopifyPlan.Plus;
            o.BucketSize = 1_000_000;
        }, new Dictionary<string, string?> { ["Shopify:RetryBaseDelay"] = "00:00:00.010", ["Shopify:RetryMaxDelay"] = "00:00:00.050" });
        await h.AgreeOnEverythingAsync();
        var original = h.Simulator.Simulator.GetProducts().ToDictionary(p => p.Id);
        var pullId = await StageLocalEditsAsync(h);

        h.Simulator.Simulator.Faults.Configure(new FaultSettings
        {
            ServerErrorRate = 0.1,
            ThrottleBurstRate = 0.02,
            ThrottleBurstLength = 3,
            LostResponseRate = 0.05,
            Seed = 17,
        });
        var logStart = LastSequence(h);
        var first = await h.PushToTheEndAsync(new { batch_id = pullId, confirm = true });
        Assert.Equal("completed", first.GetProperty("status").GetString());
        var successful = first.GetProperty("successful_items").GetInt32();
        var failed = first.GetProperty("failed_items").GetInt32();

        // What a push cannot settle under faults fails as retryable (never stale, never overwritten), and counts. A
        // 5xx on a mutation without an idempotency key is settled by a read-back and one re-send; with 10% of ~2,000
        // such writes failing, some re-sends fail too (no failure at all would mean the faults never reached the writes).
        var changes = await ChangesAsync(h, pullId);
        Assert.Equal(1000, successful + failed);
        Assert.InRange(failed, 1, 200);
        Assert.Equal(successful, changes.Count(c => c.Status == ChangeStatuses.Applied));
        Assert.All(changes.Where(c => c.Status != ChangeStatuses.Applied), c =>
        {
            Assert.Equal(ChangeStatuses.Failed, c.Status);
            Assert.Equal("shopify_unavailable", c.FailureReason);
        });

        // A second push (the faults over) applies the rest, writing only what the first left unwritten.
        h.Simulator.Simulator.Faults.Clear();
        var second = await h.PushToTheEndAsync(new { batch_id = pullId, confirm = true });
        Assert.Equal(failed, second.GetProperty("successful_items").GetInt32());
        Assert.Equal(0, second.GetProperty("failed_items").GetInt32());
        Assert.All(await ChangesAsync(h, pullId), c => Assert.Equal(ChangeStatuses.Applied, c.Status));

        AssertEachProductWrittenOnce(h, logStart, original.Keys);
        AssertShopifyHoldsTheEdits(h, original);
        var quiet = await h.PullAsync(new { sync_type = "full" });
        Assert.Equal(0, quiet.GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    [Fact]
    public async Task AChangeWhoseShopifyWriteLandedBeforeThePushStoppedIsFinishedByTheNextPushWithoutWritingTwice()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:4:3");
        await h.AgreeOnEverythingAsync();
        var original = h.Simulator.Simulator.GetProducts().ToDictionary(p => p.Id);
        var pullId = await StageLocalEditsAsync(h);
        var changes = await ChangesAsync(h, pullId);
        Assert.Equal(4, changes.Count);
        Assert.All(changes, c => Assert.Equal(ChangeStatuses.Approved, c.Status));

        // A push that stopped mid-way: every change claimed, the batch still "running". In Shopify the first product
        // got all of its write, the second only its product fields (productUpdate landed, the variants not yet), the
        // rest nothing.
        var products = original.Values.OrderBy(p => p.Id).ToList();
        await using (var db = await Db(h).CreateDbContextAsync(Ct))
        {
            db.SyncBatches.Add(new SyncBatch
            {
                BatchId = "push_20260101_000000_9",
                SyncType = "push",
                SyncDirection = SyncDirections.PushToShopify,
                Status = BatchStatuses.Running,
                ActiveLock = SyncBatch.StoreLock,
                StartedAt = DateTime.UtcNow,
                CreatedById = 1,
                CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
            await db.StagedProductChanges.Where(c => c.BatchId == pullId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AppliedBatchId, "push_20260101_000000_9"), Ct);
        }
        var logStart = LastSequence(h);
        foreach (var (product, index) in products.Take(2).Select((p, i) => (p, i)))
        {
            await h.MerchantRetitleAsync(product.Id, product.Title + " (edited)");
            if (index == 0)
            {
                foreach (var variant in product.Variants)
                    await h.MerchantRepriceAsync(product.Id, variant.Id, variant.Price + 1);
            }
        }
        var landedBefore = h.Simulator.Simulator.GetMutationLog().Where(e => e.Sequence > logStart).ToList();

        await h.RestartAppAsync();
        var closed = await ApiAssert.OkAsync(await h.Admin.GetAsync("/api/sync/batches/push_20260101_000000_9", Ct));
        Assert.Equal(BatchStatuses.Failed, closed.GetProperty("item").GetProperty("status").GetString());
        Assert.Contains("stopped", closed.GetProperty("item").GetProperty("error_summary").GetProperty("error").GetString(), StringComparison.Ordinal);

        var push = await h.PushAsync(new { batch_id = pullId, confirm = true });
        Assert.Equal(4, push.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.All(await ChangesAsync(h, pullId), c => Assert.Equal(ChangeStatuses.Applied, c.Status));

        // No write was sent again: the first product got none, the second only its variants, the others both.
        var written = h.Simulator.Simulator.GetMutationLog().Where(e => e.Sequence > logStart).Except(landedBefore)
            .Select(e => (e.ProductId!, e.Operation)).ToList();
        string Gid(int i) => SyncStudio.ShopifySimulator.ShopifyGid.Product(products[i].Id);
        Assert.Equal(
            new[] { (Gid(1), "productVariantsBulkUpdate"), (Gid(2), "productUpdate"), (Gid(2), "productVariantsBulkUpdate"),
                (Gid(3), "productUpdate"), (Gid(3), "productVariantsBulkUpdate") }.Order().ToArray(),
            written.Order().ToArray());
        AssertShopifyHoldsTheEdits(h, original);

        // What Shopify held before is what it held at staging, also for the change an earlier attempt half wrote.
        var halfWritten = (await ChangesAsync(h, pullId)).Single(c => c.ShopifyProductId == products[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var before = JsonDocument.Parse(halfWritten.RollbackData!).RootElement.GetProperty("shopify_before");
        Assert.Equal(products[1].Title, before.GetProperty("title").GetString());

        var quiet = await h.PullAsync(new { sync_type = "full" });
        Assert.Equal(0, quiet.GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    [Fact]
    public async Task AChangeMovedInShopifyByAnyoneElseAfterAHalfWriteIsStaleAndNotOverwritten()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:2:5");
        await h.AgreeOnEverythingAsync();
        var product = h.Simulator.Simulator.GetProducts().OrderBy(p => p.Id).First();
        var pullId = await StageLocalEditsAsync(h);

        // The title landed (a write of an earlier attempt), then the merchant changed the price to something else.
        await h.MerchantRetitleAsync(product.Id, product.Title + " (edited)");
        await h.MerchantRepriceAsync(product.Id, product.Variants[0].Id, product.Variants[0].Price + 7);

        await h.PushAsync(new { batch_id = pullId, confirm = true });
        var change = (await ChangesAsync(h, pullId)).Single(c => c.ShopifyProductId == product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ChangeStatuses.Failed, change.Status);
        Assert.Equal("stale", change.FailureReason);
        Assert.Equal(product.Variants[0].Price + 7, h.Simulator.Simulator.FindProduct(product.Handle)!.Variants[0].Price);
    }

    /// <summary>
    /// Edits every local product (title, and every variant's price up by one) straight in the database, then a full
    /// pull stages them for Shopify and whatever the rules held is approved. Answers the pull's batch id.
    /// </summary>
    private static async Task<string> StageLocalEditsAsync(SyncHarness h)
    {
        await using (var db = await Db(h).CreateDbContextAsync(Ct))
        {
            await db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, p => p.Title + " (edited)"), Ct);
            await db.ProductVariants.ExecuteUpdateAsync(s => s.SetProperty(v => v.Price, v => v.Price + 1), Ct);
        }
        var pull = await h.PullAsync(new { sync_type = "full" });
        var pullId = pull.GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { batch_id = pullId, sync_direction = "push_to_shopify", notes = "catalog edits" }, Ct));
        var changes = await ChangesAsync(h, pullId);
        Assert.All(changes, c =>
        {
            Assert.Equal(SyncDirections.PushToShopify, c.SyncDirection);
            Assert.Equal(ChangeTypes.Update, c.ChangeType);
        });
        return pullId;
    }

    private static IDbContextFactory<SyncStudioDbContext> Db(SyncHarness h) =>
        h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();

    private static async Task<List<StagedProductChange>> ChangesAsync(SyncHarness h, string batchId)
    {
        await using var db = await Db(h).CreateDbContextAsync(Ct);
        return await db.StagedProductChanges.AsNoTracking().Where(c => c.BatchId == batchId).ToListAsync(Ct);
    }

    private static long LastSequence(SyncHarness h) =>
        h.Simulator.Simulator.GetMutationLog().Select(e => e.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>Since <paramref name="after"/>: every product got exactly one productUpdate and one productVariantsBulkUpdate.</summary>
    private static void AssertEachProductWrittenOnce(SyncHarness h, long after, IEnumerable<long> productIds)
    {
        var writes = h.Simulator.Simulator.GetMutationLog().Where(e => e.Sequence > after).ToList();
        var duplicates = writes.GroupBy(e => (e.ProductId, e.Operation)).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, "written more than once: " + string.Join(", ", duplicates.Take(20)));
        var expected = productIds.SelectMany(id => new[]
        {
            (SyncStudio.ShopifySimulator.ShopifyGid.Product(id), "productUpdate"),
            (SyncStudio.ShopifySimulator.ShopifyGid.Product(id), "productVariantsBulkUpdate"),
        }).Order().ToList();
        Assert.Equal(expected, writes.Select(e => (e.ProductId!, e.Operation)).Order().ToList());
    }

    private static void AssertShopifyHoldsTheEdits(SyncHarness h, Dictionary<long, SimulatedProduct> original)
    {
        var now = h.Simulator.Simulator.GetProducts();
        Assert.Equal(original.Count, now.Count);
        foreach (var product in now)
        {
            var was = original[product.Id];
            Assert.Equal(was.Title + " (edited)", product.Title);
            Assert.Equal(was.Variants.Select(v => v.Price + 1), product.Variants.Select(v => v.Price));
        }
    }
}
