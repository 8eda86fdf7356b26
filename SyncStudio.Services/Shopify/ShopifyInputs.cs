namespace SyncStudio.Services.Shopify;

/// <summary>A product to create with <c>productSet</c> (all its options and variants).</summary>
/// <param name="Status">Lowercase: active, draft, archived, unlisted.</param>
/// <param name="OptionNames">Empty for a product with a single default variant.</param>
/// <param name="LocationId">Where initial quantities are set; none are set when null.</param>
public sealed record ShopifyProductCreate(
    string Title,
    string? Handle,
    string? DescriptionHtml,
    string? Vendor,
    string? ProductType,
    IReadOnlyList<string> Tags,
    string Status,
    IReadOnlyList<string> OptionNames,
    IReadOnlyList<ShopifyVariantCreate> Variants,
    long? LocationId = null);

/// <param name="OptionValues">In the order of the product's option names.</param>
/// <param name="InventoryQuantity">The stock at the create's one location, unless <see cref="Levels"/> says where.</param>
public sealed record ShopifyVariantCreate(
    string? Sku,
    decimal Price,
    decimal? CompareAtPrice,
    string? Barcode,
    ShopifyWeight? Weight,
    int? InventoryQuantity,
    IReadOnlyList<string> OptionValues)
{
    /// <summary>
    /// The available quantity per Shopify location id, one <c>inventoryQuantities</c> entry each (the item is stocked at
    /// each location named); when set it replaces <see cref="InventoryQuantity"/> and the create's one location.
    /// </summary>
    public IReadOnlyDictionary<long, int>? Levels { get; init; }
}

public sealed record ShopifyWeight(decimal Value, ShopifyWeightUnit Unit);

/// <summary>Product fields to change with <c>productUpdate</c>; a null property is left as it is.</summary>
public sealed record ShopifyProductUpdate(long ProductId)
{
    public string? Title { get; init; }

    public string? Handle { get; init; }

    public string? DescriptionHtml { get; init; }

    public string? Vendor { get; init; }

    public string? ProductType { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Lowercase status: active, draft, archived, unlisted.</summary>
    public string? Status { get; init; }

    internal bool IsEmpty => Title is null && Handle is null && DescriptionHtml is null && Vendor is null
        && ProductType is null && Tags is null && Status is null;
}

/// <summary>Variant fields to change with <c>productVariantsBulkUpdate</c>; a null property is left as it is.</summary>
public sealed record ShopifyVariantUpdate(long VariantId)
{
    public decimal? Price { get; init; }

    /// <summary>Set (with a value or null to clear it) only when <see cref="CompareAtPriceChanged"/>.</summary>
    public decimal? CompareAtPrice { get; init; }

    public bool CompareAtPriceChanged { get; init; }

    /// <summary>An empty string clears the barcode.</summary>
    public string? Barcode { get; init; }

    /// <summary>Written to the inventory item; an empty string clears it.</summary>
    public string? Sku { get; init; }

    /// <summary>Written to the inventory item's measurement; a value of 0 is how Shopify holds "no weight".</summary>
    public ShopifyWeight? Weight { get; init; }

    /// <summary>
    /// This variant's new value for each option named (by its name as the product holds it when the update is sent);
    /// Shopify creates a value the option does not have yet.
    /// </summary>
    public IReadOnlyList<ShopifyVariantOptionValue>? OptionValues { get; init; }

    internal bool IsEmpty => Price is null && !CompareAtPriceChanged && Barcode is null && Sku is null && Weight is null
        && OptionValues is not { Count: > 0 };
}

/// <summary>One variant's value for one option, as <c>VariantOptionValueInput</c> takes it.</summary>
public sealed record ShopifyVariantOptionValue(string OptionName, string Name);

/// <summary>
/// Renames one option of a product, and any of its values, with <c>productOptionUpdate</c>; no variant is created or
/// deleted. A renamed value is renamed on every variant that has it.
/// </summary>
public sealed record ShopifyOptionRename(long ProductId, long OptionId, string Name)
{
    public IReadOnlyList<ShopifyOptionValueRename> Values { get; init; } = [];
}

/// <summary>A new name for one option value (<c>OptionValueUpdateInput</c>).</summary>
public sealed record ShopifyOptionValueRename(long ValueId, string Name);

/// <summary>
/// An option to add to a product with <c>productOptionsCreate</c>, at a 1-based position, with its values in order:
/// the existing variants take the first value (<c>LEAVE_AS_IS</c>).
/// </summary>
public sealed record ShopifyOptionCreate(string Name, int Position, IReadOnlyList<string> Values);

/// <summary>Set one inventory quantity with compare-and-set and an idempotency key.</summary>
/// <param name="ChangeFromQuantity">The quantity seen at staging: Shopify refuses the write when it differs.</param>
/// <param name="ChangeId">The caller's change id; the idempotency key is derived from it.</param>
/// <param name="QuantityName">"available" or "on_hand".</param>
public sealed record ShopifyInventorySet(
    long InventoryItemId,
    long LocationId,
    int Quantity,
    int ChangeFromQuantity,
    string ChangeId,
    string QuantityName = "available",
    string Reason = "correction",
    string? ReferenceDocumentUri = null);

/// <summary>One quantity of an <c>inventorySetQuantities</c>: <paramref name="ChangeFromQuantity"/> is the level seen at staging.</summary>
public sealed record ShopifyInventoryQuantity(long InventoryItemId, long LocationId, int Quantity, int ChangeFromQuantity);
