using GraphQL;

namespace SyncStudio.ShopifySimulator;

/// <summary>Why a request was refused before it ran.</summary>
internal enum CostRefusal
{
    None,
    Throttled,
    MaxCostExceeded,
    InputTooLarge,
}

/// <summary>
/// The per-request context of one GraphQL execution (graphql-dotnet's user context): the simulator
/// it runs against, the request's base URL, the cost accounting, and for a bulk operation the chunk
/// of products the query runs over.
/// </summary>
internal sealed class SimulatorExecution(SimulatedShop simulator, string baseUrl) : Dictionary<string, object?>
{
    public SimulatedShop Simulator { get; } = simulator;

    public SimulatorStore Store => Simulator.Store;

    /// <summary>The simulator's root as the client reached it, e.g. <c>http://127.0.0.1:5101/simulator</c>.</summary>
    public string BaseUrl { get; } = baseUrl;

    /// <summary>Set while a bulk operation runs its query: the root connection answers these products, unpaged.</summary>
    public IReadOnlyList<SimulatedProduct>? BulkChunk { get; init; }

    public bool IsBulk => BulkChunk is not null;

    /// <summary>A location by id (locations are never removed, so any id a level or change names is found).</summary>
    public LocationNode Location(long locationId) =>
        new(Store.FindLocation(locationId) ?? SimulatorStore.PrimaryLocation with { Id = locationId }, this);

    /// <summary>A fault asks for this request to be throttled whatever the bucket holds.</summary>
    public bool ForceThrottle { get; init; }

    public bool IsMutation { get; set; }

    /// <summary>Media made by this request: still processing in its answer (<see cref="MediaImageNode"/>).</summary>
    public HashSet<long> MediaMadeNow { get; } = [];

    public int RequestedCost { get; set; }

    public bool CostCharged { get; set; }

    public CostRefusal Refusal { get; set; }

    /// <summary>With <see cref="CostRefusal.InputTooLarge"/>: the list refused, its size and the limit.</summary>
    public (IReadOnlyList<object> Path, int Size, int Limit)? RefusedInput { get; set; }
}

internal static class ResolveFieldContextExtensions
{
    public static SimulatorExecution Execution(this IResolveFieldContext context) => (SimulatorExecution)context.UserContext;
}
