using System.Text.Json.Nodes;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

/// <summary>
/// The simulator's productVariantsBulkCreate, productVariantsBulkDelete, productOptionsCreate and productOptionsDelete,
/// as shopify.dev (2026-07) documents them, stricter where it is silent: all or nothing, nothing written on a refusal.
/// </summary>
public sealed class VariantAndOptionMutationTests
{
    private const string ProductSet = """
        mutation($input: ProductSetInput!) {
          productSet(input: $input, synchronous: true) { product { id } userErrors { field message code } }
        }
        """;

    private const string BulkCreate = """
        mutation($p: ID!, $v: [ProductVariantsBulkInput!]!, $s: ProductVariantsBulkCreateStrategy) {
          productVariantsBulkCreate(productId: $p, variants: $v, strategy: $s) {
            productVariants { id title inventoryQuantity }
            userErrors { field message code }
          }
        }
        """;

    private const string BulkDelete = """
        mutation($p: ID!, $v: [ID!]!) {
          productVariantsBulkDelete(productId: $p, variantsIds: $v) { product { id } userErrors { field message code } }
        }
        """;

    private const string OptionsCreate = """
        mutation($p: ID!, $o: [OptionCreateInput!]!) {
          productOptionsCreate(productId: $p, options: $o) { product { id } userErrors { field message code } }
        }
        """;

    private const string OptionsDelete = """
        mutation($p: ID!, $o: [ID!]!, $s: ProductOptionDeleteStrategy) {
          productOptionsDelete(productId: $p, options: $o, strategy: $s) { deletedOptionsIds product { id } userErrors { field message code } }
        }
        """;

    [Fact]
    public async Task ABulkCreateAddsVariantsWithTheirStockAndRefusesACombinationTheProductHasWithNothingWritten()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        var product = await TeeAsync(server, client, "tee");

        var created = Payload(await client.GraphQLAsync(server, BulkCreate, new
        {
            p = product.Gid,
            v = new[] { Variant("XL", "Red", inventory: 4) },
        }), "productVariantsBulkCreate");
        Assert.Empty(created["userErrors"]!.AsArray());
        var xl = Assert.Single(created["productVariants"]!.AsArray())!;
        Assert.Equal(("XL / Red", 4), (xl["title"].Text(), xl["inventoryQuantity"]!.GetValue<int>()));
        var written = server.Simulator.FindProduct(product.Gid)!;
        Assert.Equal(["S", "M", "XL"], written.Options[0].Values);

        var refused = Payload(await client.GraphQLAsync(server, BulkCreate, new
        {
            p = product.Gid,
            v = new object[]
            {
                Variant("XXL", "Red"),
                Variant("S", "Red"),
                new { optionValues = new[] { new { optionName = "Size", name = "XS" } }, price = "1.00" },
                new { optionValues = new[] { new { optionName = "Size", name = "XS" }, new { optionName = "Fit", name = "Slim" } }, price = "1.00" },
            },
        }), "productVariantsBulkCreate");

        Assert.Equal(["VARIANT_ALREADY_EXISTS", "NEED_TO_ADD_OPTION_VALUES", "OPTION_VALUES_FOR_NUMBER_OF_UNKNOWN_OPTIONS"],
            refused["userErrors"]!.AsArray().Select(e => e!["code"].Text()));
        Assert.Equal(written, server.Simulator.FindProduct(product.Gid));
    }

    [Fact]
    public async Task TheDefaultStrategyDeletesALoneDefaultTitleVariantWhilePreserveKeepsIt()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        var kept = await DefaultProductAsync(server, client, "kept");
        var replaced = await DefaultProductAsync(server, client, "replaced");
        object Other() => new[] { new { optionValues = new[] { new { optionName = "Title", name = "Other" } }, price = "3.00" } };

        Assert.Empty(Payload(await client.GraphQLAsync(server, BulkCreate, new { p = kept.Gid, v = Other(), s = "PRESERVE_STANDALONE_VARIANT" }), "productVariantsBulkCreate")["userErrors"]!.AsArray());
        Assert.Empty(Payload(await client.GraphQLAsync(server, BulkCreate, new { p = replaced.Gid, v = Other() }), "productVariantsBulkCreate")["userErrors"]!.AsArray());

        Assert.Equal(["Default Title", "Other"], server.Simulator.FindProduct(kept.Gid)!.Variants.Select(v => v.Title));
        Assert.Equal(["Other"], server.Simulator.FindProduct(replaced.Gid)!.Variants.Select(v => v.Title));
    }

    [Fact]
    public async Task AProductKeepsAtMost2048VariantsAndAtLeastOne()
    {
        await using var server = await SimulatorServer.StartAsync(o =>
        {
            o.Seed = "empty";
            o.BucketSize = 100_000;
        });
        using var client = server.CreateClient();
        var full = Payload(await client.GraphQLAsync(server, ProductSet, new { input = InputLimitTests.ManyVariants("full", 2048) }), "productSet");
        var largest = server.Simulator.FindProduct(full["product"]!["id"].Text())!;
        var tee = await TeeAsync(server, client, "tee");
        var otherProducts = server.Simulator.FindProduct(largest.Gid)!.Variants[0].Gid;

        var over = Payload(await client.GraphQLAsync(server, BulkCreate, new
        {
            p = largest.Gid,
            v = new[] { new { optionValues = new[] { new { optionName = "Size", name = "NEW" }, new { optionName = "Colour", name = "C000" } }, price = "1.00" } },
        }), "productVariantsBulkCreate");
        var last = Payload(await client.GraphQLAsync(server, BulkDelete, new { p = tee.Gid, v = tee.Variants.Select(v => v.Gid).ToArray() }), "productVariantsBulkDelete");
        var foreign = Payload(await client.GraphQLAsync(server, BulkDelete, new { p = tee.Gid, v = new[] { tee.Variants[0].Gid, otherProducts } }), "productVariantsBulkDelete");
        var deleted = Payload(await client.GraphQLAsync(server, BulkDelete, new { p = tee.Gid, v = new[] { tee.Variants[0].Gid } }), "productVariantsBulkDelete");

        Assert.Equal("INVALID", over["userErrors"]![0]!["code"].Text());
        Assert.Equal(2048, server.Simulator.FindProduct(largest.Gid)!.Variants.Length);
        Assert.Equal("CANNOT_DELETE_LAST_VARIANT", last["userErrors"]![0]!["code"].Text());
        Assert.Equal("AT_LEAST_ONE_VARIANT_DOES_NOT_BELONG_TO_THE_PRODUCT", foreign["userErrors"]![0]!["code"].Text());
        Assert.Empty(deleted["userErrors"]!.AsArray());
        Assert.Equal(["M / Red"], server.Simulator.FindProduct(tee.Gid)!.Variants.Select(v => v.Title));
    }

    [Fact]
    public async Task ANewOptionGivesEveryVariantItsFirstValueAndAFourthOptionIsRefused()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        var tee = await TeeAsync(server, client, "tee");

        var fit = Payload(await client.GraphQLAsync(server, OptionsCreate, new
        {
            p = tee.Gid,
            o = new[] { new { name = "Fit", position = 2, values = new[] { new { name = "Slim" }, new { name = "Loose" } } } },
        }), "productOptionsCreate");
        var twoMore = Payload(await client.GraphQLAsync(server, OptionsCreate, new
        {
            p = tee.Gid,
            o = new[] { new { name = "Sleeve", values = new[] { new { name = "Short" } } }, new { name = "Neck", values = new[] { new { name = "Round" } } } },
        }), "productOptionsCreate");

        Assert.Empty(fit["userErrors"]!.AsArray());
        Assert.Equal("OPTIONS_OVER_LIMIT", twoMore["userErrors"]![0]!["code"].Text());
        var after = server.Simulator.FindProduct(tee.Gid)!;
        Assert.Equal(["Size", "Fit", "Color"], after.Options.Select(o => o.Name));
        Assert.Equal(["S / Slim / Red", "M / Slim / Red"], after.Variants.Select(v => v.Title));
        Assert.Equal(tee.Variants.Select(v => v.Id), after.Variants.Select(v => v.Id));
    }

    [Fact]
    public async Task AnOptionIsDeletedAsItsStrategySaysNeverMergingVariantsUnlessByPosition()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        var tee = await TeeAsync(server, client, "tee", sizes: ["S", "M"], colors: ["Red", "Blue"]);
        var size = $"gid://shopify/ProductOption/{tee.Options[0].Id}";
        var color = $"gid://shopify/ProductOption/{tee.Options[1].Id}";

        var byDefault = Payload(await client.GraphQLAsync(server, OptionsDelete, new { p = tee.Gid, o = new[] { color } }), "productOptionsDelete");
        var nonDestructive = Payload(await client.GraphQLAsync(server, OptionsDelete, new { p = tee.Gid, o = new[] { color }, s = "NON_DESTRUCTIVE" }), "productOptionsDelete");
        Assert.Equal("CANNOT_DELETE_OPTION_WITH_MULTIPLE_VALUES", byDefault["userErrors"]![0]!["code"].Text());
        Assert.Equal("CANNOT_USE_NON_DESTRUCTIVE_STRATEGY", nonDestructive["userErrors"]![0]!["code"].Text());
        Assert.Equal(tee, server.Simulator.FindProduct(tee.Gid));

        var byPosition = Payload(await client.GraphQLAsync(server, OptionsDelete, new { p = tee.Gid, o = new[] { color }, s = "POSITION" }), "productOptionsDelete");
        Assert.Empty(byPosition["userErrors"]!.AsArray());
        Assert.Equal([color], byPosition["deletedOptionsIds"]!.AsArray().Select(i => i.Text()));
        var after = server.Simulator.FindProduct(tee.Gid)!;
        Assert.Equal(["Size"], after.Options.Select(o => o.Name));
        // S / Red and S / Blue became two S: the one at the higher position went.
        Assert.Equal([tee.Variants[0].Id, tee.Variants[2].Id], after.Variants.Select(v => v.Id));

        var last = Payload(await client.GraphQLAsync(server, OptionsDelete, new { p = tee.Gid, o = new[] { size }, s = "NON_DESTRUCTIVE" }), "productOptionsDelete");
        Assert.Equal("CANNOT_USE_NON_DESTRUCTIVE_STRATEGY", last["userErrors"]![0]!["code"].Text());
    }

    private static object Variant(string size, string color, int? inventory = null) => new
    {
        optionValues = new[] { new { optionName = "Size", name = size }, new { optionName = "Color", name = color } },
        price = "25.00",
        inventoryQuantities = inventory is { } quantity
            ? new[] { new { locationId = $"gid://shopify/Location/{SimulatorStore.LocationId}", availableQuantity = quantity } }
            : null,
    };

    /// <summary>https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsReorder: the input's order is the options' new order, values may be reordered too, and the variants follow.</summary>
    [Fact]
    public async Task OptionsReorderMovesOptionsAndValuesAndResortsTheVariantsAndRefusesMixedOrMissingKeys()
    {
        await using var server = await SimulatorServer.StartAsync(o => o.Seed = "empty");
        using var client = server.CreateClient();
        var tee = await TeeAsync(server, client, "tee", sizes: ["S", "M"], colors: ["Red", "Blue"]);
        const string reorder = """
            mutation($p: ID!, $o: [OptionReorderInput!]!) {
              productOptionsReorder(productId: $p, options: $o) { product { id options { name } } userErrors { field message code } }
            }
            """;

        var mixed = Payload(await client.GraphQLAsync(server, reorder, new
        {
            p = tee.Gid,
            o = new object[] { new { name = "Color" }, new { id = $"gid://shopify/ProductOption/{tee.Options[0].Id}" } },
        }), "productOptionsReorder");
        var missing = Payload(await client.GraphQLAsync(server, reorder, new { p = tee.Gid, o = new[] { new { name = "Color" } } }), "productOptionsReorder");
        var unknown = Payload(await client.GraphQLAsync(server, reorder, new { p = tee.Gid, o = new[] { new { name = "Colour" }, new { name = "Size" } } }), "productOptionsReorder");
        Assert.Equal("MIXING_ID_AND_NAME_KEYS_IS_NOT_ALLOWED", mixed["userErrors"]![0]!["code"].Text());
        Assert.Equal("MISSING_OPTION_NAME", missing["userErrors"]![0]!["code"].Text());
        Assert.Equal("OPTION_NAME_DOES_NOT_EXIST", unknown["userErrors"]![0]!["code"].Text());
        Assert.Equal(["Size", "Color"], server.Simulator.FindProduct(tee.Gid)!.Options.Select(o => o.Name));

        var done = Payload(await client.GraphQLAsync(server, reorder, new
        {
            p = tee.Gid,
            o = new object[]
            {
                new { name = "Color", values = new[] { new { name = "Blue" }, new { name = "Red" } } },
                new { name = "Size" },
            },
        }), "productOptionsReorder");

        Assert.Empty(done["userErrors"]!.AsArray());
        var after = server.Simulator.FindProduct(tee.Gid)!;
        Assert.Equal(["Color", "Size"], after.Options.Select(o => o.Name));
        Assert.Equal(["Blue", "Red"], after.Options[0].Values);
        Assert.Equal(["Blue / S", "Blue / M", "Red / S", "Red / M"], after.Variants.Select(v => v.Title));
        Assert.Equal(tee.Variants.Select(v => v.Id).Order(), after.Variants.Select(v => v.Id).Order());
    }

    private static JsonNode Payload(GraphQLAnswer answer, string field) => answer.EnsureData().Data[field]!;

    /// <summary>A tee with options Size and Color, one variant per combination in size-major order.</summary>
    private static async Task<SimulatedProduct> TeeAsync(
        SimulatorServer server, HttpClient client, string handle, string[]? sizes = null, string[]? colors = null)
    {
        sizes ??= ["S", "M"];
        colors ??= ["Red"];
        var created = Payload(await client.GraphQLAsync(server, ProductSet, new
        {
            input = new
            {
                title = handle,
                handle,
                productOptions = new object[]
                {
                    new { name = "Size", values = sizes.Select(s => new { name = s }).ToArray() },
                    new { name = "Color", values = colors.Select(c => new { name = c }).ToArray() },
                },
                variants = sizes.SelectMany(s => colors.Select(c => new
                {
                    optionValues = new[] { new { optionName = "Size", name = s }, new { optionName = "Color", name = c } },
                    price = "20.00",
                })).ToArray(),
            },
        }), "productSet");
        Assert.Empty(created["userErrors"]!.AsArray());
        return server.Simulator.FindProduct(created["product"]!["id"].Text())!;
    }

    private static async Task<SimulatedProduct> DefaultProductAsync(SimulatorServer server, HttpClient client, string handle)
    {
        var created = Payload(await client.GraphQLAsync(server, ProductSet, new { input = new { title = handle, handle } }), "productSet");
        Assert.Empty(created["userErrors"]!.AsArray());
        return server.Simulator.FindProduct(created["product"]!["id"].Text())!;
    }
}
