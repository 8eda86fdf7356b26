using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SyncStudio.Services.Sync;

/// <summary>
/// The version hash of a product: lowercase hex SHA-256 of its canonical JSON (snake_case keys in ordinal order,
/// normalised numbers, tags in lower case, variants ordered by key, no Shopify ids).
/// </summary>
public static class ProductHasher
{
    /// <summary>Length of a version hash: the spec's <c>VARCHAR(64)</c>.</summary>
    public const int HashLength = 64;

    // One buffer and writer per thread: hashing runs for every product of a pull and must not allocate per call.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The canonical text is only hashed, never embedded in HTML, so the cheapest exact escaping will do.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static string ComputeHash(ProductSnapshot snapshot) => ComputeHash(CanonicalProduct.From(snapshot)!);

    /// <summary>The canonical JSON the hash is taken of (for diagnostics and tests).</summary>
    public static string CanonicalJson(ProductSnapshot snapshot)
    {
        var buffer = Write(CanonicalProduct.From(snapshot)!);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static string ComputeHash(CanonicalProduct product)
    {
        var buffer = Write(product);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > 1 << 20)
            t_buffer = null; // do not pin a huge body_html's buffer to the thread forever
        return Convert.ToHexStringLower(hash);
    }

    private static ArrayBufferWriter<byte> Write(CanonicalProduct p)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var w = t_writer;
        if (w is null)
            t_writer = w = new Utf8JsonWriter(buffer, WriterOptions);
        else
            w.Reset(buffer);

        // Keys are written in ordinal order by hand: body_html < handle < images < metafields < option_names < product_type
        // < seo_description < seo_title < status < tags < title < variants < vendor. Fields added after hashes were
        // first stored are written only when they hold something other than their default, so a product that does
        // not use them keeps the hash it had (docs/decisions/0022).
        w.WriteStartObject();
        WriteString(w, "body_html"u8, p.BodyHtml);
        WriteString(w, "handle"u8, p.Handle);
        WriteImages(w, p.Images);
        WriteMetafields(w, p.Metafields);
        WriteStrings(w, "option_names"u8, p.OptionNames);
        WriteString(w, "product_type"u8, p.ProductType);
        WriteIfSet(w, "seo_description"u8, p.SeoDescription);
        WriteIfSet(w, "seo_title"u8, p.SeoTitle);
        WriteString(w, "status"u8, p.Status);
        WriteTags(w, p.Tags);
        WriteString(w, "title"u8, p.Title);
        w.WriteStartArray("variants"u8);
        foreach (var v in p.Variants)
        {
            // barcode < compare_at_price < cost < country_of_origin < harmonized_system_code < image < inventory
            // < inventory_policy < inventory_quantity < metafields < options < price < requires_shipping < sku < taxable < tracked
            // < weight < weight_unit
            w.WriteStartObject();
            WriteString(w, "barcode"u8, v.Barcode);
            WriteNumber(w, "compare_at_price"u8, v.CompareAtPrice);
            if (v.Cost is { } cost)
                w.WriteNumber("cost"u8, cost);
            WriteIfSet(w, "country_of_origin"u8, v.CountryOfOrigin);
            WriteIfSet(w, "harmonized_system_code"u8, v.HarmonizedSystemCode);
            WriteIfSet(w, "image"u8, v.Image);
            // Stock at the default location only hashes as before stock was kept per location; elsewhere too, per location.
            if (!v.AtDefaultOnly)
            {
                w.WriteStartObject("inventory"u8);
                foreach (var (location, quantity) in v.Levels)
                    w.WriteNumber(location, quantity);
                w.WriteEndObject();
            }

            if (v.InventoryPolicy != CanonicalVariant.DefaultInventoryPolicy)
                w.WriteString("inventory_policy"u8, v.InventoryPolicy);
            w.WriteNumber("inventory_quantity"u8, v.InventoryQuantity);
            WriteMetafields(w, v.Metafields);
            WriteStrings(w, "options"u8, v.Options);
            w.WriteNumber("price"u8, v.Price);
            if (!v.RequiresShipping)
                w.WriteBoolean("requires_shipping"u8, false);
            WriteString(w, "sku"u8, v.Sku);
            if (!v.Taxable)
                w.WriteBoolean("taxable"u8, false);
            if (!v.Tracked)
                w.WriteBoolean("tracked"u8, false);
            WriteNumber(w, "weight"u8, v.Weight);
            WriteString(w, "weight_unit"u8, v.WeightUnit);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteString(w, "vendor"u8, p.Vendor);
        w.WriteEndObject();
        w.Flush();
        return buffer;
    }

    /// <summary>Images only when there are some, so a product without any keeps the hash it had (docs/decisions/0029).</summary>
    private static void WriteImages(Utf8JsonWriter w, CanonicalImage[] images)
    {
        if (images.Length == 0)
            return;
        w.WriteStartArray("images"u8);
        foreach (var image in images)
        {
            w.WriteStartObject();
            if (image.Alt is not null)
                w.WriteString("alt"u8, image.Alt);
            w.WriteString("src"u8, image.Src);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Metafields only when there are some, so a product without any keeps the hash it had (docs/decisions/0023).</summary>
    private static void WriteMetafields(Utf8JsonWriter w, KeyValuePair<string, string>[] metafields)
    {
        if (metafields.Length == 0)
            return;
        w.WriteStartObject("metafields"u8);
        foreach (var (id, value) in metafields)
            w.WriteString(id, value);
        w.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
            w.WriteNull(name);
        else
            w.WriteString(name, value);
    }

    private static void WriteIfSet(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }

    private static void WriteNumber(Utf8JsonWriter w, ReadOnlySpan<byte> name, decimal? value)
    {
        if (value is { } v)
            w.WriteNumber(name, v);
        else
            w.WriteNull(name);
    }

    private static void WriteStrings(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        for (var i = 0; i < values.Count; i++)
            w.WriteStringValue(values[i]);
        w.WriteEndArray();
    }

    /// <summary>Tags by their key (lower case): a case-only difference is no difference (see <see cref="CanonicalProduct.TagKey"/>).</summary>
    private static void WriteTags(Utf8JsonWriter w, IReadOnlyList<string> tags)
    {
        w.WriteStartArray("tags"u8);
        for (var i = 0; i < tags.Count; i++)
            w.WriteStringValue(CanonicalProduct.TagKey(tags[i]));
        w.WriteEndArray();
    }

    /// <summary>The hash of a snapshot, or null for an absent side.</summary>
    public static string? HashOrNull(ProductSnapshot? snapshot) => snapshot is null ? null : ComputeHash(snapshot);
}
