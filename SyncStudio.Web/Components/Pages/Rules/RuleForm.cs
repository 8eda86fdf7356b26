using System.Text.Json;
using SyncStudio.Services.Approvals;
using SyncStudio.Web.Display;

namespace SyncStudio.Web.Components.Pages.Rules;

/// <summary>
/// The editable shape of an approval rule: one field per key of the closed vocabulary, turned into the same input
/// the API validates, so the form shows the validator's own messages.
/// </summary>
public sealed class RuleForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Null for every change type.</summary>
    public string? ChangeType { get; set; }

    public List<string> FieldPatterns { get; set; } = [];

    /// <summary>Threshold key → value; null leaves the key out.</summary>
    public Dictionary<string, decimal?> Thresholds { get; } =
        ApprovalVocabulary.ThresholdKeys.ToDictionary(k => k, decimal? (_) => null, StringComparer.Ordinal);

    /// <summary>Numeric auto-approve condition key → value; null leaves the key out.</summary>
    public Dictionary<string, decimal?> Conditions { get; } = ApprovalVocabulary.AutoApproveKeys
        .Where(k => k != ApprovalVocabulary.NoConflicts).ToDictionary(k => k, decimal? (_) => null, StringComparer.Ordinal);

    /// <summary>The <c>no_conflicts</c> condition: null leaves it out.</summary>
    public bool? NoConflicts { get; set; }

    public bool RequiresApproval { get; set; } = true;

    public int ApprovalLevel { get; set; } = 1;

    public bool IsActive { get; set; } = true;

    public int Priority { get; set; } = ApprovalDecision.DefaultPriority;

    public static RuleForm From(ApprovalRuleDto rule)
    {
        var form = new RuleForm
        {
            Name = rule.RuleName,
            Description = rule.RuleDescription,
            ChangeType = rule.ChangeType,
            FieldPatterns = [.. rule.FieldPatterns],
            RequiresApproval = rule.RequiresApproval,
            ApprovalLevel = rule.ApprovalLevel,
            IsActive = rule.IsActive,
            Priority = rule.Priority,
        };
        foreach (var (key, value) in rule.ValueThresholds)
            form.Thresholds[key] = value;
        foreach (var (key, value) in rule.AutoApproveConditions)
        {
            if (key == ApprovalVocabulary.NoConflicts)
                form.NoConflicts = value.Flag;
            else
                form.Conditions[key] = value.Number;
        }

        return form;
    }

    public ApprovalRuleInput ToInput() => new()
    {
        RuleName = Name,
        RuleDescription = Description,
        EntityType = ApprovalVocabulary.ProductEntity,
        ChangeType = string.IsNullOrEmpty(ChangeType) ? null : ChangeType,
        FieldPatterns = JsonSerializer.SerializeToElement(FieldPatterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim())),
        ValueThresholds = JsonSerializer.SerializeToElement(Thresholds.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value)),
        RequiresApproval = RequiresApproval,
        AutoApproveConditions = JsonSerializer.SerializeToElement(ConditionObject()),
        ApprovalLevel = ApprovalLevel,
        IsActive = IsActive,
        Priority = Priority,
    };

    /// <summary>Whether the picker's <paramref name="field"/> is watched (any of its patterns is in the rule).</summary>
    public bool Watches(RuleField field) => field.Patterns.Any(FieldPatterns.Contains);

    /// <summary>Picks or drops a field: all of its patterns go in or out together.</summary>
    public void SetWatched(RuleField field, bool watched)
    {
        FieldPatterns = watched
            ? [.. FieldPatterns, .. field.Patterns.Where(p => !FieldPatterns.Contains(p))]
            : [.. FieldPatterns.Where(p => !field.Patterns.Contains(p))];
    }

    /// <summary>What the form says now, for the sentence shown as it is edited.</summary>
    public RuleShape ToShape() => new(string.IsNullOrEmpty(ChangeType) ? null : ChangeType, FieldPatterns,
        Thresholds.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!.Value, StringComparer.Ordinal),
        RequiresApproval, ApprovalLevel,
        Conditions.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!.Value, StringComparer.Ordinal), NoConflicts);

    public ApprovalRuleValidation Validate(int id = 0) => ApprovalRuleValidator.Validate(ToInput(), id);

    private Dictionary<string, object> ConditionObject()
    {
        var conditions = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in Conditions)
        {
            if (value is { } number)
                conditions[key] = number;
        }

        if (NoConflicts is { } flag)
            conditions[ApprovalVocabulary.NoConflicts] = flag;
        return conditions;
    }
}
