using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace SyncStudio.ShopifySimulator;

/// <summary>One applied write, as the control log reports it.</summary>
public sealed record MutationLogEntry(string Operation, string? ProductId, string? IdempotencyKey, DateTimeOffset At, long Sequence);

/// <summary>A Shopify <c>userErrors</c> entry.</summary>
public sealed record SimulatedUserError(IReadOnlyList<string>? Field, string Message, string? Code = null);

/// <summary>An inventory change made by <c>inventorySetQuantities</c>.</summary>
public sealed record SimulatedInventoryChange(long InventoryItemId, string Name, int Delta, int QuantityAfterChange, long LocationId = SimulatorStore.LocationId);

/// <summary>The adjustment group an inventory mutation answers with.</summary>
public sealed record SimulatedAdjustment(
    long Id,
    string Reason,
    string? ReferenceDocumentUri,
    DateTimeOffset CreatedAt,
    ImmutableArray<SimulatedInventoryChange> Changes);

/// <summary>
/// What a mutation answered: enough to answer it again, field for field, when it is replayed with the
/// same idempotency key (the product as it was then, not as it is now).
/// </summary>
public sealed record MutationOutcome(
    string Operation,
    SimulatedProduct? Product = null,
    long? DeletedProductId = null,
    IReadOnlyList<long>? VariantIds = null,
    IReadOnlyList<SimulatedUserError>? UserErrors = null,
    SimulatedAdjustment? Adjustment = null,
    long? InventoryItemId = null,
    long? LocationId = null,
    IReadOnlyList<long>? DeletedOptionIds = null)
{
    [JsonIgnore]
    public bool HasErrors => UserErrors is { Count: > 0 };

    public static MutationOutcome Failed(string operation, params SimulatedUserError[] errors) =>
        new(operation, UserErrors: errors);
}

/// <summary>The answer to a write: the outcome, and whether it was a replay of an earlier request.</summary>
internal sealed record MutationResult(MutationOutcome Outcome, bool Replayed, bool KeyMismatch);

/// <summary>A stored idempotent outcome, keyed by the client's idempotency key.</summary>
internal sealed record IdempotencyEntry(string Key, string Operation, string Fingerprint, MutationOutcome Outcome);

/// <summary>The next ids to hand out; kept with the state so ids are never reused after a restart.</summary>
internal sealed record StoreCounters(
    long NextProductId, long NextVariantId, long NextInventoryItemId, long NextOptionId, long NextAdjustmentId,
    long NextLocationId = SimulatorStore.LocationId + 1,
    long NextMetafieldId = 19_000_000_000_001,
    long NextMediaId = 31_000_000_000_001)
{
    public static StoreCounters Initial { get; } =
        new(8_100_000_000_001, 44_100_000_000_001, 46_200_000_000_001, 10_300_000_000_001, 27_000_000_000_001);
}

/// <summary>A change to the catalog, for the optional webhook sink.</summary>
public sealed record SimulatorProductEvent(string Topic, long ProductId, SimulatedProduct? Product, DateTimeOffset At)
{
    [JsonIgnore]
    public string ProductGid => ShopifyGid.Product(ProductId);
}

/// <summary>
/// Receives every product change after it is durable (topic <c>products/create</c>, <c>products/update</c>
/// or <c>products/delete</c>), so the host can deliver signed webhooks. Register one in DI to enable it.
/// Called outside the store's lock; keep it quick (queue the delivery).
/// </summary>
public interface ISimulatorWebhookSink
{
    void Publish(SimulatorProductEvent productEvent);

    /// <summary>An app-level event (<c>bulk_operations/finish</c>, <c>app/uninstalled</c>) with its REST-style body.</summary>
    void PublishTopic(string topic, System.Text.Json.Nodes.JsonObject body, DateTimeOffset at)
    {
    }
}
