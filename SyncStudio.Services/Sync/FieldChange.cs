using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SyncStudio.Services.Sync;

/// <summary>
/// One path's change. In a <c>pull_from_shopify</c> change <see cref="Old"/> is the local value and
/// <see cref="New"/> Shopify's; in a <c>push_to_shopify</c> change <see cref="Old"/> is Shopify's value and
/// <see cref="New"/> the local one. A conflict also carries the agreed <see cref="Base"/> value (null with no base).
/// Serialises as <c>{"old": 29.99, "new": 34.99}</c>, plus <c>"base"</c> for a conflict.
/// </summary>
[JsonConverter(typeof(FieldChangeJsonConverter))]
public sealed class FieldChange
{
    public FieldChange(JsonNode? old, JsonNode? @new)
    {
        Old = old;
        New = @new;
    }

    private FieldChange(JsonNode? old, JsonNode? @new, JsonNode? @base)
        : this(old, @new)
    {
        Base = @base;
        HasBase = true;
    }

    public JsonNode? Old { get; }

    public JsonNode? New { get; }

    public JsonNode? Base { get; }

    /// <summary>True when the change shows a base value (conflicts do, even when that value is null).</summary>
    public bool HasBase { get; }

    /// <summary>
    /// Why the change goes this way when a policy rather than the three-way table decided it: <c>owned by local</c> or
    /// <c>owned by Shopify</c> (docs/decisions/0026). Serialised as <c>"reason"</c> only when set.
    /// </summary>
    public string? Reason { get; private init; }

    /// <summary>
    /// The reason of each variant in a conflict because the two sides' removals together leave no variant: a resolution
    /// must keep at least one of them (a product has at least one variant).
    /// </summary>
    public const string LastVariantsReason = "together the two sides' removals leave no variant: keep at least one";

    public static FieldChange WithBase(JsonNode? old, JsonNode? @new, JsonNode? @base) => new(old, @new, @base);

    public FieldChange WithReason(string? reason) => reason is null ? this
        : HasBase ? new FieldChange(Old, New, Base) { Reason = reason } : new FieldChange(Old, New) { Reason = reason };
}

/// <summary>
/// A staged change's <c>field_changes</c>: path to change, in the order the diff found them.
/// Serialises as <c>{"price": {"old": 29.99, "new": 34.99}}</c>.
/// </summary>
public sealed class FieldChanges : OrderedDictionary<string, FieldChange>
{
    public FieldChanges()
        : base(StringComparer.Ordinal)
    {
    }

    public FieldChanges(int capacity)
        : base(capacity, StringComparer.Ordinal)
    {
    }

    /// <summary>Each path with its <see cref="FieldChange.New"/> value: what applying the change writes.</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> NewValues() =>
        this.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, c.Value.New));

    /// <summary>Each path with its <see cref="FieldChange.Old"/> value: what the written side held before.</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> OldValues() =>
        this.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, c.Value.Old));

    public string ToJson() => JsonSerializer.Serialize(this, SnapshotJsonContext.Default.FieldChanges);

    public static FieldChanges FromJson(string json) =>
        JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.FieldChanges)
        ?? throw new JsonException("field_changes is null.");
}

internal sealed class FieldChangeJsonConverter : JsonConverter<FieldChange>
{
    public override FieldChange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A field change is an object with old and new.");

        JsonNode? old = null, @new = null, @base = null;
        string? reason = null;
        var hasBase = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var value = JsonNode.Parse(ref reader);
            switch (name)
            {
                case "old":
                    old = value;
                    break;
                case "new":
                    @new = value;
                    break;
                case "base":
                    @base = value;
                    hasBase = true;
                    break;
                case "reason":
                    reason = value is JsonValue text && text.TryGetValue<string>(out var r) ? r : null;
                    break;
                default:
                    break;
            }
        }

        return (hasBase ? FieldChange.WithBase(old, @new, @base) : new FieldChange(old, @new)).WithReason(reason);
    }

    public override void Write(Utf8JsonWriter writer, FieldChange value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("old"u8);
        WriteNode(writer, value.Old);
        writer.WritePropertyName("new"u8);
        WriteNode(writer, value.New);
        if (value.HasBase)
        {
            writer.WritePropertyName("base"u8);
            WriteNode(writer, value.Base);
        }

        if (value.Reason is not null)
            writer.WriteString("reason"u8, value.Reason);

        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
            writer.WriteNullValue();
        else
            node.WriteTo(writer);
    }
}
