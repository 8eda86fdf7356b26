using System.Text.Json.Nodes;

namespace SyncStudio.Web.Display;

/// <summary>How an image fares in an <c>images</c> change: new, gone, moved to another place, or where it was.</summary>
public enum ImageFate
{
    Added,
    Removed,
    Moved,
    Kept,
}

/// <summary>One image of an <c>images</c> change: its URL, alt text, what became of it, and its places (1-based) before and after.</summary>
public sealed record ImageChange(string Src, string? Alt, ImageFate Fate, int? OldPosition, int? NewPosition);

/// <summary>
/// An <c>images</c> change as a reviewer reads it (docs/decisions/0029): the new gallery in order, each image added,
/// moved or kept, then the images that go. An image is moved when its place among the images both lists keep changed.
/// </summary>
public static class ImageChanges
{
    public static IReadOnlyList<ImageChange> Of(JsonNode? old, JsonNode? @new)
    {
        var before = Read(old);
        var after = Read(@new);
        var kept = after.Where(a => before.Any(b => b.Src == a.Src)).Select(a => a.Src).ToList();
        var keptBefore = before.Where(b => after.Any(a => a.Src == b.Src)).Select(b => b.Src).ToList();
        var result = new List<ImageChange>(after.Count + before.Count);
        for (var i = 0; i < after.Count; i++)
        {
            var (src, alt) = after[i];
            var was = before.FindIndex(b => b.Src == src);
            var fate = was < 0 ? ImageFate.Added : kept.IndexOf(src) == keptBefore.IndexOf(src) ? ImageFate.Kept : ImageFate.Moved;
            result.Add(new ImageChange(src, alt, fate, was < 0 ? null : was + 1, i + 1));
        }

        for (var i = 0; i < before.Count; i++)
        {
            if (!after.Any(a => a.Src == before[i].Src))
                result.Add(new ImageChange(before[i].Src, before[i].Alt, ImageFate.Removed, i + 1, null));
        }

        return result;
    }

    /// <summary>Whether a path names an image's alt text (<c>images[&lt;url&gt;].alt</c>); the URL when it does.</summary>
    public static string? AltImage(string path) =>
        path.StartsWith("images[", StringComparison.Ordinal) && path.EndsWith("].alt", StringComparison.Ordinal) && path.Length > "images[].alt".Length
            ? path["images[".Length..^"].alt".Length]
            : null;

    /// <summary>Only http(s) URLs are shown as images; anything else is shown as text.</summary>
    public static bool IsShowable(string src) =>
        Uri.TryCreate(src, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static List<(string Src, string? Alt)> Read(JsonNode? node) => node is JsonArray array
        ? [.. array.OfType<JsonObject>()
            .Select(o => (Src: o["src"] is JsonValue s && s.TryGetValue<string>(out var src) ? src : null, Alt: o["alt"] is JsonValue a && a.TryGetValue<string>(out var alt) ? alt : null))
            .Where(i => !string.IsNullOrEmpty(i.Src)).Select(i => (i.Src!, i.Alt))]
        : [];
}
