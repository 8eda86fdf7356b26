using Microsoft.EntityFrameworkCore;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Services.Audit;

namespace SyncStudio.Services.Products;

/// <summary>What an inventory CSV import did: levels set, levels already so, and the rows refused.</summary>
public sealed record InventoryImportResult(int Updated, int Unchanged, IReadOnlyList<ImportRowError> Errors)
{
    /// <summary>Set when the file is not an inventory CSV at all: nothing was written.</summary>
    public ImportRowError? FileError { get; init; }
}

/// <summary>
/// Stock per location as Shopify's inventory CSV (docs/decisions/0019): export writes a row per variant and local stock
/// location (its name in the Location column); import sets the levels its rows name, variants found by handle, then SKU
/// or option values, locations by name or key. The product CSV carries the default location only.
/// </summary>
public sealed class InventoryCsv(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time)
{
    private const int PageSize = 500;
    private const string DefaultOptionName = "Title";
    private const string DefaultOptionValue = "Default Title";

    public async Task<int> WriteAsync(TextWriter output, CancellationToken ct)
    {
        List<StockLocation> locations;
        await using (var db = await factory.CreateDbContextAsync(ct))
            locations = await db.StockLocations.AsNoTracking().OrderBy(l => l.Position).ThenBy(l => l.Id).ToListAsync(ct);

        // As the product export: each page to memory first (the CSV writer is synchronous), then copied out.
        var page = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        ShopifyInventoryCsv.WriteHeader(page);
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
                var names = ProductTags.Options(product.Option1Name, product.Option2Name, product.Option3Name);
                foreach (var variant in product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id))
                {
                    var values = ProductTags.Options(variant.Option1, variant.Option2, variant.Option3);
                    IReadOnlyList<string> rowNames = values.Count == 0 ? [DefaultOptionName] : names;
                    IReadOnlyList<string> rowValues = values.Count == 0 ? [DefaultOptionValue] : values;
                    foreach (var location in locations)
                    {
                        var available = variant.StockLevels.Count == 0
                            ? (location.Key == StockLocation.DefaultKey ? variant.InventoryQuantity : 0)
                            : variant.StockLevels.FirstOrDefault(l => l.LocationKey == location.Key)?.Available ?? 0;
                        ShopifyInventoryCsv.Write(page, new InventoryCsvRow(0, product.Handle, product.Title, rowNames, rowValues, variant.Sku, location.Name, available));
                        written++;
                    }
                }
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

    public async Task<InventoryImportResult> ImportAsync(TextReader input, int actorId, CancellationToken ct)
    {
        var read = ShopifyInventoryCsv.Read(input);
        if (read.FileError is { } refused)
            return new InventoryImportResult(0, 0, []) { FileError = new ImportRowError(refused.Row, refused.Column, refused.Message) };
        var errors = read.Errors.Select(e => new ImportRowError(e.Row, e.Column, e.Message)).ToList();

        await using var db = await factory.CreateDbContextAsync(ct);
        var locations = await db.StockLocations.AsNoTracking().ToListAsync(ct);
        var handles = read.Rows.Select(r => r.Handle).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var products = await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels)
            .Where(p => handles.Contains(p.Handle) && p.DeletedAt == null).AsSplitQuery()
            .ToDictionaryAsync(p => p.Handle, StringComparer.OrdinalIgnoreCase, ct);
        int updated = 0, unchanged = 0;
        foreach (var row in read.Rows)
        {
            if (row.Available is not { } available)
                continue;
            if (!products.TryGetValue(row.Handle, out var product))
            {
                errors.Add(new ImportRowError(row.Row, "Handle", $"no product '{row.Handle}': an inventory CSV sets stock, it does not create products"));
                continue;
            }

            var location = locations.FirstOrDefault(l => string.Equals(l.Name, row.Location, StringComparison.OrdinalIgnoreCase))
                ?? locations.FirstOrDefault(l => string.Equals(l.Key, row.Location, StringComparison.Ordinal));
            if (location is null)
            {
                errors.Add(new ImportRowError(row.Row, "Location", $"'{row.Location}' is no stock location (see Settings)"));
                continue;
            }

            if (Find(product, row) is not { } variant)
            {
                errors.Add(new ImportRowError(row.Row, "SKU", $"'{row.Handle}' has no variant {row.Sku ?? string.Join(" / ", row.OptionValues)}"));
                continue;
            }

            if (variant.StockLevels.Count == 0)
                variant.StockLevels.Add(new VariantStockLevel { LocationKey = StockLocation.DefaultKey, Available = variant.InventoryQuantity });
            var level = variant.StockLevels.FirstOrDefault(l => l.LocationKey == location.Key);
            if (level?.Available == available || (level is null && available == 0))
            {
                unchanged++;
                continue;
            }

            if (level is null)
                variant.StockLevels.Add(level = new VariantStockLevel { LocationKey = location.Key });
            level.Available = available;
            variant.InventoryQuantity = variant.StockLevels.Sum(l => l.Available);
            product.UpdatedById = actorId;
            product.UpdatedAt = time.GetUtcNow().UtcDateTime;
            updated++;
        }

        AuditLog.Add(db, new AuditEntry(EntityTypes.Product, "inventory-import", "inventory_imported", actorId,
            Notes: $"{updated} levels set, {unchanged} unchanged, {errors.Count} row errors"));
        await db.SaveChangesAsync(ct);
        return new InventoryImportResult(updated, unchanged, errors);
    }

    /// <summary>By SKU, else by option values ("Title / Default Title" is a product's only variant).</summary>
    private static ProductVariant? Find(Product product, InventoryCsvRow row)
    {
        if (row.Sku is not null && product.Variants.FirstOrDefault(v => string.Equals(v.Sku, row.Sku, StringComparison.OrdinalIgnoreCase)) is { } bySku)
            return bySku;
        if (row.OptionValues is [DefaultOptionValue] && product.Variants.Count == 1)
            return product.Variants[0];
        return product.Variants.FirstOrDefault(v =>
            ProductTags.Options(v.Option1, v.Option2, v.Option3).SequenceEqual(row.OptionValues, StringComparer.OrdinalIgnoreCase));
    }
}
