namespace SyncStudio.Services.Shopify;

/// <summary>
/// Attributes Shopify API usage to the caller's unit of work (a batch, one change):
/// <c>using var scope = ShopifyUsage.Begin(); ...; batch.ApiCallsMade += scope.Calls;</c>.
/// Scopes nest; a call counts in every enclosing scope of the async flow that made it.
/// </summary>
public static class ShopifyUsage
{
    private static readonly AsyncLocal<ShopifyUsageScope?> CurrentScope = new();

    public static ShopifyUsageScope Begin()
    {
        var scope = new ShopifyUsageScope(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    internal static ShopifyUsageScope? Current => CurrentScope.Value;

    internal static void End(ShopifyUsageScope scope)
    {
        if (ReferenceEquals(CurrentScope.Value, scope))
        {
            CurrentScope.Value = scope.Parent;
        }
    }

    internal static void RecordCall()
    {
        for (var scope = Current; scope is not null; scope = scope.Parent)
        {
            scope.AddCall();
        }
    }

    internal static void RecordCost(int requested, int actual)
    {
        for (var scope = Current; scope is not null; scope = scope.Parent)
        {
            scope.AddCost(requested, actual);
        }
    }

    internal static void RecordRetry(bool throttled)
    {
        for (var scope = Current; scope is not null; scope = scope.Parent)
        {
            scope.AddRetry(throttled);
        }
    }
}

/// <summary>Counters of one usage scope; safe to read while calls run.</summary>
public sealed class ShopifyUsageScope : IDisposable
{
    private long _calls;
    private long _actualCost;
    private long _requestedCost;
    private long _throttleRetries;
    private long _faultRetries;

    internal ShopifyUsageScope(ShopifyUsageScope? parent) => Parent = parent;

    /// <summary>GraphQL requests sent, retries included.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Sum of <c>actualQueryCost</c>: the points Shopify charged (the batch's api_quota_used).</summary>
    public long ActualCost => Interlocked.Read(ref _actualCost);

    /// <summary>Sum of <c>requestedQueryCost</c> of the requests Shopify ran or throttled.</summary>
    public long RequestedCost => Interlocked.Read(ref _requestedCost);

    /// <summary>Requests re-sent after THROTTLED or HTTP 429.</summary>
    public long ThrottleRetries => Interlocked.Read(ref _throttleRetries);

    /// <summary>Requests re-sent after 5xx, network faults or timeouts.</summary>
    public long FaultRetries => Interlocked.Read(ref _faultRetries);

    internal ShopifyUsageScope? Parent { get; }

    public void Dispose() => ShopifyUsage.End(this);

    internal void AddCall() => Interlocked.Increment(ref _calls);

    internal void AddCost(int requested, int actual)
    {
        Interlocked.Add(ref _requestedCost, requested);
        Interlocked.Add(ref _actualCost, actual);
    }

    internal void AddRetry(bool throttled) =>
        Interlocked.Increment(ref throttled ? ref _throttleRetries : ref _faultRetries);
}
