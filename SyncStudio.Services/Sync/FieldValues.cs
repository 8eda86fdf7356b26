using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Services.Products;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

internal enum ProductField
{
    Title,
    Handle,
    BodyHtml,
    Vendor,
    ProductType,
    Tags,
    Status,
    OptionNames,
    SeoTitle,
    SeoDescription,
    Images,
}

internal enum VariantField
{
    Sku,
    Price,
    CompareAtPrice,
    InventoryQuantity,
    Barcode,
    Weight,
    WeightUnit,
    Options,
    Cost,
    InventoryPolicy,
    Tracked,
    RequiresShipping,
    Taxable,
    HarmonizedSystemCode,
    CountryOfOrigin,
    Image,
}

/// <summary>Typed comparison of canonical values, and their JSON form for <c>field_changes</c>.</summary>
internal static class FieldValues
{
    public const int ProductFieldCount = 11;
    public const int VariantFieldCount = 16;

    public static string Name(ProductField f) => FieldPaths.ProductFieldNames[(int)f];

    public static string Name(VariantField f) => FieldPaths.VariantFieldNames[(int)f];

    public static bool Equal(ProductField f, CanonicalProduct a, CanonicalProduct b) => f switch
    {
        ProductField.Title => Same(a.Title, b.Title),
        ProductField.Handle => Same(a.Handle, b.Handle),
        ProductField.BodyHtml => Same(a.BodyHtml, b.BodyHtml),
        ProductField.Vendor => Same(a.Vendor, b.Vendor),
        ProductField.ProductType => Same(a.ProductType, b.ProductType),
        ProductField.Tags => CanonicalProduct.SameTags(a.Tags, b.Tags),
        ProductField.Status => Same(a.Status, b.Status),
        ProductField.OptionNames => Same(a.OptionNames, b.OptionNames),
        ProductField.SeoTitle => Same(a.SeoTitle, b.SeoTitle),
        ProductField.SeoDescription => Same(a.SeoDescription, b.SeoDescription),
        ProductField.Images => CanonicalImages.SameList(a.Images, b.Images),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>An absent variant has no values: it equals only another absent variant.</summary>
    public static bool Equal(VariantField f, CanonicalVariant? a, CanonicalVariant? b)
    {
        if (a is null || b is null)
            return a is null && b is null;

        return f switch
        {
            VariantField.Sku => Same(a.Sku, b.Sku),
            VariantField.Price => a.Price == b.Price,
            VariantField.CompareAtPrice => a.CompareAtPrice == b.CompareAtPrice,
            VariantField.InventoryQuantity => a.InventoryQuantity == b.InventoryQuantity,
            VariantField.Barcode => Same(a.Barcode, b.Barcode),
            VariantField.Weight => a.Weight == b.Weight,
            VariantField.WeightUnit => Same(a.WeightUnit, b.WeightUnit),
            VariantField.Options => Same(a.Options, b.Options),
            VariantField.Cost => a.Cost == b.Cost,
            VariantField.InventoryPolicy => Same(a.InventoryPolicy, b.InventoryPolicy),
            VariantField.Tracked => a.Tracked == b.Tracked,
            VariantField.RequiresShipping => a.RequiresShipping == b.RequiresShipping,
            VariantField.Taxable => a.Taxable == b.Taxable,
            VariantField.HarmonizedSystemCode => Same(a.HarmonizedSystemCode, b.HarmonizedSystemCode),
            VariantField.CountryOfOrigin => Same(a.CountryOfOrigin, b.CountryOfOrigin),
            VariantField.Image => Same(a.Image, b.Image),
            _ => throw new ArgumentOutOfRangeException(nameof(f)),
        };
    }

    public static bool VariantEqual(CanonicalVariant? a, CanonicalVariant? b)
    {
        if (a is null || b is null)
            return a is null && b is null;

        for (var f = 0; f < VariantFieldCount; f++)
        {
            if (!Equal((VariantField)f, a, b))
                return false;
        }

        return LevelsEqual(a, b) && CanonicalMetafields.SameAll(a.Metafields, b.Metafields);
    }

    /// <summary>Stock at one location; an absent variant has none to compare and equals only another absent one.</summary>
    public static bool LevelEqual(string location, CanonicalVariant? a, CanonicalVariant? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        return a.Level(location) == b.Level(location);
    }

    public static bool LevelsEqual(CanonicalVariant a, CanonicalVariant b)
    {
        if (a.Levels.Length != b.Levels.Length)
            return false;
        for (var i = 0; i < a.Levels.Length; i++)
        {
            if (!string.Equals(a.Levels[i].Key, b.Levels[i].Key, StringComparison.Ordinal) || a.Levels[i].Value != b.Levels[i].Value)
                return false;
        }

        return true;
    }

    /// <summary>A metafield's value as <c>field_changes</c> carries it: Shopify's string form, or null when absent.</summary>
    public static JsonNode? MetafieldJson(string id, KeyValuePair<string, string>[]? metafields) =>
        metafields is null ? null : Str(CanonicalMetafields.Find(metafields, id));

    /// <summary>
    /// The value at a parsed path of a product (<paramref name="v"/> is the variant the path names, for variant paths):
    /// a field, a stock level or a metafield.
    /// </summary>
    public static JsonNode? ValueAt(FieldPath parsed, CanonicalProduct? p, CanonicalVariant? v)
    {
        if (parsed.Scope == FieldPathScope.Product)
        {
            if (parsed.Image is { } src)
                return ImageAltJson(src, p);
            return parsed.Metafield is { } id
                ? p is null ? null : MetafieldJson(id, p.Metafields)
                : ToJson((ProductField)System.Array.IndexOf(FieldPaths.ProductFieldNames, parsed.Field), p);
        }

        if (parsed.Scope == FieldPathScope.WholeVariant)
            return VariantObject(v);
        if (parsed.Location is { } location)
            return LevelJson(location, v);
        if (parsed.Metafield is { } variantId)
            return v is null ? null : MetafieldJson(variantId, v.Metafields);
        return ToJson((VariantField)System.Array.IndexOf(FieldPaths.VariantFieldNames, parsed.Field), v);
    }

    /// <summary>An image's alt text as <c>field_changes</c> carries it; null when it has none or the product lacks the image.</summary>
    public static JsonNode? ImageAltJson(string src, CanonicalProduct? p)
    {
        if (p is null)
            return null;
        var at = CanonicalImages.IndexOf(p.Images, src);
        return at < 0 ? null : Str(p.Images[at].Alt);
    }

    public static JsonNode? LevelJson(string location, CanonicalVariant? v) => v is null ? null : JsonValue.Create(v.Level(location));

    /// <summary>The location keys any of the variants holds stock at, ordinal.</summary>
    public static SortedSet<string> Locations(params CanonicalVariant?[] variants)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var v in variants)
        {
            if (v is null)
                continue;
            foreach (var (key, _) in v.Levels)
                keys.Add(key);
        }

        return keys;
    }

    public static bool IsEmpty(ProductField f, CanonicalProduct p) => f switch
    {
        ProductField.Title => p.Title is null,
        ProductField.Handle => p.Handle is null,
        ProductField.BodyHtml => p.BodyHtml is null,
        ProductField.Vendor => p.Vendor is null,
        ProductField.ProductType => p.ProductType is null,
        ProductField.Tags => p.Tags.Count == 0,
        ProductField.Status => p.Status is null,
        ProductField.OptionNames => p.OptionNames.Count == 0,
        ProductField.SeoTitle => p.SeoTitle is null,
        ProductField.SeoDescription => p.SeoDescription is null,
        ProductField.Images => p.Images.Length == 0,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static bool IsEmpty(VariantField f, CanonicalVariant? v) => v is null || f switch
    {
        VariantField.Sku => v.Sku is null,
        VariantField.Price or VariantField.InventoryQuantity => false,
        VariantField.CompareAtPrice => v.CompareAtPrice is null,
        VariantField.Barcode => v.Barcode is null,
        VariantField.Weight => v.Weight is null,
        VariantField.WeightUnit => v.WeightUnit is null,
        VariantField.Options => v.Options.Count == 0,
        VariantField.Cost => v.Cost is null,
        // Shopify's defaults are no value of their own: a create lists only what differs from them.
        VariantField.InventoryPolicy => v.InventoryPolicy == CanonicalVariant.DefaultInventoryPolicy,
        VariantField.Tracked => v.Tracked,
        VariantField.RequiresShipping => v.RequiresShipping,
        VariantField.Taxable => v.Taxable,
        VariantField.HarmonizedSystemCode => v.HarmonizedSystemCode is null,
        VariantField.CountryOfOrigin => v.CountryOfOrigin is null,
        VariantField.Image => v.Image is null,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static JsonNode? ToJson(ProductField f, CanonicalProduct? p)
    {
        if (p is null)
            return null;

        return f switch
        {
            ProductField.Title => Str(p.Title),
            ProductField.Handle => Str(p.Handle),
            ProductField.BodyHtml => Str(p.BodyHtml),
            ProductField.Vendor => Str(p.Vendor),
            ProductField.ProductType => Str(p.ProductType),
            ProductField.Tags => Array(p.Tags),
            ProductField.Status => Str(p.Status),
            ProductField.OptionNames => Array(p.OptionNames),
            ProductField.SeoTitle => Str(p.SeoTitle),
            ProductField.SeoDescription => Str(p.SeoDescription),
            ProductField.Images => CanonicalImages.ToJson(p.Images),
            _ => throw new ArgumentOutOfRangeException(nameof(f)),
        };
    }

    public static JsonNode? ToJson(VariantField f, CanonicalVariant? v)
    {
        if (v is null)
            return null;

        return f switch
        {
            VariantField.Sku => Str(v.Sku),
            VariantField.Price => JsonValue.Create(v.Price),
            VariantField.CompareAtPrice => Num(v.CompareAtPrice),
            VariantField.InventoryQuantity => JsonValue.Create(v.InventoryQuantity),
            VariantField.Barcode => Str(v.Barcode),
            VariantField.Weight => Num(v.Weight),
            VariantField.WeightUnit => Str(v.WeightUnit),
            VariantField.Options => Array(v.Options),
            VariantField.Cost => Num(v.Cost),
            VariantField.InventoryPolicy => Str(v.InventoryPolicy),
            VariantField.Tracked => JsonValue.Create(v.Tracked),
            VariantField.RequiresShipping => JsonValue.Create(v.RequiresShipping),
            VariantField.Taxable => JsonValue.Create(v.Taxable),
            VariantField.HarmonizedSystemCode => Str(v.HarmonizedSystemCode),
            VariantField.CountryOfOrigin => Str(v.CountryOfOrigin),
            VariantField.Image => Str(v.Image),
            _ => throw new ArgumentOutOfRangeException(nameof(f)),
        };
    }

    /// <summary>A whole variant as <c>variants[&lt;key&gt;]</c> carries it: its synced fields, no ids.</summary>
    public static JsonObject? VariantObject(CanonicalVariant? v)
    {
        if (v is null)
            return null;

        var o = new JsonObject();
        for (var f = 0; f < VariantFieldCount; f++)
        {
            // Fields added later travel only when set (not Shopify's default), so a variant that does not use them
            // reads as it did before they were synced (docs/decisions/0022).
            if (f >= (int)VariantField.Cost && IsEmpty((VariantField)f, v))
                continue;
            o.Add(FieldPaths.VariantFieldNames[f], ToJson((VariantField)f, v));
        }

        if (!v.AtDefaultOnly)
        {
            // Stock away from the default location travels per location; inventory_quantity stays the total.
            var levels = new JsonObject();
            foreach (var (location, quantity) in v.Levels)
                levels.Add(location, quantity);
            o.Add(FieldPaths.Inventory, levels);
        }

        if (v.Metafields.Length > 0)
        {
            // A whole variant carries its metafields' values by namespace.key (docs/decisions/0023).
            var metafields = new JsonObject();
            foreach (var (id, value) in v.Metafields)
                metafields.Add(id, value);
            o.Add(FieldPaths.Metafields, metafields);
        }

        return o;
    }

    /// <summary>
    /// How many options an <c>option_names</c> change removes: as many as the list gets shorter (a product keeps its
    /// options in order, so a list as long as before holds the same options, some renamed).
    /// </summary>
    public static int OptionsRemoved(JsonNode? old, JsonNode? @new) => Math.Max(0, Strings(old).Count - Strings(@new).Count);

    /// <summary>
    /// Equality of two <c>field_changes</c> values for <paramref name="path"/>, with the canonical rules: numbers by
    /// value, null and "" alike, null and [] alike, tags as a set whatever their case.
    /// </summary>
    public static bool JsonEqual(string path, JsonNode? a, JsonNode? b)
    {
        if (path == FieldPaths.Tags)
            return CanonicalProduct.SameTags(Strings(a), Strings(b));
        if (path == FieldPaths.Status)
            return Same(CanonicalProduct.NormaliseStatus(Text(a)), CanonicalProduct.NormaliseStatus(Text(b)));
        if (FieldPaths.TryParse(path, out var parsed) && parsed.Metafield is not null)
        {
            // Shopify's string form, JSON values compact, blank and absent alike (as CanonicalMetafields has them).
            var x = Text(a) is { Length: > 0 } ta ? CanonicalMetafields.NormaliseValue(ta) : null;
            var y = Text(b) is { Length: > 0 } tb ? CanonicalMetafields.NormaliseValue(tb) : null;
            return x is not null || y is not null ? Same(x, y) : IsBlank(a) && IsBlank(b);
        }

        if (parsed.Scope == FieldPathScope.Product && parsed.Field == FieldPaths.Images && parsed.Image is null)
        {
            // The list: the same URLs in the same order (each alt text is a path of its own).
            var x = CanonicalImages.Sources(a);
            var y = CanonicalImages.Sources(b);
            return x.SequenceEqual(y, StringComparer.Ordinal);
        }

        if (parsed.Location is null && parsed.Field is { } field)
        {
            // Fields whose absence reads as Shopify's default: a null and that default are one value, as in the hash.
            switch (field)
            {
                case FieldPaths.InventoryPolicy:
                    return Same(CanonicalVariant.NormalisePolicy(Text(a)), CanonicalVariant.NormalisePolicy(Text(b)));
                case FieldPaths.Tracked or FieldPaths.RequiresShipping or FieldPaths.Taxable:
                    return Flag(a) == Flag(b);
                case FieldPaths.CountryOfOrigin:
                    return Same(CanonicalVariant.NormaliseCountry(Text(a)), CanonicalVariant.NormaliseCountry(Text(b)));
                default:
                    break;
            }
        }

        return JsonEqual(a, b);
    }

    /// <summary>
    /// Whether <paramref name="value"/> can be written at <paramref name="path"/>: null when it can, else what the
    /// path expects, as a reviewer's custom conflict value is checked at approval (design §6) rather than failing
    /// at push. The same rules as a local edit: a price is a non-negative number, inventory a whole number, tags a
    /// list of strings, status one of active/draft/archived, a whole variant an object of its fields (or null: removed).
    /// </summary>
    public static string? TypeError(string path, JsonNode? value)
    {
        if (!FieldPaths.TryParse(path, out var parsed))
            return "is not a field path";
        if (parsed.Location is not null)
            return FieldTypeError(FieldPaths.InventoryQuantity, value);
        // A metafield's value is Shopify's string form; whether it fits the definition's type is checked against the
        // definitions at approval (MetafieldValidation), since this pure check does not know them.
        if (parsed.Metafield is not null)
            return IsNullValue(value) || Text(value) is not null ? null : "must be a string (Shopify's value form) or null";
        if (parsed.Image is not null)
            return IsNullValue(value) || Text(value) is { Length: <= CanonicalImages.MaxAltLength }
                ? null : $"must be a string of at most {CanonicalImages.MaxAltLength} characters or null";
        return parsed.Scope == FieldPathScope.WholeVariant ? VariantTypeError(value) : FieldTypeError(parsed.Field!, value);
    }

    private static string? FieldTypeError(string field, JsonNode? value) => field switch
    {
        FieldPaths.Title => Text(value) is { Length: > 0 } title && !string.IsNullOrWhiteSpace(title) && title.Length <= 255
            ? null : "must be a non-empty string of at most 255 characters",
        FieldPaths.Handle => Handles.IsValid(Text(value)) ? null : "must be a handle: lowercase letters, digits and dashes",
        FieldPaths.BodyHtml or FieldPaths.Vendor or FieldPaths.ProductType or FieldPaths.Sku or FieldPaths.Barcode
            or FieldPaths.SeoDescription =>
            IsNullValue(value) || Text(value) is not null ? null : "must be a string or null",
        FieldPaths.Tags => IsStringList(value, int.MaxValue) ? null : "must be a list of strings",
        FieldPaths.Status => Text(value) is { } status && status is "active" or "draft" or "archived"
            ? null : "must be one of: active, draft, archived",
        FieldPaths.OptionNames or FieldPaths.Options => IsStringList(value, 3) ? null : "must be a list of at most 3 strings",
        FieldPaths.Price => TryGetNumber(value, out var price) && price >= 0 ? null : "must be a non-negative decimal number",
        FieldPaths.SeoTitle => IsNullValue(value) || Text(value) is { Length: <= 255 }
            ? null : "must be a string of at most 255 characters or null",
        FieldPaths.InventoryPolicy => IsNullValue(value) || CanonicalVariant.NormalisePolicy(Text(value)) is "continue" or "deny"
            ? null : "must be one of: continue, deny",
        FieldPaths.Tracked or FieldPaths.RequiresShipping or FieldPaths.Taxable =>
            IsNullValue(value) || value!.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false",
        FieldPaths.HarmonizedSystemCode => IsNullValue(value) || (Text(value) is { } hs && CanonicalVariant.IsHarmonizedSystemCode(hs))
            ? null : "must be an HS code of 6 to 13 digits or null",
        FieldPaths.CountryOfOrigin => IsNullValue(value) || (Text(value) is { } country && CanonicalVariant.IsCountryCode(country))
            ? null : "must be a two-letter ISO 3166-1 country code or null",
        FieldPaths.CompareAtPrice or FieldPaths.Weight or FieldPaths.Cost => IsNullValue(value) || (TryGetNumber(value, out var n) && n >= 0)
            ? null : "must be a non-negative number or null",
        FieldPaths.InventoryQuantity => TryGetNumber(value, out var q) && decimal.Truncate(q) == q && q is >= int.MinValue and <= int.MaxValue
            ? null : "must be a whole number",
        FieldPaths.WeightUnit => IsNullValue(value) || ShopifyWeightUnits.TryParse(Text(value), out _)
            ? null : "must be a weight unit (g, kg, oz, lb) or null",
        FieldPaths.Images => CanonicalImages.TypeError(value),
        FieldPaths.Image => IsNullValue(value) || CanonicalImages.IsImageUrl(Text(value))
            ? null : "must be the URL of one of the product's images, or null",
        _ => "is not a field path",
    };

    /// <summary><c>variants[&lt;key&gt;]</c>: null (the variant removed), or an object of variant fields with a price.</summary>
    private static string? VariantTypeError(JsonNode? value)
    {
        if (IsNullValue(value))
            return null;
        if (value is not JsonObject variant || !variant.ContainsKey(FieldPaths.Price))
            return "must be a variant object with a price (fields: " + string.Join(", ", FieldPaths.VariantFields) + "), or null to remove it";
        foreach (var (name, field) in variant)
        {
            if (name == FieldPaths.Metafields)
            {
                if (field is not JsonObject metafields || metafields.Any(m => !FieldPaths.IsMetafieldId(m.Key) || !(IsNullValue(m.Value) || Text(m.Value) is not null)))
                    return "metafields must be an object of namespace.key names and string values";
                continue;
            }

            if (name == FieldPaths.Inventory)
            {
                if (field is not JsonObject levels || levels.Any(l => !StockLevels.IsValidKey(l.Key) || FieldTypeError(FieldPaths.InventoryQuantity, l.Value) is not null))
                    return "inventory must be an object of location keys and whole numbers";
                continue;
            }

            if (!FieldPaths.IsVariantField(name))
                return $"has an unknown variant field '{name}'";
            if (FieldTypeError(name, field) is { } error)
                return $"{name} {error}";
        }

        return null;
    }

    /// <summary>A flag with Shopify's default: null (absent) reads as true.</summary>
    private static bool? Flag(JsonNode? n) =>
        IsNullValue(n) ? true : n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    private static bool IsNullValue(JsonNode? n) => n is null || n.GetValueKind() == JsonValueKind.Null;

    private static bool IsStringList(JsonNode? n, int max) =>
        n is JsonArray array && array.Count <= max && array.All(item => Text(item) is not null);

    public static bool TryGetNumber(JsonNode? node, out decimal value)
    {
        value = 0m;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
            return false;

        if (v.TryGetValue(out value))
            return true;
        if (v.TryGetValue(out int i))
        {
            value = i;
            return true;
        }

        if (v.TryGetValue(out long l))
        {
            value = l;
            return true;
        }

        if (v.TryGetValue(out double d) && double.IsFinite(d) && Math.Abs(d) < 7.9e28)
        {
            value = (decimal)d;
            return true;
        }

        return false;
    }

    private static bool JsonEqual(JsonNode? a, JsonNode? b)
    {
        if (IsBlank(a) || IsBlank(b))
            return IsBlank(a) && IsBlank(b);

        switch (a!.GetValueKind())
        {
            case JsonValueKind.Number:
                return TryGetNumber(a, out var x) && TryGetNumber(b, out var y) && x == y;
            case JsonValueKind.String:
                return b!.GetValueKind() == JsonValueKind.String
                    && string.Equals(a.GetValue<string>(), b.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Array when b is JsonArray bArray:
                var aArray = a.AsArray();
                if (aArray.Count != bArray.Count)
                    return false;
                for (var i = 0; i < aArray.Count; i++)
                {
                    if (!JsonEqual(aArray[i], bArray[i]))
                        return false;
                }

                return true;
            case JsonValueKind.Object when b is JsonObject bObject:
                var aObject = a.AsObject();
                foreach (var (name, value) in aObject)
                {
                    if (!JsonEqual(value, bObject.TryGetPropertyValue(name, out var other) ? other : null))
                        return false;
                }

                foreach (var (name, value) in bObject)
                {
                    if (!aObject.ContainsKey(name) && !IsBlank(value))
                        return false;
                }

                return true;
            default:
                return JsonNode.DeepEquals(a, b);
        }
    }

    private static bool IsBlank(JsonNode? n) => n switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        _ => false,
    };

    private static string? Text(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static List<string> Strings(JsonNode? n)
    {
        var list = new List<string>();
        if (n is JsonArray array)
        {
            foreach (var item in array)
            {
                if (Text(item) is { } s)
                    list.Add(s);
            }
        }

        return list;
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

    private static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (ReferenceEquals(a, b))
            return true;
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    private static JsonValue? Str(string? s) => s is null ? null : JsonValue.Create(s);

    private static JsonValue? Num(decimal? d) => d is { } v ? JsonValue.Create(v) : null;

    private static JsonArray Array(IReadOnlyList<string> values)
    {
        var array = new JsonArray();
        for (var i = 0; i < values.Count; i++)
            array.Add(JsonValue.Create(values[i]));
        return array;
    }
}
