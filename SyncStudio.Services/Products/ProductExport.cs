using Microsoft.EntityFrameworkCore;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Products;

/// <summary>
/// Writes the local catalog (deleted products left out) as a Shopify product CSV, classic layout by default (the one
/// <see cref="ProductImport"/> and Shopify's admin both read), with the cells an import kept that the catalog does not
/// hold (docs/decisions/0022). Products are read a page at a time, so a large catalog is never held whole: a first pass
/// over the kept cells alone finds the extra columns the header needs.
/// </summary>
public sealed class ProductExport(IDbContextFactory<SyncStudioDbContext> factory)
{
    private const int PageSize = 500;

    public async Task<int> WriteAsync(TextWriter output, CancellationToken ct, ShopifyCsvLayout layout = ShopifyCsvLayout.Classic)
    {
        var extraColumns = await ExtraColumnsAsync(ct);
        // The CSV writer is synchronous and a response body takes only asynchronous writes: each page is written to
        // memory first, then copied out.
        var page = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var csv = new ShopifyCsvWriter(page, extraColumns, layout);
        csv.WriteHeader();
        var written = 0;
        var after = 0;
        while (true)
        {
            List<Product> products;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                products = await db.Products.AsNoTracking().Where(p => p.DeletedAt == null && p.Id > after).OrderBy(p => p.Id).Take(PageSize)
                    .Include(p => p.Variants).ThenInclude(v => v.StockLevels).AsSplitQuery().ToListAsync(ct);
            }
            foreach (var product in products)
            {
                csv.Write(ToCatalog(product));
                written++;
            }
            var text = page.GetStringBuilder();
            await output.WriteAsync(text, ct);
            await output.FlushAsync(ct);
            text.Clear();
            if (products.Count < PageSize)
                break;
            after = products[^1].Id;
        }
        return written;
    }

    /// <summary>The columns beyond Shopify's standard ones that kept cells use, in order of first use.</summary>
    private async Task<List<string>> ExtraColumnsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var seen = new HashSet<string>(ShopifyCsvColumns.ClassicHeader, StringComparer.OrdinalIgnoreCase);
        var columns = new List<string>();
        var products = db.Products.AsNoTracking().Where(p => p.DeletedAt == null && p.CsvExtra != null).OrderBy(p => p.Id).Select(p => p.CsvExtra).AsAsyncEnumerable();
        await foreach (var json in products.WithCancellation(ct))
        {
            var extra = CsvExtraJson.Product(json);
            Add(extra.Cells.Keys.Concat(extra.Rows.SelectMany(r => r.Cells.Keys)));
        }

        var variants = db.ProductVariants.AsNoTracking().Where(v => v.CsvExtra != null && v.Product!.DeletedAt == null).OrderBy(v => v.Id).Select(v => v.CsvExtra).AsAsyncEnumerable();
        await foreach (var json in variants.WithCancellation(ct))
            Add(CsvExtraJson.Variant(json).Keys);
        return columns;

        void Add(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                if (seen.Add(name))
                    columns.Add(name);
            }
        }
    }

    /// <summary>A local product as the CSV writer takes it, with the cells its import kept.</summary>
    public static CatalogProduct ToCatalog(Product product)
    {
        var catalog = ToCatalog(LocalSnapshots.ToSnapshot(product));
        catalog.Extra = CsvExtraJson.Product(product.CsvExtra);
        CsvMetafields.Export(catalog.Extra.Cells, product.Metafields, variant: false);
        var variants = product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id).ToList();
        for (var i = 0; i < variants.Count && i < catalog.Variants.Count; i++)
        {
            catalog.Variants[i].Extra = CsvExtraJson.Variant(variants[i].CsvExtra);
            CsvMetafields.Export(catalog.Variants[i].Extra, variants[i].Metafields, variant: true);
        }
        return catalog;
    }

    /// <summary>The inverse of the import's mapping: a snapshot as the CSV writer takes it.</summary>
    public static CatalogProduct ToCatalog(ProductSnapshot p) => new()
    {
        Handle = p.Handle,
        Title = p.Title,
        BodyHtml = p.BodyHtml ?? "",
        Vendor = p.Vendor ?? "",
        ProductType = p.ProductType ?? "",
        Tags = [.. p.Tags],
        Status = CatalogConventions.TryParseStatus(p.Status, out var status) ? status : CatalogProductStatus.Active,
        OptionNames = [.. p.OptionNames],
        SeoTitle = p.SeoTitle,
        SeoDescription = p.SeoDescription,
        Variants = p.Variants.Select(v => new CatalogVariant
        {
            Sku = v.Sku,
            Price = v.Price,
            CompareAtPrice = v.CompareAtPrice,
            // Shopify's product CSV holds one location's stock: the default location's (docs/decisions/0019).
            InventoryQuantity = StockLevels.At(v, StockLevels.DefaultLocation),
            Barcode = v.Barcode,
            Weight = v.Weight,
            WeightUnit = CanonicalProduct.NormaliseWeightUnit(v.WeightUnit) switch
            {
                "GRAMS" => CatalogWeightUnit.Grams,
                "OUNCES" => CatalogWeightUnit.Ounces,
                "POUNDS" => CatalogWeightUnit.Pounds,
                _ => CatalogWeightUnit.Kilograms,
            },
            OptionValues = [.. v.Options],
            Cost = v.Cost,
            InventoryPolicy = v.InventoryPolicy,
            Tracked = v.Tracked,
            RequiresShipping = v.RequiresShipping,
            Taxable = v.Taxable,
        }).ToList(),
    };
}
