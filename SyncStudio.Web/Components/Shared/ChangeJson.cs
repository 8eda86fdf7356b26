using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncStudio.Web.Components.Shared;

/// <summary>One path of a staged change's <c>field_changes</c>, as the dashboard shows it.</summary>
public sealed record FieldDiffRow(string Path, JsonNode? Old, JsonNode? New, JsonNode? Base, bool HasBase)
{
    /// <summary>Why the change goes this way when field ownership decided it ("owned by local"): docs/decisions/0026.</summary>
    public string? Reason { get; init; }

    /// <summary>Money and inventory paths show their move as a percentage of the old value.</summary>
    public bool IsMeasured => ChangeJson.IsMoneyPath(Path) || ChangeJson.IsInventoryPath(Path);

    public decimal? DeltaPercent => IsMeasured ? ChangeJson.PercentChange(Old, New) : null;
}

/// <summary>One approval rule that matched a change, read from its <c>rule_evaluation</c>.</summary>
public sealed record RuleMatchView(string Name, string Outcome, string? Reason)
{
    public const string Held = "held";
    public const string AutoApproved = "auto_approved";
    public const string Passed = "passed";
}

/// <summary>
/// Reads the JSON columns a staged change carries (field changes, conflict paths, rule evaluation) for display.
/// Tolerant by design: a column the dashboard cannot read shows as empty rather than breaking the page.
/// </summary>
public static class ChangeJson
{
    private static readonly string[] MoneyFields = ["price", "compare_at_price"];
    private const string InventoryField = "inventory_quantity";

    public static IReadOnlyList<FieldDiffRow> FieldChanges(string? json)
    {
        if (Parse(json) is not JsonObject changes)
            return [];
        var rows = new List<FieldDiffRow>(changes.Count);
        foreach (var (path, value) in changes)
        {
            if (value is JsonObject change)
                rows.Add(new FieldDiffRow(path, change["old"], change["new"], change["base"], change.ContainsKey("base"))
                {
                    Reason = change["reason"] is JsonValue reason && reason.TryGetValue<string>(out var text) ? text : null,
                });
            else
                rows.Add(new FieldDiffRow(path, null, value, null, false));
        }
        return rows;
    }

    public static IReadOnlyList<string> StringList(string? json) =>
        Parse(json) is JsonArray array
            ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];

    /// <summary>
    /// The matched rules of a <c>rule_evaluation</c>: either a list of matches, or an object holding one under
    /// <c>matches</c> (or <c>rules</c>). Each match names its rule, says what it did and why.
    /// </summary>
    public static IReadOnlyList<RuleMatchView> RuleMatches(string? json)
    {
        var node = Parse(json);
        var list = node switch
        {
            JsonArray array => array,
            JsonObject obj => (obj["matches"] ?? obj["matched_rules"] ?? obj["rules"]) as JsonArray,
            _ => null,
        };
        if (list is null)
            return [];
        return list.OfType<JsonObject>().Select(m => new RuleMatchView(
            Text(m["rule_name"]) ?? Text(m["name"]) ?? (m["rule_id"] is { } id ? $"Rule {Display(id)}" : "Unnamed rule"),
            Outcome(m),
            Text(m["reason"]) ?? Text(m["explanation"]))).ToList();
    }

    public static bool IsMoneyPath(string path) => MoneyFields.Contains(FieldOf(path), StringComparer.Ordinal);

    public static bool IsInventoryPath(string path) => FieldOf(path) == InventoryField;

    /// <summary>The move from old to new as a percentage of old; null when either is not a number or old is zero.</summary>
    public static decimal? PercentChange(JsonNode? old, JsonNode? @new) =>
        TryNumber(old, out var before) && TryNumber(@new, out var after) ? SyncStudio.Web.Display.Money.PercentChange(before, after) : null;

    public static bool TryNumber(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v)
            return false;
        if (v.TryGetValue<decimal>(out value))
            return true;
        // Some writers store money as a string ("29.99").
        return v.TryGetValue<string>(out var text)
            && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A value as a person reads it: strings bare, numbers invariant, objects and lists as compact JSON.</summary>
    public static string Display(JsonNode? node) => node switch
    {
        null => "(none)",
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? "(empty)" : s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => node.ToJsonString(),
    };

    public static string FormatPercent(decimal percent) => SyncStudio.Web.Display.Money.Percent(percent);

    public static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FieldOf(string path)
    {
        // variants[<key>].price: the key may hold dots, so the field is what follows the closing bracket.
        var bracket = path.LastIndexOf("].", StringComparison.Ordinal);
        return bracket >= 0 ? path[(bracket + 2)..] : path;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static string Outcome(JsonObject match)
    {
        if (Text(match["outcome"]) is { } outcome)
            return outcome.ToLowerInvariant() switch
            {
                "held" => RuleMatchView.Held,
                "autoapproved" or "auto_approved" or "approved" => RuleMatchView.AutoApproved,
                _ => RuleMatchView.Passed,
            };
        if (match["held"] is JsonValue held && held.TryGetValue<bool>(out var isHeld))
            return isHeld ? RuleMatchView.Held : RuleMatchView.Passed;
        return RuleMatchView.Passed;
    }
}
