namespace SyncStudio.ShopifySimulator;

/// <summary>Shopify's plans, for their GraphQL Admin API rate limits.</summary>
public enum ShopifyPlan
{
    Standard,
    Advanced,
    Plus,
    Enterprise,
}

/// <summary>
/// The calculated-cost leaky bucket of the GraphQL Admin API: a request takes its requested cost out
/// of the bucket up front (or is throttled when the bucket holds less), the difference between
/// requested and actual cost is refunded afterwards, and the bucket refills at the restore rate.
/// </summary>
internal sealed class LeakyBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _available;
    private long _lastTimestamp;

    public LeakyBucket(double capacity, double restoreRate, TimeProvider time)
    {
        Capacity = capacity;
        RestoreRate = restoreRate;
        _time = time;
        _available = capacity;
        _lastTimestamp = time.GetTimestamp();
    }

    public double Capacity { get; }

    public double RestoreRate { get; }

    /// <summary>Shopify's documented numbers: bucket size and restore rate (points per second) per plan.</summary>
    public static (double Capacity, double RestoreRate) Limits(ShopifyPlan plan) => plan switch
    {
        ShopifyPlan.Advanced => (4_000, 200),
        ShopifyPlan.Plus => (20_000, 1_000),
        ShopifyPlan.Enterprise => (40_000, 2_000),
        _ => (2_000, 100),
    };

    public double Available
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _available;
            }
        }
    }

    /// <summary>Takes <paramref name="cost"/> points if the bucket holds them; otherwise takes nothing.</summary>
    public bool TryTake(int cost)
    {
        lock (_gate)
        {
            Refill();
            if (cost > _available)
                return false;
            _available -= cost;
            return true;
        }
    }

    /// <summary>Gives back points taken for a request that cost less than requested.</summary>
    public void Refund(int points)
    {
        if (points <= 0)
            return;
        lock (_gate)
        {
            Refill();
            _available = Math.Min(Capacity, _available + points);
        }
    }

    public void Fill()
    {
        lock (_gate)
        {
            _available = Capacity;
            _lastTimestamp = _time.GetTimestamp();
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var seconds = _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        _lastTimestamp = now;
        _available = Math.Min(Capacity, _available + seconds * RestoreRate);
    }
}
