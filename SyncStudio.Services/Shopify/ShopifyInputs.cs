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
    long? LocationId = null)
{
    public string? SeoTitle { get; init; }

    public string? SeoDescription { get; init; }
}

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

    /// <summary>The settings written with it; null leaves each to Shopify's default (tracked as before: true).</summary>
    public ShopifyVariantSettings Settings { get; init; } = ShopifyVariantSettings.None;
}

/// <summary>
/// A variant's selling, shipping and customs settings (<c>inventoryPolicy</c>, <c>taxable</c>, and the inventory item's
/// <c>cost</c>, <c>tracked</c>, <c>requiresShipping</c>, <c>harmonizedSystemCode</c>, <c>countryCodeOfOrigin</c>);
/// a null property is not written.
/// </summary>
public sealed record ShopifyVariantSettings
{
    public static ShopifyVariantSettings None { get; } = new();

    public decimal? Cost { get; init; }

    /// <summary>Lower-case <c>continue</c> or <c>deny</c>.</summary>
    public string? InventoryPolicy { get; init; }

    public bool? Tracked { get; init; }

    public bool? RequiresShipping { get; init; }

    public bool? Taxable { get; init; }

    public string? HarmonizedSystemCode { get; init; }

    public string? CountryOfOrigin { get; init; }
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

    /// <summary>
    /// The product's SEO title and description, written together as one <c>SEOInput</c> (an empty string clears one);
    /// null leaves both as they are.
    /// </summary>
    public ShopifySeo? Seo { get; init; }

    internal bool IsEmpty => Title is null && Handle is null && DescriptionHtml is null && Vendor is null
        && ProductType is null && Tags is null && Status is null && Seo is null;
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

    /// <summary>Set (with a value, or null to clear it) only when <see cref="CostChanged"/>.</summary>
    public decimal? Cost { get; init; }

    public bool CostChanged { get; init; }

    /// <summary>Lower-case <c>continue</c> or <c>deny</c>.</summary>
    public string? InventoryPolicy { get; init; }

    public bool? Tracked { get; init; }

    public bool? RequiresShipping { get; init; }

    public bool? Taxable { get; init; }

    /// <summary>An empty string clears it.</summary>
    public string? HarmonizedSystemCode { get; init; }

    /// <summary>Set (with a code, or null to clear it) only when <see cref="CountryOfOriginChanged"/>.</summary>
    public string? CountryOfOrigin { get; init; }

    public bool CountryOfOriginChanged { get; init; }

    internal bool IsEmpty => Price is null && !CompareAtPriceChanged && Barcode is null && Sku is null && Weight is null
        && OptionValues is not { Count: > 0 } && !CostChanged && InventoryPolicy is null && Tracked is null
        && RequiresShipping is null && Taxable is null && HarmonizedSystemCode is null && !CountryOfOriginChanged;
}

/// <summary>A product's <c>seo</c>: empty strings clear.</summary>
public sealed record ShopifySeo(string Title, string Description);

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
