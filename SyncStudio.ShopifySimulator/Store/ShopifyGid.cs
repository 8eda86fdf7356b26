using System.Globalization;

namespace SyncStudio.ShopifySimulator;

/// <summary>Shopify's global ids: <c>gid://shopify/Product/123</c>.</summary>
public static class ShopifyGid
{
    private const string Prefix = "gid://shopify/";

    public static string Product(long id) => Make("Product", id);

    public static string ProductVariant(long id) => Make("ProductVariant", id);

    public static string InventoryItem(long id) => Make("InventoryItem", id);

    public static string Location(long id) => Make("Location", id);

    public static string Collection(long id) => Make("Collection", id);

    public static string Make(string type, long id) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{type}/{id}");

    /// <summary>Splits a gid into its type and numeric id (a query string such as <c>?inventory_item_id=</c> is ignored).</summary>
    public static bool TryParse(string? gid, out string type, out long id)
    {
        type = "";
        id = 0;
        if (gid is null || !gid.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = gid.AsSpan(Prefix.Length);
        var query = rest.IndexOf('?');
        if (query >= 0)
            rest = rest[..query];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
            return false;
        type = rest[..slash].ToString();
        return long.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    /// <summary>The numeric id of a gid of the given type, or null when the gid is malformed or of another type.</summary>
    public static long? ParseId(string? gid, string expectedType) =>
        TryParse(gid, out var type, out var id) && type == expectedType ? id : null;
}
