using System.Text.Json.Nodes;
using SyncStudio.Services.Shopify;
using static SyncStudio.Tests.Unit.Shopify.ShopifyReplies;

namespace SyncStudio.Tests.Unit.Shopify;

public sealed class ShopifyMutationTests
{
    private static readonly ShopifyProductCreate LinenShirt = new(
        "Linen Shirt", "linen-shirt", "<p>Cool linen.</p>", "Acme", "Shirts", ["linen", "summer"], "active",
        ["Size", "Color"],
        [
            new ShopifyVariantCreate("LS-S-W", 49.90m, 59.90m, "0123456789012", new ShopifyWeight(0.3m, ShopifyWeightUnit.Kilograms), 5, ["S", "White"]),
            new ShopifyVariantCreate("LS-M-W", 49.90m, null, null, null, 2, ["M", "White"]),
            new ShopifyVariantCreate("LS-M-B", 52m, null, null, null, 0, ["M", "Black"]),
        ],
        LocationId: 76);

    private static JsonNode Created => new JsonObject
    {
        ["productSet"] = new JsonObject
        {
            ["product"] = Product(9, "Linen Shirt", variants: [Variant(91, "LS-S-W", options: [("Size", "S"), ("Color", "White")])], options: ["Size", "Color"]),
            ["userErrors"] = new JsonArray(),
        },
    };

    [Fact]
    public async Task CreatingSendsTheWholeProductWithOptionsVariantsAndAMarkFromTheChange()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(Created));

        var result = await host.RunAsync(c => c.CreateProductAsync(LinenShirt, "chg_000123"));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(9, result.Value!.Id);
        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal("ProductCreate", request.OperationName);
        // productSet does not honour @idempotent on Shopify: the product carries a mark the look-up by handle reads.
        Assert.Contains("productSet(input: $input, synchronous: true) {", request.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("@idempotent", request.Query, StringComparison.Ordinal);
        var input = request.Variable("input")!;
        Assert.Equal("""[{"namespace":"$app:syncstudio","key":"create_key","type":"single_line_text_field","value":"syncstudio:product-create:chg_000123"}]""",
            input["metafields"]!.ToJsonString());
        Assert.Equal("ACTIVE", input["status"]!.GetValue<string>());
        Assert.Equal("""[{"name":"Size","position":1,"values":[{"name":"S"},{"name":"M"}]},{"name":"Color","position":2,"values":[{"name":"White"},{"name":"Black"}]}]""",
            input["productOptions"]!.ToJsonString());
        var first = input["variants"]![0]!;
        Assert.Equal("""[{"optionName":"Size","name":"S"},{"optionName":"Color","name":"White"}]""", first["optionValues"]!.ToJsonString());
        Assert.Equal(("49.90", "59.90", "0123456789012"),
            (first["price"]!.GetValue<string>(), first["compareAtPrice"]!.GetValue<string>(), first["barcode"]!.GetValue<string>()));
        Assert.Equal("""{"tracked":true,"sku":"LS-S-W","measurement":{"weight":{"unit":"KILOGRAMS","value":0.3}}}""", first["inventoryItem"]!.ToJsonString());
        Assert.Equal("""[{"locationId":"gid://shopify/Location/76","name":"available","quantity":5}]""", first["inventoryQuantities"]!.ToJsonString());
        Assert.Null(input["variants"]![1]!["compareAtPrice"]);
    }

    [Fact]
    public async Task ACreateWhoseAnswerIsLostIsNotSentAgainButReportedAsUnknown()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Status(System.Net.HttpStatusCode.BadGateway)).Then(() => Ok(Created));

        var result = await host.RunAsync(c => c.CreateProductAsync(LinenShirt, "chg_000123"));

        Assert.Equal(ShopifyFailureKind.OutcomeUnknown, result.Failure?.Kind);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task TheLookUpByHandleTellsThisCreatesProductFromAnyoneElses()
    {
        using var host = new ShopifyTestHost();
        JsonNode Found(string? mark)
        {
            var product = Product(9, "Linen Shirt", variants: [Variant(91, "LS-S-W", options: [("Size", "S"), ("Color", "White")])], options: ["Size", "Color"]);
            product["createMark"] = mark is null ? null : new JsonObject { ["value"] = mark };
            return new JsonObject { ["productByIdentifier"] = product };
        }

        host.Handler
            .Then(() => Ok(Found("syncstudio:product-create:chg_000123")))
            .Then(() => Ok(Found("syncstudio:product-create:chg_000999")))
            .Then(() => Ok(Found(null)))
            .Then(() => Ok(new JsonObject { ["productByIdentifier"] = null }));

        var ours = await host.RunAsync(c => c.FindProductByHandleAsync("linen-shirt", "chg_000123"));
        var anotherChanges = await host.RunAsync(c => c.FindProductByHandleAsync("linen-shirt", "chg_000123"));
        var merchants = await host.RunAsync(c => c.FindProductByHandleAsync("linen-shirt", "chg_000123"));
        var none = await host.RunAsync(c => c.FindProductByHandleAsync("linen-shirt", "chg_000123"));

        Assert.Equal((9L, true), (ours.Value!.Product.Id, ours.Value.MadeByThisCreate));
        Assert.False(anotherChanges.Value!.MadeByThisCreate);
        Assert.False(merchants.Value!.MadeByThisCreate);
        Assert.True(none.Succeeded);
        Assert.Null(none.Value);
        Assert.Equal("linen-shirt", host.Handler.Requests[0].Variable("handle")!.GetValue<string>());
    }

    [Fact]
    public async Task AProductWithoutOptionsIsCreatedWithShopifysDefaultTitleOption()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(Created));

        await host.RunAsync(c => c.CreateProductAsync(
            new ShopifyProductCreate("Poster", null, null, null, null, [], "draft", [], [new ShopifyVariantCreate("P-1", 10m, null, null, null, 3, [])]),
            "chg_9"));

        var input = host.Handler.Requests[0].Variable("input")!;
        Assert.Equal("""[{"name":"Title","position":1,"values":[{"name":"Default Title"}]}]""", input["productOptions"]!.ToJsonString());
        Assert.Equal("""[{"optionName":"Title","name":"Default Title"}]""", input["variants"]![0]!["optionValues"]!.ToJsonString());
        Assert.Null(input["variants"]![0]!["inventoryQuantities"]);
    }

    [Fact]
    public void TheIdempotencyKeyIsStablePerChangeAndBounded()
    {
        Assert.Equal(ShopifyClient.IdempotencyKey("inventory-set", "chg_1"), ShopifyClient.IdempotencyKey("inventory-set", "chg_1"));
        Assert.NotEqual(ShopifyClient.IdempotencyKey("inventory-set", "chg_1"), ShopifyClient.IdempotencyKey("inventory-set", "chg_2"));
        Assert.NotEqual(ShopifyClient.IdempotencyKey("inventory-set", "chg_1"), ShopifyClient.IdempotencyKey("product-create", "chg_1"));
        var longKey = ShopifyClient.IdempotencyKey("inventory-set", new string('x', 500));
        Assert.InRange(longKey.Length, 1, 100);
    }

    [Fact]
    public async Task CreateUserErrorsComeBackAsAFailure()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(UserErrors("productSet", ("input.handle", "Handle 'linen-shirt' already in use", "HANDLE_NOT_UNIQUE"))));

        var result = await host.RunAsync(c => c.CreateProductAsync(LinenShirt, "chg_1"));

        Assert.Equal(ShopifyFailureKind.UserErrors, result.Failure?.Kind);
        Assert.True(result.Failure!.HasUserErrorCode("HANDLE_NOT_UNIQUE"));
        Assert.Contains("input.handle: Handle 'linen-shirt' already in use", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdatingAProductSendsOnlyTheChangedFieldsWithProductUpdate()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(JsonNode.Parse("""
            {"productUpdate":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:05Z"},"userErrors":[]}}
            """)!));

        var result = await host.RunAsync(c => c.UpdateProductAsync(new ShopifyProductUpdate(1) { Title = "Linen Shirt II", Status = "archived" }));

        Assert.Equal(new ShopifyProductUpdated(1, new DateTime(2026, 7, 1, 12, 0, 5, DateTimeKind.Utc)), result.GetValueOrThrow());
        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal("ProductUpdate", request.OperationName);
        Assert.DoesNotContain("productSet", request.Query, StringComparison.Ordinal);
        Assert.Equal("""{"product":{"id":"gid://shopify/Product/1","title":"Linen Shirt II","status":"ARCHIVED"}}""", request.VariablesJson);
    }

    [Fact]
    public async Task UpdatingVariantsWritesSkuAndWeightThroughTheInventoryItem()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(new JsonObject
        {
            ["productVariantsBulkUpdate"] = new JsonObject
            {
                ["product"] = JsonNode.Parse("""{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"}"""),
                ["productVariants"] = new JsonArray(Variant(11, "NEW-SKU", "39.90", 4, ("Size", "S")), Variant(12, "B", "10.00", 1, ("Size", "M"))),
                ["userErrors"] = new JsonArray(),
            },
        }));

        var result = await host.RunAsync(c => c.UpdateVariantsAsync(1,
        [
            new ShopifyVariantUpdate(11) { Price = 39.90m, Sku = "NEW-SKU", Weight = new ShopifyWeight(250m, ShopifyWeightUnit.Grams) },
            new ShopifyVariantUpdate(12) { CompareAtPriceChanged = true, Barcode = "" },
        ]));

        Assert.Equal([11L, 12L], result.GetValueOrThrow().Select(v => v.Id));
        Assert.Equal(39.90m, result.Value![0].Price);
        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal("VariantsUpdate", request.OperationName);
        Assert.Equal("gid://shopify/Product/1", request.Variable("productId")!.GetValue<string>());
        Assert.Equal(
            """[{"id":"gid://shopify/ProductVariant/11","price":"39.90","inventoryItem":{"sku":"NEW-SKU","measurement":{"weight":{"unit":"GRAMS","value":250}}}},"""
            + """{"id":"gid://shopify/ProductVariant/12","compareAtPrice":null,"barcode":""}]""",
            request.Variable("variants")!.ToJsonString());
    }

    [Fact]
    public async Task AnUpdateThatChangesNothingIsACallerError()
    {
        using var host = new ShopifyTestHost();

        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.UpdateProductAsync(new ShopifyProductUpdate(1), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.UpdateVariantsAsync(1, [new ShopifyVariantUpdate(2)], TestContext.Current.CancellationToken));
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task SettingInventoryComparesWithTheQuantitySeenAtStaging()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(JsonNode.Parse("""
            {"inventorySetQuantities":{"inventoryAdjustmentGroup":{"id":"gid://shopify/InventoryAdjustmentGroup/3",
             "changes":[{"name":"available","delta":4,"quantityAfterChange":9,
             "item":{"id":"gid://shopify/InventoryItem/1011"},"location":{"id":"gid://shopify/Location/76"}}]},"userErrors":[]}}
            """)!));

        var result = await host.RunAsync(c => c.SetInventoryQuantityAsync(
            new ShopifyInventorySet(1011, 76, Quantity: 9, ChangeFromQuantity: 5, ChangeId: "chg_77")));

        var adjustment = result.GetValueOrThrow();
        Assert.Equal(new ShopifyInventoryChange("available", 4, 9, 1011, 76), Assert.Single(adjustment.Changes));
        var request = Assert.Single(host.Handler.Requests);
        Assert.Contains("inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey)", request.Query, StringComparison.Ordinal);
        Assert.Equal(
            """{"input":{"name":"available","reason":"correction","quantities":[{"inventoryItemId":"gid://shopify/InventoryItem/1011","locationId":"gid://shopify/Location/76","quantity":9,"changeFromQuantity":5}]},"idempotencyKey":"syncstudio:inventory-set:chg_77"}""",
            request.VariablesJson);
    }

    [Fact]
    public async Task DeletingAnswersTheDeletedProduct()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(() => Ok(JsonNode.Parse("""{"productDelete":{"deletedProductId":"gid://shopify/Product/8","userErrors":[]}}""")!))
            .Then(() => Ok(UserErrors("productDelete", ("id", "Product does not exist", null))));

        var deleted = await host.RunAsync(c => c.DeleteProductAsync(8));
        var missing = await host.RunAsync(c => c.DeleteProductAsync(8));

        Assert.Equal(8, deleted.GetValueOrThrow());
        Assert.Equal(ShopifyFailureKind.UserErrors, missing.Failure?.Kind);
        Assert.Equal("""{"input":{"id":"gid://shopify/Product/8"}}""", host.Handler.Requests[0].VariablesJson);
    }
}
