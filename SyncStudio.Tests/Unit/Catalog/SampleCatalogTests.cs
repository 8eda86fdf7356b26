using SyncStudio.Catalog;

namespace SyncStudio.Tests.Unit.Catalog;

public class SampleCatalogTests
{
    [Fact]
    public void SampleCatalogHasAboutThreeHundredProductsOfFourKinds()
    {
        var products = SampleCatalog.Load();

        Assert.Equal(300, products.Count);
        Assert.Equal(["Accessories", "Apparel", "Home", "Outdoor"], products.Select(p => p.ProductType).Distinct().Order());
        Assert.Equal(products.Count, products.Select(p => p.Handle).Distinct().Count());
        Assert.All(products, p => Assert.StartsWith("<p>", p.BodyHtml, StringComparison.Ordinal));
        Assert.All(products, p => Assert.NotEmpty(p.Tags));
    }

    [Fact]
    public void SampleCatalogMixesSingleAndMultiVariantProductsWithAndWithoutSkus()
    {
        var products = SampleCatalog.Load();

        Assert.InRange(products.Count(p => p.Variants.Count == 1), 50, 150);
        Assert.Contains(products, p => p.OptionNames.SequenceEqual(["Size", "Color"]) && p.Variants.Count >= 6);
        Assert.InRange(products.Count(p => p.Variants.TrueForAll(v => v.Sku is null)), 20, 80);
        Assert.Contains(products, p => p.Status == CatalogProductStatus.Draft);
        Assert.Contains(products, p => p.Status == CatalogProductStatus.Archived);
        Assert.Contains(products, p => p.Variants.Exists(v => v.CompareAtPrice > v.Price));

        var skus = products.SelectMany(p => p.Variants).Where(v => v.Sku is not null).Select(v => v.Sku).ToList();
        Assert.Equal(skus.Count, skus.Distinct().Count());
    }

    [Fact]
    public void CommittedCsvIsTheGeneratorsOutput()
    {
        using var reader = SampleCatalog.OpenCsv();

        Assert.Equal(SampleCatalogGenerator.GenerateCsv(), reader.ReadToEnd());
    }
}
