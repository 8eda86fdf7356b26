using System.Text.Json.Nodes;

namespace SyncStudio.Web.Display;

/// <summary>A tags change as a reviewer reads it: which tags come, which go, which stay.</summary>
public sealed record TagChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Kept)
{
    /// <summary>Tags from a JSON list (<c>["board","home"]</c>) or Shopify's comma-separated text; matched as Shopify does, ignoring case.</summary>
    public static TagChanges Of(JsonNode? old, JsonNode? @new)
    {
        var before = Read(old);
        var after = Read(@new);
        var comparer = StringComparer.OrdinalIgnoreCase;
        return new TagChanges(
            after.Where(t => !before.Contains(t, comparer)).ToList(),
            before.Where(t => !after.Contains(t, comparer)).ToList(),
            after.Where(t => before.Contains(t, comparer)).ToList());
    }

    public static IReadOnlyList<string> Read(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonValue>()
            .Select(v => v.TryGetValue<string>(out var s) ? s.Trim() : null)
            .OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) =>
            text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        _ => [],
    };
}
