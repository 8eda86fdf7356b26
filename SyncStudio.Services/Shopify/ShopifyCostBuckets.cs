using System.Collections.Concurrent;

namespace SyncStudio.Services.Shopify;

/// <summary>
/// Per-shop estimate of Shopify's leaky bucket (singleton; clients are short-lived). Each response's
/// <c>throttleStatus</c> resets the estimate; between responses it refills at the reported restore rate and each
/// request sent takes its requested cost out, so concurrent callers wait their turn instead of being THROTTLED.
/// </summary>
public sealed class ShopifyCostBuckets(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, ShopifyCostBucket> _buckets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The last throttle status Shopify reported for a shop (for the dashboard).</summary>
    public ShopifyThrottleStatus? GetLastStatus(string shopKey) =>
        _buckets.TryGetValue(shopKey, out var bucket) ? bucket.LastStatus : null;

    internal ShopifyCostBucket For(string shopKey) =>
        _buckets.GetOrAdd(shopKey, static (_, time) => new ShopifyCostBucket(time), timeProvider);
}

internal sealed class ShopifyCostBucket(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<(string Operation, int Estimate), int> _learnedCosts = new();
    private double _available;
    private DateTimeOffset _asOf;
    private DateTimeOffset _pausedUntil;

    public ShopifyThrottleStatus? LastStatus { get; private set; }

    /// <summary>Shopify's requested cost for this request shape once seen, else our estimate.</summary>
    public int CostOf(string operation, int estimate) =>
        _learnedCosts.TryGetValue((operation, estimate), out var learned) ? learned : estimate;

    public void LearnCost(string operation, int estimate, int requested) =>
        _learnedCosts[(operation, estimate)] = requested;

    /// <summary>
    /// Waits until the bucket is estimated to hold <paramref name="cost"/>, then takes it out; answers how long it
    /// waited (zero when the capacity was there).
    /// </summary>
    public async Task<TimeSpan> WaitForCapacityAsync(int cost, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var wait = TryTake(cost);
            if (wait == TimeSpan.Zero)
            {
                return waited;
            }

            await Task.Delay(wait, time, cancellationToken);
            waited += wait;
        }
    }

    /// <summary>The wait before <paramref name="cost"/> is available, or zero once it has been taken.</summary>
    public TimeSpan TryTake(int cost)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_pausedUntil > now)
            {
                return _pausedUntil - now;
            }

            // Until Shopify has reported the bucket, send and learn from the answer.
            if (LastStatus is null)
            {
                return TimeSpan.Zero;
            }

            var available = EstimateAt(now);
            var needed = Math.Min(cost, LastStatus.MaximumAvailable);
            if (available >= needed)
            {
                _available = available - cost;
                _asOf = now;
                return TimeSpan.Zero;
            }

            if (LastStatus.RestoreRate <= 0)
            {
                return TimeSpan.FromSeconds(1);
            }

            var seconds = (needed - available) / LastStatus.RestoreRate;
            return TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(seconds * 1000)));
        }
    }

    public void Observe(ShopifyThrottleStatus status)
    {
        lock (_lock)
        {
            LastStatus = status;
            _available = status.CurrentlyAvailable;
            _asOf = status.ObservedAt;
        }
    }

    /// <summary>After HTTP 429: nothing is sent to this shop before <paramref name="until"/>.</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    private double EstimateAt(DateTimeOffset now)
    {
        var status = LastStatus!;
        var refilled = _available + (status.RestoreRate * Math.Max(0, (now - _asOf).TotalSeconds));
        return Math.Min(status.MaximumAvailable, refilled);
    }
}
