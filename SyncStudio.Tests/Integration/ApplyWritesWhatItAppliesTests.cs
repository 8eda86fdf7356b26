using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Every field path a local edit stages is either written to Shopify by the push or refused with its reason: never
/// "applied" while Shopify does not hold the value. Each test edits through the API, pushes, reads the simulator's
/// product back, and pulls once more to see that nothing is left to stage.
/// </summary>
public sealed class ApplyWritesWhatItAppliesTests : IAsyncLifetime
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
    public async Task ARenamedOptionIsWrittenToShopifyAndAFullPullAfterStagesNothing()
    {
        var product = _h.Product(0);
        var id = await _h.LocalIdAsync(product.Handle);

        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}", new { option_names = new[] { "Talla" } }, Ct));
        await PushTheLocalEditAsync(id);

        var inShopify = _h.Simulator.Simulator.FindProduct(product.Handle)!;
        Assert.Equal("Talla", Assert.Single(inShopify.Options).Name);
        await AssertAFullPullStagesNothingAsync();
    }

    [Fact]
    public async Task AVariantsNewOptionValueIsWrittenToThatVariantInShopifyAndAFullPullAfterStagesNothing()
    {
        var product = _h.Product(1);
        var id = await _h.LocalIdAsync(product.Handle);
        var variant = (await LocalAsync(id)).GetProperty("variants")[1];
        var sku = variant.GetProperty("sku").GetString();

        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { id = variant.GetProperty("id").GetInt32(), options = new[] { "Pequeña" } } } }, Ct));
        await PushTheLocalEditAsync(id);

        var before = _h.Simulator.Simulator.GetProducts().Single(p => p.Id == product.Id);
        Assert.Equal(["Pequeña"], before.Variants.Single(v => v.Sku == sku).OptionValues);
        Assert.Equal(2, before.Variants.Count(v => v.OptionValues[0] != "Pequeña"));
        await AssertAFullPullStagesNothingAsync();
    }

    [Fact]
    public async Task AClearedWeightIsWrittenAsShopifysZeroAndAFullPullAfterStagesNothing()
    {
        var product = _h.Product(2);
        var id = await _h.LocalIdAsync(product.Handle);
        var variant = (await LocalAsync(id)).GetProperty("variants")[0];
        Assert.NotEqual(0m, variant.GetProperty("weight").GetDecimal());

        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { id = variant.GetProperty("id").GetInt32(), weight = (decimal?)null } } }, Ct));
        await PushTheLocalEditAsync(id);

        var inShopify = _h.Simulator.Simulator.FindProduct(product.Handle)!;
        Assert.Equal(0m, inShopify.Variants.Single(v => v.Sku == variant.GetProperty("sku").GetString()).Weight);
        await AssertAFullPullStagesNothingAsync();
    }

    [Fact]
    public async Task ATagChangedOnlyInCaseIsNoChangeSoAFullPullStagesNothing()
    {
        var product = _h.Product(3);
        var id = await _h.LocalIdAsync(product.Handle);
        var tags = (await LocalAsync(id)).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Contains("synthetic", tags);

        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { tags = tags.Select(t => t == "synthetic" ? "Synthetic" : t).ToArray() }, Ct));

        await AssertAFullPullStagesNothingAsync();
    }

    [Fact]
    public async Task AWeightUnitShopifyHasNoNameForIsRefusedWhereItEntersWithTheFieldNamed()
    {
        var id = await _h.LocalIdAsync(_h.Product(4).Handle);
        var variant = (await LocalAsync(id)).GetProperty("variants")[0];

        var refused = await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { id = variant.GetProperty("id").GetInt32(), weight_unit = "stone" } } }, Ct);

        var details = await ApiAssert.ErrorAsync(refused, HttpStatusCode.BadRequest);
        Assert.True(details.TryGetProperty("variants[0].weight_unit", out _), details.ToString());
        Assert.Equal(variant.GetProperty("weight_unit").GetString(), (await LocalAsync(id)).GetProperty("variants")[0].GetProperty("weight_unit").GetString());
    }

    [Fact]
    public async Task AWeightUnitShopifyHasNoNameForAlreadyInTheCatalogIsStagedFailedWithItsReasonAndNeverWritten()
    {
        var product = _h.Product(5);
        var id = await _h.LocalIdAsync(product.Handle);
        await using (var db = await _h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct))
        {
            // As an older import could have left it: no route takes such a unit any more.
            var row = await db.ProductVariants.Where(v => v.ProductId == id).OrderBy(v => v.Position).FirstAsync(Ct);
            row.Weight = 3m;
            row.WeightUnit = "stone";
            await db.SaveChangesAsync(Ct);
        }

        var pull = await _h.PullAsync(new { sync_type = "full" });
        var change = (await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&sync_direction=push_to_shopify"))
            .Single(c => c.GetProperty("product_id").GetInt32() == id);

        Assert.Equal("failed", change.GetProperty("status").GetString());
        var result = change.GetProperty("application_result");
        Assert.Equal("invalid", result.GetProperty("reason").GetString());
        Assert.Contains("weight_unit", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("stone", result.GetProperty("message").GetString(), StringComparison.Ordinal);

        // A push never takes it (it could never be written as staged): nothing to apply, and Shopify untouched.
        var shopifyBefore = _h.Simulator.Simulator.FindProduct(product.Handle)!;
        await ApiAssert.ErrorAsync(await _h.Admin.PostAsJsonAsync("/api/sync/shopify/push", new { change_ids = new[] { change.GetProperty("id").GetInt32() }, confirm = true }, Ct),
            HttpStatusCode.Conflict);
        Assert.Equal(shopifyBefore, _h.Simulator.Simulator.FindProduct(product.Handle));
    }

    [Fact]
    public async Task RollingBackAPushedPriceAfterAVariantReorderInShopifyPutsBackOnlyThatVariantsPrice()
    {
        var product = _h.Product(6);
        var id = await _h.LocalIdAsync(product.Handle);
        var edited = (await LocalAsync(id)).GetProperty("variants")[1];
        var sku = edited.GetProperty("sku").GetString();
        var oldPrice = edited.GetProperty("price").GetDecimal();
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { id = edited.GetProperty("id").GetInt32(), price = oldPrice + 7m } } }, Ct));
        var changeId = await PushTheLocalEditAsync(id);

        // The merchant turns the variants' order around in Shopify.
        var pushed = _h.Simulator.Simulator.GetProducts().Single(p => p.Id == product.Id);
        var reorder = await _h.MerchantAsync("""
            mutation($id: ID!, $positions: [ProductVariantPositionInput!]!) {
              productVariantsBulkReorder(productId: $id, positions: $positions) { userErrors { message } }
            }
            """, new { id = pushed.Gid, positions = pushed.Variants.Reverse().Select((v, i) => new { id = v.Gid, position = i + 1 }).ToArray() });
        Assert.Empty(reorder["productVariantsBulkReorder"]!["userErrors"]!.AsArray());
        var reordered = _h.Simulator.Simulator.GetProducts().Single(p => p.Id == product.Id);
        Assert.Equal(pushed.Variants.Reverse().Select(v => v.Id), reordered.Variants.Select(v => v.Id));

        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/rollback/{changeId}",
            new { reason = "Price was updated incorrectly", force = true }, Ct));

        var after = _h.Simulator.Simulator.GetProducts().Single(p => p.Id == product.Id);
        foreach (var variant in pushed.Variants)
        {
            var now = after.Variants.Single(v => v.Id == variant.Id);
            Assert.Equal((variant.Sku, variant.Barcode, variant.Available), (now.Sku, now.Barcode, now.Available));
            Assert.Equal(variant.Sku == sku ? oldPrice : variant.Price, now.Price);
        }
    }

    private async Task<JsonElement> LocalAsync(int id) => await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}", Ct));

    /// <summary>Full pull, approve the product's push change, push it; answers the change's id once it is applied.</summary>
    private async Task<int> PushTheLocalEditAsync(int localId)
    {
        var pull = await _h.PullAsync(new { sync_type = "full" });
        var change = (await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&sync_direction=push_to_shopify"))
            .Single(c => c.GetProperty("product_id").GetInt32() == localId);
        var changeId = change.GetProperty("id").GetInt32();
        if (change.GetProperty("status").GetString() == "pending")
            await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = new[] { changeId }, notes = "ok" }, Ct));
        var push = await _h.PushAsync(new { change_ids = new[] { changeId }, confirm = true });
        Assert.True(push.GetProperty("summary").GetProperty("successful").GetInt32() == 1, push.ToString());
        return changeId;
    }

    private async Task AssertAFullPullStagesNothingAsync()
    {
        var pull = await _h.PullAsync(new { sync_type = "full" });
        var staged = await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}");
        Assert.True(staged.Count == 0, string.Join("\n", staged.Select(c => c.GetProperty("field_changes").ToString())));
    }
}
