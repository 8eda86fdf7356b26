namespace SyncStudio.Data;

/// <summary>A difference between the local catalog and Shopify, staged for review (the spec's staged_product_changes).</summary>
public class StagedProductChange
{
    public int Id { get; set; }
    public required string ChangeId { get; set; }
    public int? ProductId { get; set; }
    public Product? Product { get; set; }
    public string? ShopifyProductId { get; set; }
    public required string ChangeType { get; set; }
    public required string SyncDirection { get; set; }
    public string? SourceVersion { get; set; }
    public string? TargetVersion { get; set; }
    public string? CurrentData { get; set; }
    public string? ProposedData { get; set; }
    public string? FieldChanges { get; set; }
    public bool HasConflicts { get; set; }
    public string? ConflictFields { get; set; }
    public string? ConflictResolution { get; set; }
    public required string Status { get; set; }
    public int? ReviewedById { get; set; }
    public AppUser? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewNotes { get; set; }
    public bool AutoApproved { get; set; }
    public DateTime? AppliedAt { get; set; }
    public int? AppliedById { get; set; }
    public AppUser? AppliedBy { get; set; }
    public string? ApplicationResult { get; set; }
    public string? RollbackData { get; set; }
    public string? SourceSystem { get; set; }
    public string? BatchId { get; set; }
    public int Priority { get; set; } = 3;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>1: an Approver may decide; 2: only an Admin. 0 once auto-approved.</summary>
    public int RequiredApprovalLevel { get; set; } = 1;

    /// <summary>Which approval rules matched and why (JSON), so a reviewer sees why the change waits.</summary>
    public string? RuleEvaluation { get; set; }

    /// <summary>The base snapshot's hash at staging (null on a first sync).</summary>
    public string? BaseVersion { get; set; }

    /// <summary>The user whose local edit produced this change (four-eyes rule), if any.</summary>
    public int? AuthoredById { get; set; }

    /// <summary>The push batch that applied (or is applying) this change.</summary>
    public string? AppliedBatchId { get; set; }

    /// <summary>
    /// Why the last apply failed: <c>stale</c> (a side moved since staging: re-pull, never retried) or another reason
    /// (a later push retries it).
    /// </summary>
    public string? FailureReason { get; set; }

    /// <summary>Optimistic concurrency token: bumped on every write, so two reviewers at once are detected.</summary>
    public int RowVersion { get; set; }
}

public static class ChangeStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Applied = "applied";
    public const string Failed = "failed";
    public const string Superseded = "superseded";
    public const string RolledBack = "rolled_back";

    public static readonly IReadOnlyList<string> All = [Pending, Approved, Rejected, Applied, Failed, Superseded, RolledBack];
}

public static class ChangeTypes
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";

    public static readonly IReadOnlyList<string> All = [Create, Update, Delete];
}

public static class SyncDirections
{
    public const string PullFromShopify = "pull_from_shopify";
    public const string PushToShopify = "push_to_shopify";

    public static readonly IReadOnlyList<string> All = [PullFromShopify, PushToShopify];
}
