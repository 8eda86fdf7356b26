using System.Globalization;
using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Sync;

namespace SyncStudio.Web.Display;

/// <summary>A field a rule can watch, as a person picks it, the path patterns it stands for, and how a sentence names it.</summary>
public sealed record RuleField(string Label, IReadOnlyList<string> Patterns, string? InSentence = null);

/// <summary>What a rule says, whatever it was read from (a saved rule or the form being edited).</summary>
public sealed record RuleShape(
    string? ChangeType,
    IReadOnlyList<string> FieldPatterns,
    IReadOnlyDictionary<string, decimal> Thresholds,
    bool RequiresApproval,
    int ApprovalLevel,
    IReadOnlyDictionary<string, decimal> Conditions,
    bool? NoConflicts)
{
    public static RuleShape From(ApprovalRuleDto rule) => new(rule.ChangeType, rule.FieldPatterns, rule.ValueThresholds, rule.RequiresApproval,
        rule.ApprovalLevel,
        rule.AutoApproveConditions.Where(c => c.Value.Number is not null).ToDictionary(c => c.Key, c => c.Value.Number!.Value, StringComparer.Ordinal),
        rule.AutoApproveConditions.TryGetValue(ApprovalVocabulary.NoConflicts, out var flag) ? flag.Flag : null);
}

/// <summary>
/// Approval rules in plain language: the fields a rule watches named as Shopify's admin names them (never as globs),
/// the rule as one sentence ("When price changes by more than 20% on products priced at least $100 → hold for
/// Approver"), and the validator's messages in words. UI-free, so it is unit-tested.
/// </summary>
public static class RuleWords
{
    private const string AnyVariant = "variants[*]";

    /// <summary>
    /// The fields offered by the editor's picker. A field set on variants also stands for its product-level path (a
    /// product with one variant) and, for stock, for the per-location paths (docs/decisions/0019).
    /// </summary>
    public static IReadOnlyList<RuleField> Fields { get; } =
    [
        .. FieldPaths.ProductFields.Select(f => new RuleField(FieldLabels.Of(f).Name, [f])),
        .. FieldPaths.VariantFields.Select(f => new RuleField(FieldLabels.Of(f).Name, f == FieldPaths.InventoryQuantity
            ? [f, $"{AnyVariant}.{f}", "inventory[*]", $"{AnyVariant}.inventory[*]"]
            : [f, $"{AnyVariant}.{f}"])),
        new RuleField("Variants added or removed", [AnyVariant], "a variant"),
    ];

    /// <summary>The picker's fields a rule's patterns name (any of a field's patterns selects it), and the patterns no field stands for.</summary>
    public static (IReadOnlyList<RuleField> Fields, IReadOnlyList<string> Other) Split(IEnumerable<string> patterns)
    {
        var given = patterns.ToList();
        var fields = Fields.Where(f => f.Patterns.Any(given.Contains)).ToList();
        var other = given.Where(p => !fields.Any(f => f.Patterns.Contains(p))).Distinct(StringComparer.Ordinal).ToList();
        return (fields, other);
    }

    public static readonly IReadOnlyDictionary<string, string> ThresholdLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ApprovalVocabulary.MinPrice] = "Price at least",
        [ApprovalVocabulary.MaxPrice] = "Price at most",
        [ApprovalVocabulary.MinPriceChangePercent] = "Price moves by more than (%)",
        [ApprovalVocabulary.MinInventoryReductionPercent] = "Stock falls by more than (%)",
        [ApprovalVocabulary.MinRemovals] = "At least this many variants or options removed",
        [ApprovalVocabulary.MaxFieldsChanged] = "At most this many fields change",
    };

    public static readonly IReadOnlyDictionary<string, string> ConditionLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ApprovalVocabulary.MaxPriceChange] = "Price moves by at most (%)",
        [ApprovalVocabulary.MaxInventoryChange] = "Stock moves by at most (%)",
        [ApprovalVocabulary.MaxFieldsChanged] = "At most this many fields change",
        [ApprovalVocabulary.NoConflicts] = "No conflicts",
    };

    /// <summary>The rule as one sentence; money in <paramref name="currencyCode"/> when known.</summary>
    public static string Sentence(RuleShape rule, string? currencyCode)
    {
        var (fields, other) = Split(rule.FieldPatterns);
        var names = fields.Select(f => f.InSentence ?? Lower(f.Label)).Concat(other.Select(p => $"\u201C{p}\u201D")).ToList();
        var t = rule.Thresholds;
        var clauses = new List<string>();
        string subject;
        var single = names.Count == 1 ? fields.SingleOrDefault()?.Patterns[0] : null;
        var priceMove = t.ContainsKey(ApprovalVocabulary.MinPriceChangePercent) ? t[ApprovalVocabulary.MinPriceChangePercent] : (decimal?)null;
        var stockFall = t.ContainsKey(ApprovalVocabulary.MinInventoryReductionPercent) ? t[ApprovalVocabulary.MinInventoryReductionPercent] : (decimal?)null;

        switch (rule.ChangeType)
        {
            case ChangeTypes.Create:
                subject = "a new product arrives" + (names.Count > 0 ? $" with {Join(names, "or")}" : "");
                break;
            case ChangeTypes.Delete:
                subject = "a product is deleted";
                break;
            default:
                if (single == FieldPaths.Price && priceMove is { } move)
                {
                    subject = $"price changes by more than {Percent(move)}";
                    priceMove = null;
                }
                else if (single == FieldPaths.InventoryQuantity && stockFall is { } fall)
                {
                    subject = $"quantity falls by more than {Percent(fall)}";
                    stockFall = null;
                }
                else
                {
                    subject = names.Count == 0
                        ? rule.ChangeType == ChangeTypes.Update ? "a product is updated" : "anything changes"
                        : $"{Join(names, "or")} changes";
                }
                break;
        }

        if (priceMove is { } priceMoves)
            clauses.Add($"the price moves by more than {Percent(priceMoves)}");
        if (stockFall is { } stockFalls)
            clauses.Add($"stock falls by more than {Percent(stockFalls)}");
        if (t.TryGetValue(ApprovalVocabulary.MinRemovals, out var removals))
            clauses.Add($"at least {Count(removals)} {(removals == 1 ? "variant or option is" : "variants or options are")} removed");
        if (t.TryGetValue(ApprovalVocabulary.MaxFieldsChanged, out var fieldsAtMost))
            clauses.Add($"at most {Count(fieldsAtMost)} {(fieldsAtMost == 1 ? "field changes" : "fields change")}");

        var priced = (t.TryGetValue(ApprovalVocabulary.MinPrice, out var min), t.TryGetValue(ApprovalVocabulary.MaxPrice, out var max)) switch
        {
            (true, true) => $" on products priced between {Amount(min, currencyCode)} and {Amount(max, currencyCode)}",
            (true, false) => $" on products priced at least {Amount(min, currencyCode)}",
            (false, true) => $" on products priced at most {Amount(max, currencyCode)}",
            _ => "",
        };

        var when = "When " + subject + (clauses.Count > 0 ? " and " + Join(clauses, "and") : "") + priced;
        return when + " \u2192 " + Outcome(rule);
    }

    private static string Outcome(RuleShape rule)
    {
        var conditions = Conditions(rule);
        // A holding rule's conditions release the change when they all hold (the evaluator's "passed").
        if (rule.RequiresApproval)
            return $"hold for {(rule.ApprovalLevel >= 2 ? "Admin" : "Approver")}" + (conditions.Count > 0 ? " unless " + Join(conditions, "and") : "");
        return "approve automatically" + (conditions.Count > 0 ? " if " + Join(conditions, "and") : "");
    }

    private static List<string> Conditions(RuleShape rule)
    {
        var conditions = new List<string>();
        if (rule.Conditions.TryGetValue(ApprovalVocabulary.MaxPriceChange, out var price))
            conditions.Add($"the price moves by at most {Percent(price)}");
        if (rule.Conditions.TryGetValue(ApprovalVocabulary.MaxInventoryChange, out var stock))
            conditions.Add($"stock moves by at most {Percent(stock)}");
        if (rule.Conditions.TryGetValue(ApprovalVocabulary.MaxFieldsChanged, out var fields))
            conditions.Add($"at most {Count(fields)} {(fields == 1 ? "field changes" : "fields change")}");
        if (rule.NoConflicts == true)
            conditions.Add("there are no conflicts");
        return conditions;
    }

    /// <summary>
    /// A validator message (<c>field_patterns[0]</c>: <c>invalid glob</c>) in words, naming the field as the editor labels
    /// it; <paramref name="patterns"/> are the patterns sent, to quote the one refused.
    /// </summary>
    public static string Message(string key, string message, IReadOnlyList<string>? patterns = null)
    {
        const string patternKey = "field_patterns[";
        if (key.StartsWith(patternKey, StringComparison.Ordinal) && key.EndsWith(']')
            && int.TryParse(key.AsSpan(patternKey.Length, key.Length - patternKey.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            var quoted = patterns is not null && index < patterns.Count ? $"\u201C{patterns[index]}\u201D" : $"Field {index + 1}";
            return message switch
            {
                GlobPattern.InvalidGlob => $"{quoted} is not a field this rule can watch: pick the fields from the list.",
                GlobPattern.UnknownField => $"{quoted} names no product or variant field: pick the fields from the list.",
                _ => $"{quoted} {message}.",
            };
        }
        var subject = key switch
        {
            "rule_name" => "Name",
            "priority" => "Priority",
            "approval_level" => "Approval level",
            "change_type" => "Change type",
            "entity_type" => "What the rule applies to",
            "field_patterns" => "Fields",
            _ when key.StartsWith("value_thresholds.", StringComparison.Ordinal)
                && ThresholdLabels.TryGetValue(key["value_thresholds.".Length..], out var threshold) => $"\u201C{threshold}\u201D",
            _ when key.StartsWith("auto_approve_conditions.", StringComparison.Ordinal)
                && ConditionLabels.TryGetValue(key["auto_approve_conditions.".Length..], out var condition) => $"\u201CAuto-approve: {condition}\u201D",
            _ => null,
        };
        if (subject is null)
            return $"{key}: {message}";
        // The validator compares with other keys by name: say them as the form labels them.
        var words = message.Replace(ApprovalVocabulary.MinPrice, "the lowest price", StringComparison.Ordinal)
            .Replace("unknown key", "is not something a rule can check", StringComparison.Ordinal)
            .Replace("duplicate key", "is given twice", StringComparison.Ordinal);
        return $"{subject} {words}.";
    }

    private static string Lower(string label) =>
        label.Length > 1 && char.IsUpper(label[1]) ? label : char.ToLowerInvariant(label[0]) + label[1..];

    private static string Join(List<string> parts, string conjunction) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + $" {conjunction} " + parts[^1],
    };

    private static string Percent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Count(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Amount(decimal value, string? currencyCode)
    {
        var text = Money.Format(value, currencyCode);
        // A threshold is a round figure: "$100", not "$100.00".
        return value == decimal.Truncate(value) && text.EndsWith(".00", StringComparison.Ordinal) ? text[..^3] : text;
    }
}
