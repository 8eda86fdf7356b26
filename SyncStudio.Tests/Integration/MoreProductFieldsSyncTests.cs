using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// SEO, cost, inventory policy, tracking, shipping, tax and customs fields (docs/decisions/0022): each is pulled from an
/// edit in Shopify, pushed from a local edit, reviewed, applied and rolled back on both sides against the simulator; a
/// conflict on one of them is a conflict on that path only; a cost change is never auto-approved.
/// </summary>
public sealed class MoreProductFieldsSyncTests(MoreProductFieldsSyncTests.AgreedShop shop) : IClassFixture<MoreProductFieldsSyncTests.AgreedShop>
{
    private const string CostRule = "Cost changes need approval";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncHarness H => shop.Harness;

    /// <summary>One harness for the class: every test works on a product of its own and leaves the sides agreeing.</summary>
    public sealed class AgreedShop : IAsyncLifetime
    {
        public SyncHarness Harness { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Harness = await SyncHarness.StartAsync("synthetic:14:7");
            await Harness.AgreeOnEverythingAsync();
        }

        public async ValueTask DisposeAsync() => await Harness.DisposeAsync();
    }

    /// <summary>
    /// A field as the API names it, a value Shopify's admin sets and one the local catalog sets, how the merchant sets
    /// one in Shopify, and how the simulator's product holds it (in the API's JSON terms).
    /// </summary>
    public sealed record Field(
        string Name, bool OnProduct, JsonNode InShopify, JsonNode Locally, Func<long, long, JsonNode, (string Query, object Variables)> Merchant,
        Func<SimulatedProduct, SimulatedVariant, JsonNode?> Read)
    {
        public override string ToString() => Name;
    }

    private static readonly Field[] All =
    [
        new("seo_title", true, "Linen for hot days", "Summer linen", (p, _, v) => Seo(p, new { title = v.GetValue<string>() }), (p, _) => p.SeoTitle),
        new("seo_description", true, "Breathable linen, cut loose.", "Loose linen that breathes.",
            (p, _, v) => Seo(p, new { description = v.GetValue<string>() }), (p, _) => p.SeoDescription),
        new("cost", false, 11.00m, 12.5m, (p, id, v) => Variant(p, id, new { inventoryItem = new { cost = Money(v) } }), (_, v) => v.Cost),
        new("inventory_policy", false, "continue", "continue",
            (p, id, v) => Variant(p, id, new { inventoryPolicy = v.GetValue<string>().ToUpperInvariant() }), (_, v) => v.InventoryPolicy.ToLowerInvariant()),
        new("tracked", false, false, false, (p, id, v) => Variant(p, id, new { inventoryItem = new { tracked = v.GetValue<bool>() } }), (_, v) => v.Tracked),
        new("requires_shipping", false, false, false,
            (p, id, v) => Variant(p, id, new { inventoryItem = new { requiresShipping = v.GetValue<bool>() } }), (_, v) => v.RequiresShipping),
        new("taxable", false, false, false, (p, id, v) => Variant(p, id, new { taxable = v.GetValue<bool>() }), (_, v) => v.Taxable),
        new("harmonized_system_code", false, "610910", "620520",
            (p, id, v) => Variant(p, id, new { inventoryItem = new { harmonizedSystemCode = v.GetValue<string>() } }), (_, v) => v.HarmonizedSystemCode),
        new("country_of_origin", false, "PT", "IT",
            (p, id, v) => Variant(p, id, new { inventoryItem = new { countryCodeOfOrigin = v.GetValue<string>() } }), (_, v) => v.CountryCodeOfOrigin),
    ];

    public static TheoryData<int, Field> Fields()
    {
        var data = new TheoryData<int, Field>();
        for (var i = 0; i < All.Length; i++)
            data.Add(i, All[i]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task EachFieldIsPulledPushedAndRolledBackOnBothSides(int index, Field field)
    {
        var product = H.Product(index);
        var id = await H.LocalIdAsync(product.Handle);
        var before = ShopifyValue(field, product.Handle, product.FirstVariantId);
        Assert.True(Same(before, await LocalValueAsync(field, id, product.FirstVariantId)), $"{field}: the sides agree to begin with");

        // Edited in Shopify: pulled as that one path, reviewed, applied locally, then rolled back on both sides.
        var (query, variables) = field.Merchant(product.Id, product.FirstVariantId, field.InShopify);
        await H.MerchantAsync(query, variables);
        var pulled = await StageAsync(id, SyncDirections.PullFromShopify);
        var path = Assert.Single(Paths(pulled));
        Assert.True(path == field.Name || path.EndsWith("]." + field.Name, StringComparison.Ordinal), path);
        Assert.True(Same(field.InShopify, JsonNode.Parse(pulled.GetProperty("field_changes").GetProperty(path).GetProperty("new").GetRawText())));
        await ApproveAndPushAsync(pulled);
        Assert.True(Same(field.InShopify, await LocalValueAsync(field, id, product.FirstVariantId)), $"{field}: applied locally");
        await RollBackAsync(pulled);
        Assert.True(Same(before, await LocalValueAsync(field, id, product.FirstVariantId)), $"{field}: rolled back locally");
        Assert.True(Same(before, ShopifyValue(field, product.Handle, product.FirstVariantId)), $"{field}: rolled back in Shopify");
        await AssertAFullPullStagesNothingForAsync(id);

        // Edited locally: pushed as that one path, written to Shopify, then rolled back on both sides.
        await PatchAsync(field, id, product.FirstVariantId, field.Locally);
        var pushed = await StageAsync(id, SyncDirections.PushToShopify);
        Assert.Equal(path, Assert.Single(Paths(pushed)));
        await ApproveAndPushAsync(pushed);
        Assert.True(Same(field.Locally, ShopifyValue(field, product.Handle, product.FirstVariantId)), $"{field}: written to Shopify");
        await RollBackAsync(pushed);
        Assert.True(Same(before, ShopifyValue(field, product.Handle, product.FirstVariantId)), $"{field}: rolled back in Shopify");
        Assert.True(Same(before, await LocalValueAsync(field, id, product.FirstVariantId)), $"{field}: rolled back locally");
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task ACostChangeWaitsForAnApproverWhileASettingChangedAloneIsAutoApproved()
    {
        var product = H.Product(9);
        var id = await H.LocalIdAsync(product.Handle);
        var cost = All.Single(f => f.Name == "cost");

        await PatchAsync(cost, id, product.FirstVariantId, 4.2m);
        var costChange = await StageAsync(id, SyncDirections.PushToShopify);
        Assert.Equal(ChangeStatuses.Pending, costChange.GetProperty("status").GetString());
        Assert.Contains(CostRule, costChange.GetProperty("rule_evaluation").GetRawText(), StringComparison.Ordinal);
        await ApproveAndPushAsync(costChange);

        var taxable = All.Single(f => f.Name == "taxable");
        await PatchAsync(taxable, id, product.FirstVariantId, false);
        var taxChange = await StageAsync(id, SyncDirections.PushToShopify);
        Assert.Equal(ChangeStatuses.Approved, taxChange.GetProperty("status").GetString());
        Assert.DoesNotContain(CostRule, taxChange.GetProperty("rule_evaluation").GetRawText(), StringComparison.Ordinal);
        await ApproveAndPushAsync(taxChange);
    }

    [Fact]
    public async Task ACostEditedOnBothSidesConflictsOnTheCostAloneAndTheOtherFieldsFlowTheirOwnWay()
    {
        var product = H.Product(10);
        var id = await H.LocalIdAsync(product.Handle);
        var fields = All.ToDictionary(f => f.Name);

        // Shopify: cost 11 and an SEO title. Locally: cost 12.5 and no tax.
        foreach (var (name, value) in new (string, JsonNode)[] { ("cost", 11m), ("seo_title", "Shopify's page title") })
        {
            var (query, variables) = fields[name].Merchant(product.Id, product.FirstVariantId, value);
            await H.MerchantAsync(query, variables);
        }

        await PatchAsync(fields["cost"], id, product.FirstVariantId, 12.5m);
        await PatchAsync(fields["taxable"], id, product.FirstVariantId, false);

        var pull = await H.PullAsync(new { sync_type = "incremental" });
        var staged = await H.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}");
        var fromShopify = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PullFromShopify);
        var fromLocal = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PushToShopify);
        var costPath = Paths(fromShopify).Single(p => p.EndsWith("cost", StringComparison.Ordinal));
        Assert.Equal([costPath], fromShopify.GetProperty("conflict_fields").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(Paths(fromShopify), p => p.EndsWith("seo_title", StringComparison.Ordinal));
        Assert.Equal([costPath.Replace("cost", "taxable", StringComparison.Ordinal)], Paths(fromLocal));

        // The reviewer keeps the local cost: Shopify gets 12.5 and no tax, the local catalog Shopify's page title.
        await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/staged/{fromShopify.GetProperty("id").GetInt32()}/approve",
            new Dictionary<string, object> { ["notes"] = "ours", ["conflict_resolution"] = new Dictionary<string, string> { [costPath] = "local" } }, Ct));
        Assert.Equal(ChangeStatuses.Approved, fromLocal.GetProperty("status").GetString());
        var push = await H.PushAsync(new { batch_id = pull.GetProperty("batch_id").GetString(), confirm = true });
        Assert.Equal(0, push.GetProperty("summary").GetProperty("failed").GetInt32());

        var shopify = H.Simulator.Simulator.FindProduct(product.Handle)!;
        var variant = shopify.Variants.Single(v => v.Id == product.FirstVariantId);
        Assert.Equal((12.5m, false, "Shopify's page title"), (variant.Cost, variant.Taxable, shopify.SeoTitle));
        Assert.True(Same("Shopify's page title", await LocalValueAsync(fields["seo_title"], id, product.FirstVariantId)));
        Assert.True(Same(12.5m, await LocalValueAsync(fields["cost"], id, product.FirstVariantId)));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    private static (string, object) Seo(long productId, object seo) => (
        "mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }",
        new { p = new { id = $"gid://shopify/Product/{productId}", seo } });

    private static (string, object) Variant(long productId, long variantId, object fields)
    {
        var input = JsonSerializer.SerializeToNode(fields)!.AsObject();
        input["id"] = $"gid://shopify/ProductVariant/{variantId}";
        return ("mutation($id: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $id, variants: $v) { userErrors { message field } } }",
            new { id = $"gid://shopify/Product/{productId}", v = new[] { input } });
    }

    private static string Money(JsonNode value) => value.GetValue<decimal>().ToString(CultureInfo.InvariantCulture);

    /// <summary>Numbers by value, anything else by its JSON text; null and absent alike.</summary>
    private static bool Same(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null || a.GetValueKind() == JsonValueKind.Null || b.GetValueKind() == JsonValueKind.Null)
            return (a is null || a.GetValueKind() == JsonValueKind.Null) && (b is null || b.GetValueKind() == JsonValueKind.Null);
        if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
            return a.GetValue<decimal>() == b.GetValue<decimal>();
        return a.ToJsonString() == b.ToJsonString();
    }

    private JsonNode? ShopifyValue(Field field, string handle, long variantId)
    {
        var product = H.Simulator.Simulator.FindProduct(handle)!;
        return field.Read(product, product.Variants.Single(v => v.Id == variantId));
    }

    private async Task<JsonNode?> LocalValueAsync(Field field, int id, long shopifyVariantId)
    {
        var local = JsonNode.Parse((await ApiAssert.OkAsync(await H.Admin.GetAsync($"/api/products/{id}", Ct))).GetRawText())!;
        if (field.OnProduct)
            return local[field.Name];
        var variant = local["variants"]!.AsArray().Single(v => v!["shopify_variant_id"]!.GetValue<long>() == shopifyVariantId)!;
        return variant[field.Name];
    }

    private async Task PatchAsync(Field field, int id, long shopifyVariantId, JsonNode value)
    {
        JsonObject body;
        if (field.OnProduct)
        {
            body = new JsonObject { [field.Name] = value.DeepClone() };
        }
        else
        {
            var local = JsonNode.Parse((await ApiAssert.OkAsync(await H.Admin.GetAsync($"/api/products/{id}", Ct))).GetRawText())!;
            var variantId = local["variants"]!.AsArray().Single(v => v!["shopify_variant_id"]!.GetValue<long>() == shopifyVariantId)!["id"]!.GetValue<int>();
            body = new JsonObject { ["variants"] = new JsonArray(new JsonObject { ["id"] = variantId, [field.Name] = value.DeepClone() }) };
        }

        await ApiAssert.OkAsync(await H.Admin.PatchAsJsonAsync($"/api/products/{id}", body, Ct));
    }

    /// <summary>Pulls and answers the one change staged for the product in that direction (nothing else is staged for it).</summary>
    private async Task<JsonElement> StageAsync(int id, string direction)
    {
        var pull = await H.PullAsync(new { sync_type = "incremental" });
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
