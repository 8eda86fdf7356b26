namespace SyncStudio.Services.Batches;

/// <summary>A batch's progress as published to the dashboard and to SignalR clients.</summary>
public sealed record BatchProgress(
    string BatchId,
    string SyncDirection,
    string Status,
    int TotalItems,
    int ProcessedItems,
    int SuccessfulItems,
    int FailedItems,
    int SkippedItems,
    double? ProcessingRate,
    DateTime? EstimatedCompletion,
    int ApiCallsMade,
    int ApiQuotaUsed,
    string? Message,
    ReadProgress? Reading = null)
{
    public bool IsFinished => Status is not (Data.BatchStatuses.Running or Data.BatchStatuses.Pending);

    public double Percent => TotalItems <= 0 ? (IsFinished ? 100 : 0) : Math.Min(100, ProcessedItems * 100.0 / TotalItems);
}

/// <summary>
/// A pull's read of Shopify: products read of the expected total (Shopify's <c>productsCount</c>; null when unknown),
/// the read rate (products/s) and when the read should end. <see cref="Done"/> once every product was read.
/// </summary>
public sealed record ReadProgress(int Read, int? Expected, double? Rate, DateTime? EstimatedCompletion, bool Done)
{
    public double? Percent => Expected is > 0 and var e ? Math.Min(100, Read * 100.0 / e) : null;
}

/// <summary>Somewhere progress goes besides in-process subscribers (the SignalR hub, in the web app).</summary>
public interface IBatchProgressSink
{
    Task PublishAsync(BatchProgress progress, CancellationToken ct);
}

/// <summary>In-process fan-out of batch progress: dashboard components subscribe; sinks forward elsewhere.</summary>
public sealed class BatchProgressPublisher(IEnumerable<IBatchProgressSink> sinks)
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;

    public IDisposable Subscribe(Action<BatchProgress> handler)
    {
        lock (_gate)
            _subscribers = _subscribers.Add(handler);
        return new Subscription(this, handler);
    }

    public async Task PublishAsync(BatchProgress progress, CancellationToken ct)
    {
        foreach (var handler in _subscribers.Items)
        {
            try
            {
                handler(progress);
            }
            catch (Exception)
            {
                // A subscriber's fault (a closed circuit) must not stop a batch.
            }
        }
        foreach (var sink in sinks)
        {
            try
            {
                await sink.PublishAsync(progress, ct);
            }
            catch (Exception)
            {
                // Progress is best-effort; the batch row is the truth.
            }
        }
    }

    private void Unsubscribe(Action<BatchProgress> handler)
    {
        lock (_gate)
            _subscribers = _subscribers.Remove(handler);
    }

    private sealed class Subscription(BatchProgressPublisher owner, Action<BatchProgress> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }

    private sealed record ImmutableSubscribers(Action<BatchProgress>[] Items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);

        public ImmutableSubscribers Add(Action<BatchProgress> h) => new([.. Items, h]);

        public ImmutableSubscribers Remove(Action<BatchProgress> h) => new(Items.Where(x => x != h).ToArray());
    }
}
