namespace SyncStudio.Services.Sync;

/// <summary>
/// Field paths name what a staged change touches. Product fields sit at the top level; a product with one
/// variant shows that variant's fields at the top level too; a product with several variants uses
/// <c>variants[&lt;key&gt;].&lt;field&gt;</c>, and <c>variants[&lt;key&gt;]</c> for a variant added or removed.
/// </summary>
public static class FieldPaths
{
    public const string Title = "title";
    public const string Handle = "handle";
    public const string BodyHtml = "body_html";
    public const string Vendor = "vendor";
    public const string ProductType = "product_type";
    public const string Tags = "tags";
    public const string Status = "status";
    public const string OptionNames = "option_names";
    public const string SeoTitle = "seo_title";
    public const string SeoDescription = "seo_description";

    /// <summary>
    /// The product's images as a list (added, removed, reordered; docs/decisions/0029); an image's alt text is
    /// <c>images[&lt;src&gt;].alt</c>, whose parsed <see cref="FieldPath.Field"/> is <c>images</c> and <see cref="FieldPath.Image"/> the URL.
    /// </summary>
    public const string Images = "images";

    public const string Sku = "sku";
    public const string Price = "price";
    public const string CompareAtPrice = "compare_at_price";
    public const string InventoryQuantity = "inventory_quantity";
    public const string Barcode = "barcode";
    public const string Weight = "weight";
    public const string WeightUnit = "weight_unit";
    public const string Options = "options";
    public const string Cost = "cost";
    public const string InventoryPolicy = "inventory_policy";
    public const string Tracked = "tracked";
    public const string RequiresShipping = "requires_shipping";
    public const string Taxable = "taxable";
    public const string HarmonizedSystemCode = "harmonized_system_code";
    public const string CountryOfOrigin = "country_of_origin";

    /// <summary>The URL of the product image a variant shows (docs/decisions/0029).</summary>
    public const string Image = "image";

    /// <summary>
    /// Stock at one location: <c>inventory[&lt;location&gt;]</c>, <c>variants[&lt;key&gt;].inventory[&lt;location&gt;]</c>,
    /// and the <c>inventory</c> object of a whole variant (docs/decisions/0019).
    /// </summary>
    public const string Inventory = "inventory";

    /// <summary>
    /// A metafield: <c>metafields.&lt;namespace&gt;.&lt;key&gt;</c> on the product, <c>variants[&lt;key&gt;].metafields.&lt;namespace&gt;.&lt;key&gt;</c>
    /// on a variant (docs/decisions/0023). The parsed path's <see cref="FieldPath.Field"/> is <c>metafields</c> and its
    /// <see cref="FieldPath.Metafield"/> the <c>namespace.key</c>.
    /// </summary>
    public const string Metafields = "metafields";

    private const string MetafieldsPrefix = "metafields.";
    private const string VariantsPrefix = "variants[";
    private const string InventoryPrefix = "inventory[";
    private const string ImagesPrefix = "images[";
    private const string AltSuffix = "].alt";

    /// <summary>Product-level fields, in the order changes list them.</summary>
    public static IReadOnlyList<string> ProductFields { get; } =
        [Title, Handle, BodyHtml, Vendor, ProductType, Tags, Status, OptionNames, SeoTitle, SeoDescription, Images];

    /// <summary>Variant-level fields, in the order changes list them.</summary>
    public static IReadOnlyList<string> VariantFields { get; } =
        [
            Sku, Price, CompareAtPrice, InventoryQuantity, Barcode, Weight, WeightUnit, Options,
            Cost, InventoryPolicy, Tracked, RequiresShipping, Taxable, HarmonizedSystemCode, CountryOfOrigin, Image,
        ];

    internal static readonly string[] ProductFieldNames = [.. ProductFields];
    internal static readonly string[] VariantFieldNames = [.. VariantFields];

    public static string Variant(string key) => string.Concat(VariantsPrefix, key, "]");

    public static string VariantField(string key, string field) => string.Concat(VariantsPrefix, key, "].", field);

    /// <summary><c>inventory[&lt;location&gt;]</c>: a one-variant product's stock at a location.</summary>
    public static string InventoryAt(string location) => string.Concat(InventoryPrefix, location, "]");

    /// <summary><c>variants[&lt;key&gt;].inventory[&lt;location&gt;]</c>, or <see cref="InventoryAt"/> with no key.</summary>
    public static string VariantInventory(string? key, string location) =>
        key is null ? InventoryAt(location) : string.Concat(VariantsPrefix, key, "].", InventoryPrefix, location, "]");

    /// <summary><c>metafields.&lt;namespace&gt;.&lt;key&gt;</c> for <paramref name="id"/> <c>namespace.key</c>.</summary>
    public static string ProductMetafield(string id) => string.Concat(MetafieldsPrefix, id);

    /// <summary><c>variants[&lt;key&gt;].metafields.&lt;namespace&gt;.&lt;key&gt;</c>.</summary>
    public static string VariantMetafield(string key, string id) => string.Concat(VariantsPrefix, key, "].", MetafieldsPrefix, id);

    /// <summary>
    /// Whether <paramref name="id"/> is a metafield's <c>namespace.key</c> as Shopify takes them: a namespace of 2 to 255
    /// and a key of 2 to 64 letters, digits, dashes and underscores
    /// (https://shopify.dev/docs/apps/build/custom-data/metafields#metafield-properties).
    /// </summary>
    public static bool IsMetafieldId(string id)
    {
        var dot = id.IndexOf('.');
        if (dot < 0)
            return false;
        var ns = id.AsSpan(0, dot);
        var key = id.AsSpan(dot + 1);
        return ns.Length is >= 2 and <= 255 && key.Length is >= 2 and <= 64 && IsNameChars(ns) && IsNameChars(key);

        static bool IsNameChars(ReadOnlySpan<char> s)
        {
            foreach (var c in s)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
                    return false;
            }

            return true;
        }
    }

    /// <summary><c>images[&lt;src&gt;].alt</c>: the alt text of the product image at <paramref name="src"/>.</summary>
    public static string ImageAlt(string src) => string.Concat(ImagesPrefix, src, AltSuffix);

    /// <summary><c>images</c>, an image's alt, or a variant's <c>image</c>: a media path (docs/decisions/0029).</summary>
    public static bool IsMediaPath(string path) =>
        TryParse(path, out var parsed) && parsed.Field is Images or Image;

    /// <summary>A metafield path, product's or variant's.</summary>
    public static bool IsMetafieldPath(string path) => TryParse(path, out var parsed) && parsed.Metafield is not null;

    public static bool IsProductField(string field) => Array.IndexOf(ProductFieldNames, field) >= 0;

    public static bool IsVariantField(string field) => Array.IndexOf(VariantFieldNames, field) >= 0;

    /// <summary><c>price</c> or <c>variants[&lt;key&gt;].price</c>.</summary>
    public static bool IsPricePath(string path) => IsVariantFieldPath(path, Price);

    /// <summary><c>cost</c> or <c>variants[&lt;key&gt;].cost</c>.</summary>
    public static bool IsCostPath(string path) => IsVariantFieldPath(path, Cost);

    /// <summary><c>inventory_quantity</c>, <c>inventory[&lt;location&gt;]</c>, or either under <c>variants[&lt;key&gt;]</c>.</summary>
    public static bool IsInventoryPath(string path) =>
        IsVariantFieldPath(path, InventoryQuantity) || (TryParse(path, out var parsed) && parsed.Location is not null);

    /// <summary><c>variants[&lt;key&gt;]</c>: a whole variant, added or removed.</summary>
    public static bool IsWholeVariantPath(string path) => TryParse(path, out var parsed) && parsed.Scope == FieldPathScope.WholeVariant;

    /// <summary>
    /// A path that carries a product's options or a variant's values for them: <c>option_names</c>, <c>options</c>,
    /// <c>variants[&lt;key&gt;].options</c>, or a whole variant (which brings its values).
    /// </summary>
    public static bool IsOptionShaped(string path) =>
        path == OptionNames || path == Options || path.EndsWith("]." + Options, StringComparison.Ordinal) || IsWholeVariantPath(path);

    /// <summary>Splits a path into its variant key (if any) and field; false for anything that is not a field path.</summary>
    public static bool TryParse(string? path, out FieldPath parsed)
    {
        parsed = default;
        if (string.IsNullOrEmpty(path))
            return false;

        // A stock level: the location key never holds ']' or '[', so the path's last '[' opens it.
        if (path[^1] == ']' && path.LastIndexOf('[') is var open && open >= InventoryPrefix.Length - 1
            && StockLevels.IsValidKey(path[(open + 1)..^1]) && path.AsSpan(0, open + 1).EndsWith(InventoryPrefix, StringComparison.Ordinal))
        {
            var location = path[(open + 1)..^1];
            var head = path[..(open + 1 - InventoryPrefix.Length)];
            if (head.Length == 0)
            {
                parsed = new FieldPath(FieldPathScope.SingleVariant, null, Inventory, location);
                return true;
            }

            if (head.Length > VariantsPrefix.Length + 1 && head[^1] == '.' && head[^2] == ']' && head.StartsWith(VariantsPrefix, StringComparison.Ordinal))
            {
                parsed = new FieldPath(FieldPathScope.Variant, head[VariantsPrefix.Length..^2], Inventory, location);
                return true;
            }
        }

        // An image's alt: the URL may hold any character, so the path is taken from both ends.
        if (path.StartsWith(ImagesPrefix, StringComparison.Ordinal))
        {
            if (path.Length <= ImagesPrefix.Length + AltSuffix.Length || !path.EndsWith(AltSuffix, StringComparison.Ordinal))
                return false;
            parsed = new FieldPath(FieldPathScope.Product, null, Images) { Image = path[ImagesPrefix.Length..^AltSuffix.Length] };
            return true;
        }

        if (path.StartsWith(MetafieldsPrefix, StringComparison.Ordinal))
        {
            var id = path[MetafieldsPrefix.Length..];
            if (!IsMetafieldId(id))
                return false;
            parsed = new FieldPath(FieldPathScope.Product, null, Metafields) { Metafield = id };
            return true;
        }

        if (!path.StartsWith(VariantsPrefix, StringComparison.Ordinal))
        {
            if (IsProductField(path))
                parsed = new FieldPath(FieldPathScope.Product, null, path);
            else if (IsVariantField(path))
                parsed = new FieldPath(FieldPathScope.SingleVariant, null, path);
            else
                return false;
            return true;
        }

        // A variant's metafield: a namespace and key never hold ']' or '[', so the last "].metafields." ends the key.
        var metafieldAt = path.LastIndexOf("]." + MetafieldsPrefix, StringComparison.Ordinal);
        if (metafieldAt >= VariantsPrefix.Length && path.IndexOf(']', metafieldAt + 1) < 0
            && path[(metafieldAt + 2 + MetafieldsPrefix.Length)..] is var variantMetafield && IsMetafieldId(variantMetafield))
        {
            parsed = new FieldPath(FieldPathScope.Variant, path[VariantsPrefix.Length..metafieldAt], Metafields) { Metafield = variantMetafield };
            return true;
        }

        // The key may hold any character, ']' included; the field after the last ']' never does.
        var close = path.LastIndexOf(']');
        if (close < VariantsPrefix.Length)
            return false;

        var key = path[VariantsPrefix.Length..close];
        if (close == path.Length - 1)
        {
            parsed = new FieldPath(FieldPathScope.WholeVariant, key, null);
            return true;
        }

        if (path[close + 1] != '.')
            return false;

        var field = path[(close + 2)..];
        if (!IsVariantField(field))
            return false;

        parsed = new FieldPath(FieldPathScope.Variant, key, field);
        return true;
    }

    private static bool IsVariantFieldPath(string path, string field)
    {
        if (path.Length == field.Length)
            return string.Equals(path, field, StringComparison.Ordinal);

        return path.Length >= VariantsPrefix.Length + field.Length + 2
            && path.StartsWith(VariantsPrefix, StringComparison.Ordinal)
            && path.EndsWith(field, StringComparison.Ordinal)
            && path[^(field.Length + 1)] == '.'
            && path[^(field.Length + 2)] == ']';
    }
}

public enum FieldPathScope
{
    /// <summary><c>title</c>, <c>tags</c>, ...</summary>
    Product,

    /// <summary>A variant field at the top level of a one-variant product: <c>price</c>.</summary>
    SingleVariant,

    /// <summary><c>variants[&lt;key&gt;].price</c>.</summary>
    Variant,

    /// <summary><c>variants[&lt;key&gt;]</c>: a variant added or removed.</summary>
    WholeVariant,
}

/// <summary>A parsed field path: <see cref="VariantKey"/> is set for <c>variants[...]</c> paths, <see cref="Field"/> for all but whole variants.</summary>
/// <see cref="Location"/> is set for stock levels (<see cref="Field"/> is then <see cref="FieldPaths.Inventory"/>).
/// <see cref="Metafield"/> is set for metafields (<see cref="Field"/> is then <see cref="FieldPaths.Metafields"/>).
public readonly record struct FieldPath(FieldPathScope Scope, string? VariantKey, string? Field, string? Location = null)
{
    /// <summary>The metafield's <c>namespace.key</c>.</summary>
    public string? Metafield { get; init; }

    /// <summary>The URL of the image whose alt text the path names (<c>images[&lt;src&gt;].alt</c>).</summary>
    public string? Image { get; init; }
}
