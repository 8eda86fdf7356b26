namespace SyncStudio.Data;

public class SyncBatch
{
    public int Id { get; set; }
    public required string BatchId { get; set; }
    public string? BatchName { get; set; }
    public required string SyncType { get; set; }
    public required string SyncDirection { get; set; }
    public int TotalItems { get; set; }
    public int ProcessedItems { get; set; }
    public int SuccessfulItems { get; set; }
    public int FailedItems { get; set; }
    public int SkippedItems { get; set; }
    public required string Status { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime? EstimatedCompletion { get; set; }
    public double? ProcessingRate { get; set; }
    public int ApiCallsMade { get; set; }
    public int ApiQuotaUsed { get; set; }
    public string? ErrorSummary { get; set; }
    public string? Warnings { get; set; }
    public int CreatedById { get; set; }
    public AppUser? CreatedBy { get; set; }
    public int? CancelledById { get; set; }
    public AppUser? CancelledBy { get; set; }
    public string? Configuration { get; set; }

    /// <summary>The outcome summary (the spec's pull or push summary) once the batch ends.</summary>
    public string? Summary { get; set; }

    public int? ScheduleId { get; set; }

    /// <summary>
    /// For a pull that read the whole store (no collection, no <c>updated_since</c>): its start. The next incremental
    /// pull reads what changed after the watermark of the last such pull that completed; a filtered pull leaves it
    /// null and so never moves that starting point (docs/decisions/0009).
    /// </summary>
    public DateTime? PullWatermark { get; set; }

    /// <summary>
    /// <see cref="StoreLock"/> while a pull or push runs, else null. A unique index on it lets the database, not a
    /// check-then-insert race, decide that only one runs per store.
    /// </summary>
    public string? ActiveLock { get; set; }

    public const string StoreLock = "store";

    /// <summary>
    /// The instance running the batch while it runs (and, after, the last one that did). Several instances share one
    /// database; the owner renews <see cref="LeaseExpiresAt"/>, and only a batch whose lease has expired is taken for
    /// dead (docs/decisions/0010-batch-leases.md).
    /// </summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Until when the owner vouches that the batch runs; null on rows written before leases (taken as expired).</summary>
    public DateTime? LeaseExpiresAt { get; set; }

    public const int LeaseOwnerMaxLength = 100;

    /// <summary>
    /// The circuit breaker's report on a pull batch (JSON): what was measured, which limits tripped, samples, and an
    /// Admin's release or discard (docs/decisions/0025). Null for a batch it never judged.
    /// </summary>
    public string? Breaker { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class BatchStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>
    /// A pull the circuit breaker stopped: its changes wait, none auto-approved or applied, until an Admin releases it
    /// (then <see cref="Completed"/>) or discards it (then <see cref="Cancelled"/>): docs/decisions/0025.
    /// </summary>
    public const string Held = "held";

    public static readonly IReadOnlyList<string> All = [Pending, Running, Completed, Failed, Cancelled, Held];
    public static readonly IReadOnlyList<string> Active = [Pending, Running];
}

public static class BatchDirections
{
    public const string Pull = SyncDirections.PullFromShopify;
    public const string Push = SyncDirections.PushToShopify;
    public const string Rollback = "rollback";

    public static readonly IReadOnlyList<string> All = [Pull, Push, Rollback];
}

public static class SyncTypes
{
    public const string Full = "full";
    public const string Incremental = "incremental";
    public const string Webhook = "webhook";
    public const string Push = "push";
    public const string Rollback = "rollback";
}
