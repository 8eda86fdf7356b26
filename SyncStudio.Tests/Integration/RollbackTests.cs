using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Rollback;
using SyncStudio.Services.Sync;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Rollback returns both sides to the change's base, whichever side the change came from, records that as the new
/// agreed version (so the next pull stages nothing), and undoes a create without leaving a link or a base that a later
/// pull would read as a delete (design §8, decision 0008).
/// </summary>
public sealed class RollbackTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync();
        await _h.AgreeOnEverythingAsync();
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RollingBackAPushedPriceEditRestoresTheOldPriceInShopifyAndLocally()
    {
        var product = _h.Product(0);
        var id = await _h.LocalIdAsync(product.Handle);
        var variant = await LocalVariantAsync(id, product.FirstVariantId);
        var oldPrice = variant.GetProperty("price").GetDecimal();
        var newPrice = Math.Round(oldPrice * 1.05m, 2) + 0.01m;
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { id = variant.GetProperty("id").GetInt32(), price = newPrice } } }, Ct));
        await PullApproveAndPushAsync("incremental");
        Assert.Equal(newPrice, ShopifyPrice(product.Handle, product.FirstVariantId));
        var change = await AppliedChangeAsync(id, SyncDirections.PushToShopify, ChangeTypes.Update);

        // What the dashboard shows before confirming: each side goes from the pushed price back to the old one.
        var preview = await _h.App.Services.GetRequiredService<RollbackService>().PreviewAsync(change.ChangeId, Ct);
        Assert.Equal(RollbackOutcome.Ok, preview.Outcome);
        Assert.All(new[] { preview.LocalChanges!, preview.ShopifyChanges! }, changes =>
        {
            var price = Assert.Single(changes).Value;
            Assert.Equal((newPrice, oldPrice), (price.Old!.GetValue<decimal>(), price.New!.GetValue<decimal>()));
        });

        await RollBackAsync(change.Id);

        Assert.Equal(oldPrice, ShopifyPrice(product.Handle, product.FirstVariantId));
        Assert.Equal(oldPrice, (await LocalVariantAsync(id, product.FirstVariantId)).GetProperty("price").GetDecimal());
        await AssertAFullPullStagesNothingForAsync(id);
        await AssertTheLatestVersionIsTheRollbackOfAsync(id, change.ChangeId);
        await AssertAuditedAsync(change.ChangeId);
    }

    [Fact]
    public async Task RollingBackAPulledPriceEditRestoresTheOldPriceLocallyAndInShopify()
    {
        var product = _h.Product(1);
        var id = await _h.LocalIdAsync(product.Handle);
        var oldPrice = product.FirstPrice;
        var newPrice = Math.Round(oldPrice * 1.05m, 2) + 0.01m;
        await _h.MerchantRepriceAsync(product.Id, product.FirstVariantId, newPrice);
        await PullApproveAndPushAsync("incremental");
        Assert.Equal(newPrice, (await LocalVariantAsync(id, product.FirstVariantId)).GetProperty("price").GetDecimal());
        var change = await AppliedChangeAsync(id, SyncDirections.PullFromShopify, ChangeTypes.Update);

        await RollBackAsync(change.Id);

        Assert.Equal(oldPrice, (await LocalVariantAsync(id, product.FirstVariantId)).GetProperty("price").GetDecimal());
        Assert.Equal(oldPrice, ShopifyPrice(product.Handle, product.FirstVariantId));
        await AssertAFullPullStagesNothingForAsync(id);
        await AssertTheLatestVersionIsTheRollbackOfAsync(id, change.ChangeId);
        await AssertAuditedAsync(change.ChangeId);
    }

    [Fact]
    public async Task RollingBackAPushedCreateDeletesItInShopifyAndRemovesItsLinkAndBase()
    {
        var created = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/products",
            new { title = "Rollback Linen", sku = "RB-LINEN-1", price = 19.90m, inventory_quantity = 4 }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var handle = created.GetProperty("handle").GetString()!;
        await PullApproveAndPushAsync("full");
        Assert.NotNull(_h.Simulator.Simulator.FindProduct(handle));
        var change = await AppliedChangeAsync(id, SyncDirections.PushToShopify, ChangeTypes.Create);

        await RollBackAsync(change.Id);

        Assert.Null(_h.Simulator.Simulator.FindProduct(handle));
        var local = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}", Ct));
        Assert.Equal(JsonValueKind.Null, local.GetProperty("shopify_product_id").ValueKind);
        Assert.All(local.GetProperty("variants").EnumerateArray(), v => Assert.Equal(JsonValueKind.Null, v.GetProperty("shopify_variant_id").ValueKind));
        await using (var db = await Db().CreateDbContextAsync(Ct))
            Assert.False(await db.SyncVersions.AnyAsync(v => v.EntityType == EntityTypes.Product && v.EntityId == id, Ct));

        // The local product is as before the create: unsynced, so the next pull may offer to create it again, never to delete it.
        var pull = await _h.PullAsync(new { sync_type = "full" });
        var staged = await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}");
        Assert.DoesNotContain(staged, c => c.GetProperty("change_type").GetString() == ChangeTypes.Delete);
    }

    [Fact]
    public async Task RollingBackAPulledCreateRemovesTheLocalProductAndTheNextPullProposesNoDelete()
    {
        var product = _h.Product(2);
        var id = await _h.LocalIdAsync(product.Handle);
        var change = await AppliedChangeAsync(id, SyncDirections.PullFromShopify, ChangeTypes.Create);

        await RollBackAsync(change.Id);

        var removed = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}", Ct));
        Assert.NotEqual(JsonValueKind.Null, removed.GetProperty("deleted_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("shopify_product_id").ValueKind);
        Assert.NotNull(_h.Simulator.Simulator.FindProduct(product.Handle));
        await using (var db = await Db().CreateDbContextAsync(Ct))
            Assert.False(await db.SyncVersions.AnyAsync(v => v.EntityType == EntityTypes.Product && v.EntityId == id, Ct));

        // Shopify still has the product and the local catalog does not: the next pull offers it as a create (the merchant
        // may reject it), never a delete of Shopify's product; and taking it again links a new local copy.
        var pull = await _h.PullAsync(new { sync_type = "full" });
        var shopifyId = product.Id.ToString(CultureInfo.InvariantCulture);
        var staged = (await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}"))
            .Where(c => c.GetProperty("shopify_product_id").GetString() == shopifyId || (c.TryGetProperty("product_id", out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt32() == id))
            .ToList();
        var create = Assert.Single(staged);
        Assert.Equal(ChangeTypes.Create, create.GetProperty("change_type").GetString());
        Assert.Equal(SyncDirections.PullFromShopify, create.GetProperty("sync_direction").GetString());
        Assert.Equal(ChangeStatuses.Pending, create.GetProperty("status").GetString());
        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/staged/{create.GetProperty("id").GetInt32()}/approve", new { notes = "take it back" }, Ct));
        var push = await _h.PushAsync(new { change_ids = new[] { create.GetProperty("id").GetInt32() }, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.NotEqual(id, await _h.LocalIdAsync(product.Handle));
    }

    /// <summary>
    /// Found by the model-based test: a product deleted locally, the delete staged for Shopify, then the pulled create
    /// that brought the product in rolled back with force. The waiting delete was staged against a link and a base the
    /// rollback removed; applied, it deleted Shopify's product, which the rollback had left there on purpose.
    /// </summary>
    [Fact]
    public async Task AChangeWaitingForAProductIsSupersededWhenTheProductIsRolledBack()
    {
        var product = _h.Product(3);
        var id = await _h.LocalIdAsync(product.Handle);
        var create = await AppliedChangeAsync(id, SyncDirections.PullFromShopify, ChangeTypes.Create);
        Assert.Equal(HttpStatusCode.NoContent, (await _h.Admin.DeleteAsync($"/api/products/{id}", Ct)).StatusCode);
        var pull = await _h.PullAsync(new { sync_type = "full" });
        var delete = Assert.Single(await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}"));
        Assert.Equal((ChangeTypes.Delete, SyncDirections.PushToShopify),
            (delete.GetProperty("change_type").GetString(), delete.GetProperty("sync_direction").GetString()));
        var deleteId = delete.GetProperty("id").GetInt32();
        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/staged/{deleteId}/approve", new { notes = "gone" }, Ct));

        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/rollback/{create.Id}", new { reason = "undo", force = true }, Ct));

        var waiting = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/staged/{deleteId}", Ct));
        Assert.Equal(ChangeStatuses.Superseded, waiting.GetProperty("item").GetProperty("status").GetString());
        await ApiAssert.ErrorAsync(await _h.Admin.PostAsJsonAsync("/api/sync/shopify/push", new { change_ids = new[] { deleteId }, confirm = true }, Ct), HttpStatusCode.Conflict);
        Assert.NotNull(_h.Simulator.Simulator.FindProduct(product.Handle));
    }

    /// <summary>
    /// Found by the model-based test: a local delete kept for Shopify's title restored the local product; rolled back
    /// with force after a later edit in Shopify, it wrote nothing (the product was on both sides), so the sides kept
    /// disagreeing on what the merchant had edited and the next pull staged it. A delete's rollback puts the product back
    /// on both sides as the base held it (decision 0008), whether a side lost it or kept it.
    /// </summary>
    [Fact]
    public async Task RollingBackAKeptDeleteReturnsBothSidesToTheBase()
    {
        var product = _h.Product(4);
        var id = await _h.LocalIdAsync(product.Handle);
        var baseTitle = _h.Simulator.Simulator.FindProduct(product.Handle)!.Title;
        Assert.Equal(HttpStatusCode.NoContent, (await _h.Admin.DeleteAsync($"/api/products/{id}", Ct)).StatusCode);
        await _h.MerchantRetitleAsync(product.Id, "Retitled in Shopify");
        var pull = await _h.PullAsync(new { sync_type = "full" });
        var delete = Assert.Single(await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}"));
        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/staged/{delete.GetProperty("id").GetInt32()}/approve",
            new { notes = "keep it", conflict_resolution = new { title = "shopify" } }, Ct));
        var push = await _h.PushAsync(new { change_ids = new[] { delete.GetProperty("id").GetInt32() }, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());
        await _h.MerchantAsync("mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }",
            new { p = new { id = $"gid://shopify/Product/{product.Id}", vendor = "Edited in Shopify since" } });

        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/rollback/{delete.GetProperty("id").GetInt32()}", new { reason = "undo", force = true }, Ct));

        var shopify = _h.Simulator.Simulator.FindProduct(product.Handle)!;
        var local = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}", Ct));
        Assert.Equal((baseTitle, baseTitle), (shopify.Title, local.GetProperty("title").GetString()));
        Assert.Equal(shopify.Vendor, local.GetProperty("vendor").GetString());
        Assert.NotEqual("Edited in Shopify since", shopify.Vendor);
        await AssertAFullPullStagesNothingForAsync(id);
    }

    private IDbContextFactory<SyncStudioDbContext> Db() => _h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();

    /// <summary>Pulls, approves whatever waits for review in that pull, and pushes it.</summary>
    private async Task PullApproveAndPushAsync(string syncType)
    {
        var pull = await _h.PullAsync(new { sync_type = syncType });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var waiting = (await _h.StagedAsync($"batch_id={batchId}&status=pending")).Select(c => c.GetProperty("id").GetInt32()).ToArray();
        if (waiting.Length > 0)
            await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = waiting, notes = "ok" }, Ct));
        var push = await _h.PushAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(0, push.GetProperty("summary").GetProperty("failed").GetInt32());
    }

    private async Task<StagedProductChange> AppliedChangeAsync(int productId, string direction, string type)
    {
        await using var db = await Db().CreateDbContextAsync(Ct);
        return await db.StagedProductChanges.AsNoTracking()
            .Where(c => c.ProductId == productId && c.SyncDirection == direction && c.ChangeType == type && c.Status == ChangeStatuses.Applied)
            .OrderByDescending(c => c.Id).FirstAsync(Ct);
    }

    private async Task RollBackAsync(int changeId)
    {
        var rolledBack = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/rollback/{changeId}", new { reason = "undo" }, Ct));
        Assert.StartsWith("rollback_", rolledBack.GetProperty("rollback_id").GetString(), StringComparison.Ordinal);
        var change = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct));
        Assert.Equal(ChangeStatuses.RolledBack, change.GetProperty("item").GetProperty("status").GetString());
    }

    private async Task<JsonElement> LocalVariantAsync(int productId, long shopifyVariantId)
    {
        var local = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{productId}", Ct));
        return local.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("shopify_variant_id").GetInt64() == shopifyVariantId);
    }

    private decimal ShopifyPrice(string handle, long variantId) =>
        _h.Simulator.Simulator.FindProduct(handle)!.Variants.Single(v => v.Id == variantId).Price;

    private async Task AssertAFullPullStagesNothingForAsync(int productId)
    {
        var pull = await _h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={productId}"));
    }

    /// <summary>Versions run 1..n without a gap, and the last is the rollback's: the product as both sides hold it.</summary>
    private async Task AssertTheLatestVersionIsTheRollbackOfAsync(int productId, string changeId)
    {
        await using var db = await Db().CreateDbContextAsync(Ct);
        var versions = await db.SyncVersions.AsNoTracking().Where(v => v.EntityType == EntityTypes.Product && v.EntityId == productId)
            .OrderBy(v => v.VersionNumber).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.VersionNumber));
        var latest = versions[^1];
        Assert.Equal(SourceSystems.Rollback, latest.SourceSystem);
        Assert.Equal(changeId, latest.ChangeId);
        var product = await db.Products.AsNoTracking().Include(p => p.Variants).SingleAsync(p => p.Id == productId, Ct);
        Assert.Equal(ProductHasher.ComputeHash(LocalSnapshots.ToSnapshot(product)), latest.VersionHash);
    }

    private async Task AssertAuditedAsync(string changeId)
    {
        await using var db = await Db().CreateDbContextAsync(Ct);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.EntityId == changeId && e.Action == "rolled_back", Ct));
    }
}
