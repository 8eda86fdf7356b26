using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncStudio.Services.Sync;

/// <summary>
/// The stored form of a product's images (<c>products.images</c>): a JSON array of <c>{"src", "alt"}</c> in gallery
/// order (docs/decisions/0029). Shopify's media ids are not stored: the writer reads them from Shopify.
/// </summary>
public static class LocalImages
{
    public static IReadOnlyList<ProductImage>? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        var rows = JsonSerializer.Deserialize(json, LocalImageJsonContext.Default.ListStoredImage);
        if (rows is null || rows.Count == 0)
            return null;
        return [.. rows.Where(r => !string.IsNullOrWhiteSpace(r.Src)).Select(r => new ProductImage(r.Src, r.Alt))];
    }

    /// <summary>The stored form of <paramref name="images"/> (blank URLs and repeats dropped); null when there are none.</summary>
    public static string? Write(IReadOnlyList<ProductImage>? images)
    {
        var canonical = CanonicalImages.From(images);
        if (canonical.Length == 0)
            return null;
        var rows = canonical.Select(i => new StoredImage(i.Src, i.Alt)).ToList();
        return JsonSerializer.Serialize(rows, LocalImageJsonContext.Default.ListStoredImage);
    }
}

internal sealed record StoredImage(string Src, string? Alt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<StoredImage>))]
internal sealed partial class LocalImageJsonContext : JsonSerializerContext;
