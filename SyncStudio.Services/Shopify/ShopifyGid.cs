using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SyncStudio.Services.Shopify;

/// <summary>Shopify global ids: <c>gid://shopify/Product/123</c> (some carry a <c>?query</c> suffix).</summary>
public static class ShopifyGid
{
    private const string Prefix = "gid://shopify/";

    public static string Format(string type, long id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{type}/{id}");
    }

    public static string Product(long id) => Format("Product", id);

    public static string Variant(long id) => Format("ProductVariant", id);

    public static string InventoryItem(long id) => Format("InventoryItem", id);

    public static string Location(long id) => Format("Location", id);

    public static string Collection(long id) => Format("Collection", id);

    public static string MediaImage(long id) => Format("MediaImage", id);

    /// <summary>The numeric id of a gid; throws <see cref="FormatException"/> when it is not one.</summary>
    public static long Parse(string gid) =>
        TryParse(gid, out _, out var id) ? id : throw new FormatException($"Not a Shopify gid: '{gid}'.");

    /// <summary>The numeric id of a gid of the expected type.</summary>
    public static long Parse(string gid, string expectedType) =>
        TryParse(gid, out var type, out var id) && type == expectedType
            ? id
            : throw new FormatException($"Not a Shopify {expectedType} gid: '{gid}'.");

    public static bool TryParse(string? gid, [NotNullWhen(true)] out string? type, out long id)
    {
        type = null;
        id = 0;
        if (gid is null || !gid.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = gid.AsSpan(Prefix.Length);
        var query = rest.IndexOf('?');
        if (query >= 0)
        {
            rest = rest[..query];
        }

        var slash = rest.IndexOf('/');
        if (slash <= 0 || !long.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out id) || id <= 0)
        {
            id = 0;
            return false;
        }

        type = rest[..slash].ToString();
        return true;
    }
}
