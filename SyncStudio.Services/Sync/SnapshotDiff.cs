namespace SyncStudio.Services.Sync;

/// <summary>
/// The field changes between two snapshots of one product (two versions of its history, or a version and the local
/// product now), with the same paths and comparison rules as the staged changes: <c>old</c> is the earlier
/// snapshot's value, <c>new</c> the later one's.
/// </summary>
public static class SnapshotDiff
{
    /// <summary>
    /// Runs the three-way diff with the earlier snapshot as both base and local side, so every path where the later
    /// one differs comes out as a pull of the later value, never as a conflict.
    /// </summary>
    public static FieldChanges Between(ProductSnapshot earlier, ProductSnapshot later)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        var result = ThreeWayDiff.Compute(earlier, earlier, later);
        return result.Pull?.FieldChanges ?? new FieldChanges();
    }
}
