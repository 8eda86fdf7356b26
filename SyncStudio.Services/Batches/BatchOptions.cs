using System.ComponentModel.DataAnnotations;

namespace SyncStudio.Services.Batches;

/// <summary>How batches are held by the instance that runs them (docs/decisions/0010-batch-leases.md).</summary>
public sealed class BatchOptions
{
    public const string SectionName = "Batches";

    /// <summary>
    /// How long a running batch stays its instance's after the last renewal. The running instance renews it a few times
    /// a second; another instance takes the batch for dead, closes it and frees the store only once it expired. Long
    /// enough to outlast a pause of the process or the database, short enough that a dead instance's store frees soon.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
