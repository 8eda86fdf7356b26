namespace SyncStudio.Services.Shopify;

/// <summary>A Shopify product as the sync core sees it.</summary>
/// <param name="Id">Numeric part of <c>gid://shopify/Product/123</c>.</param>
/// <param name="Status">Lowercase: active, draft, archived, unlisted.</param>
/// <param name="UpdatedAt">UTC.</param>
/// <param name="OptionNames">Option names in position order; variants' option values follow this order.</param>
public sealed record ShopifyProduct(
    long Id,
    string Title,
    string Handle,
    string DescriptionHtml,
    string Vendor,
    string ProductType,
    IReadOnlyList<string> Tags,
    string Status,
    DateTime UpdatedAt,
    IReadOnlyList<string> OptionNames,
    IReadOnlyList<ShopifyVariant> Variants)
{
    /// <summary><c>seo.title</c>; null when unset.</summary>
    public string? SeoTitle { get; init; }

    /// <summary><c>seo.description</c>; null when unset.</summary>
    public string? SeoDescription { get; init; }

    /// <summary>Its metafields in the synced namespaces (docs/decisions/0023); null when none were read.</summary>
    public IReadOnlyList<ShopifyMetafield>? Metafields { get; init; }

    /// <summary>Its media in gallery order (docs/decisions/0029); null when none were read (the product has none).</summary>
    public IReadOnlyList<ShopifyMedia>? Media { get; init; }
}

/// <summary>
/// One of a product's media: an image (<see cref="Url"/> set once Shopify has processed it) or another kind (a video, a
/// 3D model), which the sync does not hold. <see cref="Status"/> is Shopify's <c>MediaStatus</c>.
/// </summary>
public sealed record ShopifyMedia(long Id, string ContentType, string Status, string? Url, string? Alt)
{
    public bool IsImage => ContentType == "IMAGE";
}

/// <summary>An image to add to a product from a URL (<c>CreateMediaInput</c>).</summary>
public sealed record ShopifyMediaCreate(string OriginalSource, string? Alt);

/// <summary>A <c>fileUpdate</c> of one image: its alt text set (when <see cref="SetAlt"/>), or its product reference removed.</summary>
public sealed record ShopifyMediaUpdate(long MediaId, bool SetAlt, string? Alt, long? RemoveFromProductId);

/// <summary>A metafield as Shopify holds it: the value in its string form.</summary>
public sealed record ShopifyMetafield(string Namespace, string Key, string Type, string Value);

/// <summary>
/// A metafield definition (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/MetafieldDefinition): its owner
/// type (<c>PRODUCT</c>, <c>PRODUCTVARIANT</c>), <c>namespace.key</c>, name, type name and validations.
/// </summary>
public sealed record ShopifyMetafieldDefinition(string OwnerType, string Namespace, string Key, string Name, string Type)
{
    public IReadOnlyList<(string Name, string? Value)> Validations { get; init; } = [];

    public string Id => string.Concat(Namespace, ".", Key);
}

/// <summary>A value to write with <c>metafieldsSet</c>; a null type leaves it to the definition.</summary>
public sealed record ShopifyMetafieldSet(long OwnerId, bool OwnerIsVariant, string Namespace, string Key, string? Type, string Value);

/// <summary>A metafield to remove with <c>metafieldsDelete</c>.</summary>
public sealed record ShopifyMetafieldDelete(long OwnerId, bool OwnerIsVariant, string Namespace, string Key);

/// <summary>The product Shopify holds under a handle.</summary>
/// <param name="MadeByThisCreate">
/// Whether it carries the mark of the create keyed by the change asked about: made by that create (in any attempt),
/// not by the merchant or another change that happened to use the handle.
/// </param>
public sealed record ShopifyProductAtHandle(ShopifyProduct Product, bool MadeByThisCreate);

/// <param name="InventoryQuantity">Total across locations (Shopify's <c>inventoryQuantity</c>).</param>
/// <param name="OptionValues">Values in the order of the product's option names.</param>
public sealed record ShopifyVariant(
    long Id,
    long InventoryItemId,
    string? Sku,
    decimal Price,
    decimal? CompareAtPrice,
    int InventoryQuantity,
    string? Barcode,
    decimal? Weight,
    ShopifyWeightUnit? WeightUnit,
    IReadOnlyList<string> OptionValues)
{
    /// <summary>The item's levels at the locations where it is stocked (docs/decisions/0019).</summary>
    public IReadOnlyList<ShopifyStockLevel> Levels { get; init; } = [];

    /// <summary><c>inventoryItem.unitCost.amount</c>; null when no cost is set.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Lower-case <c>inventoryPolicy</c>: <c>continue</c> or <c>deny</c>; null when not read.</summary>
    public string? InventoryPolicy { get; init; }

    public bool? Tracked { get; init; }

    public bool? RequiresShipping { get; init; }

    public bool? Taxable { get; init; }

    public string? HarmonizedSystemCode { get; init; }

    /// <summary><c>inventoryItem.countryCodeOfOrigin</c> (ISO 3166-1 alpha-2).</summary>
    public string? CountryOfOrigin { get; init; }

    /// <summary>Its metafields in the synced namespaces; null when none were read.</summary>
    public IReadOnlyList<ShopifyMetafield>? Metafields { get; init; }
}

/// <summary>What an inventory item has at one Shopify location where it is stocked.</summary>
public sealed record ShopifyStockLevel(long LocationId, int Available, int? OnHand);

/// <summary>Shopify's <c>WeightUnit</c>.</summary>
public enum ShopifyWeightUnit
{
    Grams,
    Kilograms,
    Ounces,
    Pounds,
}

public static class ShopifyWeightUnits
{
    /// <summary>The short form Shopify's CSV and REST use: g, kg, oz, lb.</summary>
    public static string ToAbbreviation(this ShopifyWeightUnit unit) => unit switch
    {
        ShopifyWeightUnit.Grams => "g",
        ShopifyWeightUnit.Kilograms => "kg",
        ShopifyWeightUnit.Ounces => "oz",
        ShopifyWeightUnit.Pounds => "lb",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };

    public static bool TryParse(string? value, out ShopifyWeightUnit unit)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "g" or "grams" or "gram":
                unit = ShopifyWeightUnit.Grams;
                return true;
            case "kg" or "kgs" or "kilograms" or "kilogram":
                unit = ShopifyWeightUnit.Kilograms;
                return true;
            case "oz" or "ounces" or "ounce":
                unit = ShopifyWeightUnit.Ounces;
                return true;
            case "lb" or "lbs" or "pounds" or "pound":
                unit = ShopifyWeightUnit.Pounds;
                return true;
            default:
                unit = default;
                return false;
        }
    }

    internal static string ToGraphQL(this ShopifyWeightUnit unit) => unit.ToString().ToUpperInvariant();
}

/// <summary>A page of products; <see cref="EndCursor"/> resumes after it.</summary>
public sealed record ShopifyProductPage(IReadOnlyList<ShopifyProduct> Products, string? EndCursor, bool HasNextPage);

/// <summary>Which products to read.</summary>
/// <param name="UpdatedSince">Incremental read: only products updated after this instant (UTC), oldest first.</param>
/// <param name="CollectionId">Only products of this collection.</param>
public sealed record ShopifyProductQuery(DateTime? UpdatedSince = null, long? CollectionId = null)
{
    public static ShopifyProductQuery All { get; } = new();
}

public sealed record ShopifyShop(string Name, string MyshopifyDomain, string PlanName, bool IsShopifyPlus, bool IsPartnerDevelopment)
{
    /// <summary>The shop's currency (<c>shop.currencyCode</c>, ISO 4217), in which its prices are written.</summary>
    public string? CurrencyCode { get; init; }
}

public sealed record ShopifyLocation(long Id, string Name);

/// <summary>An inventory item at one location: whether it is stocked there, and what is available there (0 when not).</summary>
public sealed record ShopifyInventoryLevel(long InventoryItemId, long LocationId, bool Stocked, int Available);

public sealed record ShopifyCollectionRef(long Id, string Title);

/// <summary>
/// A product option with its id (<c>gid://shopify/ProductOption/…</c>); <see cref="Position"/> starts at 1.
/// <see cref="Values"/> are its values with their ids (<c>gid://shopify/ProductOptionValue/…</c>), in order.
/// </summary>
public sealed record ShopifyProductOption(long Id, string Name, int Position)
{
    public IReadOnlyList<ShopifyProductOptionValue> Values { get; init; } = [];
}

/// <summary>One value of a product option, with its id.</summary>
public sealed record ShopifyProductOptionValue(long Id, string Name);

/// <param name="IsExact">False when Shopify only says "at least".</param>
public sealed record ShopifyProductCount(int Count, bool IsExact);

public enum ShopifyBulkOperationStatus
{
    Created,
    Running,
    Completed,
    Canceling,
    Canceled,
    Failed,
    Expired,
}

/// <param name="Id">The bulk operation's gid.</param>
/// <param name="Url">The JSONL result, once COMPLETED; null when the query matched nothing.</param>
public sealed record ShopifyBulkOperation(
    string Id,
    ShopifyBulkOperationStatus Status,
    string? ErrorCode,
    long ObjectCount,
    long RootObjectCount,
    string? Url,
    string? PartialDataUrl)
{
    public bool IsFinished => Status is ShopifyBulkOperationStatus.Completed or ShopifyBulkOperationStatus.Canceled
        or ShopifyBulkOperationStatus.Failed or ShopifyBulkOperationStatus.Expired;
}

/// <summary>Shopify's cost bucket as last reported in <c>extensions.cost.throttleStatus</c>.</summary>
public sealed record ShopifyThrottleStatus(
    double MaximumAvailable,
    double CurrentlyAvailable,
    double RestoreRate,
    DateTimeOffset ObservedAt);

/// <summary>What a mutation on a product returned.</summary>
public sealed record ShopifyProductUpdated(long ProductId, DateTime UpdatedAt);

/// <summary>An inventory change Shopify applied.</summary>
public sealed record ShopifyInventoryAdjustment(string AdjustmentGroupId, IReadOnlyList<ShopifyInventoryChange> Changes);

public sealed record ShopifyInventoryChange(string Name, int Delta, int? QuantityAfterChange, long InventoryItemId, long LocationId);
