using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace SyncStudio.ShopifySimulator;

/// <summary>Shopify's <c>ProductSortKeys</c> that the simulator orders by (RELEVANCE orders by id).</summary>
internal enum ProductSortKey
{
    Id,
    UpdatedAt,
    CreatedAt,
    Title,
    Vendor,
    ProductType,
    InventoryTotal,
}

/// <summary>A page request on the products connection: Relay arguments plus Shopify's query and sort.</summary>
internal sealed record ProductPageRequest(
    ProductSearchQuery Filter,
    ProductSortKey SortKey,
    bool Reverse,
    int? First,
    ProductCursor? After,
    int? Last,
    ProductCursor? Before,
    long? CollectionId = null);

internal sealed record ProductPage(IReadOnlyList<SimulatedProduct> Products, bool HasNextPage, bool HasPreviousPage, ProductSortKey SortKey);

/// <summary>
/// A keyset cursor: the sort value and id of the last product seen, so paging stays exact while
/// products are written between pages. Encoded like Shopify's (base64 of a small JSON object).
/// </summary>
internal sealed record ProductCursor(long LastId, string? LastValue)
{
    public static string Encode(SimulatedProduct product, ProductSortKey key)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("last_id", product.Id);
            writer.WriteString("last_value", SortValue(product, key));
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.WrittenSpan);
    }

    public static ProductCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(cursor.Length)];
        if (!Convert.TryFromBase64String(cursor, bytes, out var written))
            throw new FormatException("Invalid cursor");
        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, written));
            var root = document.RootElement;
            var id = root.GetProperty("last_id").GetInt64();
            var value = root.TryGetProperty("last_value", out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
            return new ProductCursor(id, value);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("Invalid cursor", e);
        }
    }

    public static string SortValue(SimulatedProduct product, ProductSortKey key) => key switch
    {
        ProductSortKey.UpdatedAt => product.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
        ProductSortKey.CreatedAt => product.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
        ProductSortKey.Title => product.Title,
        ProductSortKey.Vendor => product.Vendor,
        ProductSortKey.ProductType => product.ProductType,
        ProductSortKey.InventoryTotal => product.TotalInventory.ToString(CultureInfo.InvariantCulture),
        _ => product.Id.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Orders products by a sort key, ties broken by id, and compares them with cursors.</summary>
internal static class ProductOrder
{
    public static int Compare(SimulatedProduct a, SimulatedProduct b, ProductSortKey key)
    {
        var order = key switch
        {
            ProductSortKey.UpdatedAt => a.UpdatedAt.UtcTicks.CompareTo(b.UpdatedAt.UtcTicks),
            ProductSortKey.CreatedAt => a.CreatedAt.UtcTicks.CompareTo(b.CreatedAt.UtcTicks),
            ProductSortKey.Title => string.Compare(a.Title, b.Title, StringComparison.OrdinalIgnoreCase),
            ProductSortKey.Vendor => string.Compare(a.Vendor, b.Vendor, StringComparison.OrdinalIgnoreCase),
            ProductSortKey.ProductType => string.Compare(a.ProductType, b.ProductType, StringComparison.OrdinalIgnoreCase),
            ProductSortKey.InventoryTotal => a.TotalInventory.CompareTo(b.TotalInventory),
            _ => 0,
        };
        return order != 0 ? order : a.Id.CompareTo(b.Id);
    }

    /// <summary>Where a product sits relative to a cursor in ascending order: negative before, positive after.</summary>
    public static int Compare(SimulatedProduct product, ProductCursor cursor, ProductSortKey key)
    {
        var value = cursor.LastValue ?? "";
        var order = key switch
        {
            ProductSortKey.UpdatedAt => product.UpdatedAt.UtcTicks.CompareTo(ParseLong(value)),
            ProductSortKey.CreatedAt => product.CreatedAt.UtcTicks.CompareTo(ParseLong(value)),
            ProductSortKey.Title => string.Compare(product.Title, value, StringComparison.OrdinalIgnoreCase),
            ProductSortKey.Vendor => string.Compare(product.Vendor, value, StringComparison.OrdinalIgnoreCase),
            ProductSortKey.ProductType => string.Compare(product.ProductType, value, StringComparison.OrdinalIgnoreCase),
            ProductSortKey.InventoryTotal => product.TotalInventory.CompareTo(ParseLong(value)),
            _ => 0,
        };
        return order != 0 ? order : product.Id.CompareTo(cursor.LastId);
    }

    private static long ParseLong(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
