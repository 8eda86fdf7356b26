namespace SyncStudio.Services.Sync;

/// <summary>
/// A snapshot with every value in its canonical form: empty optional strings as null, tags trimmed, de-duplicated
/// and sorted, Shopify's default "Title / Default Title" option dropped, weight units spelled as Shopify's enum,
/// and variants keyed and sorted by key. The hash and the diff both read this form, so two snapshots hash equal
/// exactly when no field path differs between them.
/// </summary>
internal sealed class CanonicalProduct
{
    private const string DefaultOptionName = "Title";
    private const string DefaultOptionValue = "Default Title";

    private CanonicalProduct(ProductSnapshot source, CanonicalVariant[] variants, IReadOnlyList<string> optionNames)
    {
        Source = source;
        Title = NullIfEmpty(source.Title);
        Handle = NullIfEmpty(source.Handle);
        BodyHtml = NullIfEmpty(source.BodyHtml);
        Vendor = NullIfEmpty(source.Vendor);
        ProductType = NullIfEmpty(source.ProductType);
        SeoTitle = NullIfEmpty(source.SeoTitle);
        SeoDescription = NullIfEmpty(source.SeoDescription);
        Status = NormaliseStatus(source.Status);
        Tags = NormaliseTags(source.Tags);
        OptionNames = optionNames;
        Variants = variants;
        Metafields = CanonicalMetafields.From(source.Metafields);
        Images = CanonicalImages.From(source.Images);
    }

    /// <summary>The product's images in gallery order (<see cref="CanonicalImages"/>).</summary>
    public CanonicalImage[] Images { get; }

    /// <summary>The product's metafields, ordinal by <c>namespace.key</c>, blank values dropped (<see cref="CanonicalMetafields"/>).</summary>
    public KeyValuePair<string, string>[] Metafields { get; }

    public ProductSnapshot Source { get; }

    public string? Title { get; }

    public string? Handle { get; }

    public string? BodyHtml { get; }

    public string? Vendor { get; }

    public string? ProductType { get; }

    public string? SeoTitle { get; }

    public string? SeoDescription { get; }

    public string? Status { get; }

    public IReadOnlyList<string> Tags { get; }

    public IReadOnlyList<string> OptionNames { get; }

    /// <summary>Sorted by <see cref="CanonicalVariant.Key"/> (ordinal); keys are unique within the product.</summary>
    public CanonicalVariant[] Variants { get; }

    public CanonicalVariant? SingleVariant => Variants.Length > 0 ? Variants[0] : null;

    /// <summary>Some variant has stock away from the default location: stock shows per location.</summary>
    public bool MultiLocation => Array.Exists(Variants, static v => !v.AtDefaultOnly);

    public static CanonicalProduct? From(ProductSnapshot? snapshot)
    {
        if (snapshot is null)
            return null;

        var source = snapshot.Variants ?? [];
        var variants = new CanonicalVariant[source.Count];
        var onlyDefaultOptions = true;
        for (var i = 0; i < variants.Length; i++)
        {
            var v = source[i];
            var options = v.Options ?? [];
            var isDefault = options.Count == 0 || (options.Count == 1 && options[0] == DefaultOptionValue);
            onlyDefaultOptions &= isDefault;
            variants[i] = new CanonicalVariant(v, isDefault ? [] : options);
        }

        var names = snapshot.OptionNames ?? [];
        if (onlyDefaultOptions && (names.Count == 0 || (names.Count == 1 && names[0] == DefaultOptionName)))
            names = [];

        AssignUniqueKeys(variants);
        if (variants.Length > 1)
            Array.Sort(variants, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new CanonicalProduct(snapshot, variants, names);
    }

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A variant's key: its SKU or, without one, its option values joined with " / ".</summary>
    public static string VariantKey(string? sku, IReadOnlyList<string> options) =>
        !string.IsNullOrEmpty(sku) ? sku : options.Count switch
        {
            0 => string.Empty,
            1 => options[0] ?? string.Empty,
            _ => string.Join(" / ", options),
        };

    /// <summary>Gives duplicate keys (a repeated SKU, variants with neither SKU nor options) a " (2)", " (3)" suffix in list order.</summary>
    public static void MakeUnique(Span<string> keys)
    {
        if (keys.Length < 2 || (keys.Length <= 16 && AllDistinct(keys)))
            return;

        var seen = new HashSet<string>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            if (seen.Add(keys[i]))
                continue;

            for (var n = 2; ; n++)
            {
                var candidate = $"{keys[i]} ({n})";
                if (seen.Add(candidate))
                {
                    keys[i] = candidate;
                    break;
                }
            }
        }
    }

    public static string? NormaliseStatus(string? status)
    {
        if (string.IsNullOrEmpty(status))
            return null;

        foreach (var c in status)
        {
            if (char.IsUpper(c))
                return status.ToLowerInvariant();
        }

        return status;
    }

    /// <summary>
    /// Trims tags, drops empty ones, sorts them by <see cref="TagKey"/> (ordinal as the tie-break) and keeps one tag per
    /// key (the ordinal-smallest spelling, so the result does not depend on input order). A tag's case is not part of
    /// its value: Shopify keeps one spelling per tag in a shop, so "Sale" and "sale" are one tag on both sides.
    /// An already canonical list is returned as is.
    /// </summary>
    public static IReadOnlyList<string> NormaliseTags(IReadOnlyList<string>? tags)
    {
        if (tags is null || tags.Count == 0)
            return [];

        if (IsCanonical(tags))
            return tags;

        var list = new List<(string Key, string Tag)>(tags.Count);
        foreach (var tag in tags)
        {
            var trimmed = tag?.Trim();
            if (!string.IsNullOrEmpty(trimmed))
                list.Add((TagKey(trimmed), trimmed));
        }

        list.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : string.CompareOrdinal(a.Tag, b.Tag);
        });

        var result = new List<string>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0 && list[i - 1].Key == list[i].Key)
                continue;
            result.Add(list[i].Tag);
        }

        return result;

        static bool IsCanonical(IReadOnlyList<string> tags)
        {
            string? previous = null;
            for (var i = 0; i < tags.Count; i++)
            {
                var t = tags[i];
                if (string.IsNullOrEmpty(t) || char.IsWhiteSpace(t[0]) || char.IsWhiteSpace(t[^1]))
                    return false;
                var key = TagKey(t);
                if (previous is not null && string.CompareOrdinal(previous, key) >= 0)
                    return false;
                previous = key;
            }

            return true;
        }
    }

    /// <summary>What identifies a tag: its lower-case form (the hash holds this, so case-only differences hash equal).</summary>
    public static string TagKey(string tag) => tag.ToLowerInvariant();

    /// <summary>Two tag lists hold the same tags, as the hash and the diff see them.</summary>
    public static bool SameTags(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        var x = NormaliseTags(a);
        var y = NormaliseTags(b);
        if (x.Count != y.Count)
            return false;
        for (var i = 0; i < x.Count; i++)
        {
            if (!string.Equals(TagKey(x[i]), TagKey(y[i]), StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    /// <summary>
    /// A weight unit as Shopify's <c>WeightUnit</c> enum spells it (<c>KILOGRAMS</c>, <c>GRAMS</c>, <c>POUNDS</c>,
    /// <c>OUNCES</c>) for every spelling the writer understands; anything else upper-cased, so the diff still sees it
    /// (and staging refuses it: <see cref="IsKnownWeightUnit"/>).
    /// </summary>
    public static string? NormaliseWeightUnit(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
            return null;
        return Shopify.ShopifyWeightUnits.TryParse(unit, out var parsed) ? Shopify.ShopifyWeightUnits.ToGraphQL(parsed) : unit.Trim().ToUpperInvariant();
    }

    /// <summary>Null (no unit: kilograms, Shopify's default) or a unit Shopify takes.</summary>
    public static bool IsKnownWeightUnit(string? unit) => string.IsNullOrWhiteSpace(unit) || Shopify.ShopifyWeightUnits.TryParse(unit, out _);

    /// <summary>Drops trailing zeros so 10, 10.0 and 10.00 are one value (and one JSON text).</summary>
    public static decimal NormaliseNumber(decimal value)
    {
        if (value == 0m)
            return 0m;
        return value.Scale == 0 ? value : value / 1.0000000000000000000000000000m;
    }

    private static bool AllDistinct(ReadOnlySpan<string> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(keys[i], keys[j], StringComparison.Ordinal))
                    return false;
            }
        }

        return true;
    }

    private static void AssignUniqueKeys(CanonicalVariant[] variants)
    {
        if (variants.Length == 0)
            return;

        var keys = new string[variants.Length];
        for (var i = 0; i < variants.Length; i++)
            keys[i] = VariantKey(variants[i].Sku, variants[i].Options);

        MakeUnique(keys);
        for (var i = 0; i < variants.Length; i++)
            variants[i].Key = keys[i];
    }
}

internal sealed class CanonicalVariant
{
    public CanonicalVariant(VariantSnapshot source, IReadOnlyList<string> options)
    {
        Source = source;
        Sku = CanonicalProduct.NullIfEmpty(source.Sku);
        Barcode = CanonicalProduct.NullIfEmpty(source.Barcode);
        Price = CanonicalProduct.NormaliseNumber(source.Price);
        CompareAtPrice = source.CompareAtPrice is { } cap ? CanonicalProduct.NormaliseNumber(cap) : null;

        // Shopify reports an unset weight as 0 in its default unit: zero weight and no weight are one value. A weight
        // with no unit is in kilograms, as Shopify (and the writer) take it.
        Weight = source.Weight is { } w && w != 0m ? CanonicalProduct.NormaliseNumber(w) : null;
        WeightUnit = Weight is null ? null : CanonicalProduct.NormaliseWeightUnit(source.WeightUnit) ?? "KILOGRAMS";
        Options = options;
        Levels = CanonicalLevels(source);
        Metafields = CanonicalMetafields.From(source.Metafields);

        // Unknown (null) settings read as Shopify's defaults, so a snapshot stored before they were synced hashes and
        // diffs as before, and only a shop's non-default value shows as a change (docs/decisions/0022).
        Cost = source.Cost is { } cost ? CanonicalProduct.NormaliseNumber(cost) : null;
        InventoryPolicy = NormalisePolicy(source.InventoryPolicy);
        Tracked = source.Tracked ?? true;
        RequiresShipping = source.RequiresShipping ?? true;
        Taxable = source.Taxable ?? true;
        HarmonizedSystemCode = CanonicalProduct.NullIfEmpty(source.HarmonizedSystemCode?.Trim());
        CountryOfOrigin = NormaliseCountry(source.CountryOfOrigin);
        Image = string.IsNullOrWhiteSpace(source.Image) ? null : source.Image.Trim();
    }

    /// <summary>The URL of the product image the variant shows; null: none.</summary>
    public string? Image { get; }

    public const string DefaultInventoryPolicy = "deny";

    /// <summary><c>continue</c> or <c>deny</c> in lower case (Shopify's enum spelling accepted); null or blank is <c>deny</c>.</summary>
    public static string NormalisePolicy(string? policy) =>
        string.IsNullOrWhiteSpace(policy) ? DefaultInventoryPolicy : policy.Trim().ToLowerInvariant();

    /// <summary>An ISO country code in upper case; blank is none.</summary>
    public static string? NormaliseCountry(string? country) =>
        string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant();

    /// <summary>Shopify takes an HS code of 6 to 13 digits (shopify.dev, InventoryItemInput.harmonizedSystemCode).</summary>
    public static bool IsHarmonizedSystemCode(string code) =>
        code.Trim() is { Length: >= 6 and <= 13 } trimmed && trimmed.All(char.IsAsciiDigit);

    public static bool IsCountryCode(string country) =>
        country.Trim() is { Length: 2 } trimmed && trimmed.All(char.IsAsciiLetter);

    public decimal? Cost { get; }

    /// <summary><c>continue</c> or <c>deny</c> (anything else lower-cased, so the diff sees it and validation refuses it).</summary>
    public string InventoryPolicy { get; }

    public bool Tracked { get; }

    public bool RequiresShipping { get; }

    public bool Taxable { get; }

    public string? HarmonizedSystemCode { get; }

    public string? CountryOfOrigin { get; }

    public VariantSnapshot Source { get; }

    /// <summary>Non-zero stock per location key, ordinal by key: "not stocked" and "0" are one value.</summary>
    public KeyValuePair<string, int>[] Levels { get; }

    /// <summary>The variant's metafields, ordinal by <c>namespace.key</c>, blank values dropped.</summary>
    public KeyValuePair<string, string>[] Metafields { get; }

    /// <summary>All its stock sits at the default location (or it has none): it shows as <c>inventory_quantity</c>.</summary>
    public bool AtDefaultOnly => Levels.Length == 0 || (Levels.Length == 1 && Levels[0].Key == StockLevels.DefaultLocation);

    public int Level(string location)
    {
        foreach (var (key, quantity) in Levels)
        {
            if (string.Equals(key, location, StringComparison.Ordinal))
                return quantity;
        }

        return 0;
    }

    private static KeyValuePair<string, int>[] CanonicalLevels(VariantSnapshot v)
    {
        if (v.Inventory is not { } levels)
            return v.InventoryQuantity == 0 ? [] : [new(StockLevels.DefaultLocation, v.InventoryQuantity)];
        var list = new List<KeyValuePair<string, int>>(levels.Count);
        foreach (var level in levels)
        {
            if (level.Value != 0)
                list.Add(level);
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return [.. list];
    }

    /// <summary>Unique within its product: the SKU, else the option values joined with " / ".</summary>
    public string Key { get; set; } = string.Empty;

    public long? ShopifyVariantId => Source.ShopifyVariantId;

    public string? Sku { get; }

    public decimal Price { get; }

    public decimal? CompareAtPrice { get; }

    /// <summary>The total over <see cref="Levels"/> (with stock at the default location only, that location's stock).</summary>
    public int InventoryQuantity
    {
        get
        {
            var total = 0;
            foreach (var (_, quantity) in Levels)
                total += quantity;
            return total;
        }
    }

    public string? Barcode { get; }

    public decimal? Weight { get; }

    public string? WeightUnit { get; }

    public IReadOnlyList<string> Options { get; }
}

/// <summary>
/// Metafield values as the hash and the diff compare them (docs/decisions/0023): ordinal by <c>namespace.key</c>, a
/// blank value is no metafield (Shopify refuses blank values, so "absent" and "" are one value), and a JSON value (a
/// <c>json</c> or <c>list.*</c> metafield) in its compact form, since Shopify answers it re-serialised.
/// </summary>
internal static class CanonicalMetafields
{
    public static KeyValuePair<string, string>[] From(IReadOnlyDictionary<string, MetafieldEntry>? metafields)
    {
        if (metafields is null || metafields.Count == 0)
            return [];
        var list = new List<KeyValuePair<string, string>>(metafields.Count);
        foreach (var (id, entry) in metafields)
        {
            if (entry?.Value is { Length: > 0 } value)
                list.Add(new(id, NormaliseValue(value)));
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return [.. list];
    }

    /// <summary>A value in its compact JSON form when it is a JSON object or array; anything else as it is.</summary>
    public static string NormaliseValue(string value)
    {
        if (value.Length < 2 || (value[0] != '{' && value[0] != '['))
            return value;
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(value)?.ToJsonString() ?? value;
        }
        catch (System.Text.Json.JsonException)
        {
            return value;
        }
    }

    public static string? Find(KeyValuePair<string, string>[] metafields, string id)
    {
        foreach (var (key, value) in metafields)
        {
            if (string.Equals(key, id, StringComparison.Ordinal))
                return value;
        }

        return null;
    }

    /// <summary>The <c>namespace.key</c> ids any of the sides holds, ordinal.</summary>
    public static SortedSet<string> Ids(params KeyValuePair<string, string>[]?[] sides)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var side in sides)
        {
            foreach (var (id, _) in side ?? [])
                ids.Add(id);
        }

        return ids;
    }

    public static bool SameAll(KeyValuePair<string, string>[] a, KeyValuePair<string, string>[] b)
    {
        if (a.Length != b.Length)
            return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) || !string.Equals(a[i].Value, b[i].Value, StringComparison.Ordinal))
                return false;
        }

        return true;
    }
}
