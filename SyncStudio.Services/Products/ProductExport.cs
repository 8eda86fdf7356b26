using Microsoft.EntityFrameworkCore;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Products;

/// <summary>
/// Writes the local catalog (deleted products left out) as a Shopify product CSV in the classic layout, the one
/// <see cref="ProductImport"/> and Shopify's admin both read. Products are read a page at a time, so a large catalog is
/// never held whole.
/// </summary>
public sealed class ProductExport(IDbContextFactory<SyncStudioDbContext> factory)
{
    private const int PageSize = 500;

    public async Task<int> WriteAsync(TextWriter output, CancellationToken ct)
    {
        // The CSV writer is synchronous and a response body takes only asynchronous writes: each page is written to
        // memory first, then copied out.
        var page = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var csv = new ShopifyCsvWriter(page);
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
                csv.Write(ToCatalog(LocalSnapshots.ToSnapshot(product)));
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
        }).ToList(),
    };
}
