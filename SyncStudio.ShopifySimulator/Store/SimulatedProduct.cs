using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// A product in the simulated store. Immutable: a write replaces the whole record, so a reader holding
/// one sees a consistent product while writes go on, and the journal can store it as it is.
/// <see cref="Metafields"/> holds what <c>productSet</c> wrote (null: none).
/// </summary>
public sealed record SimulatedProduct(
    long Id,
    string Handle,
    string Title,
    string DescriptionHtml,
    string Vendor,
    string ProductType,
    ImmutableArray<string> Tags,
    string Status,
    ImmutableArray<SimulatedOption> Options,
    ImmutableArray<SimulatedVariant> Variants,
    ImmutableArray<long> CollectionIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ImmutableArray<SimulatedMetafield>? Metafields = null)
{
    [JsonIgnore]
    public string Gid => ShopifyGid.Product(Id);

    [JsonIgnore]
    public int TotalInventory => Variants.Sum(v => v.Available);
}

/// <summary>
/// A metafield as written, namespace and all (<c>$app:...</c> is kept as given: one app talks to the simulator, so
/// its reserved namespace needs no resolving).
/// </summary>
public sealed record SimulatedMetafield(long Id, string Namespace, string Key, string Type, string Value);

/// <summary>A product option (Size, Color, ...) with its values in position order.</summary>
public sealed record SimulatedOption(long Id, string Name, ImmutableArray<string> Values);

/// <summary>
/// A variant with its inventory item. Inventory is kept at the store's single location, as
/// <see cref="Available"/> (on hand equals available: nothing is committed in the simulator).
/// </summary>
public sealed record SimulatedVariant(
    long Id,
    long InventoryItemId,
    string? Sku,
    decimal Price,
    decimal? CompareAtPrice,
    string? Barcode,
    decimal? Weight,
    string WeightUnit,
    int Available,
    ImmutableArray<string> OptionValues,
    bool Taxable,
    string InventoryPolicy,
    bool Tracked,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonIgnore]
    public string Gid => ShopifyGid.ProductVariant(Id);

    /// <summary>Shopify's variant title: the option values joined with " / ".</summary>
    [JsonIgnore]
    public string Title => string.Join(" / ", OptionValues);
}

/// <summary>A custom collection; membership is held on the products (<see cref="SimulatedProduct.CollectionIds"/>).</summary>
public sealed record SimulatedCollectionRecord(long Id, string Handle, string Title, string DescriptionHtml);
