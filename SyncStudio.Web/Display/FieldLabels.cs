namespace SyncStudio.Web.Display;

/// <summary>A field path as a person reads it: the field's name in Shopify's admin, and the variant it belongs to.</summary>
public sealed record FieldLabel(string Name, string? Variant)
{
    /// <summary>"Price" or "Price · Small / Red".</summary>
    public override string ToString() => Variant is null ? Name : $"{Name} · {Variant}";
}

/// <summary>
/// Names field paths (<c>compare_at_price</c>, <c>variants[Small / Red].price</c>) as Shopify's product page in the
/// admin names the same fields, so a reviewer never has to read a storage key. Unknown paths are shown as they are.
/// </summary>
public static class FieldLabels
{
    private const string VariantsPrefix = "variants[";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["title"] = "Title",
        ["handle"] = "URL handle",
        ["body_html"] = "Description",
        ["vendor"] = "Vendor",
        ["product_type"] = "Product type",
        ["tags"] = "Tags",
        ["status"] = "Status",
        ["option_names"] = "Option names",
        ["sku"] = "SKU",
        ["price"] = "Price",
        ["compare_at_price"] = "Compare-at price",
        ["inventory_quantity"] = "Quantity",
        ["barcode"] = "Barcode",
        ["weight"] = "Weight",
        ["weight_unit"] = "Weight unit",
        ["options"] = "Option values",
        // The admin's "Search engine listing" section.
        ["seo_title"] = "Page title",
        ["seo_description"] = "Meta description",
        ["cost"] = "Cost per item",
        ["inventory_policy"] = "Continue selling when out of stock",
        ["tracked"] = "Track quantity",
        ["requires_shipping"] = "Physical product",
        ["taxable"] = "Charge tax",
        ["harmonized_system_code"] = "HS code",
        ["country_of_origin"] = "Country/Region of origin",
        // The admin's "Media" section (docs/decisions/0029).
        ["images"] = "Media",
        ["image"] = "Variant image",
    };

    public static FieldLabel Of(string path)
    {
        // An image's alt text names the image by its file: "Alt text · front.jpg".
        if (ImageChanges.AltImage(path) is { } image)
            return new FieldLabel("Alt text", FileName(image));
        if (!path.StartsWith(VariantsPrefix, StringComparison.Ordinal))
            return new FieldLabel(NameOf(path), null);
        // The variant key may hold any character, ']' included; the field after the last "]." never does.
        var close = path.LastIndexOf(']');
        if (close < VariantsPrefix.Length)
            return new FieldLabel(path, null);
        var key = path[VariantsPrefix.Length..close];
        if (close == path.Length - 1)
            return new FieldLabel("Variant", key);
        return path[close + 1] == '.' ? new FieldLabel(NameOf(path[(close + 2)..]), key) : new FieldLabel(path, null);
    }

    /// <summary>The field a path ends in (<c>price</c> for <c>variants[S].price</c>); the path itself for product fields.</summary>
    /// <summary>The last segment of an image URL's path, as Shopify's admin lists a file ("front.jpg").</summary>
    public static string FileName(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && Path.GetFileName(uri.AbsolutePath) is { Length: > 0 } name ? Uri.UnescapeDataString(name) : url;

    public static string FieldOf(string path)
    {
        if (ImageChanges.AltImage(path) is not null)
            return "images.alt";
        var bracket = path.LastIndexOf("].", StringComparison.Ordinal);
        return bracket >= 0 && path.StartsWith(VariantsPrefix, StringComparison.Ordinal) ? path[(bracket + 2)..] : path;
    }

    /// <summary>A metafield reads as Shopify's admin shows it under "Metafields": its namespace and key (<c>Metafield custom.material</c>).</summary>
    private static string NameOf(string field) =>
        Names.TryGetValue(field, out var name) ? name
        : field.StartsWith("metafields.", StringComparison.Ordinal) ? "Metafield " + field["metafields.".Length..]
        : field;
}
