namespace SyncStudio.Tests.Unit.Catalog;

/// <summary>The real Shopify CSVs kept beside the repository (../shared/data/catalogs), when present.</summary>
internal static class CatalogTestFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string CatalogsFolder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", "catalogs"));

    /// <summary>The path of a real catalog file; skips the calling test when the folder is absent.</summary>
    public static string RequireCatalog(string fileName)
    {
        Assert.SkipWhen(!Directory.Exists(CatalogsFolder),
            $"The shared catalog folder {CatalogsFolder} is absent; the tests over real Shopify CSVs need it.");
        return Path.Combine(CatalogsFolder, fileName);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SyncStudio.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No SyncStudio.sln above {AppContext.BaseDirectory}.");
    }
}
