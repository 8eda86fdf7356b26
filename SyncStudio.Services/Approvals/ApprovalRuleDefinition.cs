using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncStudio.Services.Approvals;

/// <summary>A <c>sync_approval_rules</c> row in the form the evaluator reads (design §5).</summary>
public sealed record ApprovalRuleDefinition
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Only <c>product</c> today; null matches every entity type.</summary>
    public string? EntityType { get; init; }

    /// <summary>create, update or delete; null matches every change type.</summary>
    public string? ChangeType { get; init; }

    /// <summary>Globs over field paths (<c>price</c>, <c>variants[*].price</c>); none matches any path.</summary>
    public IReadOnlyList<string> FieldPatterns { get; init; } = [];

    /// <summary>Keys from <see cref="ApprovalVocabulary.ThresholdKeys"/>; every one must hold for the rule to match.</summary>
    public IReadOnlyDictionary<string, decimal> ValueThresholds { get; init; } = new Dictionary<string, decimal>();

    public bool RequiresApproval { get; init; } = true;

    /// <summary>Keys from <see cref="ApprovalVocabulary.AutoApproveKeys"/>.</summary>
    public IReadOnlyDictionary<string, ConditionValue> AutoApproveConditions { get; init; } = new Dictionary<string, ConditionValue>();

    /// <summary>1: an Approver may approve what the rule holds; 2: an Admin must.</summary>
    public int ApprovalLevel { get; init; } = 1;

    public bool IsActive { get; init; } = true;

    /// <summary>Lower is more urgent; a held change takes the lowest priority among its holding rules.</summary>
    public int Priority { get; init; } = 3;
}

/// <summary>
/// The value of one auto-approve condition: a number (<c>max_price_change: 5</c>) or a flag
/// (<c>no_conflicts: true</c>). Serialises as the bare JSON number or boolean.
/// </summary>
[JsonConverter(typeof(ConditionValueJsonConverter))]
public readonly record struct ConditionValue
{
    private ConditionValue(decimal? number, bool? flag)
    {
        Number = number;
        Flag = flag;
    }

    public decimal? Number { get; }

    public bool? Flag { get; }

    public static ConditionValue FromNumber(decimal value) => new(value, null);

    public static ConditionValue FromFlag(bool value) => new(null, value);

    public static implicit operator ConditionValue(decimal value) => FromNumber(value);

    public static implicit operator ConditionValue(bool value) => FromFlag(value);

    public override string ToString() =>
        Flag is { } f ? (f ? "true" : "false") : Number?.ToString(CultureInfo.InvariantCulture) ?? "null";
}

internal sealed class ConditionValueJsonConverter : JsonConverter<ConditionValue>
{
    public override ConditionValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => ConditionValue.FromFlag(true),
            JsonTokenType.False => ConditionValue.FromFlag(false),
            JsonTokenType.Number => ConditionValue.FromNumber(reader.GetDecimal()),
            _ => throw new JsonException("An auto-approve condition is a number or true/false."),
        };

    public override void Write(Utf8JsonWriter writer, ConditionValue value, JsonSerializerOptions options)
    {
        if (value.Flag is { } flag)
            writer.WriteBooleanValue(flag);
        else if (value.Number is { } number)
            writer.WriteNumberValue(number);
        else
            writer.WriteNullValue();
    }
}
