using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Services.Shopify;
using SyncStudio.Tests.Shopify;
using static SyncStudio.Tests.Unit.Shopify.ShopifyReplies;

namespace SyncStudio.Tests.Unit.Shopify;

/// <summary>
/// Runs every client operation once against a fake Admin API and keeps what was sent, so the documents are
/// validated with the variables the client really builds.
/// </summary>
public sealed class ClientTrafficFixture : IAsyncLifetime
{
    public IReadOnlyList<RecordedRequest> Requests { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        // The client syncs the custom namespace, so product reads, the bulk query and the metafield writes are sent too.
        using var host = new ShopifyTestHost(addServices: s => s.AddSingleton<IMetafieldNamespaceSource>(new CustomNamespace()));
        var since = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var product = Product(1, variants: [Variant(11, "SKU-S", options: ("Size", "S")), Variant(12, "SKU-M", options: ("Size", "M"))],
            variantsEndCursor: "v2", options: ["Size"]);
        host.Handler
            .On("ProductsPage", _ => Ok(new JsonObject { ["products"] = Connection([product.DeepClone()]) }))
            .On("CollectionProductsPage", _ => Ok(new JsonObject
            {
                ["collection"] = new JsonObject { ["products"] = Connection([product.DeepClone()]) },
            }))
            .On("ProductVariantsPage", _ => Ok(new JsonObject
            {
                ["product"] = new JsonObject { ["variants"] = Connection([WithLevels(Variant(13, "SKU-L", options: ("Size", "L")), Connection([Level(5)], "l10"))]) },
            }))
            .On("InventoryLevelsPage", _ => Ok(new JsonObject
            {
                ["inventoryItem"] = new JsonObject { ["inventoryLevels"] = Connection([Level(6)]) },
            }))
            .On("Product", _ => Ok(new JsonObject { ["product"] = product.DeepClone() }))
            .On("Collection", _ => Ok(JsonNode.Parse("""{"collection":{"id":"gid://shopify/Collection/7","title":"Summer"}}""")!))
            .On("ProductsCount", _ => Ok(JsonNode.Parse("""{"productsCount":{"count":42,"precision":"EXACT"}}""")!))
            .On("Shop", _ => Ok(JsonNode.Parse("""
                {"shop":{"name":"Test","myshopifyDomain":"syncstudio-test.myshopify.com",
                 "plan":{"publicDisplayName":"Basic","partnerDevelopment":false,"shopifyPlus":false}}}
                """)!))
            .On("Locations", _ => Ok(JsonNode.Parse("""
                {"locations":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[{"id":"gid://shopify/Location/5","name":"Warehouse"}]}}
                """)!))
            .On("PrimaryLocation", _ => Ok(JsonNode.Parse("""
                {"location":{"id":"gid://shopify/Location/5","name":"Warehouse"}}
                """)!))
            .On("InventoryLevel", _ => Ok(JsonNode.Parse("""
                {"inventoryItem":{"id":"gid://shopify/InventoryItem/1011","inventoryLevel":
                 {"id":"gid://shopify/InventoryLevel/5?inventory_item_id=1011","quantities":[{"name":"available","quantity":5}]}}}
                """)!))
            .On("InventoryActivate", _ => Ok(JsonNode.Parse("""
                {"inventoryActivate":{"inventoryLevel":
                 {"id":"gid://shopify/InventoryLevel/6?inventory_item_id=1011","quantities":[{"name":"available","quantity":0}]},"userErrors":[]}}
                """)!))
            .On("BulkProductsRun", _ => Ok(JsonNode.Parse("""
                {"bulkOperationRunQuery":{"bulkOperation":{"id":"gid://shopify/BulkOperation/9","status":"CREATED"},"userErrors":[]}}
                """)!))
            .On("BulkOperation", _ => Ok(JsonNode.Parse("""
                {"bulkOperation":{"id":"gid://shopify/BulkOperation/9","status":"COMPLETED","errorCode":null,
                 "objectCount":"3","rootObjectCount":"1","url":null,"partialDataUrl":null}}
                """)!))
            .On("ProductCreate", _ => Ok(new JsonObject
            {
                ["productSet"] = new JsonObject { ["product"] = Product(2), ["userErrors"] = new JsonArray() },
            }))
            .On("ProductByHandle", _ => Ok(new JsonObject { ["productByIdentifier"] = product.DeepClone() }))
            .On("ProductUpdate", _ => Ok(JsonNode.Parse("""
                {"productUpdate":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"},"userErrors":[]}}
                """)!))
            .On("VariantsUpdate", _ => Ok(new JsonObject
            {
                ["productVariantsBulkUpdate"] = new JsonObject
                {
                    ["product"] = JsonNode.Parse("""{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"}"""),
                    ["productVariants"] = new JsonArray(Variant(11, "SKU-S", options: ("Size", "S"))),
                    ["userErrors"] = new JsonArray(),
                },
            }))
            .On("ProductOptions", _ => Ok(JsonNode.Parse("""
                {"product":{"id":"gid://shopify/Product/1","options":[{"id":"gid://shopify/ProductOption/31","name":"Size","position":1,
                 "optionValues":[{"id":"gid://shopify/ProductOptionValue/3101","name":"S"}]}]}}
                """)!))
            .On("OptionUpdate", _ => Ok(JsonNode.Parse("""
                {"productOptionUpdate":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"},"userErrors":[]}}
                """)!))
            .On("VariantsCreate", _ => Ok(new JsonObject
            {
                ["productVariantsBulkCreate"] = new JsonObject
                {
                    ["product"] = JsonNode.Parse("""{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"}"""),
                    ["productVariants"] = new JsonArray(Variant(14, "SKU-XL", options: ("Size", "XL"))),
                    ["userErrors"] = new JsonArray(),
                },
            }))
            .On("VariantsDelete", _ => Ok(JsonNode.Parse("""
                {"productVariantsBulkDelete":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"},"userErrors":[]}}
                """)!))
            .On("VariantsReorder", _ => Ok(JsonNode.Parse("""
                {"productVariantsBulkReorder":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"},"userErrors":[]}}
                """)!))
            .On("OptionsCreate", _ => Ok(JsonNode.Parse("""
                {"productOptionsCreate":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"},"userErrors":[]}}
                """)!))
            .On("OptionsReorder", _ => Ok(JsonNode.Parse("""
                {"productOptionsReorder":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"},"userErrors":[]}}
                """)!))
            .On("OptionsDelete", _ => Ok(JsonNode.Parse("""
                {"productOptionsDelete":{"product":{"id":"gid://shopify/Product/1","updatedAt":"2026-07-01T12:00:00Z"},"userErrors":[]}}
                """)!))
            .On("ProductDelete", _ => Ok(JsonNode.Parse("""
                {"productDelete":{"deletedProductId":"gid://shopify/Product/1","userErrors":[]}}
                """)!))
            .On("MetafieldDefinitions", _ => Ok(JsonNode.Parse("""
                {"metafieldDefinitions":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[
                 {"namespace":"custom","key":"material","name":"Material","type":{"name":"single_line_text_field"},"validations":[]}]}}
                """)!))
            .On("ProductMetafields", _ => Ok(JsonNode.Parse("""
                {"product":{"metafields":{"nodes":[{"namespace":"custom","key":"material","type":"single_line_text_field","value":"Linen"}]},
                 "variants":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[{"id":"gid://shopify/ProductVariant/11","metafields":{"nodes":[]}}]}}}
                """)!))
            .On("MetafieldsSet", _ => Ok(JsonNode.Parse("""
                {"metafieldsSet":{"metafields":[{"namespace":"custom","key":"material"}],"userErrors":[]}}
                """)!))
            .On("MetafieldsDelete", _ => Ok(JsonNode.Parse("""
                {"metafieldsDelete":{"deletedMetafields":[{"key":"material","namespace":"custom","ownerId":"gid://shopify/Product/1"}],"userErrors":[]}}
                """)!))
            .On("InventorySetQuantities", _ => Ok(JsonNode.Parse("""
                {"inventorySetQuantities":{"inventoryAdjustmentGroup":{"id":"gid://shopify/InventoryAdjustmentGroup/1",
                 "changes":[{"name":"available","delta":2,"quantityAfterChange":7,
                 "item":{"id":"gid://shopify/InventoryItem/1011"},"location":{"id":"gid://shopify/Location/5"}}]},"userErrors":[]}}
                """)!));

        var client = host.Client;
        Check(await client.GetProductsPageAsync(ShopifyProductQuery.All, null));
        Check(await client.GetProductsPageAsync(new ShopifyProductQuery(UpdatedSince: since), "eyJsYXN0X2lkIjo0Mn0="));
        Check(await client.GetProductsPageAsync(new ShopifyProductQuery(CollectionId: 7), null));
        Check(await client.GetProductAsync(1));
        Check(await client.CountProductsAsync(since));
        Check(await client.CountProductsAsync());
        Check(await client.GetCollectionAsync(7));
        Check(await client.GetShopAsync());
        Check(await client.GetPrimaryLocationAsync());
        Check(await client.GetLocationsAsync());
        Check(await client.GetInventoryLevelAsync(1011, 5));
        Check(await client.SetInventoryQuantitiesAsync([new ShopifyInventoryQuantity(1011, 5, 3, 5), new ShopifyInventoryQuantity(1012, 6, 0, 2)], "chg_000127:stock:0"));
        Check(await client.ActivateInventoryAsync(1011, 6, "chg_000126:11"));
        Check(await client.StartBulkProductExportAsync());
        Check(await client.StartBulkProductExportAsync(since));
        Check(await client.WaitForBulkOperationAsync("gid://shopify/BulkOperation/9"));
        Check(await client.CreateProductAsync(
            new ShopifyProductCreate(
                "Linen Shirt", "linen-shirt", "<p>Cool linen.</p>", "Acme", "Shirts", ["linen", "summer"], "active",
                ["Size", "Color"],
                [
                    new ShopifyVariantCreate("LS-S-W", 49.90m, 59.90m, "0123456789012", new ShopifyWeight(0.3m, ShopifyWeightUnit.Kilograms), 5, ["S", "White"]),
                    new ShopifyVariantCreate("LS-M-W", 49.90m, null, null, null, 2, ["M", "White"]),
                ],
                LocationId: 5),
            "chg_000123"));
        Check(await client.CreateProductAsync(
            new ShopifyProductCreate("Gift Card", null, null, null, null, [], "draft", [], [new ShopifyVariantCreate(null, 10m, null, null, null, null, [])]),
            "chg_000124"));
        Check(await client.FindProductByHandleAsync("linen-shirt", "chg_000123"));
        Check(await client.UpdateProductAsync(new ShopifyProductUpdate(1)
        {
            Title = "Linen Shirt",
            Handle = "linen-shirt",
            DescriptionHtml = "<p>New</p>",
            Vendor = "Acme",
            ProductType = "Shirts",
            Tags = ["linen"],
            Status = "archived",
        }));
        Check(await client.UpdateVariantsAsync(1,
        [
            new ShopifyVariantUpdate(11) { Price = 39.90m, CompareAtPrice = null, CompareAtPriceChanged = true },
            new ShopifyVariantUpdate(12) { Sku = "LS-M-W2", Barcode = "", Weight = new ShopifyWeight(300m, ShopifyWeightUnit.Grams) },
            new ShopifyVariantUpdate(13) { Weight = new ShopifyWeight(0m, ShopifyWeightUnit.Kilograms), OptionValues = [new("Talla", "L")] },
        ]));
        Check(await client.GetProductOptionsAsync(1));
        Check(await client.RenameOptionAsync(new ShopifyOptionRename(1, 31, "Talla")));
        Check(await client.RenameOptionAsync(new ShopifyOptionRename(1, 31, "Talla") { Values = [new ShopifyOptionValueRename(3101, "Pequeña")] }));
        Check(await client.CreateVariantsAsync(1, ["Size", "Color"],
        [
            new ShopifyVariantCreate("LS-XL-W", 52m, 60m, "0123456789013", new ShopifyWeight(0.4m, ShopifyWeightUnit.Kilograms), 3, ["XL", "White"]),
            new ShopifyVariantCreate(null, 52m, null, null, null, null, ["XS", "White"]),
        ], locationId: 5));
        Check(await client.DeleteVariantsAsync(1, [12, 13]));
        Check(await client.ReorderVariantsAsync(1, [(14, 1), (11, 3)]));
        Check(await client.CreateOptionsAsync(1, [new ShopifyOptionCreate("Fit", 2, ["Slim", "Loose"])]));
        Check(await client.DeleteOptionsAsync(1, [32]));
        Check(await client.ReorderOptionsAsync(1, [32, 31]));
        Check(await client.DeleteProductAsync(1));
        Check(await client.SetInventoryQuantityAsync(new ShopifyInventorySet(1011, 5, Quantity: 7, ChangeFromQuantity: 5, ChangeId: "chg_000125")));
        Check(await client.SetMetafieldsAsync([new ShopifyMetafieldSet(1, false, "custom", "material", "single_line_text_field", "Linen"),
            new ShopifyMetafieldSet(11, true, "custom", "fit", null, "Slim")]));
        Check(await client.DeleteMetafieldsAsync([new ShopifyMetafieldDelete(1, false, "custom", "material")]));
        Requests = host.Handler.GraphQLRequests;
    }

    private sealed class CustomNamespace : IMetafieldNamespaceSource
    {
        public ValueTask<IReadOnlyList<string>> GetNamespacesAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<string>>(["custom"]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static JsonObject WithLevels(JsonObject variant, JsonObject levels)
    {
        variant["inventoryItem"]!["inventoryLevels"] = levels;
        return variant;
    }

    private static JsonObject Level(long location) => new()
    {
        ["location"] = new JsonObject { ["id"] = $"gid://shopify/Location/{location}" },
        ["quantities"] = new JsonArray(new JsonObject { ["name"] = "available", ["quantity"] = 2 }),
    };

    private static void Check<T>(ShopifyResult<T> result) => Assert.True(result.Succeeded, result.ToString());
}

public sealed class ShopifyDocumentsTests(ClientTrafficFixture traffic) : IClassFixture<ClientTrafficFixture>
{
    public static TheoryData<string> DocumentNames => new(ShopifyDocuments.All.Select(d => d.Name));

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public async Task EveryDocumentValidatesAgainstTheAdminSchemaWithTheVariablesTheClientSends(string name)
    {
        var document = ShopifyDocuments.All.Single(d => d.Name == name);
        var sent = document.Kind == ShopifyDocumentKind.BulkQuery
            ? traffic.Requests.Where(r => r.OperationName == ShopifyDocuments.BulkProductsRun.Name)
                .Select(r => (Query: r.Variable("query")!.GetValue<string>(), Variables: (string?)null))
                .Append((document.Text, null))
                .ToList()
            : traffic.Requests.Where(r => r.OperationName == name)
                .Select(r => (Query: r.Query!, Variables: (string?)r.VariablesJson))
                .ToList();

        Assert.NotEmpty(sent);
        foreach (var (query, variables) in sent)
        {
            if (document.Kind != ShopifyDocumentKind.BulkQuery)
            {
                Assert.Equal(document.Text, query);
            }

            var errors = await AdminSchema.ValidateAsync(query, variables);
            Assert.True(errors.Count == 0, $"{name} with {variables}:\n{string.Join("\n", errors)}");
        }
    }

    /// <summary>
    /// Shopify refuses a request with a list input longer than 250 (https://shopify.dev/docs/api/usage/limits#input-limits);
    /// productSet's variants and option values are its documented exception (up to 2,048 for a whole product).
    /// </summary>
    [Fact]
    public void NoListTheClientSendsIsLongerThanShopifyTakes()
    {
        Assert.NotEmpty(traffic.Requests);
        foreach (var request in traffic.Requests)
        {
            foreach (var (path, count) in Lists(request.Variables, request.OperationName ?? ""))
            {
                var exempt = request.OperationName == ShopifyDocuments.ProductCreate.Name
                    && (path.EndsWith(".input.variants", StringComparison.Ordinal) || path.EndsWith(".values", StringComparison.Ordinal));
                Assert.True(exempt || count <= ShopifyLimits.MaxInputArray, $"{path} sends {count} items");
            }
        }

        static IEnumerable<(string Path, int Count)> Lists(JsonNode? node, string path) => node switch
        {
            JsonArray array => array.SelectMany((item, i) => Lists(item, path)).Prepend((path, array.Count)),
            JsonObject obj => obj.SelectMany(p => Lists(p.Value, $"{path}.{p.Key}")),
            _ => [],
        };
    }

    [Fact]
    public void EveryDocumentHasAUniqueName() =>
        Assert.Equal(ShopifyDocuments.All.Count, ShopifyDocuments.All.Select(d => d.Name).Distinct().Count());

    [Fact]
    public async Task ADocumentWithAFieldShopifyDoesNotHaveIsRejected()
    {
        var wrong = ShopifyDocuments.Product.Text.Replace("productType", "productKind", StringComparison.Ordinal);

        var errors = await AdminSchema.ValidateAsync(wrong, """{"id":"gid://shopify/Product/1","variantsFirst":10}""");

        Assert.Contains(errors, e => e.Contains("productKind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AVariableOfTheWrongTypeIsRejected()
    {
        var errors = await AdminSchema.ValidateAsync(
            ShopifyDocuments.Product.Text, """{"id":"gid://shopify/Product/1","variantsFirst":"ten"}""");

        Assert.Contains(errors, e => e.Contains("variantsFirst", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInputFieldShopifyDoesNotHaveIsRejected()
    {
        var errors = await AdminSchema.ValidateAsync(
            ShopifyDocuments.ProductUpdate.Text, """{"product":{"id":"gid://shopify/Product/1","bodyHtml":"<p>x</p>"}}""");

        Assert.Contains(errors, e => e.Contains("bodyHtml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMoneyValueSentAsANumberIsRejected()
    {
        var errors = await AdminSchema.ValidateAsync(
            ShopifyDocuments.VariantsUpdate.Text,
            """{"productId":"gid://shopify/Product/1","variants":[{"id":"gid://shopify/ProductVariant/1","price":19.99}]}""");

        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task TheSameDocumentWithValidVariablesIsAccepted()
    {
        var errors = await AdminSchema.ValidateAsync(
            ShopifyDocuments.Product.Text, """{"id":"gid://shopify/Product/1","variantsFirst":10}""");

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(25)]
    public void ProductPagesAreSizedUnderTheCostCapByShopifysRules(int variantsFirst)
    {
        var first = ShopifyQueryCost.ProductsPageSize(variantsFirst);
        var shopify = AdminSchema.RequestedCost(
            ShopifyDocuments.ProductsPage.Text, new Dictionary<string, object?> { ["first"] = first, ["variantsFirst"] = variantsFirst });
        var oneMore = AdminSchema.RequestedCost(
            ShopifyDocuments.ProductsPage.Text, new Dictionary<string, object?> { ["first"] = first + 1, ["variantsFirst"] = variantsFirst });

        Assert.Equal(ShopifyQueryCost.ProductsPage(first, variantsFirst), shopify);
        Assert.InRange(shopify, 1, ShopifyOptions.MaxQueryCost);
        Assert.True(first == ShopifyQueryCost.MaxFirst || oneMore > ShopifyOptions.MaxQueryCost, $"page of {first} is not the largest");
    }

    [Fact]
    public void EveryQueryCostEstimateMatchesShopifysRules()
    {
        const int v = ShopifyClient.VariantsWindow;
        var collectionFirst = ShopifyQueryCost.CollectionProductsPageSize(10);
        Assert.Equal(
            ShopifyQueryCost.CollectionProductsPage(collectionFirst, 10),
            AdminSchema.RequestedCost(ShopifyDocuments.CollectionProductsPage.Text, Vars(("first", collectionFirst), ("variantsFirst", 10))));
        Assert.Equal(
            ShopifyQueryCost.ProductVariantsPage(v),
            AdminSchema.RequestedCost(ShopifyDocuments.ProductVariantsPage.Text, Vars(("first", v))));
        Assert.Equal(ShopifyQueryCost.Product(v), AdminSchema.RequestedCost(ShopifyDocuments.Product.Text, Vars(("variantsFirst", v))));
        Assert.Equal(ShopifyQueryCost.ProductsCount, AdminSchema.RequestedCost(ShopifyDocuments.ProductsCount.Text, Vars()));
        Assert.Equal(ShopifyQueryCost.Shop, AdminSchema.RequestedCost(ShopifyDocuments.Shop.Text, Vars()));
        Assert.Equal(ShopifyQueryCost.PrimaryLocation, AdminSchema.RequestedCost(ShopifyDocuments.PrimaryLocation.Text, Vars()));
        Assert.Equal(ShopifyQueryCost.InventoryLevel, AdminSchema.RequestedCost(ShopifyDocuments.InventoryLevel.Text, Vars()));
        Assert.Equal(ShopifyQueryCost.InventoryLevelsPage(ShopifyQueryCost.MaxFirst),
            AdminSchema.RequestedCost(ShopifyDocuments.InventoryLevelsPage.Text, Vars(("first", ShopifyQueryCost.MaxFirst))));
        Assert.Equal(ShopifyQueryCost.BulkOperation, AdminSchema.RequestedCost(ShopifyDocuments.BulkOperation.Text, Vars()));
        foreach (var mutation in ShopifyDocuments.All.Where(d => d.Kind == ShopifyDocumentKind.Mutation))
        {
            Assert.Equal(ShopifyQueryCost.Mutation, AdminSchema.RequestedCost(mutation.Text, Vars()));
        }

        Assert.All(
            [ShopifyQueryCost.CollectionProductsPage(collectionFirst, 10), ShopifyQueryCost.ProductVariantsPage(v), ShopifyQueryCost.Product(v)],
            cost => Assert.InRange(cost, 1, ShopifyOptions.MaxQueryCost));
    }

    [Fact]
    public void TheIncrementalFilterUsesShopifysSearchSyntaxInUtc()
    {
        var local = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)).UtcDateTime;

        Assert.Equal("updated_at:>'2026-01-01T00:00:00Z'", ShopifyDocuments.UpdatedSinceFilter(local));
    }

    [Fact]
    public async Task TheBulkQueryEscapesItsFilterAsAGraphQLString()
    {
        var query = ShopifyDocuments.BulkProductsQuery("title:\"Big \\ Bad\" updated_at:>'2026-01-01T00:00:00Z'");

        Assert.Contains("""products(query: "title:\"Big \\ Bad\" updated_at:>'2026-01-01T00:00:00Z'")""", query, StringComparison.Ordinal);
        Assert.Empty(await AdminSchema.ValidateAsync(query));
    }

    private static Dictionary<string, object?> Vars(params (string Name, int Value)[] values) =>
        values.ToDictionary(v => v.Name, v => (object?)v.Value);
}
