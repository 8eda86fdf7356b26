using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace SyncStudio.Services.Shopify;

/// <summary>
/// One line of the bulk export (<see cref="ShopifyDocuments.BulkProductsQuery"/>) read by hand with
/// <see cref="Utf8JsonReader"/>: a product, a variant or an inventory level, straight into the parts of the model.
/// </summary>
/// <remarks>
/// It keeps what the wire records (<see cref="ProductDto"/>, <see cref="VariantDto"/>, <see cref="InventoryLevelNodeDto"/>)
/// kept and converts it as <see cref="ShopifyMapping"/> did: JSON web defaults (Money and counts read from strings or
/// numbers), metafields from a <c>metafields { nodes }</c> connection first, then from the aliased
/// <c>mf_N: metafield(...)</c> fields in the order they come. Properties it does not know are skipped. A line whose
/// shape is not what Shopify writes (not JSON, no gid, a price that is no number...) throws; the reader names the line.
/// </remarks>
internal sealed class BulkLineParser
{
    private const int PooledStringBytes = 64;
    private const int PoolLimit = 8192;

    // Option names and values, units, country codes: a few distinct strings repeated on every line.
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _poolLookup;

    public BulkLineParser() => _poolLookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    public enum Kind
    {
        None,
        Product,
        Variant,
        Level,
        InventoryItem,
        Location,

        /// <summary>A product's medium (an image, a video, a 3D model): its own line after the product (docs/decisions/0029).</summary>
        Media,
        Other,
    }

    /// <summary>What one line holds: its kind and gid, its parent's, and the part it carries.</summary>
    public readonly record struct Line(Kind Kind, long Id, Kind ParentKind, long ParentId)
    {
        public ProductParts? Product { get; init; }

        public int? ExpectedVariants { get; init; }

        public VariantParts? Variant { get; init; }

        public int? LocationsCount { get; init; }

        public ShopifyStockLevel? Level { get; init; }

        public MediaDto? Medium { get; init; }

        /// <summary>A level's item, from its id's <c>inventory_item_id</c>; 0 when it has none.</summary>
        public long LevelItemId { get; init; }

        public string ParentGid => ParentKind switch
        {
            Kind.Product => ShopifyGid.Product(ParentId),
            Kind.InventoryItem => ShopifyGid.InventoryItem(ParentId),
            _ => "(none)",
        };

        public string LevelGid => ShopifyGid.Format("InventoryLevel", Id);
    }

    public Line Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A bulk line is one JSON object.");

        // Shopify writes the id first; a line that does not is scanned for it before it is read.
        Kind kind;
        long id;
        var peek = reader;
        if (peek.Read() && peek.TokenType == JsonTokenType.PropertyName && peek.ValueTextEquals("id"u8))
        {
            peek.Read();
            if (peek.TokenType != JsonTokenType.String || !TryGid(ref peek, out kind, out id))
                throw new JsonException("Bulk line without a Shopify id.");
        }
        else if (!TopLevelId(line, out kind, out id))
        {
            throw new JsonException("Bulk line without a Shopify id.");
        }

        return kind switch
        {
            Kind.Product => ReadProduct(ref reader, id),
            Kind.Variant => ReadVariant(ref reader, id),
            Kind.Level => ReadLevel(ref reader, id),
            Kind.Media => ReadMedium(line, id),
            _ => new Line(Kind.Other, id, Kind.None, 0),
        };
    }

    /// <summary>
    /// A medium line: few beside the variants and levels, so read by the wire record the paged reads use, and mapped by
    /// the same <see cref="ShopifyMapping.Media"/>.
    /// </summary>
    private static Line ReadMedium(ReadOnlySpan<byte> line, long id)
    {
        var medium = JsonSerializer.Deserialize<MediaDto>(line, ShopifyGraphQLTransport.JsonOptions)
            ?? throw new JsonException("A medium line is null.");
        var parent = medium.ParentId is { } gid && gid.StartsWith("gid://shopify/Product/", StringComparison.Ordinal)
            && long.TryParse(gid.AsSpan("gid://shopify/Product/".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            ? pid
            : throw new JsonException("A medium line without its product's __parentId.");
        return new Line(Kind.Media, id, Kind.Product, parent) { Medium = medium };
    }

    private Line ReadProduct(ref Utf8JsonReader reader, long id)
    {
        var product = new ProductParts { Id = id };
        int? expected = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("title"u8))
                product.Title = String(ref reader);
            else if (reader.ValueTextEquals("handle"u8))
                product.Handle = String(ref reader);
            else if (reader.ValueTextEquals("descriptionHtml"u8))
                product.DescriptionHtml = String(ref reader);
            else if (reader.ValueTextEquals("vendor"u8))
                product.Vendor = String(ref reader);
            else if (reader.ValueTextEquals("productType"u8))
                product.ProductType = String(ref reader);
            else if (reader.ValueTextEquals("tags"u8))
                product.Tags = Strings(ref reader);
            else if (reader.ValueTextEquals("status"u8))
                product.Status = Status(ref reader);
            else if (reader.ValueTextEquals("updatedAt"u8))
                product.UpdatedAt = Value(ref reader).TokenType == JsonTokenType.String ? reader.GetDateTime() : throw new JsonException("updatedAt is not a date.");
            else if (reader.ValueTextEquals("options"u8))
                product.Options = Options(ref reader);
            else if (reader.ValueTextEquals("seo"u8))
                Seo(ref reader, product);
            else if (reader.ValueTextEquals("variantsCount"u8))
                expected = Count(ref reader);
            else if (reader.ValueTextEquals("mediaCount"u8))
                product.MediaCount = Count(ref reader) ?? 0;
            else if (reader.ValueTextEquals("metafields"u8))
                product.ConnectionMetafields = MetafieldConnection(ref reader);
            else if (IsAlias(ref reader))
                Alias(ref reader, ref product.AliasMetafields);
            else
                Skip(ref reader);
        }

        if (product.Status is null)
            throw new JsonException("A product line without its status.");
        return new Line(Kind.Product, id, Kind.None, 0) { Product = product, ExpectedVariants = expected };
    }

    private Line ReadVariant(ref Utf8JsonReader reader, long id)
    {
        var variant = new VariantParts { Id = id };
        var parentKind = Kind.None;
        long parentId = 0;
        int? locations = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("sku"u8))
                variant.Sku = String(ref reader);
            else if (reader.ValueTextEquals("price"u8))
                variant.Price = Decimal(ref reader) ?? throw new JsonException("price is null.");
            else if (reader.ValueTextEquals("compareAtPrice"u8))
                variant.CompareAtPrice = Decimal(ref reader);
            else if (reader.ValueTextEquals("inventoryQuantity"u8))
                variant.InventoryQuantity = Int(ref reader);
            else if (reader.ValueTextEquals("barcode"u8))
                variant.Barcode = String(ref reader);
            else if (reader.ValueTextEquals("inventoryPolicy"u8))
                variant.InventoryPolicy = Policy(ref reader);
            else if (reader.ValueTextEquals("taxable"u8))
                variant.Taxable = Bool(ref reader);
            else if (reader.ValueTextEquals("selectedOptions"u8))
                variant.SelectedOptions = SelectedOptions(ref reader);
            else if (reader.ValueTextEquals("inventoryItem"u8))
                locations = InventoryItem(ref reader, variant);
            else if (reader.ValueTextEquals("__parentId"u8))
                Parent(ref reader, out parentKind, out parentId);
            else if (reader.ValueTextEquals("metafields"u8))
                variant.ConnectionMetafields = MetafieldConnection(ref reader);
            else if (IsAlias(ref reader))
                Alias(ref reader, ref variant.AliasMetafields);
            else
                Skip(ref reader);
        }

        return new Line(Kind.Variant, id, parentKind, parentId) { Variant = variant, LocationsCount = locations };
    }

    private static Line ReadLevel(ref Utf8JsonReader reader, long id)
    {
        var parentKind = Kind.None;
        long parentId = 0, item = 0, location = 0;
        var hasLocation = false;
        int? available = null, onHand = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                // The item is in the id's query: ".../InventoryLevel/1?inventory_item_id=2".
                if (Value(ref reader).TokenType == JsonTokenType.String)
                    item = LevelItem(ref reader);
            }
            else if (reader.ValueTextEquals("location"u8))
            {
                if (Value(ref reader).TokenType == JsonTokenType.StartObject)
                {
                    while (NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("id"u8) && Value(ref reader).TokenType == JsonTokenType.String)
                        {
                            location = ParseGid(ref reader, Kind.Location);
                            hasLocation = true;
                        }
                        else
                        {
                            Skip(ref reader);
                        }
                    }
                }
                else
                {
                    Skip(ref reader);
                }
            }
            else if (reader.ValueTextEquals("quantities"u8))
            {
                if (Value(ref reader).TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        var name = Quantity.Other;
                        var quantity = 0;
                        while (NextProperty(ref reader))
                        {
                            if (reader.ValueTextEquals("name"u8))
                                name = QuantityName(ref reader);
                            else if (reader.ValueTextEquals("quantity"u8))
                                quantity = Int(ref reader) ?? throw new JsonException("quantity is null.");
                            else
                                Skip(ref reader);
                        }

                        // The first of each name, as the mapping read them.
                        if (name == Quantity.Available)
                            available ??= quantity;
                        else if (name == Quantity.OnHand)
                            onHand ??= quantity;
                    }
                }
                else
                {
                    Skip(ref reader);
                }
            }
            else if (reader.ValueTextEquals("__parentId"u8))
            {
                Parent(ref reader, out parentKind, out parentId);
            }
            else
            {
                Skip(ref reader);
            }
        }

        return new Line(Kind.Level, id, parentKind, parentId)
        {
            LevelItemId = item,
            Level = hasLocation ? new ShopifyStockLevel(location, available ?? 0, onHand) : null,
        };
    }

    private enum Quantity
    {
        Other,
        Available,
        OnHand,
    }

    /// <summary>A quantity's name, compared as bytes: two of them on each of the most numerous lines.</summary>
    private static Quantity QuantityName(ref Utf8JsonReader reader)
    {
        if (Value(ref reader).TokenType != JsonTokenType.String)
        {
            _ = String(ref reader, read: false);
            return Quantity.Other;
        }

        return reader.ValueTextEquals("available"u8) ? Quantity.Available : reader.ValueTextEquals("on_hand"u8) ? Quantity.OnHand : Quantity.Other;
    }

    /// <summary>The variant's <c>inventoryItem</c> object into <paramref name="variant"/>; its <c>locationsCount</c>.</summary>
    private int? InventoryItem(ref Utf8JsonReader reader, VariantParts variant)
    {
        if (Value(ref reader).TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject, "inventoryItem");
        int? locations = null;
        var hasId = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                if (Value(ref reader).TokenType != JsonTokenType.String)
                    throw new JsonException("inventoryItem.id is not a gid.");
                variant.InventoryItemId = ParseGid(ref reader, Kind.InventoryItem);
                hasId = true;
            }
            else if (reader.ValueTextEquals("tracked"u8))
            {
                variant.Tracked = Bool(ref reader);
            }
            else if (reader.ValueTextEquals("requiresShipping"u8))
            {
                variant.RequiresShipping = Bool(ref reader);
            }
            else if (reader.ValueTextEquals("harmonizedSystemCode"u8))
            {
                variant.HarmonizedSystemCode = String(ref reader);
            }
            else if (reader.ValueTextEquals("countryCodeOfOrigin"u8))
            {
                variant.CountryOfOrigin = Pooled(ref reader);
            }
            else if (reader.ValueTextEquals("unitCost"u8))
            {
                variant.Cost = null;
                if (Value(ref reader).TokenType == JsonTokenType.StartObject)
                {
                    while (NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("amount"u8))
                            variant.Cost = Decimal(ref reader) ?? throw new JsonException("unitCost.amount is null.");
                        else
                            Skip(ref reader);
                    }

                    variant.Cost ??= 0m;
                }
                else
                {
                    Expect(ref reader, JsonTokenType.Null, "unitCost");
                }
            }
            else if (reader.ValueTextEquals("measurement"u8))
            {
                Measurement(ref reader, variant);
            }
            else if (reader.ValueTextEquals("locationsCount"u8))
            {
                locations = Count(ref reader);
            }
            else
            {
                // inventoryLevels nested in the item come as lines of their own in a bulk export.
                Skip(ref reader);
            }
        }

        if (!hasId)
            throw new FormatException("inventoryItem without its id.");
        variant.HasItem = true;
        return locations;
    }

    private void Measurement(ref Utf8JsonReader reader, VariantParts variant)
    {
        variant.HasWeight = false;
        if (Value(ref reader).TokenType == JsonTokenType.Null)
            return;
        Expect(ref reader, JsonTokenType.StartObject, "measurement");
        while (NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("weight"u8))
            {
                Skip(ref reader);
                continue;
            }

            variant.HasWeight = false;
            if (Value(ref reader).TokenType == JsonTokenType.Null)
                continue;
            Expect(ref reader, JsonTokenType.StartObject, "weight");
            variant.HasWeight = true;
            variant.WeightValue = 0;
            variant.WeightUnit = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("unit"u8))
                    variant.WeightUnit = Pooled(ref reader);
                else if (reader.ValueTextEquals("value"u8))
                    variant.WeightValue = Decimal(ref reader) ?? throw new JsonException("weight.value is null.");
                else
                    Skip(ref reader);
            }
        }
    }

    private static void Seo(ref Utf8JsonReader reader, ProductParts product)
    {
        product.SeoTitle = product.SeoDescription = null;
        if (Value(ref reader).TokenType == JsonTokenType.Null)
            return;
        Expect(ref reader, JsonTokenType.StartObject, "seo");
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("title"u8))
                product.SeoTitle = String(ref reader);
            else if (reader.ValueTextEquals("description"u8))
                product.SeoDescription = String(ref reader);
            else
                Skip(ref reader);
        }
    }

    private List<(string Name, int Position)>? Options(ref Utf8JsonReader reader)
    {
        if (Value(ref reader).TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartArray, "options");
        var options = new List<(string Name, int Position)>(3);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "an option");
            string? name = null;
            var position = 0;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8))
                    name = Pooled(ref reader);
                else if (reader.ValueTextEquals("position"u8))
                    position = Int(ref reader) ?? throw new JsonException("option position is null.");
                else
                    Skip(ref reader);
            }

            options.Add((name!, position));
        }

        return options;
    }

    private List<(string? Name, string? Value)>? SelectedOptions(ref Utf8JsonReader reader)
    {
        if (Value(ref reader).TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartArray, "selectedOptions");
        var options = new List<(string? Name, string? Value)>(3);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a selected option");
            string? name = null, value = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8))
                    name = Pooled(ref reader);
                else if (reader.ValueTextEquals("value"u8))
                    value = Pooled(ref reader);
                else
                    Skip(ref reader);
            }

            options.Add((name, value));
        }

        return options;
    }

    private List<string>? Strings(ref Utf8JsonReader reader)
    {
        if (Value(ref reader).TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartArray, "tags");
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            list.Add(Pooled(ref reader, read: false)!);
        return list;
    }

    private static List<ShopifyMetafield>? MetafieldConnection(ref Utf8JsonReader reader)
    {
        if (Value(ref reader).TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject, "metafields");
        List<ShopifyMetafield>? result = null;
        while (NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("nodes"u8) || Value(ref reader).TokenType == JsonTokenType.Null)
            {
                Skip(ref reader);
                continue;
            }

            Expect(ref reader, JsonTokenType.StartArray, "metafields.nodes");
            result = [];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                result.Add(Metafield(ref reader));
        }

        return result is { Count: > 0 } ? result : null;
    }

    private static bool IsAlias(ref Utf8JsonReader reader)
    {
        var prefix = "mf_"u8;
        return reader.ValueIsEscaped
            ? reader.GetString()!.StartsWith(ShopifyDocuments.MetafieldAliasPrefix, StringComparison.Ordinal)
            : reader.ValueSpan.StartsWith(prefix);
    }

    /// <summary>An aliased <c>metafield(namespace:, key:)</c>: null where the owner has no value for the key.</summary>
    private static void Alias(ref Utf8JsonReader reader, ref List<ShopifyMetafield>? into)
    {
        if (Value(ref reader).TokenType != JsonTokenType.StartObject)
        {
            Skip(ref reader, read: false);
            return;
        }

        (into ??= []).Add(Metafield(ref reader));
    }

    private static ShopifyMetafield Metafield(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a metafield");
        string? ns = null, key = null, type = null, value = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("namespace"u8))
                ns = String(ref reader);
            else if (reader.ValueTextEquals("key"u8))
                key = String(ref reader);
            else if (reader.ValueTextEquals("type"u8))
                type = String(ref reader);
            else if (reader.ValueTextEquals("value"u8))
                value = String(ref reader);
            else
                Skip(ref reader);
        }

        return new ShopifyMetafield(ns!, key!, type!, value!);
    }

    private static int? Count(ref Utf8JsonReader reader)
    {
        if (Value(ref reader).TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject, "a count");
        var count = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("count"u8))
                count = Int(ref reader) ?? throw new JsonException("count is null.");
            else
                Skip(ref reader);
        }

        return count;
    }

    private static string Status(ref Utf8JsonReader reader)
    {
        Value(ref reader);
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            if (reader.ValueTextEquals("ACTIVE"u8))
                return "active";
            if (reader.ValueTextEquals("DRAFT"u8))
                return "draft";
            if (reader.ValueTextEquals("ARCHIVED"u8))
                return "archived";
            if (reader.ValueTextEquals("UNLISTED"u8))
                return "unlisted";
        }

        return String(ref reader, read: false)?.ToLowerInvariant() ?? throw new JsonException("status is null.");
    }

    private static string? Policy(ref Utf8JsonReader reader)
    {
        Value(ref reader);
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            if (reader.ValueTextEquals("DENY"u8))
                return "deny";
            if (reader.ValueTextEquals("CONTINUE"u8))
                return "continue";
        }

        return String(ref reader, read: false)?.ToLowerInvariant();
    }

    private static void Parent(ref Utf8JsonReader reader, out Kind kind, out long id)
    {
        kind = Kind.None;
        id = 0;
        if (Value(ref reader).TokenType == JsonTokenType.String && TryGid(ref reader, out kind, out id))
            return;
        kind = Kind.None;
        id = 0;
    }

    /// <summary>The numeric id of a gid of the expected type, as <see cref="ShopifyGid.Parse(string, string)"/> reads it.</summary>
    private static long ParseGid(ref Utf8JsonReader reader, Kind expected) =>
        TryGid(ref reader, out var kind, out var id) && kind == expected
            ? id
            : throw new FormatException($"Not a Shopify {expected} gid: '{reader.GetString()}'.");

    /// <summary>A gid's type and number from the token's bytes (no string); false when the token is not a gid.</summary>
    private static bool TryGid(ref Utf8JsonReader reader, out Kind kind, out long id)
    {
        kind = Kind.None;
        id = 0;
        ReadOnlySpan<byte> value = reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        var prefix = "gid://shopify/"u8;
        if (!value.StartsWith(prefix))
            return false;
        var rest = value[prefix.Length..];
        var query = rest.IndexOf((byte)'?');
        if (query >= 0)
            rest = rest[..query];
        var slash = rest.IndexOf((byte)'/');
        if (slash <= 0 || !TryDigits(rest[(slash + 1)..], out id))
            return false;
        var typeName = rest[..slash];
        kind = typeName.SequenceEqual("Product"u8) ? Kind.Product
            : typeName.SequenceEqual("ProductVariant"u8) ? Kind.Variant
            : typeName.SequenceEqual("InventoryLevel"u8) ? Kind.Level
            : typeName.SequenceEqual("InventoryItem"u8) ? Kind.InventoryItem
            : typeName.SequenceEqual("Location"u8) ? Kind.Location
            : typeName.SequenceEqual("MediaImage"u8) || typeName.SequenceEqual("Video"u8) || typeName.SequenceEqual("ExternalVideo"u8)
                || typeName.SequenceEqual("Model3d"u8) ? Kind.Media
            : Kind.Other;
        return true;
    }

    /// <summary>The <c>inventory_item_id</c> in a level's id; 0 when it has none.</summary>
    private static long LevelItem(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> value = reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        var marker = "inventory_item_id="u8;
        var at = value.IndexOf(marker);
        return at >= 0 && TryDigits(value[(at + marker.Length)..], out var item) ? item : 0;
    }

    /// <summary>Digits only, a positive long (as <c>long.TryParse</c> with no styles, and above zero).</summary>
    private static bool TryDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 19)
            return false;
        foreach (var b in digits)
        {
            if ((uint)(b - '0') > 9)
                return false;
            value = (value * 10) + (b - '0');
        }

        return value > 0;
    }

    /// <summary>The top-level <c>id</c> of a line that does not start with it.</summary>
    private static bool TopLevelId(ReadOnlySpan<byte> line, out Kind kind, out long id)
    {
        kind = Kind.None;
        id = 0;
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId)
                return reader.TokenType == JsonTokenType.String && TryGid(ref reader, out kind, out id);
            reader.Skip();
        }

        return false;
    }

    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw new JsonException("The line ends inside an object.");
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Moves from a property name to its value.</summary>
    private static ref Utf8JsonReader Value(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw new JsonException("The line ends before a value.");
        return ref reader;
    }

    private static void Skip(ref Utf8JsonReader reader, bool read = true)
    {
        if (read)
            Value(ref reader);
        reader.Skip();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
            throw new JsonException($"{what} is {reader.TokenType}, not {token}.");
    }

    private static string? String(ref Utf8JsonReader reader, bool read = true)
    {
        if (read)
            Value(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Expected a string, found {reader.TokenType}."),
        };
    }

    /// <summary>A short string seen again and again, from the pool (no new string per line).</summary>
    private string? Pooled(ref Utf8JsonReader reader, bool read = true)
    {
        if (read)
            Value(ref reader);
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > PooledStringBytes)
            return String(ref reader, read: false);
        Span<char> chars = stackalloc char[PooledStringBytes];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        if (_poolLookup.TryGetValue(chars[..length], out var pooled))
            return pooled;
        var made = new string(chars[..length]);
        if (_pool.Count < PoolLimit)
            _pool[made] = made;
        return made;
    }

    private static bool? Bool(ref Utf8JsonReader reader) => Value(ref reader).TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        var t => throw new JsonException($"Expected true or false, found {t}."),
    };

    /// <summary>A <c>Decimal</c> (Money is sent as a string): as System.Text.Json reads it with web defaults.</summary>
    private static decimal? Decimal(ref Utf8JsonReader reader)
    {
        Value(ref reader);
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetDecimal();
            case JsonTokenType.String:
                var text = Unescaped(ref reader, out var rented);
                try
                {
                    return Utf8Parser.TryParse(text, out decimal value, out var used) && used == text.Length
                        ? value
                        : throw new FormatException($"'{Encoding.UTF8.GetString(text)}' is not a decimal.");
                }
                finally
                {
                    if (rented is not null)
                        ArrayPool<byte>.Shared.Return(rented);
                }

            default:
                throw new JsonException($"Expected a decimal, found {reader.TokenType}.");
        }
    }

    private static int? Int(ref Utf8JsonReader reader)
    {
        Value(ref reader);
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetInt32();
            case JsonTokenType.String:
                var text = Unescaped(ref reader, out var rented);
                try
                {
                    return Utf8Parser.TryParse(text, out int value, out var used) && used == text.Length
                        ? value
                        : throw new FormatException($"'{Encoding.UTF8.GetString(text)}' is not an integer.");
                }
                finally
                {
                    if (rented is not null)
                        ArrayPool<byte>.Shared.Return(rented);
                }

            default:
                throw new JsonException($"Expected an integer, found {reader.TokenType}.");
        }
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, out byte[]? rented)
    {
        rented = null;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            return reader.ValueSpan;
        rented = ArrayPool<byte>.Shared.Rent(reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length);
        var length = reader.CopyString(rented);
        return rented.AsSpan(0, length);
    }
}

/// <summary>A product line's fields: the product once its variants are in.</summary>
internal sealed class ProductParts
{
    private IReadOnlyList<string>? _optionNames;

    public long Id { get; init; }

    public string? Title { get; set; }

    public string? Handle { get; set; }

    public string? DescriptionHtml { get; set; }

    public string? Vendor { get; set; }

    public string? ProductType { get; set; }

    public List<string>? Tags { get; set; }

    public string? Status { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<(string Name, int Position)>? Options { get; set; }

    public string? SeoTitle { get; set; }

    public string? SeoDescription { get; set; }

    public List<ShopifyMetafield>? ConnectionMetafields { get; set; }

    /// <summary>How many media lines follow the product (its <c>mediaCount</c>).</summary>
    public int MediaCount { get; set; }

#pragma warning disable SA1401 // Filled by reference while the line is read.
    public List<ShopifyMetafield>? AliasMetafields;
#pragma warning restore SA1401

    /// <summary>Option names in position order (a stable sort, as <c>OrderBy</c> was).</summary>
    public IReadOnlyList<string> OptionNames => _optionNames ??= SortedNames();

    public ShopifyProduct Build(IReadOnlyList<ShopifyVariant> variants) => new(
        Id,
        Title!,
        Handle!,
        DescriptionHtml ?? "",
        Vendor ?? "",
        ProductType ?? "",
        Tags ?? [],
        Status!,
        UpdatedAt.Kind switch
        {
            DateTimeKind.Utc => UpdatedAt,
            DateTimeKind.Local => UpdatedAt.ToUniversalTime(),
            _ => DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc),
        },
        OptionNames,
        variants)
    {
        SeoTitle = string.IsNullOrEmpty(SeoTitle) ? null : SeoTitle,
        SeoDescription = string.IsNullOrEmpty(SeoDescription) ? null : SeoDescription,
        Metafields = VariantParts.Merge(ConnectionMetafields, AliasMetafields),
    };

    private List<string> SortedNames()
    {
        if (Options is null || Options.Count == 0)
            return [];
        var sorted = Options.ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            var current = sorted[i];
            var j = i - 1;
            while (j >= 0 && sorted[j].Position > current.Position)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }

            sorted[j + 1] = current;
        }

        var names = new List<string>(sorted.Length);
        foreach (var (name, _) in sorted)
            names.Add(name);
        return names;
    }
}

/// <summary>A variant line's fields: the variant once its product's option names and its levels are known.</summary>
internal sealed class VariantParts
{
    public long Id { get; init; }

    public bool HasItem { get; set; }

    public long InventoryItemId { get; set; }

    public string? Sku { get; set; }

    public decimal Price { get; set; }

    public decimal? CompareAtPrice { get; set; }

    public int? InventoryQuantity { get; set; }

    public string? Barcode { get; set; }

    public bool HasWeight { get; set; }

    public decimal WeightValue { get; set; }

    public string? WeightUnit { get; set; }

    public List<(string? Name, string? Value)>? SelectedOptions { get; set; }

    public decimal? Cost { get; set; }

    public string? InventoryPolicy { get; set; }

    public bool? Tracked { get; set; }

    public bool? RequiresShipping { get; set; }

    public bool? Taxable { get; set; }

    public string? HarmonizedSystemCode { get; set; }

    public string? CountryOfOrigin { get; set; }

    public List<ShopifyMetafield>? ConnectionMetafields { get; set; }

#pragma warning disable SA1401 // Filled by reference while the line is read.
    public List<ShopifyMetafield>? AliasMetafields;
#pragma warning restore SA1401

    public static List<ShopifyMetafield>? Merge(List<ShopifyMetafield>? connection, List<ShopifyMetafield>? aliases)
    {
        if (connection is null)
            return aliases;
        if (aliases is not null)
            connection.AddRange(aliases);
        return connection;
    }

    public ShopifyVariant Build(IReadOnlyList<string> optionNames, IReadOnlyList<ShopifyStockLevel>? levels)
    {
        var selected = SelectedOptions;
        var values = new List<string>(optionNames.Count == 0 ? selected?.Count ?? 0 : optionNames.Count);
        if (optionNames.Count == 0)
        {
            foreach (var (_, value) in selected ?? [])
                values.Add(value!);
        }
        else
        {
            foreach (var name in optionNames)
            {
                string? found = null;
                foreach (var option in selected ?? [])
                {
                    if (option.Name == name)
                    {
                        found = option.Value;
                        break;
                    }
                }

                values.Add(found ?? "");
            }
        }

        ShopifyWeightUnit? unit = HasWeight && Enum.TryParse<ShopifyWeightUnit>(WeightUnit, ignoreCase: true, out var u) ? u : null;
        return new ShopifyVariant(
            Id,
            HasItem ? InventoryItemId : 0,
            string.IsNullOrEmpty(Sku) ? null : Sku,
            Price,
            CompareAtPrice,
            InventoryQuantity ?? 0,
            string.IsNullOrEmpty(Barcode) ? null : Barcode,
            HasWeight ? WeightValue : null,
            unit,
            values)
        {
            Levels = levels ?? [],
            Cost = HasItem ? Cost : null,
            InventoryPolicy = InventoryPolicy,
            Tracked = HasItem ? Tracked : null,
            RequiresShipping = HasItem ? RequiresShipping : null,
            Taxable = Taxable,
            HarmonizedSystemCode = !HasItem || string.IsNullOrEmpty(HarmonizedSystemCode) ? null : HarmonizedSystemCode,
            CountryOfOrigin = HasItem ? CountryOfOrigin : null,
            Metafields = Merge(ConnectionMetafields, AliasMetafields),
        };
    }
}
