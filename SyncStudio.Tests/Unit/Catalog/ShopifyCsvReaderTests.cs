using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SyncStudio.Catalog;

namespace SyncStudio.Tests.Unit.Catalog;

public class ShopifyCsvReaderTests
{
    private const string ClassicHeader =
        "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value," +
        "Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Variant Compare At Price,Variant Barcode,Variant Weight Unit,Status";

    [Fact]
    public void PartnersApparelFileLoadsTwentyProductsKeyedOnHandle()
    {
        var result = ReadFile("shopifypartners-apparel.csv");

        Assert.Empty(result.Errors);
        Assert.Equal(20, result.Products.Count);
        Assert.All(result.Products, p => Assert.All(p.Variants, v => Assert.Null(v.Sku)));
        Assert.All(result.Products, p => Assert.Equal(CatalogProductStatus.Active, p.Status));

        var varsity = Assert.Single(result.Products, p => p.Handle == "classic-varsity-top");
        Assert.Equal("Classic Varsity Top", varsity.Title);
        Assert.Equal(["Size"], varsity.OptionNames);
        Assert.Equal(["Small", "Medium", "Large"], varsity.Variants.Select(v => v.OptionValues[0]));
        Assert.All(varsity.Variants, v => Assert.Equal(60m, v.Price));

        var ocean = result.Products[0];
        Assert.Equal("ocean-blue-shirt", ocean.Handle);
        Assert.Equal("partners-demo", ocean.Vendor);
        Assert.Equal("", ocean.ProductType);
        Assert.Equal(["men"], ocean.Tags);
        Assert.Equal([CatalogConventions.DefaultOptionValue], Assert.Single(ocean.Variants).OptionValues);
        Assert.Equal(50m, ocean.Variants[0].Price);
    }

    [Fact]
    public void ShopifyTemplateFileLoadsVariantsStatusesAndWeights()
    {
        var result = ReadFile("shopify-template-2023.csv");

        Assert.Empty(result.Errors);
        Assert.Equal(["example-shirt", "example-pants", "example-hat"], result.Products.Select(p => p.Handle));

        var shirt = result.Products[0];
        Assert.Equal(["Color", "Size"], shirt.OptionNames);
        Assert.Equal(12, shirt.Variants.Count);
        Assert.Equal(["Made to Order", "Shirt Tag"], shirt.Tags);
        Assert.Equal("SRT_COT_111", shirt.Variants[0].Sku);
        Assert.Equal(["Purple", "L"], shirt.Variants[^1].OptionValues);
        Assert.Equal(145m, shirt.Variants[0].Weight);
        Assert.Equal(CatalogWeightUnit.Grams, shirt.Variants[0].WeightUnit);
        Assert.Equal("365275101829", shirt.Variants[0].Barcode);

        var pants = result.Products[1];
        Assert.Equal(CatalogProductStatus.Draft, pants.Status);
        Assert.Equal(3, pants.Variants.Count); // the fourth row only adds an image
        Assert.Equal(8m, pants.Variants[0].Weight);
        Assert.Equal(CatalogWeightUnit.Ounces, pants.Variants[0].WeightUnit);
        Assert.Equal(64.95m, pants.Variants[0].CompareAtPrice);
        Assert.Equal(20, pants.Variants[0].InventoryQuantity);

        var hat = result.Products[2];
        Assert.Equal(CatalogProductStatus.Archived, hat.Status);
        Assert.Equal(17.99m, Assert.Single(hat.Variants).Price);
        Assert.Equal("HAT_GRY_275", hat.Variants[0].Sku);
    }

    [Fact]
    public void PacktExportLoadsMultiLineHtmlAndGramsWrittenAsDecimals()
    {
        var result = ReadFile("packt-products-export.csv");

        Assert.Empty(result.Errors);
        Assert.Equal(20, result.Products.Count);

        var lamp = result.Products[0];
        Assert.Equal("floor-lamp", lamp.Handle);
        Assert.Equal(69.99m, lamp.Variants[0].Price);
        Assert.Equal(85.00m, lamp.Variants[0].CompareAtPrice);
        Assert.Equal(0m, lamp.Variants[0].Weight);
        Assert.Equal(CatalogWeightUnit.Kilograms, lamp.Variants[0].WeightUnit);
        Assert.Equal(["Black", "Lamp"], lamp.Tags);

        var armchairs = Assert.Single(result.Products, p => p.Handle == "black-armchairs");
        Assert.StartsWith("<h6><span>Description</span></h6>\n<p>", armchairs.BodyHtml, StringComparison.Ordinal);

        var gloves = Assert.Single(result.Products, p => p.Handle == "gardening-gloves");
        Assert.Equal([9.99m, 15.99m], gloves.Variants.Select(v => v.Price));
        Assert.Equal(["Green", "Yellow"], gloves.Variants.Select(v => v.OptionValues[0]));
    }

    [Fact]
    public void ModernLayoutIsReadByColumnName()
    {
        const string csv =
            "Title,URL handle,Description,Vendor,Product category,Type,Tags,Published on online store,Status,SKU,Barcode," +
            "Option1 name,Option1 value,Option2 name,Option2 value,Price,Compare-at price,Inventory quantity,Weight value (grams),Weight unit for display\n" +
            "Trail Cap,trail-cap,<p>A cap</p>,Acme,Apparel,Hats,\"outdoor, cap\",TRUE,draft,CAP-RED,123,Color,Red,Size,M,19.50,25,7,85,g\n" +
            ",trail-cap,,,,,,,,CAP-BLUE,,,Blue,,M,19.50,,3,85,g\n";

        var reader = new ShopifyCsvReader(new StringReader(csv));
        var products = reader.ReadProducts().ToList();

        Assert.Equal(ShopifyCsvLayout.Modern, reader.Layout);
        Assert.Empty(reader.Errors);
        var cap = Assert.Single(products);
        Assert.Equal("trail-cap", cap.Handle);
        Assert.Equal("<p>A cap</p>", cap.BodyHtml);
        Assert.Equal("Hats", cap.ProductType);
        Assert.Equal(CatalogProductStatus.Draft, cap.Status);
        Assert.Equal(["Color", "Size"], cap.OptionNames);
        Assert.Equal(["CAP-RED", "CAP-BLUE"], cap.Variants.Select(v => v.Sku));
        Assert.Equal(["Blue", "M"], cap.Variants[1].OptionValues);
        Assert.Equal(25m, cap.Variants[0].CompareAtPrice);
        Assert.Equal(3, cap.Variants[1].InventoryQuantity);
        Assert.Equal(85m, cap.Variants[1].Weight);
    }

    [Fact]
    public void ColumnsInAnyOrderWithBomCrLfAndQuotedFieldsAreRead()
    {
        const string csv =
            "\uFEFFVariant Price,Extra Column,Title,Handle,Body (HTML),Option1 Name,Option1 Value\r\n" +
            "12.5,ignored,\"Mug, \"\"Large\"\"\",big-mug,\"<p>Line one\r\nLine two</p>\",Title,Default Title\r\n";

        var result = ShopifyCsvReader.ReadAll(new StringReader(csv));

        Assert.Empty(result.Errors);
        var mug = Assert.Single(result.Products);
        Assert.Equal("big-mug", mug.Handle);
        Assert.Equal("Mug, \"Large\"", mug.Title);
        Assert.Equal("<p>Line one\r\nLine two</p>", mug.BodyHtml);
        Assert.Equal(12.5m, mug.Variants[0].Price);
        Assert.Equal(CatalogProductStatus.Active, mug.Status);
    }

    [Fact]
    public void BadRowsAreReportedWithRowAndColumnAndTheRestOfTheFileLoads()
    {
        var csv = ClassicHeader + "\n" +
            "good-one,Good One,,V,T,,true,Size,S,,,G1-S,100,5,10.00,,,g,active\n" +
            "good-one,,,,,,,,M,,,G1-M,100,-2,10.00,,,g,\n" + // negative quantity: this variant is dropped
            "bad-price,Bad Price,,V,T,,true,Title,Default Title,,,,,1,ten,,,kg,active\n" + // the product is dropped
            "bad-price,,,,,,,,Other,,,,,1,5,,,kg,\n" + // and its rows are skipped with it
            ",,,,,,,,Lost,,,,,1,5,,,kg,\n" + // no handle
            "bad-status,Bad Status,,V,T,,true,Title,Default Title,,,,,1,5,,,kg,sold-out\n" +
            "good-two,Good Two,,V,T,,true,Title,Default Title,,,,,1,7.25,,,kg,\n";

        var result = ShopifyCsvReader.ReadAll(new StringReader(csv));

        Assert.Equal(["good-one", "good-two"], result.Products.Select(p => p.Handle));
        Assert.Single(result.Products[0].Variants);
        Assert.Equal(CatalogProductStatus.Active, result.Products[1].Status); // missing status means active
        Assert.Collection(result.Errors,
            e => Assert.Equal((3, "Variant Inventory Qty"), (e.Row, e.Column)),
            e => Assert.Equal((4, "Variant Price"), (e.Row, e.Column)),
            e => Assert.Equal((6, "Handle"), (e.Row, e.Column)),
            e => Assert.Equal((7, "Status"), (e.Row, e.Column)));
        Assert.Contains("ten", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHandleThatReturnsAfterOtherProductsIsAnError()
    {
        var csv = ClassicHeader + "\n" +
            "a,A,,,,,,Title,Default Title,,,,,1,1,,,kg,\n" +
            "b,B,,,,,,Title,Default Title,,,,,1,1,,,kg,\n" +
            "a,A again,,,,,,Title,Default Title,,,,,1,1,,,kg,\n";

        var result = ShopifyCsvReader.ReadAll(new StringReader(csv));

        Assert.Equal(["a", "b"], result.Products.Select(p => p.Handle));
        Assert.Equal(4, Assert.Single(result.Errors).Row);
    }

    [Fact]
    public void ANonCsvFileGivesOneHeaderError()
    {
        var result = ShopifyCsvReader.ReadAll(new StringReader("name,price\nmug,3\n"));

        Assert.Empty(result.Products);
        Assert.Equal(1, Assert.Single(result.Errors).Row);
    }

    [Fact]
    public void ProductsStreamBeforeTheWholeInputIsRead()
    {
        var csv = ShopifyCsvWriter.WriteToString(SyntheticCatalog.Generate(2_000, seed: 1));
        var reader = new CountingReader(csv);

        using var products = new ShopifyCsvReader(reader).ReadProducts().GetEnumerator();
        Assert.True(products.MoveNext());

        Assert.Equal(SyntheticCatalog.Create(0, seed: 1).Handle, products.Current.Handle);
        Assert.True(reader.CharactersRead < csv.Length / 10,
            $"Read {reader.CharactersRead} of {csv.Length} characters before the first product.");
    }

    [Theory]
    [InlineData("shopifypartners-apparel.csv", 20, 22, "C22D4CAA8CCDFB8D")]
    [InlineData("shopify-template-2023.csv", 3, 16, "8E9BA13EE0414398")]
    [InlineData("packt-products-export.csv", 20, 21, "0B09FB862461189A")]
    public void RealShopifyFilesReadExactlyAsTheyDidBeforeTheLibraryReader(string fileName, int products, int variants, string fingerprint)
    {
        // The figures are what the hand-written reader this one replaced read from these files, field for field.
        var result = ReadFile(fileName);

        Assert.Empty(result.Errors);
        Assert.Equal(products, result.Products.Count);
        Assert.Equal(variants, result.Products.Sum(p => p.Variants.Count));
        Assert.Equal(fingerprint, Fingerprint(result.Products));
    }

    [Fact]
    public void ABrokenQuoteIsReportedOnItsOwnRowAndTheNextRowStillLoads()
    {
        var result = ShopifyCsvReader.ReadAll(new StringReader("Handle,Title,Variant Price\nbq-1,\"Broken title,10.00\nbq-2,Fine,5"));

        var bq2 = Assert.Single(result.Products);
        Assert.Equal(("bq-2", "Fine", 5m), (bq2.Handle, bq2.Title, bq2.Variants[0].Price));
        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "Title"), (error.Row, error.Column));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuoteLeftOpenAtTheEndOfTheFileIsReported()
    {
        var result = ShopifyCsvReader.ReadAll(new StringReader("Handle,Title,Variant Price\nok,OK,1\nbq,Broken,\"2\n"));

        Assert.Equal(["ok"], result.Products.Select(p => p.Handle));
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "Variant Price"), (error.Row, error.Column));
        Assert.Contains("end of the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuoteThatAnotherRowClosesIsReportedAndThatRowLoadsWithItsOwnLineBreaks()
    {
        const string csv = "Handle,Title,Variant Price\n" +
            "bq-1,\"Broken title,10.00\n" +
            "bq-2,\"<p>two\nlines</p>\",5\n" +
            "bq-3,Third,6\n";

        var result = ShopifyCsvReader.ReadAll(new StringReader(csv));

        Assert.Equal(["bq-2", "bq-3"], result.Products.Select(p => p.Handle));
        Assert.Equal("<p>two\nlines</p>", result.Products[0].Title);
        Assert.Equal(2, Assert.Single(result.Errors).Row);
        Assert.Equal(4, result.Products.Count + result.Errors.Count + 1); // header, one broken row, two products
    }

    [Fact]
    public void TheRowsOfAProductWhoseFirstRowIsBrokenAreSkippedWithIt()
    {
        var csv = ClassicHeader + "\n" +
            "lamp,\"Broken lamp,,V,T,,true,Size,S,,,L-S,100,5,10.00,,,g,active\n" +
            "lamp,,,,,,,,M,,,L-M,100,5,10.00,,,g,\n" +
            "mug,Mug,,V,T,,true,Title,Default Title,,,M-1,100,5,4.00,,,g,active\n";

        var result = ShopifyCsvReader.ReadAll(new StringReader(csv));

        Assert.Equal(["mug"], result.Products.Select(p => p.Handle));
        Assert.Equal((2, "Title"), (Assert.Single(result.Errors).Row, result.Errors[0].Column));
    }

    [Fact]
    public void ABrokenQuoteDoesNotHoldTheRestOfALargeFile()
    {
        var catalog = ShopifyCsvWriter.WriteToString(SyntheticCatalog.Generate(2_000, seed: 1));
        var header = catalog[..catalog.IndexOf('\n', StringComparison.Ordinal)];
        var broken = "broken-first,\"Never closed" + new string(',', header.Count(c => c == ',') - 1) + "\n";
        var csv = header + "\n" + broken + catalog[(header.Length + 1)..];
        var reader = new CountingReader(csv);

        var shopify = new ShopifyCsvReader(reader);
        using var products = shopify.ReadProducts().GetEnumerator();
        Assert.True(products.MoveNext());

        Assert.Equal(SyntheticCatalog.Create(0, seed: 1).Handle, products.Current.Handle);
        Assert.Equal(2, Assert.Single(shopify.Errors).Row);
        Assert.True(reader.CharactersRead < csv.Length / 10,
            $"Read {reader.CharactersRead} of {csv.Length} characters before the first product after the broken row.");
    }

    [Fact]
    public void CellsGuardedAgainstFormulasReadAsTheTextTheyGuard()
    {
        const string csv = "Handle,Title,Vendor,Type,Tags,Variant Price\n" +
            "guarded,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1,'@SUM(A1),\"'-2+3, b\",5\n" +
            "kept,'not a formula,''=two quotes,'',x,6\n";

        var products = ShopifyCsvReader.ReadAll(new StringReader(csv)).Products;

        Assert.Equal("=HYPERLINK(\"http://x\",\"y\")", products[0].Title);
        Assert.Equal(("+1", "@SUM(A1)"), (products[0].Vendor, products[0].ProductType));
        Assert.Equal(["-2+3", "b"], products[0].Tags);
        Assert.Equal(("'not a formula", "'=two quotes", "''"), (products[1].Title, products[1].Vendor, products[1].ProductType));
    }

    [Fact]
    public void RecordsEndAtCrLfOrLoneCrAndLineBreaksInsideQuotesAreKept()
    {
        var reader = new RecoveringCsvReader(new StringReader("a,b\rc,\"x\ry\"\r\n\r\ne,\"1\r\n2\"\rf,g"));
        var fields = new List<string>();
        var records = new List<string>();
        while (reader.TryReadRecord(fields, out var broken))
        {
            Assert.Null(broken);
            records.Add(string.Join("|", fields));
        }

        Assert.Equal(["a|b", "c|x\ry", "e|1\r\n2", "f|g"], records);
        Assert.Equal(4, reader.RecordNumber); // the blank line is not a record
    }

    private static ShopifyCsvReadResult ReadFile(string fileName)
    {
        using var reader = new StreamReader(CatalogTestFiles.RequireCatalog(fileName));
        return ShopifyCsvReader.ReadAll(reader);
    }

    private static string Fingerprint(IReadOnlyList<CatalogProduct> products)
    {
        var text = new StringBuilder();
        foreach (var p in products)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{p.Handle}|{p.Title}|{p.BodyHtml}|{p.Vendor}|{p.ProductType}|{string.Join(",", p.Tags)}|{p.Status}|{string.Join(",", p.OptionNames)}\n");
            foreach (var v in p.Variants)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"  {v.Sku}|{v.Price}|{v.CompareAtPrice}|{v.InventoryQuantity}|{v.Barcode}|{v.Weight}|{v.WeightUnit}|{string.Join(",", v.OptionValues)}\n");
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private sealed class CountingReader(string text) : TextReader
    {
        private readonly StringReader _inner = new(text);

        public int CharactersRead { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            var read = _inner.Read(buffer, index, count);
            CharactersRead += read;
            return read;
        }

        public override int Read() => throw new NotSupportedException();

        public override int Peek() => throw new NotSupportedException();
    }
}
