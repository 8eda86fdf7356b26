using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;
using SyncStudio.Tests.Integration.Simulator;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A product of 600 variants (Shopify takes up to 2,048) pulls whole, however it is read (pages, single-product reads,
/// the bulk export), and is written in calls of at most 250 variants, Shopify's input limit, each written once: through
/// a chunk that fails after an earlier one landed, and through an HTTP 429 waited out for its Retry-After.
/// </summary>
public sealed class ManyVariantsSyncTests
{
    private const string Handle = "six-hundred-variants";
    private const string VariantsBulkUpdate = "productVariantsBulkUpdate";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AProductOf600VariantsPullsWholeIsPushedInChunksOf250AndRollsBackOnBothSides()
    {
        // A bulk export for every full pull (a threshold below the store's size); the incremental pull reads pages.
        await using var h = await StartAsync(new Dictionary<string, string?> { ["Sync:BulkThreshold"] = "1" });
        var original = await AgreeOnAProductOf600VariantsAsync(h);
        var export = h.Simulator.Simulator.Bulk.Current;
        Assert.True(export is { ObjectCount: > 600 }, "the first full pull read through a bulk export");
        var id = await h.LocalIdAsync(Handle);
        var local = await LocalVariantsAsync(h, id);
        Assert.Equal(600, local.Count);
        Assert.All(local, v => Assert.Equal(original[v.ShopifyVariantId], v.Price));

        await EditEveryPriceLocallyAsync(h, id, local);
        var logStart = LastSequence(h);
        var batchId = await PullAndApproveAsync(h);
        var push = await h.PushAsync(new { batch_id = batchId, confirm = true });

        Assert.Equal(0, push.GetProperty("summary").GetProperty("failed").GetInt32());
        var pushed = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.All(pushed.Variants, v => Assert.Equal(original[v.Id] + 1m, v.Price));
        Assert.Equal(3, Writes(h, logStart, pushed.Gid));
        AssertWrittenInChunksOf(pushed, [250, 250, 100]);

        var change = await AppliedPushAsync(h, id);
        var rolledBack = await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{change}", new { reason = "undo" }, Ct));
        Assert.StartsWith("rollback_", rolledBack.GetProperty("rollback_id").GetString(), StringComparison.Ordinal);

        var restored = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.All(restored.Variants, v => Assert.Equal(original[v.Id], v.Price));
        Assert.All(await LocalVariantsAsync(h, id), v => Assert.Equal(original[v.ShopifyVariantId], v.Price));
        Assert.Equal(6, Writes(h, logStart, restored.Gid));
        AssertWrittenInChunksOf(restored, [250, 250, 100]);
        var quiet = await h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await h.StagedAsync($"batch_id={quiet.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    [Fact]
    public async Task AChunkThatFailsAfterAnEarlierOneLandedIsResumedByTheNextPushWithoutWritingAnyVariantTwice()
    {
        await using var h = await StartAsync();
        var original = await AgreeOnAProductOf600VariantsAsync(h);
        var id = await h.LocalIdAsync(Handle);
        await EditEveryPriceLocallyAsync(h, id, await LocalVariantsAsync(h, id));
        var logStart = LastSequence(h);
        var batchId = await PullAndApproveAsync(h);

        // The second chunk fails before it runs, and so does its re-send after the read-back: the change fails with
        // the first 250 variants written.
        h.Simulator.Simulator.Faults.Configure(new FaultSettings { FailMutation = VariantsBulkUpdate, FailMutationAfter = 1, FailMutationTimes = 2 });
        var first = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(1, first.GetProperty("failed_items").GetInt32());
        Assert.Equal(250, h.Simulator.Simulator.FindProduct(Handle)!.Variants.Count(v => v.Price == original[v.Id] + 1m));
        Assert.Equal(1, Writes(h, logStart, h.Simulator.Simulator.FindProduct(Handle)!.Gid));

        h.Simulator.Simulator.Faults.Clear();
        var second = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });

        Assert.Equal((1, 0), (second.GetProperty("successful_items").GetInt32(), second.GetProperty("failed_items").GetInt32()));
        var pushed = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.All(pushed.Variants, v => Assert.Equal(original[v.Id] + 1m, v.Price));
        Assert.Equal(3, Writes(h, logStart, pushed.Gid));
        AssertWrittenInChunksOf(pushed, [250, 250, 100]);
    }

    [Fact]
    public async Task ATooManyRequestsAnswerIsWaitedOutForItsRetryAfterAndThePushWritesEachChunkOnce()
    {
        await using var h = await StartAsync();
        var original = await AgreeOnAProductOf600VariantsAsync(h);
        var id = await h.LocalIdAsync(Handle);
        await EditEveryPriceLocallyAsync(h, id, await LocalVariantsAsync(h, id));
        var logStart = LastSequence(h);
        var batchId = await PullAndApproveAsync(h);

        // The simulator answers 429 to every request until the Retry-After has passed: one 429 in all means the client
        // waited it out instead of coming back early.
        h.Simulator.Simulator.Faults.Configure(new FaultSettings { TooManyRequestsNextRequests = 1, RetryAfterSeconds = 1 });
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });

        Assert.Equal((1, 0), (push.GetProperty("successful_items").GetInt32(), push.GetProperty("failed_items").GetInt32()));
        Assert.Equal(1, h.Simulator.Simulator.Faults.TooManyRequestsAnswered);
        var pushed = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.All(pushed.Variants, v => Assert.Equal(original[v.Id] + 1m, v.Price));
        Assert.Equal(3, Writes(h, logStart, pushed.Gid));
        AssertWrittenInChunksOf(pushed, [250, 250, 100]);
    }

    /// <summary>Rate limits are not the point here: a large bucket keeps reads of 600 variants from waiting on them.</summary>
    private static Task<SyncHarness> StartAsync(Dictionary<string, string?>? settings = null) =>
        SyncHarness.StartAsync("synthetic:3:7", o =>
        {
            o.Plan = ShopifyPlan.Plus;
            o.BucketSize = 1_000_000;
        }, settings);

    /// <summary>The merchant creates the product in Shopify; a first sync links it. Its prices by Shopify variant id.</summary>
    private static async Task<Dictionary<long, decimal>> AgreeOnAProductOf600VariantsAsync(SyncHarness h)
    {
        var created = await h.MerchantAsync("""
            mutation($input: ProductSetInput!) {
              productSet(input: $input, synchronous: true) { product { id } userErrors { field message code } }
            }
            """, new { input = InputLimitTests.ManyVariants(Handle, 600) });
        Assert.Empty(created["productSet"]!["userErrors"]!.AsArray());
        await h.AgreeOnEverythingAsync();
        var product = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.Equal(600, product.Variants.Length);
        return product.Variants.ToDictionary(v => v.Id, v => v.Price);
    }

    private static async Task EditEveryPriceLocallyAsync(SyncHarness h, int id, IReadOnlyList<LocalVariant> variants) =>
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = variants.Select(v => new { id = v.Id, price = v.Price + 1m }).ToArray() }, Ct));

    /// <summary>Pulls the local edit (staged as a push) and approves what waits for review; the pull's batch id.</summary>
    private static async Task<string> PullAndApproveAsync(SyncHarness h)
    {
        var pull = await h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var staged = await h.StagedAsync($"batch_id={batchId}");
        Assert.Single(staged);
        var waiting = staged.Where(c => c.GetProperty("status").GetString() == ChangeStatuses.Pending).Select(c => c.GetProperty("id").GetInt32()).ToArray();
        if (waiting.Length > 0)
            await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = waiting, notes = "ok" }, Ct));
        return batchId;
    }

    private static async Task<List<LocalVariant>> LocalVariantsAsync(SyncHarness h, int id)
    {
        var product = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));
        return product.GetProperty("variants").EnumerateArray()
            .Select(v => new LocalVariant(v.GetProperty("id").GetInt32(), v.GetProperty("shopify_variant_id").GetInt64(), v.GetProperty("price").GetDecimal()))
            .ToList();
    }

    private static async Task<int> AppliedPushAsync(SyncHarness h, int productId)
    {
        await using var db = await h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct);
        return await db.StagedProductChanges.AsNoTracking()
            .Where(c => c.ProductId == productId && c.SyncDirection == SyncDirections.PushToShopify && c.ChangeType == ChangeTypes.Update
                && c.Status == ChangeStatuses.Applied)
            .Select(c => c.Id).SingleAsync(Ct);
    }

    private static long LastSequence(SyncHarness h) =>
        h.Simulator.Simulator.GetMutationLog().Select(e => e.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>The productVariantsBulkUpdate calls Shopify applied to the product since <paramref name="after"/>.</summary>
    private static int Writes(SyncHarness h, long after, string productGid) =>
        h.Simulator.Simulator.GetMutationLog().Count(e => e.Sequence > after && e.Operation == VariantsBulkUpdate && e.ProductId == productGid);

    /// <summary>
    /// The variants grouped by the write that last touched them (each call stamps the variants it updates): the sizes
    /// of the calls, which the simulator would have refused past 250.
    /// </summary>
    private static void AssertWrittenInChunksOf(SimulatedProduct product, int[] sizes) =>
        Assert.Equal(sizes, product.Variants.GroupBy(v => v.UpdatedAt).Select(g => g.Count()).OrderByDescending(n => n).ToArray());

    private sealed record LocalVariant(int Id, long ShopifyVariantId, decimal Price);
}
