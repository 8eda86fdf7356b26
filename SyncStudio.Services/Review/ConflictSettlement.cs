using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Review;

/// <summary>
/// What approving a conflicting change settles on each conflicting path (design §6, docs/decisions/0009): the
/// reviewer's choice for every path, or, when the approval names none, the change "as staged" (its proposed side
/// on every path). Pure: the conflict paths and the request in, the resolution to store or the errors out.
/// </summary>
public sealed record ConflictSettlement(JsonObject? Resolution, IReadOnlyDictionary<string, object?> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The side a change proposes: Shopify's for a change pulled from Shopify, the local one for a push.</summary>
    public static ConflictChoice AsStaged(string syncDirection) =>
        syncDirection == SyncDirections.PushToShopify ? ConflictChoice.TakeLocal : ConflictChoice.TakeShopify;

    /// <param name="given">The request's <c>conflict_resolution</c>; null when it sent none.</param>
    /// <param name="changes">The change's <c>field_changes</c>, for the rules that read the values a choice takes.</param>
    public static ConflictSettlement Settle(IReadOnlyList<string> conflictPaths, string syncDirection,
        IReadOnlyDictionary<string, ConflictChoice>? given, FieldChanges? changes = null)
    {
        var errors = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (given is null)
        {
            // No resolution at all (the contract's Example 2 approves with a note alone): the change as it was staged.
            var staged = AsStaged(syncDirection);
            return new ConflictSettlement(ToJson(conflictPaths.Select(p => KeyValuePair.Create(p, staged))), errors);
        }

        // A resolution that names some paths and not others is refused rather than completed: a client (or a page)
        // that forgot a path did not mean "as staged" for it.
        foreach (var path in conflictPaths.Where(p => !given.ContainsKey(p)))
            errors[$"conflict_resolution.{path}"] = "choose \"shopify\", \"local\" or {\"value\": ...}";
        foreach (var (path, choice) in given)
        {
            if (!conflictPaths.Contains(path))
                errors[$"conflict_resolution.{path}"] = "is not a conflicting path of this change";
            else if (choice.Kind == ConflictChoice.Custom && FieldValues.TypeError(path, choice.Value) is { } expected)
                errors[$"conflict_resolution.{path}"] = $"the value {expected}";
            else if (SplitWeight(path, choice, given) is { } weightPath)
                errors[$"conflict_resolution.{path}"] = $"a weight and its unit are one value (docs/decisions/0007): take it from the same side as {weightPath}";
            else if (SplitOptions(path, choice, given) is { } problem)
                errors[$"conflict_resolution.{path}"] = problem;
        }
        if (errors.Count == 0 && KeepsNoVariant(conflictPaths, syncDirection, given, changes) is { Count: > 0 } lastVariants)
        {
            foreach (var path in lastVariants)
                errors[$"conflict_resolution.{path}"] = "this resolution keeps none of these variants, and a product has at least one: keep one of them";
        }

        return errors.Count > 0
            ? new ConflictSettlement(null, errors)
            : new ConflictSettlement(ToJson(conflictPaths.Select(p => KeyValuePair.Create(p, given[p]))), errors);
    }

    /// <summary>
    /// The weight path when <paramref name="path"/> is a weight's unit resolved for the other side than its weight: a
    /// weight from one side beside the unit of the other is a value neither side had (or a weight with the unit of
    /// "no weight"). Given values may combine freely.
    /// </summary>
    private static string? SplitWeight(string path, ConflictChoice choice, IReadOnlyDictionary<string, ConflictChoice> given)
    {
        if (!path.EndsWith(FieldPaths.WeightUnit, StringComparison.Ordinal) || choice.Kind == ConflictChoice.Custom)
            return null;
        var weightPath = path[..^FieldPaths.WeightUnit.Length] + FieldPaths.Weight;
        return given.TryGetValue(weightPath, out var weight) && weight.Kind != ConflictChoice.Custom && weight.Kind != choice.Kind
            ? weightPath
            : null;
    }

    /// <summary>
    /// With <c>option_names</c> in conflict, the option names and the variants' option values are one decision: names of
    /// one side beside a variant's values of the other (or a whole variant of the other) is a product neither side had,
    /// with a value count that does not fit its options, which Shopify refuses. Each of those paths takes the side
    /// <c>option_names</c> takes, and none takes a value of its own.
    /// </summary>
    private static string? SplitOptions(string path, ConflictChoice choice, IReadOnlyDictionary<string, ConflictChoice> given)
    {
        if (!given.TryGetValue(FieldPaths.OptionNames, out var names) || !FieldPaths.IsOptionShaped(path))
            return null;
        if (choice.Kind == ConflictChoice.Custom)
            return "option names and the variants' option values are decided together while option_names is in conflict: choose \"shopify\" or \"local\"";
        return path != FieldPaths.OptionNames && names.Kind != ConflictChoice.Custom && names.Kind != choice.Kind
            ? $"option names and the variants' option values are decided together: take it from the same side as {FieldPaths.OptionNames}"
            : null;
    }

    /// <summary>
    /// The variants the diff put in conflict because the two sides' removals together leave none
    /// (<see cref="FieldChange.LastVariantsReason"/>), when the choices remove every one of them; else empty.
    /// </summary>
    private static List<string> KeepsNoVariant(IReadOnlyList<string> conflictPaths, string syncDirection,
        IReadOnlyDictionary<string, ConflictChoice> given, FieldChanges? changes)
    {
        var last = new List<string>();
        if (changes is null)
            return last;
        var pull = syncDirection == SyncDirections.PullFromShopify;
        foreach (var path in conflictPaths)
        {
            if (!changes.TryGetValue(path, out var change) || change.Reason != FieldChange.LastVariantsReason)
                continue;
            var choice = given[path];
            var kept = choice.Kind switch
            {
                ConflictChoice.Custom => choice.Value,
                ConflictChoice.Local => pull ? change.Old : change.New,
                _ => pull ? change.New : change.Old,
            };
            if (kept is not null)
                return [];
            last.Add(path);
        }

        return last;
    }

    private static JsonObject ToJson(IEnumerable<KeyValuePair<string, ConflictChoice>> choices)
    {
        var json = new JsonObject();
        foreach (var (path, choice) in choices)
            json[path] = choice.ToJson();
        return json;
    }
}
