using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncStudio.Services.Sync;

/// <summary>
/// The stored form of a snapshot (<c>current_data</c>, <c>proposed_data</c>, <c>data_snapshot</c>): snake_case JSON
/// that keeps the Shopify ids, unlike the canonical form that is hashed.
/// </summary>
public static class SnapshotJson
{
    public static string Serialize(ProductSnapshot snapshot) =>
        JsonSerializer.Serialize(snapshot, SnapshotJsonContext.Default.ProductSnapshot);

    public static ProductSnapshot Deserialize(string json) =>
        JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.ProductSnapshot)
        ?? throw new JsonException("The product snapshot is null.");

    public static ProductSnapshot? DeserializeOrNull(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.ProductSnapshot);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProductSnapshot))]
[JsonSerializable(typeof(VariantSnapshot))]
[JsonSerializable(typeof(FieldChanges))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
