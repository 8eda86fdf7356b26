using SyncStudio.Catalog;

namespace SyncStudio.Tests.Unit.Catalog;

public class SyntheticCatalogTests
{
    [Fact]
    public void SameSeedGivesTheSameCatalog()
    {
        var first = SyntheticCatalog.Generate(50, seed: 7).ToList();
        var second = SyntheticCatalog.Generate(50, seed: 7).ToList();

        ShopifyCsvWriterTests.AssertSameCatalog(first, second);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentCatalogs()
    {
        var first = SyntheticCatalog.Generate(20, seed: 1).Select(p => p.Title);
        var second = SyntheticCatalog.Generate(20, seed: 2).Select(p => p.Title);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void HundredThousandProductsHaveUniqueHandlesAndSkus()
    {
        var handles = new HashSet<string>();
        var skus = new HashSet<string>();
        var variants = 0;
        foreach (var product in SyntheticCatalog.Generate(100_000, seed: 42))
        {
            Assert.True(handles.Add(product.Handle), product.Handle);
            foreach (var variant in product.Variants)
            {
                variants++;
                Assert.True(skus.Add(variant.Sku!), variant.Sku);
            }
        }

        Assert.Equal(100_000, handles.Count);
        Assert.Equal(300_000, variants);
    }

    [Fact]
    public void VariantsPerProductIsHonoured()
    {
        var single = SyntheticCatalog.Generate(3, seed: 1, variantsPerProduct: 1).ToList();
        var many = SyntheticCatalog.Generate(3, seed: 1, variantsPerProduct: 10).ToList();

        Assert.All(single, p => Assert.Equal([CatalogConventions.DefaultOptionValue], Assert.Single(p.Variants).OptionValues));
        Assert.All(many, p => Assert.Equal(10, p.Variants.Select(v => v.OptionValues[0]).Distinct().Count()));
    }
}
