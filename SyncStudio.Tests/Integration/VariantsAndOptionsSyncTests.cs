using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Sync;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;
using SyncStudio.Tests.Integration.Simulator;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Variants and options added and removed on either side are staged as field paths, a removal waits for an Approver,
/// and apply and rollback write both sides (decision 0018): Shopify through productVariantsBulkCreate/Delete and
/// productOptionsCreate/Delete/Update, every list in calls of at most 250.
/// </summary>
public sealed class VariantsAndOptionsSyncTests
{
    private const string Handle = "three-sizes";
    private const string Removals = "Variant and Option Removals";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVariantAddedLocallyAndAnotherRemovedInShopifyAreStagedTheRemovalHeldAndBothAppliedAndRolledBackWithAnOptionRenamed()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var original = await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        var large = original.Variants.Single(v => v.Sku == "TS-L");

        // Locally: an XL. In Shopify: L deleted, and the option Color renamed Colour.
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { sku = "TS-XL", price = 24m, inventory_quantity = 4, options = new[] { "XL", "Red" } } } }, Ct));
        await MerchantAsync(h, "mutation($p: ID!, $v: [ID!]!) { productVariantsBulkDelete(productId: $p, variantsIds: $v) { userErrors { message } } }",
            new { p = original.Gid, v = new[] { large.Gid } });
        await MerchantAsync(h, "mutation($p: ID!, $o: OptionUpdateInput!) { productOptionUpdate(productId: $p, option: $o) { userErrors { message } } }",
            new { p = original.Gid, o = new { id = $"gid://shopify/ProductOption/{original.Options[1].Id}", name = "Colour" } });

        var pull = await h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var staged = await h.StagedAsync($"batch_id={batchId}&product_id={id}");
        var fromShopify = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PullFromShopify);
        var fromLocal = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PushToShopify);
        Assert.Equal(["option_names", "variants[TS-L]"], Paths(fromShopify));
        Assert.Equal(JsonValueKind.Null, fromShopify.GetProperty("field_changes").GetProperty("variants[TS-L]").GetProperty("new").ValueKind);
        Assert.Equal(["variants[TS-XL]"], Paths(fromLocal));
        // The removal waits for an Approver, held by the new default rule; the addition is a minor update.
        Assert.Equal(ChangeStatuses.Pending, fromShopify.GetProperty("status").GetString());
        Assert.Contains(Removals, fromShopify.GetProperty("rule_evaluation").ToString(), StringComparison.Ordinal);
        Assert.Equal(ChangeStatuses.Approved, fromLocal.GetProperty("status").GetString());

        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { change_ids = new[] { fromShopify.GetProperty("id").GetInt32() }, notes = "L is discontinued" }, Ct));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal((2, 0), (push.GetProperty("successful_items").GetInt32(), push.GetProperty("failed_items").GetInt32()));

        var shopify = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.Equal(["Size", "Colour"], shopify.Options.Select(o => o.Name));
        Assert.Equal(["TS-S", "TS-M", "TS-XL"], shopify.Variants.Select(v => v.Sku));
        var xl = shopify.Variants.Single(v => v.Sku == "TS-XL");
        Assert.Equal((24m, 4, "XL / Red"), (xl.Price, xl.TotalAvailable, xl.Title));
        var local = await LocalAsync(h, id);
        Assert.Equal(["Size", "Colour"], local.OptionNames);
        Assert.Equal(["TS-S", "TS-M", "TS-XL"], local.Variants.Select(v => v.Sku));
        Assert.Equal(xl.Id, local.Variants.Single(v => v.Sku == "TS-XL").ShopifyVariantId);
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(shopify)), ProductHasher.ComputeHash(local));

        // Rolled back, the later change first: XL goes from both sides, then L comes back on both (a new variant in
        // Shopify, in its old place) and the option is Color again.
        // The earlier change's product moved since its apply (by the later one's rollback): forced.
        var (later, earlier) = await AppliedLatestFirstAsync(h, id) is [var a, var b] ? (a, b) : throw new InvalidOperationException("two applied changes");
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{later}", new { reason = "undo" }, Ct));
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{earlier}", new { reason = "undo", force = true }, Ct));

        var restored = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.Equal(["Size", "Color"], restored.Options.Select(o => o.Name));
        Assert.Equal(["TS-S", "TS-M", "TS-L"], restored.Variants.Select(v => v.Sku));
        var back = restored.Variants.Single(v => v.Sku == "TS-L");
        Assert.NotEqual(large.Id, back.Id);
        Assert.Equal((large.Price, large.TotalAvailable, "L / Red"), (back.Price, back.TotalAvailable, back.Title));
        var localRestored = await LocalAsync(h, id);
        Assert.Equal(["Size", "Color"], localRestored.OptionNames);
        Assert.Equal(["TS-S", "TS-M", "TS-L"], localRestored.Variants.Select(v => v.Sku));
        Assert.Equal(back.Id, localRestored.Variants.Single(v => v.Sku == "TS-L").ShopifyVariantId);
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(original)), ProductHasher.ComputeHash(localRestored));
        var quiet = await h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await h.StagedAsync($"batch_id={quiet.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    [Fact]
    public async Task AnOptionAddedAndAValueRenamedLocallyAreWrittenToShopifyAndRolledBackThere()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var original = await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        List<ProductVariant> variants;
        await using (var db = await h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct))
            variants = await db.ProductVariants.AsNoTracking().Where(v => v.ProductId == id).OrderBy(v => v.Position).ToListAsync(Ct);

        // Locally: a third option, Fit, and the value Red renamed Crimson on every variant.
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}", new
        {
            option_names = new[] { "Size", "Color", "Fit" },
            variants = variants.Select(v => new { id = v.Id, options = new[] { v.Option1, "Crimson", v.Sku == "TS-L" ? "Loose" : "Slim" } }).ToArray(),
        }, Ct));
        var pull = await h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var change = Assert.Single(await h.StagedAsync($"batch_id={batchId}&product_id={id}"));
        Assert.Equal(ChangeStatuses.Approved, change.GetProperty("status").GetString());
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal((1, 0), (push.GetProperty("successful_items").GetInt32(), push.GetProperty("failed_items").GetInt32()));

        var shopify = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.Equal(["Size", "Color", "Fit"], shopify.Options.Select(o => o.Name));
        Assert.Equal(["S / Crimson / Slim", "M / Crimson / Slim", "L / Crimson / Loose"], shopify.Variants.Select(v => v.Title));
        Assert.Equal(original.Variants.Select(v => v.Id), shopify.Variants.Select(v => v.Id));
        // Renamed, not replaced: the option value is the one Red was.
        Assert.Equal(original.Options[1].Values.IndexOf("Red"), shopify.Options[1].Values.IndexOf("Crimson"));
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(shopify)), ProductHasher.ComputeHash(await LocalAsync(h, id)));

        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{change.GetProperty("id").GetInt32()}", new { reason = "undo" }, Ct));

        var restored = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.Equal(["Size", "Color"], restored.Options.Select(o => o.Name));
        Assert.Equal(["S / Red", "M / Red", "L / Red"], restored.Variants.Select(v => v.Title));
        Assert.Equal(original.Variants.Select(v => v.Id), restored.Variants.Select(v => v.Id));
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(original)), ProductHasher.ComputeHash(await LocalAsync(h, id)));
        var quiet = await h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await h.StagedAsync($"batch_id={quiet.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    [Fact]
    public async Task ThreeHundredVariantsRemovedInShopifyAreHeldAppliedLocallyAndRolledBackInCallsOfAtMost250()
    {
        const string many = "three-hundred-gone";
        await using var h = await SyncHarness.StartAsync("synthetic:3:7", o =>
        {
            o.Plan = ShopifyPlan.Plus;
            o.BucketSize = 1_000_000;
        });
        var created = await h.MerchantAsync("""
            mutation($input: ProductSetInput!) {
              productSet(input: $input, synchronous: true) { product { id } userErrors { field message code } }
            }
            """, new { input = InputLimitTests.ManyVariants(many, 600) });
        Assert.Empty(created["productSet"]!["userErrors"]!.AsArray());
        await h.AgreeOnEverythingAsync();
        var product = h.Simulator.Simulator.FindProduct(many)!;
        var id = await h.LocalIdAsync(many);
        var gone = product.Variants.Skip(300).ToList();
        foreach (var chunk in gone.Chunk(250))
        {
            await MerchantAsync(h, "mutation($p: ID!, $v: [ID!]!) { productVariantsBulkDelete(productId: $p, variantsIds: $v) { userErrors { message } } }",
                new { p = product.Gid, v = chunk.Select(v => v.Gid).ToArray() });
        }

        var pull = await h.PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var change = Assert.Single(await h.StagedAsync($"batch_id={batchId}&product_id={id}"));
        Assert.Equal(ChangeStatuses.Pending, change.GetProperty("status").GetString());
        Assert.Contains("removes 300 variants or options", change.GetProperty("rule_evaluation").ToString(), StringComparison.Ordinal);
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = new[] { change.GetProperty("id").GetInt32() }, notes = "ok" }, Ct));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(0, push.GetProperty("failed_items").GetInt32());
        Assert.Equal(300, (await LocalAsync(h, id)).Variants.Count);

        var logStart = h.Simulator.Simulator.GetMutationLog().Select(e => e.Sequence).DefaultIfEmpty(0).Max();
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{change.GetProperty("id").GetInt32()}", new { reason = "undo" }, Ct));

        var restored = h.Simulator.Simulator.FindProduct(many)!;
        Assert.Equal(600, restored.Variants.Length);
        Assert.Equal(product.Variants.Select(v => v.Sku), restored.Variants.Select(v => v.Sku));
        var creates = h.Simulator.Simulator.GetMutationLog().Where(e => e.Sequence > logStart && e.Operation == "productVariantsBulkCreate").ToList();
        Assert.Equal(2, creates.Count);
        Assert.Equal([250, 50], restored.Variants.Skip(300).GroupBy(v => v.CreatedAt).Select(g => g.Count()).OrderDescending());
        var local = await LocalAsync(h, id);
        Assert.Equal(600, local.Variants.Count);
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(restored)), ProductHasher.ComputeHash(local));

        // Removed locally this time (300 of them): pushed as deletes of at most 250.
        await using (var db = await h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct))
        {
            var keep = await db.ProductVariants.Where(v => v.ProductId == id).OrderBy(v => v.Position).Select(v => v.Id).Take(300).ToListAsync(Ct);
            await db.ProductVariants.Where(v => v.ProductId == id && !keep.Contains(v.Id)).ExecuteDeleteAsync(Ct);
        }

        var second = await h.PullAsync(new { sync_type = "full" });
        var secondBatch = second.GetProperty("batch_id").GetString()!;
        var removal = Assert.Single(await h.StagedAsync($"batch_id={secondBatch}&product_id={id}"));
        Assert.Equal(SyncDirections.PushToShopify, removal.GetProperty("sync_direction").GetString());
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = new[] { removal.GetProperty("id").GetInt32() }, notes = "ok" }, Ct));
        var deleteStart = h.Simulator.Simulator.GetMutationLog().Select(e => e.Sequence).DefaultIfEmpty(0).Max();
        var pushed = await h.PushToTheEndAsync(new { batch_id = secondBatch, confirm = true });
        Assert.Equal(0, pushed.GetProperty("failed_items").GetInt32());
        Assert.Equal(300, h.Simulator.Simulator.FindProduct(many)!.Variants.Length);
        Assert.Equal(2, h.Simulator.Simulator.GetMutationLog().Count(e => e.Sequence > deleteStart && e.Operation == "productVariantsBulkDelete"));
    }

    [Theory]
    [InlineData("local", "price")]
    [InlineData("local", "barcode")]
    [InlineData("shopify", "barcode")]
    public async Task AVariantRemovedInShopifyAndEditedLocallyIsOneConflictAndEitherResolutionLeavesBothSidesEqual(string keep, string field)
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var original = await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        var large = original.Variants.Single(v => v.Sku == "TS-L");
        var localLarge = await LocalVariantIdAsync(h, id, "TS-L");

        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { field == "price" ? (object)new { id = localLarge, price = 29m } : new { id = localLarge, barcode = "BL13" } } }, Ct));
        await MerchantAsync(h, "mutation($p: ID!, $v: [ID!]!) { productVariantsBulkDelete(productId: $p, variantsIds: $v) { userErrors { message } } }",
            new { p = original.Gid, v = new[] { large.Gid } });

        var pull = await h.PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var staged = await h.StagedAsync($"batch_id={batchId}&product_id={id}");
        var change = Assert.Single(staged);
        Assert.True(change.GetProperty("has_conflicts").GetBoolean());
        var conflicts = change.GetProperty("conflict_fields").EnumerateArray().Select(e => e.GetString()!).ToList();
        var resolution = conflicts.ToDictionary(p => p, _ => keep);
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/staged/{change.GetProperty("id").GetInt32()}/approve",
            new { notes = "resolve", conflict_resolution = resolution }, Ct));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal((1, 0), (push.GetProperty("successful_items").GetInt32(), push.GetProperty("failed_items").GetInt32()));

        var shopify = h.Simulator.Simulator.FindProduct(Handle)!;
        var after = await LocalAsync(h, id);
        static string Held(ProductSnapshot p) => string.Join(" | ", [string.Join(",", p.OptionNames), .. p.Variants.Select(v => $"{v.Sku} {v.Price} {v.Barcode} {v.InventoryQuantity} {v.Weight} {v.WeightUnit} {string.Join("/", v.Options)}")]);
        Assert.True(ProductHasher.ComputeHash(ShopifySnapshot(shopify)) == ProductHasher.ComputeHash(after), $"Shopify {Held(ShopifySnapshot(shopify))}\nlocal {Held(after)}");
        Assert.Equal(keep == "local" ? ["TS-S", "TS-M", "TS-L"] : ["TS-S", "TS-M"], after.Variants.Select(v => v.Sku));
        // The variant made again in Shopify is a new variant there, and the local one links to it.
        Assert.Equal(shopify.Variants.OrderBy(v => v.Sku).Select(v => (long?)v.Id), after.Variants.OrderBy(v => v.Sku).Select(v => v.ShopifyVariantId));
        var quiet = await h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await h.StagedAsync($"batch_id={quiet.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AVariantAddedInShopifyIsPulledAndItsRollbackRemovesItFromBothSides(bool editedSince)
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var original = await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        await MerchantAsync(h, "mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkCreate(productId: $p, variants: $v) { userErrors { message } } }",
            new { p = original.Gid, v = new[] { new { optionValues = new[] { new { optionName = "Size", name = "XL" }, new { optionName = "Color", name = "Red" } }, price = "25.00", inventoryItem = new { sku = "TS-XL" } } } });
        var pull = await h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var change = Assert.Single(await h.StagedAsync($"batch_id={batchId}&product_id={id}"));
        Assert.Equal(["variants[TS-XL]"], Paths(change));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal((1, 0), (push.GetProperty("successful_items").GetInt32(), push.GetProperty("failed_items").GetInt32()));
        Assert.Contains("TS-XL", (await LocalAsync(h, id)).Variants.Select(v => v.Sku));
        if (editedSince)
            await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}",
                new { variants = new[] { new { id = await LocalVariantIdAsync(h, id, "TS-XL"), barcode = "XL-1" } } }, Ct));

        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{change.GetProperty("id").GetInt32()}", new { reason = "undo", force = editedSince }, Ct));

        Assert.Equal(["TS-S", "TS-M", "TS-L"], (await LocalAsync(h, id)).Variants.Select(v => v.Sku));
        Assert.Equal(["TS-S", "TS-M", "TS-L"], h.Simulator.Simulator.FindProduct(Handle)!.Variants.Select(v => v.Sku));
        var quiet = await h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await h.StagedAsync($"batch_id={quiet.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    private static async Task<int> LocalVariantIdAsync(SyncHarness h, int productId, string sku)
    {
        await using var db = await h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct);
        return await db.ProductVariants.Where(v => v.ProductId == productId && v.Sku == sku).Select(v => v.Id).SingleAsync(Ct);
    }

    [Fact]
    public async Task AVariantsCreateWhoseAnswerIsLostIsSettledByReadingBackAndCreatesTheVariantOnce()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { sku = "TS-XL", price = 24m, inventory_quantity = 4, options = new[] { "XL", "Red" } } } }, Ct));
        var pull = await h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;

        h.Simulator.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1 });
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });

        Assert.Equal((1, 0), (push.GetProperty("successful_items").GetInt32(), push.GetProperty("failed_items").GetInt32()));
        Assert.Single(h.Simulator.Simulator.FindProduct(Handle)!.Variants, v => v.Sku == "TS-XL");
        Assert.Equal(1, h.Simulator.Simulator.GetMutationLog().Count(e => e.Operation == "productVariantsBulkCreate"));
    }

    /// <summary>
    /// Found by the model-based test: locally an option Fit is added (every variant takes a value), in Shopify L is
    /// removed. The pulled removal conflicts with the local edit of L; resolved "local", it writes L back to Shopify with
    /// a Fit value, which Shopify can only take once the push change beside it has added Fit. Applied first, it was
    /// refused as invalid; a product's local edits now apply before its pulled change.
    /// </summary>
    [Fact]
    public async Task AVariantRemovedInShopifyIsWrittenBackWithAnOptionAddedLocallyWhenItsConflictIsResolvedForLocal()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var original = await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}", new
        {
            option_names = new[] { "Size", "Color", "Fit" },
            variants = local.GetProperty("variants").EnumerateArray().Select(v => new
            {
                id = v.GetProperty("id").GetInt32(),
                options = v.GetProperty("options").EnumerateArray().Select(o => o.GetString()!).Append("Slim").ToArray(),
            }).ToArray(),
        }, Ct));
        await MerchantAsync(h, "mutation($p: ID!, $v: [ID!]!) { productVariantsBulkDelete(productId: $p, variantsIds: $v) { userErrors { message } } }",
            new { p = original.Gid, v = new[] { original.Variants.Single(v => v.Sku == "TS-L").Gid } });

        var pull = await h.PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var staged = await h.StagedAsync($"batch_id={batchId}&product_id={id}");
        var fromShopify = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PullFromShopify);
        var conflicts = fromShopify.GetProperty("conflict_fields").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Contains("variants[TS-L]", conflicts);
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/staged/{fromShopify.GetProperty("id").GetInt32()}/approve",
            new { notes = "L stays", conflict_resolution = conflicts.ToDictionary(c => c, _ => "local") }, Ct));
        var waiting = (await h.StagedAsync($"batch_id={batchId}&status=pending")).Select(c => c.GetProperty("id").GetInt32()).ToArray();
        if (waiting.Length > 0)
            await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = waiting, notes = "ok" }, Ct));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });

        Assert.True(push.GetProperty("failed_items").GetInt32() == 0, push.ToString());
        var shopify = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.Equal(["Size", "Color", "Fit"], shopify.Options.Select(o => o.Name));
        Assert.Equal(["S / Red / Slim", "M / Red / Slim", "L / Red / Slim"], shopify.Variants.Select(v => v.Title));
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(shopify)), ProductHasher.ComputeHash(await LocalAsync(h, id)));
    }

    /// <summary>The merchant creates a tee of three sizes in Shopify (options Size and Color); a first sync links it.</summary>
    /// <summary>
    /// Locally S and M are removed, in Shopify L: each removal applies alone, but together they leave no variant, which
    /// Shopify refuses at the last delete. They are one conflict, one path per variant; approval refuses a resolution
    /// keeping none of them, and one keeping some is written to both sides (Shopify's new variant before its deletes).
    /// </summary>
    [Theory]
    [InlineData("local")]
    [InlineData("shopify")]
    public async Task RemovalsOnBothSidesThatLeaveNoVariantAreOneConflictThatMustKeepOne(string keep)
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var original = await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));
        foreach (var variant in local.GetProperty("variants").EnumerateArray().Where(v => v.GetProperty("sku").GetString() != "TS-L"))
            await ApiAssert.OkAsync(await h.Admin.DeleteAsync($"/api/products/{id}/variants/{variant.GetProperty("id").GetInt32()}", Ct));
        await MerchantAsync(h, "mutation($p: ID!, $v: [ID!]!) { productVariantsBulkDelete(productId: $p, variantsIds: $v) { userErrors { message } } }",
            new { p = original.Gid, v = new[] { original.Variants.Single(v => v.Sku == "TS-L").Gid } });

        var pull = await h.PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var change = Assert.Single(await h.StagedAsync($"batch_id={batchId}&product_id={id}"));
        Assert.Equal(SyncDirections.PullFromShopify, change.GetProperty("sync_direction").GetString());
        var conflicts = change.GetProperty("conflict_fields").EnumerateArray().Select(c => c.GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["variants[TS-L]", "variants[TS-M]", "variants[TS-S]"], conflicts);
        var changeId = change.GetProperty("id").GetInt32();

        // Each path toward the side that removed it: nothing left, refused with every path named.
        var none = await h.Admin.PostAsJsonAsync($"/api/sync/staged/{changeId}/approve", new
        {
            notes = "remove them all",
            conflict_resolution = new Dictionary<string, string> { ["variants[TS-L]"] = "shopify", ["variants[TS-M]"] = "local", ["variants[TS-S]"] = "local" },
        }, Ct);
        var refusal = await ApiAssert.ErrorAsync(none, System.Net.HttpStatusCode.BadRequest);
        Assert.All(conflicts, c => Assert.True(refusal.TryGetProperty($"conflict_resolution.{c}", out _), refusal.ToString()));

        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/staged/{changeId}/approve",
            new { notes = "one side's", conflict_resolution = conflicts.ToDictionary(c => c, _ => keep) }, Ct));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });

        Assert.True(push.GetProperty("failed_items").GetInt32() == 0, push.ToString());
        var shopify = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.Equal(keep == "local" ? ["TS-L"] : ["TS-M", "TS-S"], shopify.Variants.Select(v => v.Sku!).Order(StringComparer.Ordinal));
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(shopify)), ProductHasher.ComputeHash(await LocalAsync(h, id)));
        var again = await h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await h.StagedAsync($"batch_id={again.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    /// <summary>
    /// Locally an option (Fit) is added; in Shopify a variant is added (XL, with a value for Size and Color only), or an
    /// option renamed (Color to Colour, both sides then changing the options). Values are positional, so neither side's
    /// variants can be written beside the other's options: the options and every variant's values are one conflict,
    /// settled to one side, and both sides end as that side.
    /// </summary>
    [Theory]
    [InlineData("local", "variant")]
    [InlineData("shopify", "variant")]
    [InlineData("local", "rename")]
    [InlineData("shopify", "rename")]
    public async Task AnOptionAddedOnOneSideWhileTheOtherAddsAVariantOrRenamesAnOptionIsOneConflictSettledToOneSide(string keep, string inShopify)
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var original = await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}", new
        {
            option_names = new[] { "Size", "Color", "Fit" },
            variants = local.GetProperty("variants").EnumerateArray().Select(v => new
            {
                id = v.GetProperty("id").GetInt32(),
                options = v.GetProperty("options").EnumerateArray().Select(o => o.GetString()!).Append("Slim").ToArray(),
            }).ToArray(),
        }, Ct));
        if (inShopify == "variant")
        {
            await MerchantAsync(h, "mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkCreate(productId: $p, variants: $v) { userErrors { message } } }",
                new { p = original.Gid, v = new[] { new { optionValues = new[] { new { optionName = "Size", name = "XL" }, new { optionName = "Color", name = "Red" } }, price = "25.00", inventoryItem = new { sku = "TS-XL" } } } });
        }
        else
        {
            await MerchantAsync(h, "mutation($p: ID!, $o: OptionUpdateInput!) { productOptionUpdate(productId: $p, option: $o) { userErrors { message } } }",
                new { p = original.Gid, o = new { id = $"gid://shopify/ProductOption/{original.Options[1].Id}", name = "Colour" } });
        }

        var pull = await h.PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var change = Assert.Single(await h.StagedAsync($"batch_id={batchId}&product_id={id}"));
        var conflicts = change.GetProperty("conflict_fields").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Contains("option_names", conflicts);
        Assert.Contains("variants[TS-S].options", conflicts);
        if (inShopify == "variant")
            Assert.Contains("variants[TS-XL]", conflicts);

        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/staged/{change.GetProperty("id").GetInt32()}/approve",
            new { notes = "one side's options", conflict_resolution = conflicts.ToDictionary(c => c, _ => keep) }, Ct));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });

        Assert.True(push.GetProperty("failed_items").GetInt32() == 0, push.ToString());
        var shopify = h.Simulator.Simulator.FindProduct(Handle)!;
        string[] names = keep == "local" ? ["Size", "Color", "Fit"] : inShopify == "variant" ? ["Size", "Color"] : ["Size", "Colour"];
        Assert.Equal(names, shopify.Options.Select(o => o.Name));
        Assert.Equal(keep == "shopify" && inShopify == "variant" ? ["TS-L", "TS-M", "TS-S", "TS-XL"] : ["TS-L", "TS-M", "TS-S"],
            shopify.Variants.Select(v => v.Sku!).Order(StringComparer.Ordinal));
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(shopify)), ProductHasher.ComputeHash(await LocalAsync(h, id)));
        var again = await h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await h.StagedAsync($"batch_id={again.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    /// <summary>
    /// A reordered option list syncs both ways: written to Shopify with productOptionsReorder (each variant's values move
    /// with their options), and pulled from it into the local option order.
    /// </summary>
    [Fact]
    public async Task OptionsReorderedOnEitherSideAreReorderedOnTheOther()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var original = await AgreeOnAThreeSizeTeeAsync(h);
        var id = await h.LocalIdAsync(Handle);
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));

        // Locally: Color before Size, every variant's values moved with them.
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}", new
        {
            option_names = new[] { "Color", "Size" },
            variants = local.GetProperty("variants").EnumerateArray().Select(v => new
            {
                id = v.GetProperty("id").GetInt32(),
                options = v.GetProperty("options").EnumerateArray().Select(o => o.GetString()!).Reverse().ToArray(),
            }).ToArray(),
        }, Ct));
        await PullApproveAndPushAsync(h);

        var shopify = h.Simulator.Simulator.FindProduct(Handle)!;
        Assert.Equal(["Color", "Size"], shopify.Options.Select(o => o.Name));
        Assert.Equal(original.Options.Select(o => o.Id).Reverse(), shopify.Options.Select(o => o.Id));
        Assert.Equal(["Red/S", "Red/M", "Red/L"], shopify.Variants.Select(v => string.Join('/', v.OptionValues)));
        Assert.Equal(original.Variants.Select(v => v.Id).Order(), shopify.Variants.Select(v => v.Id).Order());
        Assert.Contains(h.Simulator.Simulator.GetMutationLog(), e => e.Operation == "productOptionsReorder");

        // In Shopify: Size first again.
        await MerchantAsync(h, "mutation($p: ID!, $o: [OptionReorderInput!]!) { productOptionsReorder(productId: $p, options: $o) { userErrors { message } } }",
            new { p = original.Gid, o = new[] { new { name = "Size" }, new { name = "Color" } } });
        await PullApproveAndPushAsync(h);

        var pulled = await LocalAsync(h, id);
        Assert.Equal(["Size", "Color"], pulled.OptionNames);
        Assert.Equal(new Dictionary<string, string> { ["TS-S"] = "S/Red", ["TS-M"] = "M/Red", ["TS-L"] = "L/Red" },
            pulled.Variants.ToDictionary(v => v.Sku!, v => string.Join('/', v.Options)));
        Assert.Equal(ProductHasher.ComputeHash(ShopifySnapshot(h.Simulator.Simulator.FindProduct(Handle)!)), ProductHasher.ComputeHash(pulled));
    }

    /// <summary>
    /// A remodel whose variants only an option going keeps apart: locally Color is removed and S/Blue becomes M. The
    /// Size values are written before Color goes, so Shopify's delete meets no two variants with one combination.
    /// </summary>
    [Fact]
    public async Task AnOptionRemovedWhileItsVariantsTakeNewValuesOfTheOthersIsWrittenWithoutACollision()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7");
        var created = await h.MerchantAsync("""
            mutation($input: ProductSetInput!) {
              productSet(input: $input, synchronous: true) { product { id } userErrors { field message code } }
            }
            """, new
        {
            input = new
            {
                title = "Two Colours",
                handle = "two-colours",
                status = "ACTIVE",
                productOptions = new object[]
                {
                    new { name = "Size", position = 1, values = new[] { new { name = "S" } } },
                    new { name = "Color", position = 2, values = new[] { new { name = "Red" }, new { name = "Blue" } } },
                },
                variants = new[] { "Red", "Blue" }.Select(c => new
                {
                    optionValues = new[] { new { optionName = "Size", name = "S" }, new { optionName = "Color", name = c } },
                    price = "20.00",
                    inventoryItem = new { sku = $"TC-{c}", tracked = true },
                }).ToArray(),
            },
        });
        Assert.Empty(created["productSet"]!["userErrors"]!.AsArray());
        await h.AgreeOnEverythingAsync();
        var id = await h.LocalIdAsync("two-colours");
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));

        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{id}", new
        {
            option_names = new[] { "Size" },
            variants = local.GetProperty("variants").EnumerateArray().Select(v => new
            {
                id = v.GetProperty("id").GetInt32(),
                options = new[] { v.GetProperty("sku").GetString() == "TC-Blue" ? "M" : "S" },
            }).ToArray(),
        }, Ct));
        await PullApproveAndPushAsync(h);

        var shopify = h.Simulator.Simulator.FindProduct("two-colours")!;
        Assert.Equal(["Size"], shopify.Options.Select(o => o.Name));
        Assert.Equal(new Dictionary<string, string> { ["TC-Red"] = "S", ["TC-Blue"] = "M" }, shopify.Variants.ToDictionary(v => v.Sku!, v => string.Join('/', v.OptionValues)));
    }

    private static async Task PullApproveAndPushAsync(SyncHarness h)
    {
        var pull = await h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var waiting = (await h.StagedAsync($"batch_id={batchId}&status=pending")).Select(c => c.GetProperty("id").GetInt32()).ToArray();
        if (waiting.Length > 0)
            await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = waiting, notes = "ok" }, Ct));
        var push = await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.True(push.GetProperty("failed_items").GetInt32() == 0, push.ToString());
        Assert.True((await h.StagedAsync($"batch_id={batchId}")).Count > 0);
    }

    private static async Task<SimulatedProduct> AgreeOnAThreeSizeTeeAsync(SyncHarness h)
    {
        var created = await h.MerchantAsync("""
            mutation($input: ProductSetInput!) {
              productSet(input: $input, synchronous: true) { product { id } userErrors { field message code } }
            }
            """, new
        {
            input = new
            {
                title = "Three Sizes Tee",
                handle = Handle,
                status = "ACTIVE",
                productOptions = new object[]
                {
                    new { name = "Size", position = 1, values = new[] { new { name = "S" }, new { name = "M" }, new { name = "L" } } },
                    new { name = "Color", position = 2, values = new[] { new { name = "Red" } } },
                },
                variants = new[] { ("S", 20m), ("M", 21m), ("L", 22m) }.Select(v => new
                {
                    optionValues = new[] { new { optionName = "Size", name = v.Item1 }, new { optionName = "Color", name = "Red" } },
                    price = v.Item2.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    inventoryItem = new { sku = $"TS-{v.Item1}", tracked = true },
                }).ToArray(),
            },
        });
        Assert.Empty(created["productSet"]!["userErrors"]!.AsArray());
        await h.AgreeOnEverythingAsync();
        return h.Simulator.Simulator.FindProduct(Handle)!;
    }

    private static async Task MerchantAsync(SyncHarness h, string query, object variables)
    {
        var data = await h.MerchantAsync(query, variables);
        var payload = data.AsObject().Single().Value!;
        Assert.Empty(payload["userErrors"]!.AsArray());
    }

    private static string[] Paths(JsonElement change) =>
        [.. change.GetProperty("field_changes").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static async Task<ProductSnapshot> LocalAsync(SyncHarness h, int id)
    {
        await using var db = await h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct);
        var product = await db.Products.AsNoTracking().Include(p => p.Variants).SingleAsync(p => p.Id == id, Ct);
        return LocalSnapshots.ToSnapshot(product);
    }

    private static ProductSnapshot ShopifySnapshot(SimulatedProduct product) => new()
    {
        Title = product.Title,
        Handle = product.Handle,
        BodyHtml = product.DescriptionHtml,
        Vendor = product.Vendor,
        ProductType = product.ProductType,
        Tags = product.Tags,
        Status = product.Status.ToLowerInvariant(),
        OptionNames = [.. product.Options.Select(o => o.Name)],
        Variants = [.. product.Variants.Select(v => new VariantSnapshot
        {
            Sku = v.Sku,
            Price = v.Price,
            CompareAtPrice = v.CompareAtPrice,
            InventoryQuantity = v.TotalAvailable,
            Barcode = v.Barcode,
            Weight = v.Weight,
            WeightUnit = v.WeightUnit,
            Options = v.OptionValues,
        })],
    };

    /// <summary>The product's applied changes, the latest applied first: the order in which they roll back without 409.</summary>
    private static async Task<List<int>> AppliedLatestFirstAsync(SyncHarness h, int productId)
    {
        await using var db = await h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct);
        var applied = await db.StagedProductChanges.AsNoTracking()
            .Where(c => c.ProductId == productId && c.ChangeType == ChangeTypes.Update && c.Status == ChangeStatuses.Applied)
            .Select(c => new { c.Id, c.AppliedAt }).ToListAsync(Ct);
        return [.. applied.OrderByDescending(c => c.AppliedAt).ThenByDescending(c => c.Id).Select(c => c.Id)];
    }
}
