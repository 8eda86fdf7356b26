using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SyncStudio.Services.Sync;

/// <summary>
/// One product image (docs/decisions/0029): <paramref name="Src"/> is its URL and its identity (the key of its alt
/// path, <c>images[&lt;src&gt;].alt</c>); <paramref name="Alt"/> its alt text, null or "" for none. The list's order is
/// the gallery's. Only the URL, the alt and the order are synced and hashed.
/// </summary>
public sealed record ProductImage(string Src, string? Alt = null)
{
    /// <summary>Shopify's MediaImage id: serves writing only (alt, reorder, remove, a variant's image), never hashed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MediaId { get; init; }

    /// <summary>
    /// The URL this image was made from when a write just made it in Shopify from another URL (Shopify answers its own CDN
    /// URL): how the local image learns the URL Shopify now knows it by. Set only on a writer's outcome; never stored.
    /// </summary>
    [JsonIgnore]
    public string? CreatedFrom { get; init; }

    /// <summary>Shopify's <c>MediaStatus</c> as read (<c>READY</c>, <c>PROCESSING</c>, ...): shown, never hashed.</summary>
    [JsonIgnore]
    public string? Status { get; init; }
}

/// <summary>An image as the hash and the diff compare it: a non-blank URL, an alt of null for none.</summary>
internal readonly record struct CanonicalImage(string Src, string? Alt);

/// <summary>The canonical form of a product's images, and their <c>field_changes</c> JSON.</summary>
internal static class CanonicalImages
{
    public const int MaxAltLength = 512;

    /// <summary>In gallery order; an image without a URL dropped, a URL held twice kept where it first stands.</summary>
    public static CanonicalImage[] From(IReadOnlyList<ProductImage>? images)
    {
        if (images is null || images.Count == 0)
            return [];
        var list = new List<CanonicalImage>(images.Count);
        HashSet<string>? seen = images.Count > 1 ? new(StringComparer.Ordinal) : null;
        foreach (var image in images)
        {
            if (image is null || string.IsNullOrWhiteSpace(image.Src))
                continue;
            var src = image.Src.Trim();
            if (seen is not null && !seen.Add(src))
                continue;
            list.Add(new CanonicalImage(src, CanonicalProduct.NullIfEmpty(image.Alt)));
        }

        return [.. list];
    }

    /// <summary>The same URLs in the same order: membership and order, not alt text, which has paths of its own.</summary>
    public static bool SameList(CanonicalImage[] a, CanonicalImage[] b)
    {
        if (a.Length != b.Length)
            return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Src, b[i].Src, StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    public static int IndexOf(CanonicalImage[] images, string src)
    {
        for (var i = 0; i < images.Length; i++)
        {
            if (string.Equals(images[i].Src, src, StringComparison.Ordinal))
                return i;
        }

        return -1;
    }

    /// <summary><c>[{"src": ..., "alt": ...}]</c>, the alt only when set.</summary>
    public static JsonArray ToJson(CanonicalImage[] images)
    {
        var array = new JsonArray();
        foreach (var image in images)
        {
            var o = new JsonObject { ["src"] = image.Src };
            if (image.Alt is not null)
                o["alt"] = image.Alt;
            array.Add(o);
        }

        return array;
    }

    /// <summary>The URLs of an <c>images</c> value, in order (a value that is not such a list reads as none).</summary>
    public static List<string> Sources(JsonNode? value)
    {
        var result = new List<string>();
        if (value is not JsonArray array)
            return result;
        foreach (var item in array)
        {
            if (item is JsonObject o && o["src"] is JsonValue s && s.TryGetValue<string>(out var src) && !string.IsNullOrWhiteSpace(src))
                result.Add(src.Trim());
            else if (item is JsonValue v && v.TryGetValue<string>(out var bare) && !string.IsNullOrWhiteSpace(bare))
                result.Add(bare.Trim());
        }

        return result;
    }

    /// <summary>An <c>images</c> value as images (alt as given); null when it is not a list of images.</summary>
    public static List<ProductImage>? Parse(JsonNode? value)
    {
        if (value is null || value.GetValueKind() == System.Text.Json.JsonValueKind.Null)
            return [];
        if (value is not JsonArray array)
            return null;
        var result = new List<ProductImage>(array.Count);
        foreach (var item in array)
        {
            switch (item)
            {
                case JsonObject o when o["src"] is JsonValue s && s.TryGetValue<string>(out var src) && !string.IsNullOrWhiteSpace(src):
                    string? alt = null;
                    if (o["alt"] is JsonValue a && !a.TryGetValue(out alt))
                        return null;
                    result.Add(new ProductImage(src.Trim(), CanonicalProduct.NullIfEmpty(alt)));
                    break;
                case JsonValue v when v.TryGetValue<string>(out var bare) && !string.IsNullOrWhiteSpace(bare):
                    result.Add(new ProductImage(bare.Trim()));
                    break;
                default:
                    return null;
            }
        }

        return result;
    }

    /// <summary>
    /// Why <paramref name="value"/> is not an <c>images</c> value: a list of <c>{"src", "alt"}</c> with distinct absolute
    /// http(s) URLs and alt texts of at most 512 characters (Shopify's limit); null when it is one.
    /// </summary>
    public static string? TypeError(JsonNode? value)
    {
        var images = Parse(value);
        if (images is null)
            return "must be a list of images ({\"src\": URL, \"alt\": text}) or null";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            if (!IsImageUrl(image.Src))
                return $"'{image.Src}' is not an absolute http(s) URL";
            if (!seen.Add(image.Src))
                return $"'{image.Src}' is listed twice";
            if (image.Alt is { Length: > MaxAltLength })
                return $"the alt text of '{image.Src}' is longer than {MaxAltLength} characters";
        }

        return null;
    }

    public static bool IsImageUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host);
}
