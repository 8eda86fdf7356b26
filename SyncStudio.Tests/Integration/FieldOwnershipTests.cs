using System.Net;
using System.Net.Http.Json;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>Field ownership (docs/decisions/0026) from the settings API through a pull, a review and a push.</summary>
public sealed class FieldOwnershipTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PriceOwnedByLocalTurnsAShopifyPriceEditIntoAChangeBackTowardTheLocalPriceNeverAConflict()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var saved = await ApiAssert.OkAsync(await h.Admin.PutAsJsonAsync("/api/settings/safety",
            new { field_ownership = new[] { new { pattern = "price", owner = "local" } } }, Ct));
        Assert.Equal("local", saved.GetProperty("field_ownership")[0].GetProperty("owner").GetString());

        var product = h.Product(2);
        await h.MerchantRepriceAsync(product.Id, product.FirstVariantId, product.FirstPrice * 2);
        var pull = await h.PullAsync();
        var batchId = pull.GetProperty("batch_id").GetString()!;

        var staged = Assert.Single(await h.StagedAsync($"batch_id={batchId}"));
        Assert.Equal("push_to_shopify", staged.GetProperty("sync_direction").GetString());
        Assert.False(staged.GetProperty("has_conflicts").GetBoolean());
        var price = Assert.Single(staged.GetProperty("field_changes").EnumerateObject());
        Assert.EndsWith(".price", price.Name, StringComparison.Ordinal);
        Assert.Equal(product.FirstPrice * 2, price.Value.GetProperty("old").GetDecimal());
        Assert.Equal(product.FirstPrice, price.Value.GetProperty("new").GetDecimal());
        Assert.Equal("owned by local", price.Value.GetProperty("reason").GetString());

        // Still through the rules: doubling back is a 50% move, so it waits for an approver, and then goes over.
        Assert.Equal("pending", staged.GetProperty("status").GetString());
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId, notes = "local owns prices" }, Ct));
        var push = await h.PushAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.Equal(product.FirstPrice, h.Simulator.Simulator.GetProducts().Single(p => p.Id == product.Id).Variants.Single(v => v.Id == product.FirstVariantId).Price);
        Assert.Equal(0, (await h.PullAsync()).GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    /// <summary>
    /// Both sides change a vendor local owns: the local vendor goes over, carrying the agreed vendor as its base, since
    /// Shopify's old value is not what the sides last agreed. Its rollback returns both sides to that agreed vendor
    /// (design §8), and a full pull right after stages nothing.
    /// </summary>
    [Fact]
    public async Task AnOwnersCorrectionCarriesTheAgreedValueAndItsRollbackReturnsBothSidesToIt()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        await ApiAssert.OkAsync(await h.Admin.PutAsJsonAsync("/api/settings/safety",
            new { field_ownership = new[] { new { pattern = "vendor", owner = "local" } } }, Ct));
        var product = h.Product(2);
        var agreed = h.Simulator.Simulator.GetProducts().Single(p => p.Id == product.Id).Vendor;
        var localId = await h.LocalIdAsync(product.Handle);
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { vendor = "Local Co" }, Ct));
        await h.MerchantAsync("mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }",
            new { p = new { id = $"gid://shopify/Product/{product.Id}", vendor = "Shop Co" } });

        var pull = await h.PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var staged = Assert.Single(await h.StagedAsync($"batch_id={batchId}"));
        Assert.Equal("push_to_shopify", staged.GetProperty("sync_direction").GetString());
        var vendor = staged.GetProperty("field_changes").GetProperty("vendor");
        Assert.Equal(("Shop Co", "Local Co", agreed, "owned by local"),
            (vendor.GetProperty("old").GetString(), vendor.GetProperty("new").GetString(), vendor.GetProperty("base").GetString(), vendor.GetProperty("reason").GetString()));

        if (staged.GetProperty("status").GetString() == "pending")
            await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId, notes = "local owns vendors" }, Ct));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(0, push.GetProperty("failed_items").GetInt32());
        Assert.Equal("Local Co", h.Simulator.Simulator.GetProducts().Single(p => p.Id == product.Id).Vendor);

        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{staged.GetProperty("id").GetInt32()}", new { reason = "undo", force = true }, Ct));
        Assert.Equal(agreed, h.Simulator.Simulator.GetProducts().Single(p => p.Id == product.Id).Vendor);
        Assert.Equal(agreed, (await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{localId}", Ct))).GetProperty("vendor").GetString());
        Assert.Equal(0, (await h.PullAsync(new { sync_type = "full" })).GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    [Fact]
    public async Task AnOwnershipPatternThatNamesNoFieldOrAnUnknownOwnerIsRefusedAndNothingIsSaved()
    {
        await using var h = await SyncHarness.StartAsync();
        var refused = await ApiAssert.ErrorAsync(await h.Admin.PutAsJsonAsync("/api/settings/safety", new
        {
            circuit_breaker = new { max_variants_zeroed = 10 },
            field_ownership = new[] { new { pattern = "prise", owner = "local" }, new { pattern = "body_html", owner = "erp" } },
        }, Ct), HttpStatusCode.BadRequest);
        var details = refused;
        Assert.True(details.TryGetProperty("field_ownership[0].pattern", out _), details.ToString());
        Assert.True(details.TryGetProperty("field_ownership[1].owner", out _), details.ToString());

        var now = await ApiAssert.OkAsync(await h.Admin.GetAsync("/api/settings/safety", Ct));
        Assert.Equal(0, now.GetProperty("field_ownership").GetArrayLength());
        Assert.Equal(50, now.GetProperty("circuit_breaker").GetProperty("max_variants_zeroed").GetInt32());

        using var approver = await h.App.ClientAsAsync(Data.Roles.Approver);
        await ApiAssert.ErrorAsync(await approver.GetAsync("/api/settings/safety", Ct), HttpStatusCode.Forbidden);
    }
}
