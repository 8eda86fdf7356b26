using Microsoft.Extensions.Options;
using SyncStudio.Data;

namespace SyncStudio.Services.Batches;

/// <summary>
/// This process's name on the batches it runs, and the length of their lease. The name is new at every start: a
/// restarted process does not own what its previous life left running, which is recovered once its lease expires.
/// </summary>
public sealed class BatchLease(IOptions<BatchOptions> options)
{
    public string InstanceId { get; } = Truncate($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    public TimeSpan Duration => options.Value.LeaseDuration;

    public DateTime ExpiresAt(DateTime now) => now + Duration;

    private static string Truncate(string id) => id.Length <= SyncBatch.LeaseOwnerMaxLength ? id : id[^SyncBatch.LeaseOwnerMaxLength..];
}
