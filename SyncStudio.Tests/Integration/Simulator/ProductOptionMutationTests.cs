using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

/// <summary>The simulator's productOptionUpdate and productVariantsBulkReorder, as shopify.dev (2026-07) describes them.</summary>
public class ProductOptionMutationTests
{
    private const string OptionUpdate = """
        mutation($productId: ID!, $option: OptionUpdateInput!, $update: [OptionValueUpdateInput!]) {
          productOptionUpdate(productId: $productId, option: $option, optionValuesToUpdate: $update) {
            product { options { id name position optionValues { id name hasVariants } } }
            userErrors { field message code }
          }
        }
        """;

    private const string Reorder = """
        mutation($productId: ID!, $positions: [ProductVariantPositionInput!]!) {
          productVariantsBulkReorder(productId: $productId, positions: $positions) {
            product { id }
            userErrors { field message code }
          }
        }
        """;

    private static Task<SimulatorServer> StartAsync() => SimulatorServer.StartAsync(o => o.Seed = "synthetic:2:7");

    [Fact]
    public async Task RenamingAnOptionAndOneOfItsValuesRenamesThemOnEveryVariant()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var product = server.Simulator.GetProducts().OrderBy(p => p.Id).First();
        var option = product.Options[0];
        var small = $"gid://shopify/ProductOptionValue/{(option.Id * 100) + option.Values.IndexOf("S")}";

        var answer = await client.GraphQLAsync(server, OptionUpdate, new
        {
            productId = product.Gid,
            option = new { id = $"gid://shopify/ProductOption/{option.Id}", name = "Talla" },
            update = new[] { new { id = small, name = "Pequeña" } },
        });

        Assert.Empty(answer.EnsureData().Data["productOptionUpdate"]!["userErrors"]!.AsArray());
        var after = server.Simulator.FindProduct(product.Gid)!;
        Assert.Equal("Talla", after.Options[0].Name);
        Assert.Equal(["XS", "Pequeña", "M"], after.Variants.Select(v => v.OptionValues[0]));
        Assert.Equal(product.Variants.Select(v => v.Id), after.Variants.Select(v => v.Id));
    }

    [Fact]
    public async Task AnOptionCannotTakeTheNameOfAnotherOptionNorAValueTheNameOfAnotherValue()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var product = server.Simulator.GetProducts().OrderBy(p => p.Id).First();
        var option = product.Options[0];
        var small = $"gid://shopify/ProductOptionValue/{(option.Id * 100) + option.Values.IndexOf("S")}";

        var answer = await client.GraphQLAsync(server, OptionUpdate, new
        {
            productId = product.Gid,
            option = new { id = $"gid://shopify/ProductOption/{option.Id}" },
            update = new[] { new { id = small, name = "m" }, new { id = "gid://shopify/ProductOptionValue/1", name = "X" } },
        });

        var errors = answer.EnsureData().Data["productOptionUpdate"]!["userErrors"]!.AsArray();
        Assert.Equal(["OPTION_VALUE_ALREADY_EXISTS", "OPTION_VALUE_DOES_NOT_EXIST"], errors.Select(e => e!["code"].Text()).Order());
        Assert.Equal(product, server.Simulator.FindProduct(product.Gid));

        var unknown = await client.GraphQLAsync(server, OptionUpdate, new
        {
            productId = product.Gid,
            option = new { id = "gid://shopify/ProductOption/1", name = "Talla" },
        });
        Assert.Equal("OPTION_DOES_NOT_EXIST", unknown.EnsureData().Data["productOptionUpdate"]!["userErrors"]![0]!["code"].Text());
    }

    [Fact]
    public async Task ReorderingVariantsMovesTheGivenOnesAndKeepsEveryVariantsOwnValues()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var product = server.Simulator.GetProducts().OrderBy(p => p.Id).First();
        var last = product.Variants[^1];

        var answer = await client.GraphQLAsync(server, Reorder, new
        {
            productId = product.Gid,
            positions = new[] { new { id = last.Gid, position = 1 } },
        });

        Assert.Empty(answer.EnsureData().Data["productVariantsBulkReorder"]!["userErrors"]!.AsArray());
        var after = server.Simulator.FindProduct(product.Gid)!;
        Assert.Equal(new[] { last.Id, product.Variants[0].Id, product.Variants[1].Id }, after.Variants.Select(v => v.Id));
        Assert.All(after.Variants, v => Assert.Equal(product.Variants.Single(o => o.Id == v.Id) with { UpdatedAt = v.UpdatedAt }, v));
    }

    [Fact]
    public async Task ReorderingAVariantOfAnotherProductOrToAPositionPastTheEndIsAUserError()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var products = server.Simulator.GetProducts().OrderBy(p => p.Id).ToList();

        var answer = await client.GraphQLAsync(server, Reorder, new
        {
            productId = products[0].Gid,
            positions = new[] { new { id = products[1].Variants[0].Gid, position = 1 }, new { id = products[0].Variants[0].Gid, position = 9 } },
        });

        var errors = answer.EnsureData().Data["productVariantsBulkReorder"]!["userErrors"]!.AsArray();
        Assert.Equal(["INVALID_POSITION", "MISSING_VARIANT"], errors.Select(e => e!["code"].Text()).Order());
        Assert.Equal(products[0], server.Simulator.FindProduct(products[0].Gid));
    }
}
