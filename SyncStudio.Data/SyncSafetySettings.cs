namespace SyncStudio.Data;

/// <summary>
/// The store-wide safety settings an Admin edits: the circuit breaker's limits on a pull batch as a whole
/// (docs/decisions/0025). One row at most; with none, the configured defaults hold.
/// </summary>
public class SyncSafetySettings
{
    public int Id { get; set; }

    public bool BreakerEnabled { get; set; } = true;

    /// <summary>A batch that changes more than this percentage of the synced catalog is held.</summary>
    public decimal MaxCatalogChangedPercent { get; set; } = 20;

    /// <summary>A batch that takes more than this many variants' stock to zero is held.</summary>
    public int MaxVariantsZeroed { get; set; } = 50;

    /// <summary>A batch that deletes more than this percentage of the synced catalog is held.</summary>
    public decimal MaxDeletedPercent { get; set; } = 5;

    /// <summary>A full read shorter than the last full read by more than this percentage is held (an empty one always).</summary>
    public decimal MaxReadShrinkPercent { get; set; } = 10;

    /// <summary>
    /// The field ownership policies (JSON, in order: the first pattern that matches a path decides): which side owns
    /// which field paths (docs/decisions/0026). Null or empty: every field is two-way.
    /// </summary>
    public string? FieldOwnership { get; set; }

    public int? UpdatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
