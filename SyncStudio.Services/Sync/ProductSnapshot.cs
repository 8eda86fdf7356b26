using SyncStudio.Data;
namespace SyncStudio.Services.Sync;

/// <summary>
/// The synced fields of one product as one side (local catalog, Shopify or an agreed base) holds them.
/// The Shopify ids serve matching and writing only: they are not part of the version hash nor of any field path.
/// Lists are never null (a null from stored JSON reads as empty).
/// </summary>
public sealed record ProductSnapshot
{
    public long? ShopifyProductId { get; init; }

    public required string Title { get; init; }

    public required string Handle { get; init; }

    public string? BodyHtml { get; init; }

    public string? Vendor { get; init; }

    public string? ProductType { get; init; }

    /// <summary>Shopify's <c>seo.title</c>; null: the title stands in.</summary>
    public string? SeoTitle { get; init; }

    /// <summary>Shopify's <c>seo.description</c>.</summary>
    public string? SeoDescription { get; init; }

    public IReadOnlyList<string> Tags { get; init => field = value ?? []; } = [];

    /// <summary><c>active</c>, <c>draft</c> or <c>archived</c> (Shopify's upper-case enum values are accepted too).</summary>
    public string Status { get; init; } = ProductStatuses.Active;

    public IReadOnlyList<string> OptionNames { get; init => field = value ?? []; } = [];

    public IReadOnlyList<VariantSnapshot> Variants { get; init => field = value ?? []; } = [];

    /// <summary>
    /// The product's metafields in the synced namespaces, by <c>namespace.key</c> (docs/decisions/0023); null or absent:
    /// none. Each is a path of its own (<c>metafields.&lt;namespace&gt;.&lt;key&gt;</c>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MetafieldEntry>? Metafields { get; init; }

    /// <summary>
    /// The product's images in gallery order (docs/decisions/0029); null or absent: none. The list is the path
    /// <c>images</c> (added, removed, reordered), each image's alt text the path <c>images[&lt;src&gt;].alt</c>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProductImage>? Images { get; init; }
}

/// <summary>
/// One metafield's value in Shopify's string form (<c>Metafield.value</c>: a number as "12", a list as a JSON array);
/// <paramref name="Type"/> is its type (<c>single_line_text_field</c>, <c>list.number_integer</c>, ...), null when a
/// value arrived without one (it is then the definition's). Only the value is synced, hashed and diffed.
/// </summary>
public sealed record MetafieldEntry(string? Type, string Value);

/// <summary>The synced fields of one variant. Ids serve matching and writing only.</summary>
public sealed record VariantSnapshot
{
    public long? ShopifyVariantId { get; init; }

    public long? ShopifyInventoryItemId { get; init; }

    public string? Sku { get; init; }

    public decimal Price { get; init; }

    public decimal? CompareAtPrice { get; init; }

    /// <summary>
    /// The total over <see cref="Inventory"/>; with no <see cref="Inventory"/> (a snapshot stored before stock was kept
    /// per location), the stock at the default location.
    /// </summary>
    public int InventoryQuantity { get; init; }

    /// <summary>
    /// Available stock per local location key (docs/decisions/0019); null reads as <see cref="InventoryQuantity"/> at
    /// the default location. A location missing holds nothing: "not stocked" and "stocked with 0" are one value.
    /// </summary>
    public IReadOnlyDictionary<string, int>? Inventory { get; init; }

    /// <summary>Shopify's <c>on_hand</c> per location as last read: shown, never hashed, diffed or written.</summary>
    public IReadOnlyDictionary<string, int>? OnHand { get; init; }

    public string? Barcode { get; init; }

    public decimal? Weight { get; init; }

    /// <summary>Shopify's <c>WeightUnit</c> (<c>KILOGRAMS</c>, <c>GRAMS</c>, <c>POUNDS</c>, <c>OUNCES</c>); kg, g, lb and oz are accepted.</summary>
    public string? WeightUnit { get; init; }

    /// <summary>Cost per item (<c>inventoryItem.unitCost.amount</c>).</summary>
    public decimal? Cost { get; init; }

    /// <summary>
    /// <c>continue</c> or <c>deny</c> (Shopify's <c>CONTINUE</c>/<c>DENY</c> accepted too); null: not known, read as
    /// Shopify's default <c>deny</c> (docs/decisions/0022).
    /// </summary>
    public string? InventoryPolicy { get; init; }

    /// <summary><c>inventoryItem.tracked</c>; null: not known, read as Shopify's default true.</summary>
    public bool? Tracked { get; init; }

    /// <summary><c>inventoryItem.requiresShipping</c>; null: not known, read as Shopify's default true.</summary>
    public bool? RequiresShipping { get; init; }

    /// <summary>Whether tax is charged on it; null: not known, read as Shopify's default true.</summary>
    public bool? Taxable { get; init; }

    /// <summary><c>inventoryItem.harmonizedSystemCode</c>.</summary>
    public string? HarmonizedSystemCode { get; init; }

    /// <summary><c>inventoryItem.countryCodeOfOrigin</c>: an ISO 3166-1 alpha-2 code.</summary>
    public string? CountryOfOrigin { get; init; }

    /// <summary>Option values in the order of the product's option names (<c>["Small", "Red"]</c>).</summary>
    public IReadOnlyList<string> Options { get; init => field = value ?? []; } = [];

    /// <summary>The URL of the product image the variant shows (one of <see cref="ProductSnapshot.Images"/>); null: none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Image { get; init; }

    /// <summary>The variant's metafields in the synced namespaces, by <c>namespace.key</c>; null or absent: none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MetafieldEntry>? Metafields { get; init; }
}
