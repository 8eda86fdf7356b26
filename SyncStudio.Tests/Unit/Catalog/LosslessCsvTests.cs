using SyncStudio.Catalog;

namespace SyncStudio.Tests.Unit.Catalog;

/// <summary>
/// The losses a merchant met exporting what they imported, each now a cell that comes back as the file gave it
/// (docs/decisions/0022): a digital product's settings, a weight in grams shown in ounces, a cost, image rows,
/// metafield and Google Shopping columns; and the 2024+ layout written back in its own names.
/// </summary>
public class LosslessCsvTests
{
    private const string Classic =
        "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,"
        + "Variant Inventory Qty,Variant Inventory Policy,Variant Fulfillment Service,Variant Price,Variant Requires Shipping,Variant Taxable,"
        + "Image Src,Image Position,Image Alt Text,Gift Card,SEO Title,SEO Description,Google Shopping / Gender,Variant Image,Variant Weight Unit,"
        + "Cost per item,Material (product.metafields.custom.material),Status\n"
        + "ebook,Field Guide,<p>PDF</p>,Acme,Books,guide,TRUE,Title,Default Title,EB-1,0,,,CONTINUE,gift_card,9.00,FALSE,TRUE,"
        + "https://cdn.example/ebook.jpg,1,Cover,FALSE,Guide | Acme,The field guide,unisex,,kg,11.00,paper,active\n"
        + "ebook,,,,,,,,,,,,,,,,,,https://cdn.example/ebook-2.jpg,2,Back cover,,,,,,,,,\n"
        + "mug,Mug,,Acme,Mugs,,TRUE,Size,Small,MUG-S,28,shopify,5,deny,manual,12.50,TRUE,TRUE,"
        + "https://cdn.example/mug.jpg,1,,FALSE,,,,https://cdn.example/mug-s.jpg,oz,4.20,ceramic,active\n";

    [Fact]
    public void ADigitalProductAWeightInOuncesACostAndImageRowsComeBackAsTheFileGaveThem()
    {
        var read = ShopifyCsvReader.ReadAll(new StringReader(Classic));
        Assert.Empty(read.Errors);
        var ebook = read.Products[0].Variants[0];
        Assert.Equal((11m, "continue", false, false, true), (ebook.Cost, ebook.InventoryPolicy, ebook.Tracked, ebook.RequiresShipping, ebook.Taxable));
        Assert.Equal(("Guide | Acme", "The field guide"), (read.Products[0].SeoTitle, read.Products[0].SeoDescription));

        var written = Cells(ShopifyCsvWriter.WriteToString(read.Products));

        Assert.Equal(Cells(Classic), written);
    }

    [Fact]
    public void AnEditWinsOverTheFilesSpellingOfTheOldValue()
    {
        var products = ShopifyCsvReader.ReadAll(new StringReader(Classic)).Products;
        products[0].Variants[0].Cost = 12m;
        products[0].Variants[0].RequiresShipping = true;
        products[1].Variants[0].Weight = 1m;

        var written = Cells(ShopifyCsvWriter.WriteToString(products));

        Assert.Equal(("12.00", "true"), (written[1]["Cost per item"], written[1]["Variant Requires Shipping"]));
        Assert.Equal("28.3495231", written[3]["Variant Grams"]);
        Assert.Equal("https://cdn.example/ebook-2.jpg", written[2]["Image Src"]);
    }

    [Fact]
    public void AFileInThe2024LayoutIsWrittenBackInItsOwnColumnNames()
    {
        const string modern =
            "Title,URL handle,Description,Vendor,Product category,Type,Tags,Published on online store,Status,SKU,Barcode,Option1 name,Option1 value,"
            + "Price,Compare-at price,Cost per item,Charge tax,Inventory tracker,Inventory quantity,Continue selling when out of stock,"
            + "Weight value (grams),Weight unit for display,Requires shipping,Fulfillment service,Product image URL,Image position,Variant image URL,"
            + "Gift card,SEO title,SEO description,Google Shopping / Manufacturer part number (MPN),Color (product.metafields.shopify.color-pattern)\n"
            + "Linen Shirt,linen-shirt,<p>Loose</p>,Acme,Apparel & Accessories > Clothing,Shirts,summer,TRUE,Active,LS-M,123,Size,M,"
            + "49.00,,20.00,TRUE,shopify,7,DENY,250,g,TRUE,manual,https://cdn.example/ls.jpg,1,,FALSE,Linen shirt,Cool linen,LS-MPN,white\n"
            + ",linen-shirt,,,,,,,,LS-L,124,,L,49.00,,20.00,TRUE,shopify,,DENY,260,g,TRUE,manual,,,https://cdn.example/ls-l.jpg,,,,LS-MPN-L,\n";

        var read = ShopifyCsvReader.ReadAll(new StringReader(modern));
        Assert.Empty(read.Errors);

        var written = ShopifyCsvWriter.WriteToString(read.Products, ShopifyCsvLayout.Modern);

        Assert.Equal(Cells(modern), Cells(written));
    }

    /// <summary>Each row's non-empty cells by column name (rows numbered from 1), as CsvHelper parses the file.</summary>
    private static Dictionary<int, Dictionary<string, string>> Cells(string csv)
    {
        using var reader = CsvHelper.CsvReader.FromText(csv, CsvHelper.CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Allow,
        });
        Assert.True(reader.Read());
        var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader[i].ToString()).ToArray();
        var rows = new Dictionary<int, Dictionary<string, string>>();
        var number = 0;
        while (reader.Read())
        {
            var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount && i < header.Length; i++)
            {
                if (reader[i].ToString() is { Length: > 0 } value)
                    cells[header[i]] = value;
            }

            rows[++number] = cells;
        }

        return rows;
    }
}
