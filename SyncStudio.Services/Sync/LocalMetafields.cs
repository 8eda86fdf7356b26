using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncStudio.Services.Sync;

/// <summary>
/// The stored form of a product's or variant's metafields (<c>products.metafields</c>, <c>product_variants.metafields</c>):
/// a JSON array of <c>{"namespace", "key", "type", "value"}</c>, ordinal by <c>namespace.key</c> (docs/decisions/0023).
/// </summary>
public static class LocalMetafields
{
    public static IReadOnlyDictionary<string, MetafieldEntry>? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        var rows = JsonSerializer.Deserialize(json, LocalMetafieldJsonContext.Default.ListStoredMetafield);
        if (rows is null || rows.Count == 0)
            return null;
        var result = new Dictionary<string, MetafieldEntry>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!string.IsNullOrEmpty(row.Value))
                result[string.Concat(row.Namespace, ".", row.Key)] = new MetafieldEntry(row.Type, row.Value);
        }

        return result.Count == 0 ? null : result;
    }

    /// <summary>
    /// The stored form of <paramref name="metafields"/>; a value that came without a type keeps the type
    /// <paramref name="previous"/> (what the row held) had for it. Null when there are none.
    /// </summary>
    public static string? Write(IReadOnlyDictionary<string, MetafieldEntry>? metafields, string? previous = null)
    {
        if (metafields is null || metafields.Count == 0)
            return null;
        IReadOnlyDictionary<string, MetafieldEntry>? held = null;
        var rows = new List<StoredMetafield>(metafields.Count);
        foreach (var (id, entry) in metafields.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(entry.Value))
                continue;
            var type = entry.Type;
            if (type is null && previous is not null)
            {
                held ??= Read(previous);
                type = held?.GetValueOrDefault(id)?.Type;
            }

            var dot = id.IndexOf('.');
            rows.Add(new StoredMetafield(id[..dot], id[(dot + 1)..], type, entry.Value));
        }

        return rows.Count == 0 ? null : JsonSerializer.Serialize(rows, LocalMetafieldJsonContext.Default.ListStoredMetafield);
    }

    /// <summary>The stored metafields with <paramref name="edits"/> applied: a value sets one (its type kept), null or "" removes it.</summary>
    public static string? Edit(string? stored, IReadOnlyDictionary<string, string?> edits)
    {
        var current = Read(stored) is { } held ? new Dictionary<string, MetafieldEntry>(held, StringComparer.Ordinal) : new Dictionary<string, MetafieldEntry>(StringComparer.Ordinal);
        foreach (var (id, value) in edits)
        {
            if (string.IsNullOrEmpty(value))
                current.Remove(id);
            else
                current[id] = new MetafieldEntry(current.GetValueOrDefault(id)?.Type, value);
        }

        return Write(current, stored);
    }

    /// <summary>The same metafields with each type the definitions know filled in where a value came without one.</summary>
    public static IReadOnlyDictionary<string, MetafieldEntry>? WithTypes(
        IReadOnlyDictionary<string, MetafieldEntry>? metafields, IReadOnlyDictionary<string, string> types)
    {
        if (metafields is null || !metafields.Values.Any(m => m.Type is null))
            return metafields;
        return metafields.ToDictionary(m => m.Key, m => m.Value.Type is null && types.TryGetValue(m.Key, out var type) ? m.Value with { Type = type } : m.Value,
            StringComparer.Ordinal);
    }
}

internal sealed record StoredMetafield(string Namespace, string Key, string? Type, string Value);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<StoredMetafield>))]
internal sealed partial class LocalMetafieldJsonContext : JsonSerializerContext;
