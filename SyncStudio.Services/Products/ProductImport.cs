using Microsoft.EntityFrameworkCore;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Services.Audit;

namespace SyncStudio.Services.Products;

public sealed record ImportRowError(int Row, string? Column, string Message);

public sealed record ImportResult(int Created, int Updated, int Unchanged, IReadOnlyList<ImportRowError> Errors)
{
    /// <summary>Set when the file is not a product CSV at all (empty, or no column naming a product): nothing was written.</summary>
    public ImportRowError? FileError { get; init; }
}

/// <summary>Where an import is: <see cref="ImportStage.Reading"/> counts products read (the total is not known yet).</summary>
public sealed record ImportProgress(ImportStage Stage, int Done, int Total);

public enum ImportStage
{
    Reading,
    Applying,
    Saving,
    Done,
}

/// <summary>
/// Imports a Shopify product CSV (classic or 2024+ layout, the simulator's parser) into the local catalog: new handles
/// are created, existing ones updated (as local edits by the importer, so the next pull stages them for Shopify).
/// Bad rows are reported and skipped; the good ones are written in one transaction. A file that is not a product CSV
/// at all is refused whole (<see cref="ImportResult.FileError"/>), with nothing written, not even an audit entry.
/// </summary>
public sealed class ProductImport(IDbContextFactory<SyncStudioDbContext> factory, Settings.MetafieldSettings? metafieldSettings = null)
{
    private const int ProgressStep = 50;

    public async Task<ImportResult> ImportAsync(TextReader csv, int actorId, CancellationToken ct, IProgress<ImportProgress>? progress = null)
    {
        var reader = new ShopifyCsvReader(csv);
        var products = new List<CatalogProduct>();
        foreach (var read in reader.ReadProducts())
        {
            ct.ThrowIfCancellationRequested();
            products.Add(read);
            if (products.Count % ProgressStep == 0)
                progress?.Report(new ImportProgress(ImportStage.Reading, products.Count, 0));
        }
        progress?.Report(new ImportProgress(ImportStage.Applying, 0, products.Count));
        var errors = reader.Errors.Select(e => new ImportRowError(e.Row, e.Column, e.Message)).ToList();
        IReadOnlyCollection<string> namespaces = metafieldSettings is null ? [] : await metafieldSettings.GetNamespacesAsync(ct);
        if (reader.FileError is { } fileError)
            return new ImportResult(0, 0, 0, errors) { FileError = new ImportRowError(fileError.Row, fileError.Column, fileError.Message) };

        await using var db = await factory.CreateDbContextAsync(ct);
        var handles = products.Select(p => p.Handle).ToList();
        var existing = await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels).Where(p => handles.Contains(p.Handle) && p.DeletedAt == null)
            .AsSplitQuery().ToDictionaryAsync(p => p.Handle, StringComparer.OrdinalIgnoreCase, ct);
        int created = 0, updated = 0, unchanged = 0, done = 0;
        // About a hundred reports per import at most: each one redraws a progress bar somewhere.
        var step = Math.Max(1, products.Count / 100);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var source in products)
        {
            if (++done % step == 0)
                progress?.Report(new ImportProgress(ImportStage.Applying, done, products.Count));
            if (source.Variants.Count == 0)
            {
                // Its variant rows were all refused (reported above): a product without a variant is not imported.
                errors.Add(new ImportRowError(0, "Handle", $"'{source.Handle}' has no valid variant row and was not imported."));
                continue;
            }
            var snapshot = ToSnapshot(source);
            if (existing.TryGetValue(source.Handle, out var product))
            {
                var before = Sync.ProductHasher.ComputeHash(Sync.LocalSnapshots.ToSnapshot(product));
                Sync.LocalSnapshots.Apply(product, KeepOtherLocations(snapshot, product) with { ShopifyProductId = product.ShopifyProductId });
                KeepExtraCells(product, source, namespaces);
                if (Sync.ProductHasher.ComputeHash(Sync.LocalSnapshots.ToSnapshot(product)) == before)
                {
                    unchanged++;
                    continue;
                }
                product.UpdatedById = actorId;
                updated++;
            }
            else
            {
                product = Sync.LocalSnapshots.NewProduct(snapshot);
                KeepExtraCells(product, source, namespaces);
                product.UpdatedById = actorId;
                db.Products.Add(product);
                created++;
            }
        }
        AuditLog.Add(db, new AuditEntry(EntityTypes.Product, "import", "products_imported", actorId,
            Notes: $"{created} created, {updated} updated, {unchanged} unchanged, {errors.Count} row errors"));
        progress?.Report(new ImportProgress(ImportStage.Saving, products.Count, products.Count));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        progress?.Report(new ImportProgress(ImportStage.Done, products.Count, products.Count));
        return new ImportResult(created, updated, unchanged, errors);
    }

    /// <summary>
    /// The file's cells the catalog does not hold, kept with the product and each variant (written in the order of the
    /// file's rows, as <see cref="Sync.LocalSnapshots.Apply"/> placed them) for the export to give back.
    /// </summary>
    private static void KeepExtraCells(Product product, CatalogProduct source, IReadOnlyCollection<string> namespaces)
    {
        product.CsvExtra = CsvExtraJson.Serialize(source.Extra);
        var variants = product.Variants.OrderBy(v => v.Position).ToList();
        for (var i = 0; i < variants.Count && i < source.Variants.Count; i++)
            variants[i].CsvExtra = CsvExtraJson.Serialize(source.Variants[i].Extra);
        // Metafield columns of a synced namespace are values of the product's metafields too (docs/decisions/0023).
        CsvMetafields.Import(product, source, namespaces);
    }

    /// <summary>
    /// Shopify's product CSV carries the stock of one location, the default (docs/decisions/0019): each imported
    /// variant keeps what the existing variant it matches (by SKU, then option values) has at every other location.
    /// </summary>
    private static Sync.ProductSnapshot KeepOtherLocations(Sync.ProductSnapshot snapshot, Product product) => snapshot with
    {
        Variants = [.. snapshot.Variants.Select(v =>
        {
            var match = product.Variants.FirstOrDefault(e => v.Sku is not null && string.Equals(e.Sku, v.Sku, StringComparison.OrdinalIgnoreCase))
                ?? product.Variants.FirstOrDefault(e => ProductTags.Options(e.Option1, e.Option2, e.Option3).SequenceEqual(v.Options, StringComparer.OrdinalIgnoreCase));
            if (match is null || match.StockLevels.Count == 0)
                return v;
            var levels = match.StockLevels.ToDictionary(l => l.LocationKey, l => l.Available, StringComparer.Ordinal);
            levels[StockLocation.DefaultKey] = v.InventoryQuantity;
            return Sync.StockLevels.WithLevels(v, levels);
        })],
    };

    private static Sync.ProductSnapshot ToSnapshot(CatalogProduct p) => new()
    {
        Title = string.IsNullOrWhiteSpace(p.Title) ? p.Handle : p.Title,
        Handle = p.Handle,
        BodyHtml = p.BodyHtml,
        Vendor = p.Vendor,
        ProductType = p.ProductType,
        Tags = p.Tags,
        Status = p.Status switch
        {
            CatalogProductStatus.Draft => ProductStatuses.Draft,
            CatalogProductStatus.Archived => ProductStatuses.Archived,
            _ => ProductStatuses.Active,
        },
        OptionNames = p.OptionNames,
        SeoTitle = p.SeoTitle,
        SeoDescription = p.SeoDescription,
        Variants = p.Variants.Select(v => new Sync.VariantSnapshot
        {
            Sku = v.Sku,
            Price = v.Price,
            CompareAtPrice = v.CompareAtPrice,
            InventoryQuantity = v.InventoryQuantity,
            Barcode = v.Barcode,
            Weight = v.Weight,
            WeightUnit = v.WeightUnit switch
            {
                CatalogWeightUnit.Grams => "g",
                CatalogWeightUnit.Ounces => "oz",
                CatalogWeightUnit.Pounds => "lb",
                _ => "kg",
            },
            Options = v.OptionValues,
            Cost = v.Cost,
            InventoryPolicy = v.InventoryPolicy,
            Tracked = v.Tracked,
            RequiresShipping = v.RequiresShipping,
            Taxable = v.Taxable,
        }).ToList(),
    };
}
