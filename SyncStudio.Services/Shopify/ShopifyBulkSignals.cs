using System.Collections.Concurrent;

namespace SyncStudio.Services.Shopify;

/// <summary>
/// <c>bulk_operations/finish</c> webhooks, as signals to a waiting export: the wait between two polls of a bulk operation
/// ends as soon as Shopify says it finished, instead of at the next poll. The poll stays (a webhook can be lost) and
/// still decides the outcome: a signal only wakes it.
/// </summary>
public sealed class ShopifyBulkSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finished = new(StringComparer.Ordinal);

    /// <summary>Shopify said <paramref name="bulkOperationGid"/> finished (completed, failed, cancelled...).</summary>
    public void Finished(string bulkOperationGid) =>
        Signal(bulkOperationGid).TrySetResult();

    /// <summary>Waits <paramref name="delay"/>, or less if the operation is said to have finished (even before the wait began).</summary>
    public async Task WaitAsync(string bulkOperationGid, TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        var signal = Signal(bulkOperationGid).Task;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sleep = Task.Delay(delay, time, stop.Token);
        await Task.WhenAny(sleep, signal.WaitAsync(ct));
        stop.Cancel();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>The export is over: its signal is dropped.</summary>
    public void Forget(string bulkOperationGid) => _finished.TryRemove(bulkOperationGid, out _);

    private TaskCompletionSource Signal(string gid)
    {
        // A finish that arrives before anyone waits stays, bounded: old ones are dropped first.
        if (_finished.Count > 1_000)
            _finished.Clear();
        return _finished.GetOrAdd(gid, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
