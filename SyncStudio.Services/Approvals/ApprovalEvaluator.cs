using System.Globalization;
using System.Text;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Approvals;

/// <summary>
/// Evaluates staged changes against a set of approval rules (design §5). Rules are compiled once (globs, keys);
/// evaluation allocates only for the rules that match. Safe to share between threads.
/// </summary>
public sealed class ApprovalEvaluator
{
    private readonly CompiledRule[] _rules;

    /// <summary>Compiles the active rules; throws <see cref="ArgumentException"/> for a rule the validator would refuse.</summary>
    public ApprovalEvaluator(IEnumerable<ApprovalRuleDefinition> rules)
    {
        _rules = [.. rules
            .Where(r => r.IsActive)
            .OrderBy(r => r.Priority)
            .ThenBy(r => r.Id)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new CompiledRule(r))];
    }

    public ApprovalDecision Evaluate(StagedChangePlan plan) => Evaluate(ApprovalFacts.FromPlan(plan));

    public ApprovalDecision Evaluate(ApprovalFacts facts)
    {
        var metrics = ChangeMetrics.From(facts);
        List<ApprovalRuleMatch>? matches = null;
        var held = false;
        var approved = false;
        var level = 0;
        var priority = int.MaxValue;

        foreach (var rule in _rules)
        {
            if (!rule.Matches(facts, metrics, out var matchedPath))
                continue;

            var outcome = rule.Decide(facts.HasConflicts, metrics);
            if (outcome == ApprovalRuleOutcome.Held)
            {
                held = true;
                level = Math.Max(level, rule.Definition.ApprovalLevel);
                priority = Math.Min(priority, rule.Definition.Priority);
            }
            else if (outcome == ApprovalRuleOutcome.AutoApproved)
            {
                approved = true;
            }

            (matches ??= []).Add(new ApprovalRuleMatch(
                rule.Definition.Id, rule.Definition.Name, outcome, rule.Explain(outcome, facts.HasConflicts, metrics, matchedPath)));
        }

        IReadOnlyList<ApprovalRuleMatch> found = matches ?? (IReadOnlyList<ApprovalRuleMatch>)[];
        if (held)
        {
            return new ApprovalDecision
            {
                Status = ApprovalDecision.Pending,
                RequiredApprovalLevel = level,
                Priority = priority,
                Matches = found,
            };
        }

        // approved is only ever set for a change without conflicts (CompiledRule.Decide).
        return approved
            ? new ApprovalDecision { Status = ApprovalDecision.Approved, AutoApproved = true, RequiredApprovalLevel = 0, Matches = found }
            : new ApprovalDecision { Status = ApprovalDecision.Pending, RequiredApprovalLevel = 1, Matches = found };
    }

    /// <summary>The measurements the vocabulary speaks of, taken once per change.</summary>
    private readonly struct ChangeMetrics
    {
        /// <summary>Stands for a move away from 0, which is no finite percentage.</summary>
        public const decimal FromZero = decimal.MaxValue;

        public string[] Paths { get; init; }

        /// <summary>Largest price move as a percentage of the old price; null when no price path has an old and a new price.</summary>
        public decimal? PriceChangePercent { get; init; }

        /// <summary>Largest inventory fall as a percentage of the old quantity; null when no quantity falls from above 0.</summary>
        public decimal? InventoryReductionPercent { get; init; }

        /// <summary>Largest inventory move as a percentage of the old quantity; null when none is measurable.</summary>
        public decimal? InventoryChangePercent { get; init; }

        public decimal? ProductPrice { get; init; }

        /// <summary>Variants (<c>variants[&lt;key&gt;]</c> going to null) and options (names <c>option_names</c> loses) removed.</summary>
        public int Removals { get; init; }

        public static ChangeMetrics From(ApprovalFacts facts)
        {
            var paths = new string[facts.FieldChanges.Count];
            decimal? priceChange = null, reduction = null, inventoryChange = null, pathPrice = null;
            var removals = 0;
            var i = 0;
            foreach (var (path, change) in facts.FieldChanges)
            {
                paths[i++] = path;
                if (path == FieldPaths.OptionNames)
                    removals += FieldValues.OptionsRemoved(change.Old, change.New);
                else if (FieldPaths.IsWholeVariantPath(path) && change.Old is not null && change.Old.GetValueKind() != System.Text.Json.JsonValueKind.Null
                    && (change.New is null || change.New.GetValueKind() == System.Text.Json.JsonValueKind.Null))
                    removals++;
                else if (FieldPaths.IsPricePath(path))
                {
                    var hasOld = FieldValues.TryGetNumber(change.Old, out var old);
                    var hasNew = FieldValues.TryGetNumber(change.New, out var @new);
                    if (hasOld)
                        pathPrice = Max(pathPrice, old);
                    if (hasNew)
                        pathPrice = Max(pathPrice, @new);
                    if (hasOld && hasNew)
                        priceChange = Max(priceChange, Percent(old, @new));
                }
                else if (FieldPaths.IsInventoryPath(path)
                    && FieldValues.TryGetNumber(change.Old, out var old)
                    && FieldValues.TryGetNumber(change.New, out var @new))
                {
                    inventoryChange = Max(inventoryChange, Percent(old, @new));
                    if (old > 0 && @new < old)
                        reduction = Max(reduction, (old - @new) / old * 100m);
                }
            }

            return new ChangeMetrics
            {
                Paths = paths,
                PriceChangePercent = priceChange,
                InventoryReductionPercent = reduction,
                InventoryChangePercent = inventoryChange,
                ProductPrice = facts.ProductPrice ?? pathPrice,
                Removals = removals,
            };
        }

        private static decimal Percent(decimal old, decimal @new)
        {
            if (old == @new)
                return 0m;
            if (old == 0m)
                return FromZero;
            var percent = Math.Abs(@new - old) / Math.Abs(old) * 100m;
            return percent;
        }

        private static decimal Max(decimal? a, decimal b) => a is { } x && x >= b ? x : b;
    }

    private sealed class CompiledRule
    {
        private readonly GlobPattern[] _patterns;
        private readonly decimal? _minPrice;
        private readonly decimal? _maxPrice;
        private readonly decimal? _minPriceChangePercent;
        private readonly decimal? _minInventoryReductionPercent;
        private readonly decimal? _maxFieldsChanged;
        private readonly decimal? _minRemovals;
        private readonly decimal? _autoMaxPriceChange;
        private readonly decimal? _autoMaxInventoryChange;
        private readonly decimal? _autoMaxFieldsChanged;
        private readonly bool? _autoNoConflicts;
        private readonly bool _hasAutoConditions;

        public CompiledRule(ApprovalRuleDefinition rule)
        {
            Definition = rule;
            _patterns = [.. (rule.FieldPatterns ?? []).Select(p => GlobPattern.Compile(p))];

            foreach (var (key, value) in rule.ValueThresholds ?? new Dictionary<string, decimal>())
            {
                switch (key)
                {
                    case ApprovalVocabulary.MinPrice: _minPrice = value; break;
                    case ApprovalVocabulary.MaxPrice: _maxPrice = value; break;
                    case ApprovalVocabulary.MinPriceChangePercent: _minPriceChangePercent = value; break;
                    case ApprovalVocabulary.MinInventoryReductionPercent: _minInventoryReductionPercent = value; break;
                    case ApprovalVocabulary.MaxFieldsChanged: _maxFieldsChanged = value; break;
                    case ApprovalVocabulary.MinRemovals: _minRemovals = value; break;
                    default: throw Unknown("value_thresholds", key);
                }
            }

            foreach (var (key, value) in rule.AutoApproveConditions ?? new Dictionary<string, ConditionValue>())
            {
                switch (key)
                {
                    case ApprovalVocabulary.MaxPriceChange: _autoMaxPriceChange = Number(key, value); break;
                    case ApprovalVocabulary.MaxInventoryChange: _autoMaxInventoryChange = Number(key, value); break;
                    case ApprovalVocabulary.MaxFieldsChanged: _autoMaxFieldsChanged = Number(key, value); break;
                    case ApprovalVocabulary.NoConflicts:
                        _autoNoConflicts = value.Flag ?? throw new ArgumentException($"Rule '{rule.Name}': {key} must be true or false.", nameof(rule));
                        break;
                    default: throw Unknown("auto_approve_conditions", key);
                }

                _hasAutoConditions = true;
            }

            decimal Number(string key, ConditionValue value) =>
                value.Number ?? throw new ArgumentException($"Rule '{rule.Name}': {key} must be a number.", nameof(rule));

            ArgumentException Unknown(string field, string key) =>
                new($"Rule '{rule.Name}': unknown key {field}.{key}.", nameof(rule));
        }

        public ApprovalRuleDefinition Definition { get; }

        public bool Matches(ApprovalFacts facts, in ChangeMetrics m, out string? matchedPath)
        {
            matchedPath = null;
            var d = Definition;
            if (d.EntityType is not null && !string.Equals(d.EntityType, facts.EntityType, StringComparison.Ordinal))
                return false;
            if (d.ChangeType is not null && !string.Equals(d.ChangeType, facts.ChangeType, StringComparison.Ordinal))
                return false;

            if (_patterns.Length > 0)
            {
                matchedPath = FirstMatchingPath(m.Paths);
                if (matchedPath is null)
                    return false;
            }

            return (_minPrice is not { } min || m.ProductPrice >= min)
                && (_maxPrice is not { } max || m.ProductPrice <= max)
                && (_minPriceChangePercent is not { } pc || m.PriceChangePercent > pc)
                && (_minInventoryReductionPercent is not { } ir || m.InventoryReductionPercent > ir)
                && (_maxFieldsChanged is not { } fc || m.Paths.Length <= fc)
                && (_minRemovals is not { } mr || m.Removals >= mr);
        }

        /// <summary>
        /// A rule that requires approval holds unless it has auto-approve conditions and all hold; a rule that does
        /// not approves when all its conditions hold. A change with conflicts is never released nor approved.
        /// </summary>
        public ApprovalRuleOutcome Decide(bool hasConflicts, in ChangeMetrics m)
        {
            var conditionsHold = ConditionsHold(hasConflicts, m);
            if (Definition.RequiresApproval)
                return _hasAutoConditions && conditionsHold && !hasConflicts ? ApprovalRuleOutcome.Passed : ApprovalRuleOutcome.Held;
            return conditionsHold && !hasConflicts ? ApprovalRuleOutcome.AutoApproved : ApprovalRuleOutcome.Passed;
        }

        public string Explain(ApprovalRuleOutcome outcome, bool hasConflicts, in ChangeMetrics m, string? matchedPath)
        {
            var text = new StringBuilder();
            if (Definition.ChangeType is { } changeType)
                Clause(text, $"change type is {changeType}");

            var thresholdStart = text.Length;
            if (_minPrice is { } min)
                Clause(text, $"product price {Num(m.ProductPrice ?? 0m)} (≥ {Num(min)})");
            if (_maxPrice is { } max)
                Clause(text, $"product price {Num(m.ProductPrice ?? 0m)} (≤ {Num(max)})");
            if (_minPriceChangePercent is { } pc)
                Clause(text, $"price moves {Percent(m.PriceChangePercent ?? 0m)} (> {Num(pc)}%)");
            if (_minInventoryReductionPercent is { } ir)
                Clause(text, $"inventory falls {Percent(m.InventoryReductionPercent ?? 0m)} (> {Num(ir)}%)");
            if (_maxFieldsChanged is { } fc)
                Clause(text, $"{Fields(m.Paths.Length)} (≤ {Num(fc)})");
            if (_minRemovals is { } mr)
                Clause(text, $"removes {(m.Removals == 1 ? "1 variant or option" : $"{m.Removals} variants or options")} (≥ {Num(mr)})");

            if (matchedPath is not null && text.Length == thresholdStart)
            {
                var more = CountMatchingPaths(m.Paths) - 1;
                Clause(text, more > 0 ? $"changes {matchedPath} and {more} more" : $"changes {matchedPath}");
            }

            if (text.Length == 0)
                text.Append("matches every change");

            var conditions = new StringBuilder();
            var failed = new StringBuilder();
            DescribeConditions(hasConflicts, m, conditions, failed);
            switch (outcome)
            {
                case ApprovalRuleOutcome.AutoApproved:
                    text.Append(conditions.Length > 0 ? $"; auto-approved: {conditions}" : "; auto-approved");
                    break;
                case ApprovalRuleOutcome.Passed when Definition.RequiresApproval:
                    text.Append(CultureInfo.InvariantCulture, $"; auto-approve conditions hold: {conditions}");
                    break;
                case ApprovalRuleOutcome.Held when !_hasAutoConditions:
                    break;
                default:
                    if (failed.Length == 0 && hasConflicts)
                        failed.Append("has conflicts");
                    text.Append(CultureInfo.InvariantCulture, $"; not auto-approved: {failed}");
                    break;
            }

            return text.ToString();
        }

        private bool ConditionsHold(bool hasConflicts, in ChangeMetrics m) =>
            (_autoMaxPriceChange is not { } p || (m.PriceChangePercent ?? 0m) <= p)
            && (_autoMaxInventoryChange is not { } i || (m.InventoryChangePercent ?? 0m) <= i)
            && (_autoMaxFieldsChanged is not { } f || m.Paths.Length <= f)
            && (_autoNoConflicts is not true || !hasConflicts);

        private void DescribeConditions(bool hasConflicts, in ChangeMetrics m, StringBuilder all, StringBuilder failed)
        {
            if (_autoMaxPriceChange is { } p)
            {
                var move = m.PriceChangePercent ?? 0m;
                Condition(move <= p, move == 0m ? "price does not move" : $"price moves {Percent(move)} ({(move <= p ? "≤" : ">")} {Num(p)}%)");
            }

            if (_autoMaxInventoryChange is { } i)
            {
                var move = m.InventoryChangePercent ?? 0m;
                Condition(move <= i, move == 0m ? "inventory does not move" : $"inventory moves {Percent(move)} ({(move <= i ? "≤" : ">")} {Num(i)}%)");
            }

            if (_autoMaxFieldsChanged is { } f)
                Condition(m.Paths.Length <= f, $"{Fields(m.Paths.Length)} ({(m.Paths.Length <= f ? "≤" : ">")} {Num(f)})");

            if (_autoNoConflicts is true)
                Condition(!hasConflicts, hasConflicts ? "has conflicts" : "no conflicts");

            void Condition(bool holds, string clause)
            {
                Clause(all, clause, ", ");
                if (!holds)
                    Clause(failed, clause, ", ");
            }
        }

        private string? FirstMatchingPath(string[] paths)
        {
            foreach (var path in paths)
            {
                foreach (var pattern in _patterns)
                {
                    if (pattern.IsMatch(path))
                        return path;
                }
            }

            return null;
        }

        private int CountMatchingPaths(string[] paths) =>
            paths.Count(path => _patterns.Any(p => p.IsMatch(path)));

        private static void Clause(StringBuilder text, string clause, string separator = "; ")
        {
            if (text.Length > 0)
                text.Append(separator);
            text.Append(clause);
        }

        private static string Num(decimal value) =>
            CanonicalProduct.NormaliseNumber(value).ToString(CultureInfo.InvariantCulture);

        private static string Percent(decimal percent) =>
            percent == ChangeMetrics.FromZero ? "from 0" : percent.ToString("0.0", CultureInfo.InvariantCulture) + "%";

        private static string Fields(int count) => count == 1 ? "1 field changes" : $"{count} fields change";
    }
}
