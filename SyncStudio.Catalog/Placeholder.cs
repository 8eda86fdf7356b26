namespace SyncStudio.Catalog;

internal static class Placeholder;
