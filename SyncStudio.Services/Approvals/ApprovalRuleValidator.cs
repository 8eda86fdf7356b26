using System.Text.Json;
using System.Text.Json.Serialization;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Approvals;

/// <summary>A rule as an API client sends it; the three JSON-valued fields stay raw so each bad entry can be named.</summary>
public sealed record ApprovalRuleInput
{
    [JsonPropertyName("rule_name")]
    public string? RuleName { get; init; }

    [JsonPropertyName("rule_description")]
    public string? RuleDescription { get; init; }

    [JsonPropertyName("entity_type")]
    public string? EntityType { get; init; }

    [JsonPropertyName("change_type")]
    public string? ChangeType { get; init; }

    [JsonPropertyName("field_patterns")]
    public JsonElement? FieldPatterns { get; init; }

    [JsonPropertyName("value_thresholds")]
    public JsonElement? ValueThresholds { get; init; }

    [JsonPropertyName("requires_approval")]
    public bool? RequiresApproval { get; init; }

    [JsonPropertyName("auto_approve_conditions")]
    public JsonElement? AutoApproveConditions { get; init; }

    [JsonPropertyName("approval_level")]
    public int? ApprovalLevel { get; init; }

    [JsonPropertyName("is_active")]
    public bool? IsActive { get; init; }

    [JsonPropertyName("priority")]
    public int? Priority { get; init; }
}

/// <summary>
/// The validated rule, or the errors keyed by snake_case field (<c>value_thresholds.foo</c>, <c>field_patterns[1]</c>)
/// for the <c>details</c> of a 400.
/// </summary>
public sealed record ApprovalRuleValidation(ApprovalRuleDefinition? Rule, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Rule is not null;
}

public static class ApprovalRuleValidator
{
    public const int MaxNameLength = 255;

    private static readonly string ChangeTypeList = string.Join(", ", ChangeTypes.Create, ChangeTypes.Update, ChangeTypes.Delete);

    public static ApprovalRuleValidation Validate(ApprovalRuleInput input, int id = 0)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);

        var name = input.RuleName?.Trim();
        if (string.IsNullOrEmpty(name))
            errors["rule_name"] = "is required";
        else if (name.Length > MaxNameLength)
            errors["rule_name"] = $"must be at most {MaxNameLength} characters";

        var entityType = string.IsNullOrEmpty(input.EntityType) ? null : input.EntityType;
        if (entityType is not null && entityType != ApprovalVocabulary.ProductEntity)
            errors["entity_type"] = $"must be {ApprovalVocabulary.ProductEntity}";

        var changeType = string.IsNullOrEmpty(input.ChangeType) ? null : input.ChangeType;
        if (changeType is not null && !ChangeTypes.All.Contains(changeType))
            errors["change_type"] = $"must be one of {ChangeTypeList}";

        if (input.ApprovalLevel is { } level && level is not (1 or 2))
            errors["approval_level"] = "must be 1 or 2";

        if (input.Priority is < 1)
            errors["priority"] = "must be 1 or more";

        var patterns = ReadPatterns(input.FieldPatterns, errors);
        var thresholds = ReadThresholds(input.ValueThresholds, errors);
        var conditions = ReadConditions(input.AutoApproveConditions, errors);

        if (errors.Count > 0)
            return new ApprovalRuleValidation(null, errors);

        var rule = new ApprovalRuleDefinition
        {
            Id = id,
            Name = name!,
            Description = string.IsNullOrWhiteSpace(input.RuleDescription) ? null : input.RuleDescription,
            EntityType = entityType,
            ChangeType = changeType,
            FieldPatterns = patterns,
            ValueThresholds = thresholds,
            RequiresApproval = input.RequiresApproval ?? true,
            AutoApproveConditions = conditions,
            ApprovalLevel = input.ApprovalLevel ?? 1,
            IsActive = input.IsActive ?? true,
            Priority = input.Priority ?? 3,
        };
        return new ApprovalRuleValidation(rule, errors);
    }

    private static List<string> ReadPatterns(JsonElement? raw, Dictionary<string, string> errors)
    {
        var patterns = new List<string>();
        if (IsAbsent(raw))
            return patterns;

        if (raw!.Value.ValueKind != JsonValueKind.Array)
        {
            errors["field_patterns"] = "must be an array of strings";
            return patterns;
        }

        var i = 0;
        foreach (var item in raw.Value.EnumerateArray())
        {
            var key = $"field_patterns[{i++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                errors[key] = "must be a string";
                continue;
            }

            var pattern = item.GetString()!;
            if (GlobPattern.Validate(pattern) is { } error)
                errors[key] = error;
            else
                patterns.Add(pattern);
        }

        return patterns;
    }

    private static Dictionary<string, decimal> ReadThresholds(JsonElement? raw, Dictionary<string, string> errors)
    {
        const string Field = "value_thresholds";
        var thresholds = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (!TryObject(raw, Field, errors, out var obj))
            return thresholds;

        foreach (var property in obj.EnumerateObject())
        {
            var key = $"{Field}.{property.Name}";
            if (!ApprovalVocabulary.ThresholdKeys.Contains(property.Name))
                errors[key] = "unknown key";
            else if (thresholds.ContainsKey(property.Name))
                errors[key] = "duplicate key";
            else if (ReadNumber(property, key, errors) is { } value)
                thresholds[property.Name] = value;
        }

        if (thresholds.TryGetValue(ApprovalVocabulary.MinPrice, out var min)
            && thresholds.TryGetValue(ApprovalVocabulary.MaxPrice, out var max) && max < min)
        {
            errors[$"{Field}.{ApprovalVocabulary.MaxPrice}"] = $"must not be less than {ApprovalVocabulary.MinPrice}";
        }

        return thresholds;
    }

    private static Dictionary<string, ConditionValue> ReadConditions(JsonElement? raw, Dictionary<string, string> errors)
    {
        const string Field = "auto_approve_conditions";
        var conditions = new Dictionary<string, ConditionValue>(StringComparer.Ordinal);
        if (!TryObject(raw, Field, errors, out var obj))
            return conditions;

        foreach (var property in obj.EnumerateObject())
        {
            var key = $"{Field}.{property.Name}";
            if (!ApprovalVocabulary.AutoApproveKeys.Contains(property.Name))
            {
                errors[key] = "unknown key";
            }
            else if (conditions.ContainsKey(property.Name))
            {
                errors[key] = "duplicate key";
            }
            else if (property.Name == ApprovalVocabulary.NoConflicts)
            {
                if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    conditions[property.Name] = property.Value.GetBoolean();
                else
                    errors[key] = "must be true or false";
            }
            else if (ReadNumber(property, key, errors) is { } value)
            {
                conditions[property.Name] = value;
            }
        }

        return conditions;
    }

    private static decimal? ReadNumber(JsonProperty property, string key, Dictionary<string, string> errors)
    {
        if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDecimal(out var value))
        {
            errors[key] = "must be a number";
            return null;
        }

        if (value < 0)
        {
            errors[key] = "must not be negative";
            return null;
        }

        if (property.Name is ApprovalVocabulary.MaxFieldsChanged or ApprovalVocabulary.MinRemovals && decimal.Truncate(value) != value)
        {
            errors[key] = "must be a whole number";
            return null;
        }

        return value;
    }

    private static bool TryObject(JsonElement? raw, string field, Dictionary<string, string> errors, out JsonElement obj)
    {
        obj = default;
        if (IsAbsent(raw))
            return false;

        if (raw!.Value.ValueKind != JsonValueKind.Object)
        {
            errors[field] = "must be an object";
            return false;
        }

        obj = raw.Value;
        return true;
    }

    private static bool IsAbsent(JsonElement? raw) =>
        raw is null || raw.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
}
