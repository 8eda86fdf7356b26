using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Approvals;

/// <summary>What the rules look at in a staged change.</summary>
public sealed record ApprovalFacts
{
    public string EntityType { get; init; } = ApprovalVocabulary.ProductEntity;

    public required string ChangeType { get; init; }

    public required IReadOnlyDictionary<string, FieldChange> FieldChanges { get; init; }

    public bool HasConflicts { get; init; }

    /// <summary>
    /// The product's price for <c>min_price</c>/<c>max_price</c>: the largest variant price on either side (the
    /// larger of old and new; the new price for a create). When null, the largest old or new value of the
    /// changed price paths stands in.
    /// </summary>
    public decimal? ProductPrice { get; init; }

    public static ApprovalFacts FromPlan(StagedChangePlan plan) => new()
    {
        ChangeType = plan.ChangeType,
        FieldChanges = plan.FieldChanges,
        HasConflicts = plan.HasConflicts,
        ProductPrice = MaxPrice(MaxPrice(null, plan.Current), plan.Proposed),
    };

    private static decimal? MaxPrice(decimal? max, ProductSnapshot? snapshot)
    {
        if (snapshot?.Variants is null)
            return max;
        foreach (var v in snapshot.Variants)
        {
            if (max is null || v.Price > max)
                max = v.Price;
        }

        return max;
    }
}

/// <summary>How one matching rule treated a change.</summary>
public enum ApprovalRuleOutcome
{
    /// <summary>The rule requires approval and its auto-approve conditions (if any) did not all hold.</summary>
    Held,

    /// <summary>A rule without <c>requires_approval</c> whose conditions all held, on a change without conflicts.</summary>
    AutoApproved,

    /// <summary>Matched but neither held nor approved (its conditions released it, or did not hold for approval).</summary>
    Passed,
}

/// <summary>One rule that matched a change, and in words why it did what it did.</summary>
public sealed record ApprovalRuleMatch(int RuleId, string RuleName, ApprovalRuleOutcome Outcome, string Reason)
{
    public bool Held => Outcome == ApprovalRuleOutcome.Held;
}

/// <summary>The rules' verdict on one change (design §5).</summary>
public sealed record ApprovalDecision
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const int DefaultPriority = 3;

    /// <summary><see cref="Pending"/> or <see cref="Approved"/>.</summary>
    public required string Status { get; init; }

    public bool AutoApproved { get; init; }

    /// <summary>1 (Approver) or 2 (Admin) for a pending change; 0 when approved.</summary>
    public int RequiredApprovalLevel { get; init; }

    /// <summary>Lowest priority number among the holding rules; <see cref="DefaultPriority"/> otherwise.</summary>
    public int Priority { get; init; } = DefaultPriority;

    public IReadOnlyList<ApprovalRuleMatch> Matches { get; init; } = [];
}
