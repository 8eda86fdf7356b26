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
    /// <summary><c>seo.title</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/SEO); null when unset.</summary>
    public string? SeoTitle { get; init; }

    /// <summary><c>seo.description</c>; null when unset.</summary>
    public string? SeoDescription { get; init; }

    /// <summary>The product's media in gallery order (images made from URLs; https://shopify.dev/docs/apps/build/online-store/product-media).</summary>
    public ImmutableArray<SimulatedMedia> Media { get; init; } = [];

    [JsonIgnore]
    public string Gid => ShopifyGid.Product(Id);

    [JsonIgnore]
    public int TotalInventory => Variants.Sum(v => v.TotalAvailable);
}

/// <summary>
/// An image of a product: made from <see cref="OriginalSource"/> and served from <see cref="Url"/>, the simulator's own
/// CDN-like URL (Shopify copies an external image to <c>https://cdn.shopify.com/s/files/...</c> and serves it from there).
/// </summary>
public sealed record SimulatedMedia(long Id, string OriginalSource, string Url, string? Alt, DateTimeOffset CreatedAt)
{
    [JsonIgnore]
    public string Gid => ShopifyGid.Make("MediaImage", Id);
}

/// <summary>
/// A metafield as written, namespace and all (<c>$app:...</c> is kept as given: one app talks to the simulator, so
/// its reserved namespace needs no resolving).
/// </summary>
public sealed record SimulatedMetafield(long Id, string Namespace, string Key, string Type, string Value);

/// <summary>
/// A metafield definition (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/MetafieldDefinition): values of
/// its owner type under its namespace and key must be of its type.
/// </summary>
public sealed record SimulatedMetafieldDefinition(long Id, string OwnerType, string Namespace, string Key, string Name, string Type)
{
    public ImmutableArray<SimulatedMetafieldValidation> Validations { get; init; } = [];
}

public sealed record SimulatedMetafieldValidation(string Name, string Value);

/// <summary>A product option (Size, Color, ...) with its values in position order.</summary>
public sealed record SimulatedOption(long Id, string Name, ImmutableArray<string> Values);

/// <summary>
/// A variant with its inventory item. Every item is stocked at the store's primary location
/// (<see cref="SimulatorStore.LocationId"/>), where it holds <see cref="Available"/>; <see cref="OtherLevels"/> holds the
/// other locations it is stocked at (none: only the primary, as a store of one location has it). On hand equals
/// available: nothing is committed in the simulator. <c>inventoryQuantity</c> is the sum over the levels
/// (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/ProductVariant#field-inventoryQuantity: "the total
/// sellable quantity of the variant"), each level is an <c>InventoryLevel</c> of the item at one location
/// (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/InventoryLevel).
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
    DateTimeOffset UpdatedAt,
    ImmutableArray<SimulatedLevel>? OtherLevels = null)
{
    /// <summary>
    /// The inventory item's <c>unitCost</c>, <c>requiresShipping</c>, <c>harmonizedSystemCode</c> and
    /// <c>countryCodeOfOrigin</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/InventoryItem). A state
    /// file written before they were kept reads them as an item that ships, with no cost and no customs data.
    /// </summary>
    public decimal? Cost { get; init; }

    public bool RequiresShipping { get; init; } = true;

    public string? HarmonizedSystemCode { get; init; }

    public string? CountryCodeOfOrigin { get; init; }

    /// <summary>The variant's metafields (null: none), as <c>metafieldsSet</c> wrote them.</summary>
    public ImmutableArray<SimulatedMetafield>? Metafields { get; init; }

    [JsonIgnore]
    public string Gid => ShopifyGid.ProductVariant(Id);

    /// <summary>Shopify's variant title: the option values joined with " / ".</summary>
    [JsonIgnore]
    public string Title => string.Join(" / ", OptionValues);

    /// <summary>The sum over every location the item is stocked at: Shopify's <c>inventoryQuantity</c>.</summary>
    [JsonIgnore]
    public int TotalAvailable => Available + (OtherLevels is { } others ? others.Sum(l => l.Available) : 0);

    /// <summary>Every level, the primary location's first.</summary>
    [JsonIgnore]
    public IEnumerable<SimulatedLevel> Levels =>
        OtherLevels is { } others ? others.Insert(0, new SimulatedLevel(SimulatorStore.LocationId, Available)) : [new SimulatedLevel(SimulatorStore.LocationId, Available)];

    /// <summary>What is available at <paramref name="locationId"/>; null when the item is not stocked there.</summary>
    public int? AvailableAt(long locationId)
    {
        if (locationId == SimulatorStore.LocationId)
            return Available;
        foreach (var level in OtherLevels ?? [])
        {
            if (level.LocationId == locationId)
                return level.Available;
        }

        return null;
    }

    /// <summary>This variant with <paramref name="quantity"/> at <paramref name="locationId"/>, stocking it there if it was not.</summary>
    public SimulatedVariant WithAvailableAt(long locationId, int quantity)
    {
        if (locationId == SimulatorStore.LocationId)
            return this with { Available = quantity };
        var others = OtherLevels ?? [];
        var level = new SimulatedLevel(locationId, quantity);
        for (var i = 0; i < others.Length; i++)
        {
            if (others[i].LocationId == locationId)
                return this with { OtherLevels = others.SetItem(i, level) };
        }

        return this with { OtherLevels = others.Add(level) };
    }
}

/// <summary>An inventory item's quantity at one location where it is stocked.</summary>
public sealed record SimulatedLevel(long LocationId, int Available);

/// <summary>
/// A location (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Location): the primary one every store has,
/// and any added with <c>locationAdd</c> or by the seed.
/// </summary>
public sealed record SimulatedLocation(
    long Id,
    string Name,
    string CountryCode,
    string? Address1,
    string? City,
    string? Zip,
    bool FulfillsOnlineOrders,
    DateTimeOffset CreatedAt);

/// <summary>A custom collection; membership is held on the products (<see cref="SimulatedProduct.CollectionIds"/>).</summary>
public sealed record SimulatedCollectionRecord(long Id, string Handle, string Title, string DescriptionHtml);
