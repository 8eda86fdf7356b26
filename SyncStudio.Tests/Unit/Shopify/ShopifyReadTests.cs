using System.Text.Json.Nodes;
using SyncStudio.Services.Shopify;
using static SyncStudio.Tests.Unit.Shopify.ShopifyReplies;

namespace SyncStudio.Tests.Unit.Shopify;

public sealed class ShopifyReadTests
{
    [Fact]
    public async Task PagingAcrossSeveralPagesReturnsEveryProductOnce()
    {
        using var host = new ShopifyTestHost();
        host.Handler.On("ProductsPage", request => (request.Variable("after")?.GetValue<string>()) switch
        {
            null => Ok(new JsonObject { ["products"] = Connection([Product(1), Product(2), Product(3)], "c1") }),
            "c1" => Ok(new JsonObject { ["products"] = Connection([Product(4), Product(5), Product(6)], "c2") }),
            "c2" => Ok(new JsonObject { ["products"] = Connection([Product(7)]) }),
            var other => throw new InvalidOperationException($"unknown cursor {other}"),
        });

        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var page = (await host.RunAsync(c => c.GetProductsPageAsync(ShopifyProductQuery.All, cursor))).GetValueOrThrow();
            ids.AddRange(page.Products.Select(p => p.Id));
            cursor = page.HasNextPage ? page.EndCursor : null;
        }
        while (cursor is not null);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], ids);
        var requests = host.Handler.Requests;
        Assert.Equal([null, "c1", "c2"], requests.Select(r => r.Variable("after")?.GetValue<string>()));
        Assert.All(requests, r => Assert.Equal(ShopifyQueryCost.ProductsPageSize(10), r.Variable("first")!.GetValue<int>()));
        Assert.All(requests, r => Assert.Equal("ID", r.Variable("sortKey")!.GetValue<string>()));
        Assert.All(requests, r => Assert.Null(r.Variable("query")));
    }

    [Fact]
    public async Task AnIncrementalReadFiltersByUpdatedAtAndReadsOldestUpdatesFirst()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(new JsonObject { ["products"] = Connection([Product(1)]) }));

        await host.RunAsync(c => c.GetProductsPageAsync(
            new ShopifyProductQuery(UpdatedSince: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)), null));

        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal("ProductsPage", request.OperationName);
        Assert.Equal("updated_at:>'2026-01-01T00:00:00Z'", request.Variable("query")!.GetValue<string>());
        Assert.Equal("UPDATED_AT", request.Variable("sortKey")!.GetValue<string>());
    }

    [Fact]
    public async Task AProductWithMoreVariantsThanThePageWindowGetsTheRestByFollowUpPages()
    {
        using var host = new ShopifyTestHost(o => o.VariantsPerProductInPage = 2);
        host.Handler
            .Then(() => Ok(new JsonObject
            {
                ["products"] = Connection([
                    Product(1, variants: [Variant(11, "A"), Variant(12, "B")], variantsEndCursor: "v2"),
                    Product(2),
                ]),
            }))
            .Then(request => request.Variable("after")!.GetValue<string>() == "v2"
                ? Ok(new JsonObject { ["product"] = new JsonObject { ["variants"] = Connection([Variant(13, "C"), Variant(14, "D")], "v4") } })
                : throw new InvalidOperationException("wrong cursor"))
            .Then(request => request.Variable("after")!.GetValue<string>() == "v4"
                ? Ok(new JsonObject { ["product"] = new JsonObject { ["variants"] = Connection([Variant(15, "E")]) } })
                : throw new InvalidOperationException("wrong cursor"));

        var page = (await host.RunAsync(c => c.GetProductsPageAsync(ShopifyProductQuery.All, null))).GetValueOrThrow();

        Assert.Equal(["A", "B", "C", "D", "E"], page.Products[0].Variants.Select(v => v.Sku));
        Assert.Single(page.Products[1].Variants);
        var followUps = host.Handler.Requests.Skip(1).ToList();
        Assert.All(followUps, r => Assert.Equal("ProductVariantsPage", r.OperationName));
        Assert.All(followUps, r => Assert.Equal(ShopifyGid.Product(1), r.Variable("id")!.GetValue<string>()));
        Assert.Equal(2, host.Handler.Requests[0].Variable("variantsFirst")!.GetValue<int>());
    }

    [Fact]
    public async Task ProductsAreMappedToTheTypedModel()
    {
        using var host = new ShopifyTestHost();
        var variant = Variant(11, "LS-S-W", price: "49.90", quantity: 7, ("Color", "White"), ("Size", "S"));
        variant["compareAtPrice"] = "59.90";
        variant["barcode"] = "0123456789012";
        var noSku = Variant(12, sku: null, price: "49.90", quantity: 0, ("Size", "M"), ("Color", "White"));
        noSku["inventoryItem"]!["measurement"]!["weight"] = null;
        noSku["inventoryQuantity"] = null;
        var product = Product(1, "Linen Shirt", new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc), [variant, noSku], options: ["Size", "Color"]);
        product["status"] = "DRAFT";
        host.Handler.Then(() => Ok(new JsonObject { ["product"] = product }));

        var result = (await host.RunAsync(c => c.GetProductAsync(1))).GetValueOrThrow()!;

        Assert.Equal(1, result.Id);
        Assert.Equal(("Linen Shirt", "linen-shirt", "<p>Linen Shirt</p>", "Acme", "Shirts"),
            (result.Title, result.Handle, result.DescriptionHtml, result.Vendor, result.ProductType));
        Assert.Equal(["cotton", "summer"], result.Tags);
        Assert.Equal("draft", result.Status);
        Assert.Equal(new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc), result.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, result.UpdatedAt.Kind);
        Assert.Equal(["Size", "Color"], result.OptionNames);
        var first = result.Variants[0];
        Assert.Equal(new ShopifyVariant(11, 1011, "LS-S-W", 49.90m, 59.90m, 7, "0123456789012", 0.25m, ShopifyWeightUnit.Kilograms, first.OptionValues), first);
        Assert.Equal(["S", "White"], first.OptionValues);
        var second = result.Variants[1];
        Assert.Equal((null, null, (decimal?)null, (ShopifyWeightUnit?)null, 0), (second.Sku, second.Barcode, second.Weight, second.WeightUnit, second.InventoryQuantity));
        Assert.Equal(["M", "White"], second.OptionValues);
    }

    [Fact]
    public async Task AProductThatDoesNotExistReadsAsNull()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(new JsonObject { ["product"] = null }));

        var result = await host.RunAsync(c => c.GetProductAsync(404));

        Assert.True(result.Succeeded);
        Assert.Null(result.Value);
        Assert.Equal(ShopifyGid.Product(404), host.Handler.Requests[0].Variable("id")!.GetValue<string>());
    }

    [Fact]
    public async Task ACollectionIsReadThroughItsProductsAndFilteredByDateOnOurSide()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(new JsonObject
        {
            ["collection"] = new JsonObject
            {
                ["products"] = Connection([
                    Product(1, updatedAt: new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc)),
                    Product(2, updatedAt: new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc)),
                ], "next"),
            },
        }));

        var page = (await host.RunAsync(c => c.GetProductsPageAsync(
            new ShopifyProductQuery(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), CollectionId: 77), null))).GetValueOrThrow();

        Assert.Equal([2], page.Products.Select(p => p.Id));
        Assert.True(page.HasNextPage);
        Assert.Equal("next", page.EndCursor);
        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal("CollectionProductsPage", request.OperationName);
        Assert.Equal(ShopifyGid.Collection(77), request.Variable("collectionId")!.GetValue<string>());
    }

    [Fact]
    public async Task AMissingCollectionIsNotFound()
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(new JsonObject { ["collection"] = null }));

        var result = await host.RunAsync(c => c.GetProductsPageAsync(new ShopifyProductQuery(CollectionId: 5), null));

        Assert.Equal(ShopifyFailureKind.NotFound, result.Failure?.Kind);
    }

    [Theory]
    [InlineData("EXACT", true)]
    [InlineData("AT_LEAST", false)]
    public async Task ProductsAreCounted(string precision, bool exact)
    {
        using var host = new ShopifyTestHost();
        host.Handler.Then(() => Ok(new JsonObject { ["productsCount"] = new JsonObject { ["count"] = 1234, ["precision"] = precision } }));

        var count = (await host.RunAsync(c => c.CountProductsAsync(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)))).GetValueOrThrow();

        Assert.Equal(new ShopifyProductCount(1234, exact), count);
        Assert.Equal("updated_at:>'2026-01-01T00:00:00Z'", host.Handler.Requests[0].Variable("query")!.GetValue<string>());
    }

    [Fact]
    public async Task TheShopAndItsPrimaryLocationAreRead()
    {
        using var host = new ShopifyTestHost();
        host.Handler
            .Then(() => Ok(JsonNode.Parse("""
                {"shop":{"name":"Acme Store","myshopifyDomain":"acme.myshopify.com",
                 "plan":{"publicDisplayName":"Shopify Plus","partnerDevelopment":false,"shopifyPlus":true}}}
                """)!))
            .Then(() => Ok(JsonNode.Parse("""{"location":{"id":"gid://shopify/Location/76","name":"Main"}}""")!))
            .Then(() => Ok(JsonNode.Parse("""{"location":null}""")!));

        var shop = (await host.RunAsync(c => c.GetShopAsync())).GetValueOrThrow();
        var location = (await host.RunAsync(c => c.GetPrimaryLocationAsync())).GetValueOrThrow();
        var none = await host.RunAsync(c => c.GetPrimaryLocationAsync());

        Assert.Equal(new ShopifyShop("Acme Store", "acme.myshopify.com", "Shopify Plus", true, false), shop);
        Assert.Equal(new ShopifyLocation(76, "Main"), location);
        Assert.True(none.Succeeded);
        Assert.Null(none.Value);
    }
}
