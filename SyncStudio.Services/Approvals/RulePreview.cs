using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Review;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Approvals;

/// <summary>How an edited rule, on its own, would treat one pending change.</summary>
public sealed record RulePreviewItem(int Id, string ChangeId, string? ProductName, string ChangeType, bool Matched, ApprovalRuleOutcome? Outcome, string? Reason);

/// <summary>An edited rule tried against the first pending changes, before it is saved.</summary>
public sealed record RulePreviewResult(int Examined, int Matched, int Held, int AutoApproved, IReadOnlyList<RulePreviewItem> Items);

/// <summary>
/// Evaluates a rule that is not yet saved against the oldest pending changes, with the same evaluator and facts the
/// pull uses, so an editor sees what the rule would catch.
/// </summary>
public sealed class RulePreview(StagedChangeQuery changes)
{
    public const int MaxChanges = 200;

    public async Task<RulePreviewResult> EvaluateAsync(ApprovalRuleDefinition rule, CancellationToken ct)
    {
        var page = await changes.ListAsync(new StagedChangeFilter { Status = ChangeStatuses.Pending, Sort = "id", PerPage = MaxChanges }, ct);
        var evaluator = new ApprovalEvaluator([rule with { IsActive = true }]);
        var items = new List<RulePreviewItem>(page.Items.Count);
        foreach (var change in page.Items)
        {
            var decision = evaluator.Evaluate(Facts(change));
            var match = decision.Matches.Count > 0 ? decision.Matches[0] : null;
            items.Add(new RulePreviewItem(change.Id, change.ChangeId, change.Product?.Name, change.ChangeType, match is not null,
                match?.Outcome, match?.Reason));
        }

        return new RulePreviewResult(items.Count, items.Count(i => i.Matched), items.Count(i => i.Outcome == ApprovalRuleOutcome.Held),
            items.Count(i => i.Outcome == ApprovalRuleOutcome.AutoApproved), items);
    }

    private static ApprovalFacts Facts(StagedChangeDto change) => new()
    {
        ChangeType = change.ChangeType,
        FieldChanges = change.FieldChanges is { } json ? FieldChanges.FromJson(json.Text) : new FieldChanges(),
        HasConflicts = change.HasConflicts,
        ProductPrice = MaxPrice(MaxPrice(null, change.CurrentData), change.ProposedData),
    };

    /// <summary>The largest variant price of a stored snapshot, as <see cref="ApprovalFacts.FromPlan"/> reads it.</summary>
    private static decimal? MaxPrice(decimal? max, RawJson? snapshot)
    {
        if (SnapshotJson.DeserializeOrNull(snapshot?.Text)?.Variants is not { } variants)
            return max;
        foreach (var v in variants)
        {
            if (max is null || v.Price > max)
                max = v.Price;
        }

        return max;
    }
}
