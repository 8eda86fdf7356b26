using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Metafields of products and variants (docs/decisions/0023) against the simulator: read with their definitions,
/// pulled, edited on either side, reviewed, pushed and rolled back; a conflict on one metafield is a conflict on that
/// path only; a value that does not fit its definition is refused at approval with its path named; more than 25 on one
/// product are written in chunks.
/// </summary>
public sealed class MetafieldSyncTests(MetafieldSyncTests.DefinedShop shop) : IClassFixture<MetafieldSyncTests.DefinedShop>
{
    private const string Material = "metafields.custom.material";
    private const string Care = "metafields.custom.care";
    private const string Count = "metafields.custom.count";
    private const int Many = 30;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncHarness H => shop.Harness;

    /// <summary>
    /// One harness for the class: the shop defines product metafields (material, care, count and 30 more) and a variant
    /// metafield (fit), and the first product holds a material in Shopify before the first pull. Every test works on a
    /// product of its own and leaves the sides agreeing.
    /// </summary>
    public sealed class DefinedShop : IAsyncLifetime
    {
        public SyncHarness Harness { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Harness = await SyncHarness.StartAsync("synthetic:8:7");
            await DefineAsync(Harness, "PRODUCT", "material", "single_line_text_field");
            await DefineAsync(Harness, "PRODUCT", "care", "multi_line_text_field");
            await DefineAsync(Harness, "PRODUCT", "count", "number_integer");
            for (var i = 1; i <= Many; i++)
                await DefineAsync(Harness, "PRODUCT", $"spec_{i:00}", "single_line_text_field");
            await DefineAsync(Harness, "PRODUCTVARIANT", "fit", "single_line_text_field");
            await SetInShopifyAsync(Harness, Harness.Product(0).Id, false, "material", "Linen");
            await Harness.AgreeOnEverythingAsync();
        }

        public async ValueTask DisposeAsync() => await Harness.DisposeAsync();
    }

    [Fact]
    public async Task AMetafieldIsPulledEditedOnEachSidePushedAndRolledBack()
    {
        var product = H.Product(0);
        var id = await H.LocalIdAsync(product.Handle);
        Assert.Equal("Linen", (await LocalAsync(id))["metafields"]![Material["metafields.".Length..]]!.GetValue<string>());

        // Edited in Shopify: pulled as that one path, applied locally, then rolled back on both sides.
        await SetInShopifyAsync(H, product.Id, false, "material", "Hemp");
        var pulled = await StageAsync(id, SyncDirections.PullFromShopify);
        Assert.Equal([Material], Paths(pulled));
        Assert.Equal("Hemp", pulled.GetProperty("field_changes").GetProperty(Material).GetProperty("new").GetString());
        await ApproveAndPushAsync(pulled);
        Assert.Equal("Hemp", await LocalMetafieldAsync(id, "custom.material"));
        await RollBackAsync(pulled);
        Assert.Equal("Linen", await LocalMetafieldAsync(id, "custom.material"));
        Assert.Equal("Linen", ShopifyMetafield(product.Handle, null, "custom.material"));
        await AssertAFullPullStagesNothingForAsync(id);

        // Edited locally, on the product and one variant: pushed as those paths, written, then rolled back (the new
        // variant metafield removed from Shopify again).
        var variantId = await LocalVariantIdAsync(id, product.FirstVariantId);
        await PatchAsync(id, new JsonObject
        {
            ["metafields"] = new JsonObject { ["custom.material"] = "Cotton" },
            ["variants"] = new JsonArray(new JsonObject { ["id"] = variantId, ["metafields"] = new JsonObject { ["custom.fit"] = "Slim" } }),
        });
        var pushed = await StageAsync(id, SyncDirections.PushToShopify);
        var fitPath = Assert.Single(Paths(pushed), p => p.EndsWith("].metafields.custom.fit", StringComparison.Ordinal));
        Assert.Equal([Material, fitPath], Paths(pushed).Order(StringComparer.Ordinal));
        Assert.Equal(ChangeStatuses.Pending, pushed.GetProperty("status").GetString());
        Assert.Contains("Metafield changes need approval", pushed.GetProperty("rule_evaluation").GetRawText(), StringComparison.Ordinal);
        await ApproveAndPushAsync(pushed);
        Assert.Equal("Cotton", ShopifyMetafield(product.Handle, null, "custom.material"));
        Assert.Equal("Slim", ShopifyMetafield(product.Handle, product.FirstVariantId, "custom.fit"));
        await RollBackAsync(pushed);
        Assert.Equal("Linen", ShopifyMetafield(product.Handle, null, "custom.material"));
        Assert.Null(ShopifyMetafield(product.Handle, product.FirstVariantId, "custom.fit"));
        Assert.Equal("Linen", await LocalMetafieldAsync(id, "custom.material"));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task AMetafieldEditedOnBothSidesConflictsOnThatPathAloneAndTheOthersFlowTheirOwnWay()
    {
        var product = H.Product(1);
        var id = await H.LocalIdAsync(product.Handle);
        await SetInShopifyAsync(H, product.Id, false, "material", "Wool");
        await SetInShopifyAsync(H, product.Id, false, "care", "Hand wash.\nDry flat.");
        var variantId = await LocalVariantIdAsync(id, product.FirstVariantId);
        await PatchAsync(id, new JsonObject
        {
            ["metafields"] = new JsonObject { ["custom.material"] = "Silk" },
            ["variants"] = new JsonArray(new JsonObject { ["id"] = variantId, ["metafields"] = new JsonObject { ["custom.fit"] = "Loose" } }),
        });

        var pull = await H.PullAsync(new { sync_type = "full" });
        var staged = await H.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}");
        var fromShopify = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PullFromShopify);
        var fromLocal = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PushToShopify);
        Assert.Equal([Material], fromShopify.GetProperty("conflict_fields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([Care, Material], Paths(fromShopify).Order(StringComparer.Ordinal));
        Assert.Single(Paths(fromLocal), p => p.EndsWith("].metafields.custom.fit", StringComparison.Ordinal));

        // The reviewer keeps the local material: Shopify gets Silk and the fit, the local catalog Shopify's care.
        await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/staged/{fromShopify.GetProperty("id").GetInt32()}/approve",
            new Dictionary<string, object> { ["notes"] = "ours", ["conflict_resolution"] = new Dictionary<string, string> { [Material] = "local" } }, Ct));
        await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/staged/{fromLocal.GetProperty("id").GetInt32()}/approve", new { notes = "ok" }, Ct));
        var push = await H.PushAsync(new { batch_id = pull.GetProperty("batch_id").GetString(), confirm = true });
        Assert.Equal(0, push.GetProperty("summary").GetProperty("failed").GetInt32());

        Assert.Equal("Silk", ShopifyMetafield(product.Handle, null, "custom.material"));
        Assert.Equal("Loose", ShopifyMetafield(product.Handle, product.FirstVariantId, "custom.fit"));
        Assert.Equal("Hand wash.\nDry flat.", await LocalMetafieldAsync(id, "custom.care"));
        Assert.Equal("Silk", await LocalMetafieldAsync(id, "custom.material"));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task AValueThatDoesNotFitItsDefinitionIsRefusedAtApprovalWithItsPathAndNeverPushed()
    {
        var product = H.Product(2);
        var id = await H.LocalIdAsync(product.Handle);
        await PatchAsync(id, new JsonObject { ["metafields"] = new JsonObject { ["custom.count"] = "twelve" } });
        var change = await StageAsync(id, SyncDirections.PushToShopify);
        Assert.Equal(ChangeStatuses.Pending, change.GetProperty("status").GetString());

        var refused = await H.Admin.PostAsJsonAsync($"/api/sync/staged/{change.GetProperty("id").GetInt32()}/approve", new { notes = "ok" }, Ct);
        var error = await ApiAssert.OkAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains("whole number", error.GetProperty("details").GetProperty(Count).GetString(), StringComparison.Ordinal);
        Assert.Null(ShopifyMetafield(product.Handle, null, "custom.count"));

        // Corrected locally, the next pull stages it afresh and it goes through.
        await PatchAsync(id, new JsonObject { ["metafields"] = new JsonObject { ["custom.count"] = "12" } });
        var corrected = await StageAsync(id, SyncDirections.PushToShopify);
        await ApproveAndPushAsync(corrected);
        Assert.Equal("12", ShopifyMetafield(product.Handle, null, "custom.count"));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task MoreThanTwentyFiveMetafieldsOnOneProductAreWrittenInChunksOfTwentyFive()
    {
        var product = H.Product(3);
        var id = await H.LocalIdAsync(product.Handle);
        var values = new JsonObject();
        for (var i = 1; i <= Many; i++)
            values[$"custom.spec_{i:00}"] = $"Value {i}";
        var sequence = H.Simulator.Simulator.GetMutationLog() is [.., var last] ? last.Sequence : 0;
        await PatchAsync(id, new JsonObject { ["metafields"] = values });
        var change = await StageAsync(id, SyncDirections.PushToShopify);
        Assert.Equal(Many, Paths(change).Count);
        await ApproveAndPushAsync(change);

        for (var i = 1; i <= Many; i++)
            Assert.Equal($"Value {i}", ShopifyMetafield(product.Handle, null, $"custom.spec_{i:00}"));
        var sets = H.Simulator.Simulator.GetMutationLog()
            .Count(e => e.Sequence > sequence && e.Operation == "metafieldsSet" && e.ProductId == $"gid://shopify/Product/{product.Id}");
        Assert.Equal(2, sets);
        await AssertAFullPullStagesNothingForAsync(id);
    }

    private static async Task DefineAsync(SyncHarness h, string ownerType, string key, string type)
    {
        var data = await h.MerchantAsync(
            "mutation($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) { createdDefinition { id } userErrors { field message code } } }",
            new { d = new { name = key, @namespace = "custom", key, type, ownerType } });
        Assert.Empty(data["metafieldDefinitionCreate"]!["userErrors"]!.AsArray());
    }

    private static async Task SetInShopifyAsync(SyncHarness h, long productId, bool variant, string key, string value)
    {
        var data = await h.MerchantAsync(
            "mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { key } userErrors { field message code } } }",
            new { m = new[] { new { ownerId = $"gid://shopify/{(variant ? "ProductVariant" : "Product")}/{productId}", @namespace = "custom", key, value } } });
        Assert.Empty(data["metafieldsSet"]!["userErrors"]!.AsArray());
    }

    private string? ShopifyMetafield(string handle, long? variantId, string id)
    {
        var product = H.Simulator.Simulator.FindProduct(handle)!;
        var metafields = variantId is { } v ? product.Variants.Single(x => x.Id == v).Metafields : product.Metafields;
        return metafields?.FirstOrDefault(m => $"{m.Namespace}.{m.Key}" == id)?.Value;
    }

    private async Task<JsonNode> LocalAsync(int id) =>
        JsonNode.Parse((await ApiAssert.OkAsync(await H.Admin.GetAsync($"/api/products/{id}", Ct))).GetRawText())!;

    private async Task<string?> LocalMetafieldAsync(int id, string metafield) =>
        (await LocalAsync(id))["metafields"]?[metafield]?.GetValue<string>();

    private async Task<int> LocalVariantIdAsync(int id, long shopifyVariantId) =>
        (await LocalAsync(id))["variants"]!.AsArray().Single(v => v!["shopify_variant_id"]!.GetValue<long>() == shopifyVariantId)!["id"]!.GetValue<int>();

    private async Task PatchAsync(int id, JsonObject body) =>
        await ApiAssert.OkAsync(await H.Admin.PatchAsJsonAsync($"/api/products/{id}", body, Ct));

    /// <summary>Pulls in full and answers the one change staged for the product in that direction.</summary>
    private async Task<JsonElement> StageAsync(int id, string direction)
    {
        var pull = await H.PullAsync(new { sync_type = "full" });
        var staged = await H.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}");
        var change = Assert.Single(staged);
        Assert.Equal(direction, change.GetProperty("sync_direction").GetString());
        Assert.False(change.GetProperty("has_conflicts").GetBoolean());
        return change;
    }

    private async Task ApproveAndPushAsync(JsonElement change)
    {
        var changeId = change.GetProperty("id").GetInt32();
        if (change.GetProperty("status").GetString() == ChangeStatuses.Pending)
            await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/staged/{changeId}/approve", new { notes = "ok" }, Ct));
        var push = await H.PushAsync(new { change_ids = new[] { changeId }, confirm = true });
        Assert.Equal((1, 0), (push.GetProperty("summary").GetProperty("successful").GetInt32(), push.GetProperty("summary").GetProperty("failed").GetInt32()));
    }

    private async Task RollBackAsync(JsonElement change)
    {
        var changeId = change.GetProperty("id").GetInt32();
        await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/rollback/{changeId}", new { reason = "undo" }, Ct));
        var after = await ApiAssert.OkAsync(await H.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct));
        Assert.Equal(ChangeStatuses.RolledBack, after.GetProperty("item").GetProperty("status").GetString());
    }

    private async Task AssertAFullPullStagesNothingForAsync(int id)
    {
        var pull = await H.PullAsync(new { sync_type = "full" });
        Assert.Empty(await H.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    private static List<string> Paths(JsonElement change) =>
        [.. change.GetProperty("field_changes").EnumerateObject().Select(p => p.Name)];
}
