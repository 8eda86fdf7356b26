using SyncStudio.Catalog;

namespace SyncStudio.Tests.Unit.Catalog;

public class ShopifyCsvWriterTests
{
    [Fact]
    public void SampleCatalogSurvivesARoundTrip()
    {
        var products = SampleCatalog.Load();

        var reread = RoundTrip(products);

        AssertSameCatalog(products, reread);
    }

    [Theory]
    [InlineData("shopifypartners-apparel.csv")]
    [InlineData("shopify-template-2023.csv")]
    [InlineData("packt-products-export.csv")]
    public void RealShopifyFilesSurviveARoundTrip(string fileName)
    {
        using var reader = new StreamReader(CatalogTestFiles.RequireCatalog(fileName));
        var products = ShopifyCsvReader.ReadAll(reader).Products;

        AssertSameCatalog(products, RoundTrip(products));
    }

    [Fact]
    public void FieldsWithCommasQuotesAndLineBreaksAreQuoted()
    {
        var product = new CatalogProduct
        {
            Handle = "tricky",
            Title = "Mug, \"Large\"",
            BodyHtml = "<p>one\ntwo</p>",
            Tags = ["a", "b"],
            OptionNames = ["Size", "Color"],
            Variants =
            [
                new CatalogVariant { Price = 5m, OptionValues = ["S", "Red"], Weight = 0.625m, WeightUnit = CatalogWeightUnit.Pounds },
                new CatalogVariant { Price = 6.5m, OptionValues = ["M", "Red"], Sku = "T-M" },
            ],
        };

        var csv = ShopifyCsvWriter.WriteToString([product]);
        var lines = csv.Split('\n');

        Assert.StartsWith("tricky,\"Mug, \"\"Large\"\"\",\"<p>one", lines[1], StringComparison.Ordinal);
        Assert.Contains(",283.4952313,", csv, StringComparison.Ordinal); // 0.625 lb in grams
        Assert.Contains(",6.50,", lines[3], StringComparison.Ordinal);
        AssertSameCatalog([product], RoundTrip([product]));
    }

    private static IReadOnlyList<CatalogProduct> RoundTrip(IEnumerable<CatalogProduct> products)
    {
        var result = ShopifyCsvReader.ReadAll(new StringReader(ShopifyCsvWriter.WriteToString(products)));
        Assert.Empty(result.Errors);
        return result.Products;
    }

    internal static void AssertSameCatalog(IReadOnlyList<CatalogProduct> expected, IReadOnlyList<CatalogProduct> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(
                (e.Handle, e.Title, e.BodyHtml, e.Vendor, e.ProductType, e.Status),
                (a.Handle, a.Title, a.BodyHtml, a.Vendor, a.ProductType, a.Status));
            Assert.Equal(e.Tags, a.Tags);
            Assert.Equal(e.OptionNames, a.OptionNames);
            Assert.Equal(e.Variants.Count, a.Variants.Count);
            for (var v = 0; v < e.Variants.Count; v++)
            {
                var (ev, av) = (e.Variants[v], a.Variants[v]);
                Assert.Equal(
                    (ev.Sku, ev.Price, ev.CompareAtPrice, ev.InventoryQuantity, ev.Barcode, ev.Weight, ev.WeightUnit),
                    (av.Sku, av.Price, av.CompareAtPrice, av.InventoryQuantity, av.Barcode, av.Weight, av.WeightUnit));
                Assert.Equal(ev.OptionValues, av.OptionValues);
            }
        }
    }
}
