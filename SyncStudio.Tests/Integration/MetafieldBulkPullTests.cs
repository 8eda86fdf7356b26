using System.Text.Json.Nodes;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A full pull through Shopify's bulk export reads the synced metafields as aliased fields on the product and variant
/// lines (docs/decisions/0023), and agrees with what the paged reads see afterwards.
/// </summary>
public sealed class MetafieldBulkPullTests
{
    [Fact]
    public async Task ABulkPullReadsTheMetafieldsOfProductsAndVariantsInTheSyncedNamespacesOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync("synthetic:4:7", settings: new Dictionary<string, string?> { ["Sync:BulkThreshold"] = "1" });
        var product = h.Product(1);
        foreach (var (owner, key) in new[] { ("PRODUCT", "material"), ("PRODUCTVARIANT", "fit") })
        {
            await h.MerchantAsync(
                "mutation($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) { userErrors { message } } }",
                new { d = new { name = key, @namespace = "custom", key, type = "single_line_text_field", ownerType = owner } });
        }

        await h.MerchantAsync(
            "mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }",
            new
            {
                m = new object[]
                {
                    new { ownerId = $"gid://shopify/Product/{product.Id}", @namespace = "custom", key = "material", value = "Linen" },
                    new { ownerId = $"gid://shopify/ProductVariant/{product.FirstVariantId}", @namespace = "custom", key = "fit", value = "Slim" },
                    // Another namespace is not synced (Settings: custom only).
                    new { ownerId = $"gid://shopify/Product/{product.Id}", @namespace = "reviews", key = "rating", type = "number_integer", value = "4" },
                },
            });

        await h.AgreeOnEverythingAsync();
        var batch = await h.PullAsync(new { sync_type = "full" });
        var id = await h.LocalIdAsync(product.Handle);
        Assert.Empty(await h.StagedAsync($"batch_id={batch.GetProperty("batch_id").GetString()}&product_id={id}"));

        var local = JsonNode.Parse((await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", ct))).GetRawText())!;
        Assert.Equal("""{"custom.material":"Linen"}""", local["metafields"]!.ToJsonString());
        var variant = local["variants"]!.AsArray().Single(v => v!["shopify_variant_id"]!.GetValue<long>() == product.FirstVariantId)!;
        Assert.Equal("""{"custom.fit":"Slim"}""", variant["metafields"]!.ToJsonString());
    }
}
