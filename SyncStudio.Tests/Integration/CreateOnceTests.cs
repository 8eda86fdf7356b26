using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A create whose outcome is unknown never makes a second product (docs/decisions/0016): Shopify does not deduplicate
/// <c>productSet</c> (the simulator ignores <c>@idempotent</c> on it, as Shopify does), so the product is looked up by
/// its handle before any send, and a product under that handle that the create did not make is never taken as its own.
/// </summary>
public sealed class CreateOnceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACreateWhoseAnswerIsLostEndsWithOneProductInShopifyAppliedAndLinked()
    {
        await using var h = await SyncHarness.StartAsync("empty");
        var (id, handle, pullId) = await StageALocalCreateAsync(h, "Lost Answer Linen");
        var logStart = LastSequence(h);

        h.Simulator.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1 });
        var push = await h.PushAsync(new { batch_id = pullId, confirm = true });

        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());
        await AssertCreatedOnceAndLinkedAsync(h, id, handle, logStart);
        await AssertAFullPullStagesNothingAsync(h);
    }

    [Fact]
    public async Task ACreateLeftUnknownByOnePushIsFinishedByTheNextWithoutASecondProduct()
    {
        // A client that gives up after one retry: the outage after the lost answer outlasts the read-back.
        await using var h = await SyncHarness.StartAsync("empty", settings: new Dictionary<string, string?> { ["Shopify:MaxFaultRetries"] = "1" });
        var (id, handle, pullId) = await StageALocalCreateAsync(h, "Unknown Outcome Linen");
        var logStart = LastSequence(h);

        h.Simulator.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1, ServerErrorsAfterLostResponse = 2 });
        var first = await h.PushAsync(new { batch_id = pullId, confirm = true });
        Assert.Equal(1, first.GetProperty("summary").GetProperty("failed").GetInt32());
        var failed = await CreateChangeAsync(h, id);
        Assert.Equal((ChangeStatuses.Failed, "shopify_unavailable"), (failed.Status, failed.FailureReason));
        Assert.Single(h.Simulator.Simulator.GetProducts()); // it landed; the app could not see so

        h.Simulator.Simulator.Faults.Clear();
        var second = await h.PushAsync(new { batch_id = pullId, confirm = true });

        Assert.Equal(1, second.GetProperty("summary").GetProperty("successful").GetInt32());
        await AssertCreatedOnceAndLinkedAsync(h, id, handle, logStart);
        await AssertAFullPullStagesNothingAsync(h);
    }

    [Fact]
    public async Task AProductTheMerchantMadeUnderTheSameHandleIsNotTakenAsTheCreatedOne()
    {
        await using var h = await SyncHarness.StartAsync("empty");
        var (id, handle, pullId) = await StageALocalCreateAsync(h, "Merchant Also Linen");
        var merchants = (await h.MerchantAsync(
            "mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { id } userErrors { message } } }",
            new { input = new { title = "The merchant's own", handle } }))["productSet"]!["product"]!["id"]!.GetValue<string>();

        await h.PushAsync(new { batch_id = pullId, confirm = true });

        var change = await CreateChangeAsync(h, id);
        Assert.Equal((ChangeStatuses.Failed, "stale"), (change.Status, change.FailureReason));
        var only = Assert.Single(h.Simulator.Simulator.GetProducts());
        Assert.Equal((merchants, "The merchant's own"), (only.Gid, only.Title));
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, local.GetProperty("shopify_product_id").ValueKind);
    }

    [Fact]
    public async Task ARollbackThatCreatesAgainAndLosesTheAnswerMakesOneProductAndRelinksIt()
    {
        await using var h = await SyncHarness.StartAsync("empty");
        var (id, handle, pullId) = await StageALocalCreateAsync(h, "Rolled Back Delete Linen");
        await h.PushAsync(new { batch_id = pullId, confirm = true });
        using (var deleted = await h.Admin.DeleteAsync($"/api/products/{id}", Ct))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var deletePull = await h.PullAsync(new { sync_type = "full" });
        var deletePullId = deletePull.GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = deletePullId, notes = "gone" }, Ct));
        await h.PushAsync(new { batch_id = deletePullId, confirm = true });
        Assert.Empty(h.Simulator.Simulator.GetProducts());
        int deleteId;
        await using (var db = await Db(h).CreateDbContextAsync(Ct))
            deleteId = await db.StagedProductChanges.Where(c => c.ProductId == id && c.ChangeType == ChangeTypes.Delete).Select(c => c.Id).SingleAsync(Ct);
        var logStart = LastSequence(h);

        h.Simulator.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1 });
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{deleteId}", new { reason = "undo" }, Ct));

        await AssertCreatedOnceAndLinkedAsync(h, id, handle, logStart);
    }

    /// <summary>A local product, pulled as a create for Shopify and approved: its id, handle and the pull's batch id.</summary>
    private static async Task<(int Id, string Handle, string PullId)> StageALocalCreateAsync(SyncHarness h, string title)
    {
        var created = await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/products",
            new { title, sku = "ONCE-" + title.Length.ToString(CultureInfo.InvariantCulture), price = 19.90m, inventory_quantity = 4 }, Ct), HttpStatusCode.Created);
        var pull = await h.PullAsync(new { sync_type = "full" });
        var pullId = pull.GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { batch_id = pullId, sync_direction = "push_to_shopify", notes = "new product" }, Ct));
        var id = created.GetProperty("id").GetInt32();
        var change = await CreateChangeAsync(h, id);
        Assert.Equal((SyncDirections.PushToShopify, ChangeStatuses.Approved), (change.SyncDirection, change.Status));
        return (id, created.GetProperty("handle").GetString()!, pullId);
    }

    /// <summary>Exactly one product under the handle, made by one productSet since <paramref name="logStart"/>, and the local product linked to it.</summary>
    private static async Task AssertCreatedOnceAndLinkedAsync(SyncHarness h, int id, string handle, long logStart)
    {
        var product = Assert.Single(h.Simulator.Simulator.GetProducts(), p => p.Handle == handle);
        var creates = h.Simulator.Simulator.GetMutationLog().Where(e => e.Sequence > logStart && e.Operation == "productSet").ToList();
        Assert.Equal(product.Gid, Assert.Single(creates).ProductId);
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));
        Assert.Equal(product.Id.ToString(CultureInfo.InvariantCulture), local.GetProperty("shopify_product_id").ToString());
        Assert.Equal(product.Variants[0].Id.ToString(CultureInfo.InvariantCulture),
            local.GetProperty("variants")[0].GetProperty("shopify_variant_id").ToString());
    }

    private static async Task AssertAFullPullStagesNothingAsync(SyncHarness h)
    {
        var quiet = await h.PullAsync(new { sync_type = "full" });
        Assert.Equal(0, quiet.GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    private static async Task<StagedProductChange> CreateChangeAsync(SyncHarness h, int productId)
    {
        await using var db = await Db(h).CreateDbContextAsync(Ct);
        return await db.StagedProductChanges.AsNoTracking().SingleAsync(c => c.ProductId == productId && c.ChangeType == ChangeTypes.Create, Ct);
    }

    private static IDbContextFactory<SyncStudioDbContext> Db(SyncHarness h) =>
        h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();

    private static long LastSequence(SyncHarness h) =>
        h.Simulator.Simulator.GetMutationLog().Select(e => e.Sequence).DefaultIfEmpty(0).Max();
}
