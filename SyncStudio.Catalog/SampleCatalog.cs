namespace SyncStudio.Catalog;

/// <summary>
/// The project's own demo catalog: about 300 products of a small lifestyle store, shipped as a Shopify
/// product CSV (classic layout) embedded in this assembly. It was produced by
/// <see cref="SampleCatalogGenerator"/>; regenerate it with
/// <c>dotnet run --project SyncStudio.ShopifySimulator -- --write-sample-catalog SyncStudio.Catalog/Sample/sample-catalog.csv</c>.
/// </summary>
public static class SampleCatalog
{
    internal const string ResourceName = "SyncStudio.Catalog.sample-catalog.csv";

    /// <summary>The sample catalog's products (a fresh copy on every call).</summary>
    public static IReadOnlyList<CatalogProduct> Load()
    {
        using var reader = OpenCsv();
        var result = ShopifyCsvReader.ReadAll(reader);
        if (result.Errors.Count > 0)
            throw new InvalidOperationException($"The embedded sample catalog has errors: {result.Errors[0]}");
        return result.Products;
    }

    /// <summary>The embedded CSV itself, for a download or an import demo.</summary>
    public static TextReader OpenCsv()
    {
        var stream = typeof(SampleCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        return new StreamReader(stream);
    }
}
