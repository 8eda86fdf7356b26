using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Apply writes what the review decided and nothing else: a delete kept by its resolution deletes nothing, a local edit
/// made while a change applies is never overwritten, applying one change keeps the author of another pending edit,
/// and changes of one product in one push follow each other (docs/decisions/0006).
/// </summary>
public sealed class ApplyCorrectnessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALocalDeleteResolvedForShopifyKeepsTheProductOnBothSidesWithShopifysTitle()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);

        // Deleted locally, retitled in Shopify: the full pull stages the delete toward Shopify with a title conflict.
        Assert.Equal(HttpStatusCode.NoContent, (await h.Admin.DeleteAsync($"/api/products/{localId}", Ct)).StatusCode);
        await h.MerchantRetitleAsync(product.Id, "Retitled in Shopify");
        var delete = await StagedDeleteAsync(h, await PullBatchAsync(h), product.Id);
        Assert.Equal("push_to_shopify", delete.GetProperty("sync_direction").GetString());
        Assert.Equal("title", Assert.Single(delete.GetProperty("conflict_fields").EnumerateArray()).GetString());

        await ApproveAsync(h, delete, new { title = "shopify" });
        var push = await h.PushAsync(new { change_ids = new[] { delete.GetProperty("id").GetInt32() }, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());

        var inShopify = h.Simulator.Simulator.FindProduct(product.Handle);
        Assert.NotNull(inShopify);
        Assert.Equal("Retitled in Shopify", inShopify.Title);
        var local = await LocalAsync(h, localId);
        Assert.Equal(JsonValueKind.Null, local.GetProperty("deleted_at").ValueKind);
        Assert.Equal("Retitled in Shopify", local.GetProperty("title").GetString());
        await AssertNothingStagedAsync(h);
    }

    /// <summary>
    /// Found by the model-based test: a local delete kept for Shopify's values restores the local product from what
    /// Shopify holds; when the merchant deleted the product in Shopify after the review, it restored the local product
    /// from the reviewed copy and linked it to a product Shopify no longer has. It is stale now, and nothing is restored.
    /// </summary>
    [Fact]
    public async Task ALocalDeleteKeptForShopifyIsStaleWhenShopifyDeletedTheProductAfterTheReview()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);
        Assert.Equal(HttpStatusCode.NoContent, (await h.Admin.DeleteAsync($"/api/products/{localId}", Ct)).StatusCode);
        await h.MerchantRetitleAsync(product.Id, "Retitled in Shopify");
        var delete = await StagedDeleteAsync(h, await PullBatchAsync(h), product.Id);
        await ApproveAsync(h, delete, new { title = "shopify" });

        await h.MerchantAsync("mutation($i: ProductDeleteInput!) { productDelete(input: $i) { deletedProductId userErrors { message } } }",
            new { i = new { id = $"gid://shopify/Product/{product.Id}" } });
        var push = await h.PushAsync(new { change_ids = new[] { delete.GetProperty("id").GetInt32() }, confirm = true });

        Assert.Equal("stale", push.GetProperty("summary").GetProperty("results")[0].GetProperty("reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, (await LocalAsync(h, localId)).GetProperty("deleted_at").ValueKind);
        Assert.Null(h.Simulator.Simulator.FindProduct(product.Handle));
    }

    [Fact]
    public async Task AShopifyDeleteResolvedForLocalCreatesTheProductInShopifyAgainFromTheLocalOne()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);

        // Retitled locally, deleted in Shopify: the full pull stages the delete toward the local side with a conflict.
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { title = "Retitled locally" }, Ct));
        await h.MerchantAsync("mutation($i: ProductDeleteInput!) { productDelete(input: $i) { deletedProductId userErrors { message } } }",
            new { i = new { id = $"gid://shopify/Product/{product.Id}" } });
        var delete = await StagedDeleteAsync(h, await PullBatchAsync(h), product.Id);
        Assert.Equal("pull_from_shopify", delete.GetProperty("sync_direction").GetString());
        Assert.Equal("title", Assert.Single(delete.GetProperty("conflict_fields").EnumerateArray()).GetString());

        await ApproveAsync(h, delete, new { title = "local" });
        var push = await h.PushAsync(new { change_ids = new[] { delete.GetProperty("id").GetInt32() }, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());

        var local = await LocalAsync(h, localId);
        Assert.Equal(JsonValueKind.Null, local.GetProperty("deleted_at").ValueKind);
        Assert.Equal("Retitled locally", local.GetProperty("title").GetString());
        var recreated = h.Simulator.Simulator.FindProduct(product.Handle);
        Assert.NotNull(recreated);
        Assert.Equal("Retitled locally", recreated.Title);
        Assert.NotEqual(product.Id, recreated.Id);
        Assert.Equal(recreated.Id, local.GetProperty("shopify_product_id").GetInt64());
        await AssertNothingStagedAsync(h);
    }

    [Fact]
    public async Task ALocalEditMadeWhileAPulledChangeAppliesFailsTheChangeAsStaleAndIsKept()
    {
        var hook = new BeforeVersionsRead();
        await using var h = await SyncHarness.StartAsync(services: s => s.ConfigureDbContext<SqliteSyncStudioDbContext>(
            o => o.AddInterceptors(hook), ServiceLifetime.Singleton));
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);
        await h.MerchantRetitleAsync(product.Id, "Retitled in Shopify");
        var pullId = await PullBatchAsync(h);
        var change = Assert.Single(await h.StagedAsync($"batch_id={pullId}"));
        Assert.Equal("approved", change.GetProperty("status").GetString());

        // The apply has read the product (and compared it with staging) when it reads the product's base: the edit
        // lands right then, before the apply writes the local side.
        hook.Arm(async () => await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { title = "Edited meanwhile" }, Ct)));
        var push = await h.PushAsync(new { batch_id = pullId, confirm = true });
        Assert.True(hook.Fired);

        Assert.Equal(1, push.GetProperty("summary").GetProperty("failed").GetInt32());
        var failed = Assert.Single(await h.StagedAsync($"batch_id={pullId}"));
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("stale", failed.GetProperty("application_result").GetProperty("reason").GetString());
        Assert.Equal("Edited meanwhile", (await LocalAsync(h, localId)).GetProperty("title").GetString());
    }

    /// <summary>
    /// Pulled changes apply many to a transaction (docs/decisions/0024), each still checked alone: the one whose local
    /// product was edited after staging fails as stale, and the others of the same push apply.
    /// </summary>
    [Fact]
    public async Task APulledChangeEditedLocallyAfterStagingFailsAloneAndTheRestOfThePushApplies()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var products = Enumerable.Range(0, 3).Select(h.Product).ToList();
        foreach (var product in products)
            await h.MerchantRetitleAsync(product.Id, product.Handle + " retitled in Shopify");
        var pullId = await PullBatchAsync(h);
        Assert.Equal(3, (await h.StagedAsync($"batch_id={pullId}&status=approved")).Count);
        var editedId = await h.LocalIdAsync(products[1].Handle);
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{editedId}", new { title = "Edited locally since" }, Ct));

        var push = await h.PushAsync(new { batch_id = pullId, confirm = true });

        Assert.Equal(2, push.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.Equal(1, push.GetProperty("summary").GetProperty("failed").GetInt32());
        var failed = Assert.Single(await h.StagedAsync($"batch_id={pullId}&status=failed"));
        Assert.Equal(products[1].Id.ToString(CultureInfo.InvariantCulture), failed.GetProperty("shopify_product_id").GetString());
        Assert.Equal("stale", failed.GetProperty("application_result").GetProperty("reason").GetString());
        Assert.Equal("Edited locally since", (await LocalAsync(h, editedId)).GetProperty("title").GetString());
        foreach (var product in new[] { products[0], products[2] })
            Assert.Equal(product.Handle + " retitled in Shopify", (await LocalAsync(h, await h.LocalIdAsync(product.Handle))).GetProperty("title").GetString());
    }

    [Fact]
    public async Task ApplyingAPulledChangeKeepsTheAuthorOfAPendingLocalEditOfTheSameProduct()
    {
        await using var h = await SyncHarness.StartAsync(settings: new Dictionary<string, string?> { ["Review:FourEyes"] = "true" });
        await h.AgreeOnEverythingAsync();
        await HoldEveryUpdateAsync(h);
        var author = await h.App.ClientAsAsync(Roles.Approver);
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);

        // The author edits the title locally; Shopify's merchant changes the price.
        await ApiAssert.OkAsync(await author.PatchAsJsonAsync($"/api/products/{localId}", new { title = "Edited by the author" }, Ct));
        await h.MerchantRepriceAsync(product.Id, product.FirstVariantId, product.FirstPrice + 1);
        var first = await h.StagedAsync($"batch_id={await PullBatchAsync(h)}");
        var pulled = Assert.Single(first, c => c.GetProperty("sync_direction").GetString() == "pull_from_shopify");
        Assert.Single(first, c => c.GetProperty("sync_direction").GetString() == "push_to_shopify");

        // Someone else approves and applies the price alone.
        await ApproveAsync(h, pulled, null);
        var push = await h.PushAsync(new { change_ids = new[] { pulled.GetProperty("id").GetInt32() }, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());

        // The title edit, staged again against the new price, is still the author's: they cannot approve it.
        var pushed = Assert.Single(await h.StagedAsync($"batch_id={await PullBatchAsync(h)}"));
        Assert.Equal("push_to_shopify", pushed.GetProperty("sync_direction").GetString());
        Assert.Equal("pending", pushed.GetProperty("status").GetString());
        await ApiAssert.ErrorAsync(await author.PostAsJsonAsync($"/api/sync/staged/{pushed.GetProperty("id").GetInt32()}/approve",
            new { notes = "my own edit" }, Ct), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AConflictResolvedLocalAndAPushChangeOfTheSameProductBothApplyInOnePush()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);
        var localVariantId = (await LocalAsync(h, localId)).GetProperty("variants").EnumerateArray()
            .Single(v => v.GetProperty("shopify_variant_id").GetInt64() == product.FirstVariantId).GetProperty("id").GetInt32();

        // Locally: a new title and a new price; in Shopify: another new price. The price conflicts, the title is pushed.
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{localId}",
            new { title = "Retitled locally", variants = new[] { new { id = localVariantId, price = product.FirstPrice + 2 } } }, Ct));
        await h.MerchantRepriceAsync(product.Id, product.FirstVariantId, product.FirstPrice + 3);
        var pullId = await PullBatchAsync(h);
        var staged = await h.StagedAsync($"batch_id={pullId}");
        var conflict = Assert.Single(staged, c => c.GetProperty("has_conflicts").GetBoolean());
        var pricePath = Assert.Single(conflict.GetProperty("conflict_fields").EnumerateArray()).GetString()!;
        Assert.EndsWith("price", pricePath, StringComparison.Ordinal);
        var title = Assert.Single(staged, c => c.GetProperty("sync_direction").GetString() == "push_to_shopify");
        Assert.Equal("approved", title.GetProperty("status").GetString());

        await ApproveAsync(h, conflict, new Dictionary<string, string> { [pricePath] = "local" });
        var push = await h.PushAsync(new { batch_id = pullId, confirm = true });
        Assert.Equal(2, push.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.Equal(0, push.GetProperty("summary").GetProperty("failed").GetInt32());

        var inShopify = h.Simulator.Simulator.FindProduct(product.Handle)!;
        Assert.Equal("Retitled locally", inShopify.Title);
        Assert.Equal(product.FirstPrice + 2, inShopify.Variants.Single(v => v.Id == product.FirstVariantId).Price);
        await AssertNothingStagedAsync(h);
    }

    [Fact]
    public async Task AProductDeletedAndMadeAgainInShopifyWithItsHandleIsTheLocalProductsTwinUpdatedInOnePush()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);

        // Shopify's side: the old product gone, a new one (another id, one variant) with its handle. The full pull relinks
        // the local product to the new one and stages what differs as one update (decision 0027), which one push applies.
        await h.MerchantAsync("mutation($i: ProductDeleteInput!) { productDelete(input: $i) { deletedProductId userErrors { message } } }",
            new { i = new { id = $"gid://shopify/Product/{product.Id}" } });
        await h.MerchantAsync("mutation($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { message } } }",
            new
            {
                input = new
                {
                    title = "Made again",
                    handle = product.Handle,
                    status = "ACTIVE",
                    productOptions = new[] { new { name = "Title", values = new[] { new { name = "Default Title" } } } },
                    variants = new[] { new { price = "12.00", optionValues = new[] { new { optionName = "Title", name = "Default Title" } } } },
                },
            });
        var again = h.Simulator.Simulator.FindProduct(product.Handle);
        Assert.NotNull(again);
        Assert.NotEqual(product.Id, again.Id);

        var batchId = await PullBatchAsync(h);
        var staged = await h.StagedAsync($"batch_id={batchId}");
        var change = Assert.Single(staged);
        Assert.Equal(("update", localId), (change.GetProperty("change_type").GetString(), change.GetProperty("product_id").GetInt32()));
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId, notes = "reviewed" }, Ct));
        var push = await h.PushAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());

        var made = await LocalAsync(h, localId);
        Assert.Equal(JsonValueKind.Null, made.GetProperty("deleted_at").ValueKind);
        Assert.Equal("Made again", made.GetProperty("title").GetString());
        Assert.Equal(again.Id, made.GetProperty("shopify_product_id").GetInt64());
        await AssertNothingStagedAsync(h);
    }

    [Fact]
    public async Task AnEditWaitingWhenItsProductsCreateIsRolledBackNeitherReachesShopifyNorKeepsTheNewLocalCopyFromLinking()
    {
        await using var h = await SyncHarness.StartAsync();
        var first = await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);

        // A local edit staged (and approved by Minor Updates), then the product's create rolled back: the local product
        // is deleted and unlinked. The edit has nothing left to send; the Shopify product comes back as a create.
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { vendor = "Edited locally" }, Ct));
        var edit = Assert.Single(await h.StagedAsync($"batch_id={await PullBatchAsync(h)}"));
        Assert.Equal("approved", edit.GetProperty("status").GetString());
        var create = Assert.Single(await h.StagedAsync($"batch_id={first}"), c => c.GetProperty("product_id").GetInt32() == localId);
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/rollback/{create.GetProperty("id").GetInt32()}", new { reason = "undo", force = true }, Ct));

        // The rollback moved both sides and the base the edit was staged against: the edit is superseded (decision 0008).
        var editId = edit.GetProperty("id").GetInt32();
        Assert.Equal("superseded", (await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/sync/staged/{editId}", Ct))).GetProperty("item").GetProperty("status").GetString());
        var batchId = await PullBatchAsync(h);
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId, notes = "reviewed" }, Ct));
        await ApiAssert.ErrorAsync(await h.Admin.PostAsJsonAsync("/api/sync/shopify/push", new { change_ids = new[] { editId }, confirm = true }, Ct), HttpStatusCode.Conflict);
        Assert.NotEqual("Edited locally", h.Simulator.Simulator.FindProduct(product.Handle)!.Vendor);
        var push = await h.PushAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.NotEqual(localId, await h.LocalIdAsync(product.Handle));
        await AssertNothingStagedAsync(h);
    }

    /// <summary>
    /// Found by the model-based test: a local product's create approved, then the product deleted locally before any
    /// push. A full pull had nothing to compare (neither side holds it, nothing agreed) and left the approved create
    /// waiting, so every later push failed it as stale. The pull supersedes it now, and a push has nothing to apply.
    /// </summary>
    [Fact]
    public async Task ACreateApprovedForAProductDeletedLocallyBeforeAnyPushIsSupersededByTheNextPull()
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var created = await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/products",
            new { title = "Short-lived", sku = "SHORT-1", price = 5m, inventory_quantity = 1 }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var create = Assert.Single(await h.StagedAsync($"batch_id={await PullBatchAsync(h)}&product_id={id}"));
        var createId = create.GetProperty("id").GetInt32();
        await ApproveAsync(h, create, null);
        Assert.Equal(HttpStatusCode.NoContent, (await h.Admin.DeleteAsync($"/api/products/{id}", Ct)).StatusCode);

        await PullBatchAsync(h);

        Assert.Equal("superseded", (await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/sync/staged/{createId}", Ct))).GetProperty("item").GetProperty("status").GetString());
        await ApiAssert.ErrorAsync(await h.Admin.PostAsJsonAsync("/api/sync/shopify/push", new { change_ids = new[] { createId }, confirm = true }, Ct), HttpStatusCode.Conflict);
        Assert.Null(h.Simulator.Simulator.FindProduct(created.GetProperty("handle").GetString()!));
    }

    /// <summary>
    /// Found by the model-based test: a product deleted in Shopify and made again there under the same handle, while
    /// the local product was kept (its pulled delete rejected), was staged as a new product that could never be created
    /// (the handle is taken locally) beside the kept product still linked to the gone one: the sides never converged.
    /// A full read that no longer returns the old twin relinks the local product to the new one (docs/decisions/0027);
    /// its variants pair by SKU, or by option values where the SKUs were changed too.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AProductMadeAgainInShopifyUnderItsHandleIsTheKeptLocalProductsTwinNotANewProduct(bool sameSkus)
    {
        await using var h = await SyncHarness.StartAsync();
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);
        var gone = h.Simulator.Simulator.FindProduct(product.Handle)!;
        await h.MerchantAsync("mutation($i: ProductDeleteInput!) { productDelete(input: $i) { deletedProductId userErrors { message } } }",
            new { i = new { id = gone.Gid } });
        var delete = await StagedDeleteAsync(h, await PullBatchAsync(h), product.Id);
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/staged/{delete.GetProperty("id").GetInt32()}/reject", new { reason = "keep it" }, Ct));

        // Made again with the same handle and options (and SKUs, or new ones), under a new title (and so new ids).
        var made = await h.MerchantAsync(
            "mutation($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { message } } }",
            new
            {
                input = new
                {
                    title = "Made again",
                    handle = gone.Handle,
                    vendor = gone.Vendor,
                    productType = gone.ProductType,
                    descriptionHtml = gone.DescriptionHtml,
                    tags = gone.Tags,
                    status = gone.Status,
                    productOptions = gone.Options.Select(o => new { name = o.Name, values = o.Values.Select(v => new { name = v }).ToArray() }).ToArray(),
                    variants = gone.Variants.Select(v => new
                    {
                        price = v.Price.ToString(CultureInfo.InvariantCulture),
                        barcode = v.Barcode,
                        inventoryItem = new { sku = sameSkus ? v.Sku : v.Sku + "-NEW" },
                        optionValues = v.OptionValues.Select((value, i) => new { optionName = gone.Options[i].Name, name = value }).ToArray(),
                    }).ToArray(),
                },
            });
        Assert.Empty(made["productSet"]!["userErrors"]!.AsArray());
        var twin = h.Simulator.Simulator.FindProduct(gone.Handle)!;
        Assert.NotEqual(gone.Id, twin.Id);

        var pullId = await PullBatchAsync(h);
        var staged = await h.StagedAsync($"batch_id={pullId}");
        var change = Assert.Single(staged);
        Assert.Equal("update", change.GetProperty("change_type").GetString());
        Assert.Equal(localId, change.GetProperty("product_id").GetInt32());
        Assert.Equal(twin.Id.ToString(CultureInfo.InvariantCulture), change.GetProperty("shopify_product_id").GetString());
        Assert.Contains("title", change.GetProperty("field_changes").EnumerateObject().Select(f => f.Name));

        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = pullId, notes = "reviewed" }, Ct));
        await h.PushToTheEndAsync(new { batch_id = pullId, confirm = true });
        var local = await LocalAsync(h, localId);
        Assert.Equal("Made again", local.GetProperty("title").GetString());
        Assert.Equal(twin.Id, local.GetProperty("shopify_product_id").GetInt64());
        Assert.Equal(twin.Variants.Select(v => v.Id).Order(), local.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("shopify_variant_id").GetInt64()).Order());
        await AssertNothingStagedAsync(h);
    }

    private static async Task<string> PullBatchAsync(SyncHarness h) =>
        (await h.PullAsync(new { sync_type = "full" })).GetProperty("batch_id").GetString()!;

    private static async Task<JsonElement> StagedDeleteAsync(SyncHarness h, string batchId, long shopifyId) =>
        Assert.Single(await h.StagedAsync($"batch_id={batchId}&change_type=delete"),
            c => c.GetProperty("shopify_product_id").GetString() == shopifyId.ToString(CultureInfo.InvariantCulture));

    private static async Task ApproveAsync(SyncHarness h, JsonElement change, object? resolution) =>
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/staged/{change.GetProperty("id").GetInt32()}/approve",
            resolution is null ? (object)new { notes = "reviewed" } : new { notes = "reviewed", conflict_resolution = resolution }, Ct));

    private static async Task<JsonElement> LocalAsync(SyncHarness h, int id) =>
        await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));

    private static async Task AssertNothingStagedAsync(SyncHarness h)
    {
        var pull = await h.PullAsync(new { sync_type = "full" });
        Assert.Equal(0, pull.GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    /// <summary>Turns off the rule that auto-approves plain updates, so every staged change waits for a person.</summary>
    private static async Task HoldEveryUpdateAsync(SyncHarness h)
    {
        var factory = h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        Assert.Equal(1, await db.SyncApprovalRules.Where(r => r.RuleName == "Minor Updates").ExecuteUpdateAsync(s => s.SetProperty(r => r.IsActive, false), Ct));
    }
}
