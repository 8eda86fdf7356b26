namespace SyncStudio.Services.Sync;

/// <summary>
/// What the diff proposes to stage for one product in one direction: the columns of a
/// <c>staged_product_changes</c> row that the diff decides.
/// </summary>
public sealed record StagedChangePlan
{
    /// <summary><see cref="ChangeTypes"/>: create, update or delete.</summary>
    public required string ChangeType { get; init; }

    /// <summary><see cref="SyncDirections"/>: pull_from_shopify or push_to_shopify.</summary>
    public required string SyncDirection { get; init; }

    public required FieldChanges FieldChanges { get; init; }

    public required IReadOnlyList<string> ConflictFields { get; init; }

    public bool HasConflicts => ConflictFields.Count > 0;

    /// <summary>The local product as seen now (<c>current_data</c>); null when it does not exist locally.</summary>
    public ProductSnapshot? Current { get; init; }

    /// <summary>Shopify's product as seen now (<c>proposed_data</c>); null when Shopify does not have it.</summary>
    public ProductSnapshot? Proposed { get; init; }

    /// <summary>Hash of the side the change comes from, as seen now; null when that side has no product.</summary>
    public string? SourceVersion { get; init; }

    /// <summary>Hash of the side the change will write, as seen now; null when that side has no product.</summary>
    public string? TargetVersion { get; init; }

    /// <summary>
    /// Why the change can never be written to its target as it stands (a value that side cannot hold), or null. Such a
    /// change is staged as failed (<c>invalid</c>) with this reason rather than offered for approval.
    /// </summary>
    public string? Refusal { get; init; }
}

/// <summary>The outcome of a three-way diff of one product.</summary>
public sealed record ThreeWayDiffResult
{
    public static readonly ThreeWayDiffResult Nothing = new();

    /// <summary>The <c>pull_from_shopify</c> change: Shopify's values to take locally, and every conflict.</summary>
    public StagedChangePlan? Pull { get; init; }

    /// <summary>The <c>push_to_shopify</c> change: local values to send to Shopify.</summary>
    public StagedChangePlan? Push { get; init; }

    public IReadOnlyList<StagedChangePlan> Plans => (Pull, Push) switch
    {
        (null, null) => [],
        ({ } pull, null) => [pull],
        (null, { } push) => [push],
        ({ } pull, { } push) => [pull, push],
    };

    /// <summary>Both sides agree now and that differs from the base (or there is no base): record it as the new base.</summary>
    public bool RecordNewBase { get; init; }

    /// <summary>The agreed snapshot to record (Shopify's, which carries the ids), when <see cref="RecordNewBase"/>.</summary>
    public ProductSnapshot? NewBase { get; init; }

    public string? NewBaseHash { get; init; }
}

/// <summary>Hashes the caller already holds, so the diff need not compute them again.</summary>
public readonly record struct KnownHashes(string? Local, string? Remote);

/// <summary>How one field path stands between base, local and remote (design §4).</summary>
public enum PathDecision
{
    /// <summary>Neither side changed it (or, with no base, both hold the same value).</summary>
    Unchanged,

    /// <summary>Only Shopify changed it: take Shopify's value locally.</summary>
    Pull,

    /// <summary>Only the local side changed it: send the local value to Shopify.</summary>
    Push,

    /// <summary>Both changed it to the same value: nothing to do but record the new base.</summary>
    Converged,

    /// <summary>Both changed it differently, or there is no base and the sides differ.</summary>
    Conflict,
}
