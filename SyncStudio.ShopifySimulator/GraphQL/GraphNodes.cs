using System.Globalization;
using System.Text.RegularExpressions;
using GraphQL;

namespace SyncStudio.ShopifySimulator;

// The objects the Admin API answers with, as plain data over the store's records. Property and
// method names are the GraphQL field names (matched without regard to case); methods take the
// resolve context for fields with arguments. Anything not here answers an explicit "not modelled".

internal static partial class Wire
{
    public const string CurrencyCode = "USD";

    /// <summary>Shopify's DateTime: ISO 8601 in UTC; fractions of a second shown only when present.</summary>
    public static string DateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string? DateTime(DateTimeOffset? value) => value is { } v ? DateTime(v) : null;

    /// <summary>Shopify's Money and Decimal scalars travel as strings, e.g. "25.00".</summary>
    public static string Money(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    public static string? Money(decimal? value) => value is { } v ? Money(v) : null;

    public static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string PlainText(string html) => WhiteSpace().Replace(Tags().Replace(html, " "), " ").Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}

internal sealed record CountNode(int Count, string Precision = "EXACT");

internal sealed record MoneyV2Node(string Amount, string CurrencyCode = Wire.CurrencyCode);

internal sealed record MoneyRangeNode(MoneyV2Node MinVariantPrice, MoneyV2Node MaxVariantPrice);

internal sealed record SeoNode(string? Title, string? Description);

internal sealed record WeightNode(string Unit, double Value);

internal sealed record UserErrorNode(IReadOnlyList<string>? Field, string Message, string? Code)
{
    public static IReadOnlyList<UserErrorNode> From(MutationOutcome outcome) =>
        outcome.UserErrors?.Select(e => new UserErrorNode(e.Field, e.Message, e.Code)).ToList() ?? [];
}

internal sealed class ShopNode(SimulatorExecution execution)
{
    private SimulatorOptions Options => execution.Simulator.Options;

    public static string Id => "gid://shopify/Shop/68157849789";

    public string Name => Options.ShopName;

    public string Email => Options.ShopEmail;

    public string ContactEmail => Options.ShopEmail;

    public string MyshopifyDomain => Options.ShopDomain;

    public string Url => $"https://{Options.ShopDomain}";

    public static string? Description => "A stand-in store served by the SyncStudio Shopify simulator.";

    public static string CurrencyCode => Wire.CurrencyCode;

    public static IReadOnlyList<string> EnabledPresentmentCurrencies => [Wire.CurrencyCode];

    public static string WeightUnit => "KILOGRAMS";

    public static string UnitSystem => "METRIC_SYSTEM";

    public static string IanaTimezone => "Etc/UTC";

    public static string TimezoneAbbreviation => "UTC";

    public static string TimezoneOffset => "+0000";

    public static int TimezoneOffsetMinutes => 0;

    public static bool TaxesIncluded => false;

    public static bool TaxShipping => false;

    public static bool SetupRequired => false;

    public static bool CheckoutApiSupported => true;

    public static string CreatedAt => "2024-01-15T09:00:00Z";

    public string UpdatedAt => Wire.DateTime(execution.Simulator.Time.GetUtcNow());

    public ShopPlanNode Plan => new(Options.Plan);

    public DomainNode PrimaryDomain => new(Options.ShopDomain);

    public IReadOnlyList<DomainNode> Domains => [PrimaryDomain];
}

internal sealed class ShopPlanNode(ShopifyPlan plan)
{
    public string DisplayName => plan switch
    {
        ShopifyPlan.Advanced => "Advanced Shopify",
        ShopifyPlan.Plus => "Shopify Plus",
        ShopifyPlan.Enterprise => "Commerce Components",
        _ => "Shopify",
    };

    public string PublicDisplayName => plan switch
    {
        ShopifyPlan.Advanced => "Advanced",
        ShopifyPlan.Plus => "Plus",
        ShopifyPlan.Enterprise => "Commerce Components",
        _ => "Grow",
    };

    public static bool PartnerDevelopment => false;

    public bool ShopifyPlus => plan is ShopifyPlan.Plus or ShopifyPlan.Enterprise;
}

internal sealed class DomainNode(string host)
{
    public static string Id => "gid://shopify/Domain/80140992701";

    public string Host => host;

    public string Url => $"https://{host}";

    public static bool SslEnabled => true;
}

/// <summary>
/// A location (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Location). <c>isPrimary</c> is deprecated in
/// 2026-07 but still answered: true for the store's primary location only.
/// </summary>
internal sealed class LocationNode(SimulatedLocation location, SimulatorExecution execution)
{
    public string Id => ShopifyGid.Location(location.Id);

    public string LegacyResourceId => Wire.Id(location.Id);

    public string Name => location.Name;

    public static bool IsActive => true;

    public bool IsPrimary => location.Id == SimulatorStore.LocationId;

    public static bool ShipsInventory => true;

    public bool FulfillsOnlineOrders => location.FulfillsOnlineOrders;

    public static bool HasActiveInventory => true;

    public static bool HasUnfulfilledOrders => false;

    public static bool IsFulfillmentService => false;

    public static bool Activatable => false;

    public bool Deactivatable => !IsPrimary;

    public static bool Deletable => false;

    public static bool AddressVerified => true;

    public static string? DeactivatedAt => null;

    public static object? FulfillmentService => null;

    public static object? LocalPickupSettingsV2 => null;

    public static IReadOnlyList<object> SuggestedAddresses => [];

    public string CreatedAt => Wire.DateTime(location.CreatedAt);

    public string UpdatedAt => Wire.DateTime(location.CreatedAt);

    public LocationAddressNode Address => new(location);

    /// <summary>The item's level here; null when it is not stocked here.</summary>
    public InventoryLevelNode? InventoryLevel(IResolveFieldContext context) =>
        ShopifyGid.ParseId(context.GetArgument<string>("inventoryItemId"), "InventoryItem") is { } itemId &&
        execution.Store.FindInventoryItem(itemId) is { } found && found.Variant.AvailableAt(location.Id) is not null
            ? new InventoryLevelNode(found.Product, found.Variant, location.Id, execution)
            : null;

    public IEnumerable<InventoryLevelNode> InventoryLevels =>
        execution.Store.Snapshot(ProductSearchQuery.All)
            .SelectMany(p => p.Variants.Where(v => v.AvailableAt(location.Id) is not null).Select(v => new InventoryLevelNode(p, v, location.Id, execution)));
}

internal sealed class LocationAddressNode(SimulatedLocation location)
{
    private bool Primary => location.Id == SimulatorStore.LocationId;

    public string? Address1 => location.Address1;

    public static string? Address2 => null;

    public string? City => location.City;

    public string? Province => Primary ? "Ontario" : null;

    public string? ProvinceCode => Primary ? "ON" : null;

    public string? Country => location.CountryCode == "CA" ? "Canada" : location.CountryCode;

    public string CountryCode => location.CountryCode;

    public string? Zip => location.Zip;

    public static string? Phone => null;

    public IReadOnlyList<string> Formatted =>
        [.. new[] { location.Address1, string.Join(' ', new[] { location.City, ProvinceCode, location.Zip }.Where(p => p is not null)), Country }
            .Where(line => !string.IsNullOrEmpty(line)).Select(line => line!)];
}

internal sealed class CollectionNode(SimulatedCollectionRecord collection, SimulatorExecution execution)
{
    public string Id => ShopifyGid.Collection(collection.Id);

    public string LegacyResourceId => Wire.Id(collection.Id);

    public string Handle => collection.Handle;

    public string Title => collection.Title;

    public string DescriptionHtml => collection.DescriptionHtml;

    public string Description(IResolveFieldContext context) => Truncate(Wire.PlainText(collection.DescriptionHtml), context);

    public static string SortOrder => "MANUAL";

    public static string? TemplateSuffix => null;

    public static object? Image => null;

    public static object? RuleSet => null;

    public static string UpdatedAt => "2024-01-15T09:00:00Z";

    public static SeoNode Seo => new(null, null);

    public CountNode ProductsCount => new(execution.Store.Count(ProductSearchQuery.All, collection.Id));

    public bool HasProduct(IResolveFieldContext context) =>
        ShopifyGid.ParseId(context.GetArgument<string>("id"), "Product") is { } id &&
        execution.Store.GetProduct(id)?.CollectionIds.Contains(collection.Id) == true;

    public Connection Products(IResolveFieldContext context) =>
        ProductConnections.Resolve(context, execution, collectionId: collection.Id);

    public static IEnumerable<object> Metafields => [];

    public static object? Metafield(IResolveFieldContext context) => null;

    internal static string Truncate(string text, IResolveFieldContext context) =>
        context.GetArgument<int?>("truncateAt") is { } max && text.Length > max ? text[..max] + "…" : text;
}

/// <summary>
/// A product image as <c>MediaImage</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/MediaImage). A medium
/// made from a URL is <c>PROCESSING</c>, with no <c>image</c> yet, in the answer of the request that made it, and
/// <c>READY</c> from the next request on (Shopify fetches and processes it asynchronously:
/// https://shopify.dev/docs/apps/build/online-store/product-media#step-3-check-media-status; the stand-in is quick).
/// </summary>
internal sealed class MediaImageNode(SimulatedMedia media, SimulatorExecution execution)
{
    private bool Processing => execution.MediaMadeNow.Contains(media.Id);

    public string Id => media.Gid;

    public string? Alt => media.Alt ?? "";

    public static string MediaContentType => "IMAGE";

    public string Status => Processing ? "PROCESSING" : "READY";

    public string FileStatus => Processing ? "PROCESSING" : "READY";

    public string CreatedAt => Wire.DateTime(media.CreatedAt);

    public string UpdatedAt => Wire.DateTime(media.CreatedAt);

    public static string MimeType => "image/jpeg";

    public static IReadOnlyList<object> MediaErrors => [];

    public static IReadOnlyList<object> MediaWarnings => [];

    public static IReadOnlyList<object> FileErrors => [];

    public ImageNode? Image => Processing ? null : new ImageNode(media);

    public ImageNode? Preview => Image;
}

/// <summary>The image of a <see cref="MediaImageNode"/> (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Image).</summary>
internal sealed class ImageNode(SimulatedMedia media)
{
    public string Id => ShopifyGid.Make("ProductImage", media.Id);

    public string Url => media.Url;

    public string Src => media.Url;

    public string OriginalSrc => media.Url;

    public string? AltText => string.IsNullOrEmpty(media.Alt) ? null : media.Alt;

    public static int? Width => 1024;

    public static int? Height => 1024;
}

internal sealed class MetafieldNode(SimulatedMetafield metafield, SimulatedProduct owner, string ownerType = "PRODUCT")
{
    /// <summary>
    /// The owner's metafields a <c>metafields</c> connection answers: those of <c>namespace</c> when given, or those
    /// named by <c>keys</c> (<c>namespace.key</c>), else all
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Product#field-metafields).
    /// </summary>
    public static IEnumerable<MetafieldNode> Filter(IResolveFieldContext context, IEnumerable<SimulatedMetafield>? metafields, SimulatedProduct owner, string ownerType)
    {
        var ns = context.GetArgument<string?>("namespace");
        var keys = context.GetArgument<List<object>?>("keys")?.Select(k => k?.ToString()).ToHashSet();
        return (metafields ?? [])
            .Where(m => ns is null || m.Namespace == ns)
            .Where(m => keys is null || keys.Contains($"{m.Namespace}.{m.Key}"))
            .Select(m => new MetafieldNode(m, owner, ownerType));
    }

    public string Id => $"gid://shopify/Metafield/{Wire.Id(metafield.Id)}";

    public string LegacyResourceId => Wire.Id(metafield.Id);

    public string Namespace => metafield.Namespace;

    public string Key => metafield.Key;

    public string Type => metafield.Type;

    public string Value => metafield.Value;

    public string OwnerType => ownerType;

    public string CreatedAt => Wire.DateTime(owner.CreatedAt);

    public string UpdatedAt => Wire.DateTime(owner.UpdatedAt);
}

internal sealed class ProductNode(SimulatedProduct product, SimulatorExecution execution)
{
    public SimulatedProduct Record => product;

    public string Id => product.Gid;

    public string LegacyResourceId => Wire.Id(product.Id);

    public string Handle => product.Handle;

    public string Title => product.Title;

    public string DescriptionHtml => product.DescriptionHtml;

    public string BodyHtml => product.DescriptionHtml;

    public string Description(IResolveFieldContext context) => CollectionNode.Truncate(Wire.PlainText(product.DescriptionHtml), context);

    public string Vendor => product.Vendor;

    public string ProductType => product.ProductType;

    public IReadOnlyList<string> Tags => product.Tags;

    public string Status => product.Status;

    public string CreatedAt => Wire.DateTime(product.CreatedAt);

    public string UpdatedAt => Wire.DateTime(product.UpdatedAt);

    public string? PublishedAt => product.Status == "ACTIVE" ? Wire.DateTime(product.CreatedAt) : null;

    public int TotalInventory => product.TotalInventory;

    public bool TracksInventory => product.Variants.Any(v => v.Tracked);

    public bool HasOnlyDefaultVariant =>
        product.Variants.Length == 1 && product.Options.Length == 1 && product.Options[0].Name == "Title";

    public bool HasOutOfStockVariants => product.Variants.Any(v => v.TotalAvailable <= 0);

    public static bool HasVariantsThatRequiresComponents => false;

    public static bool IsGiftCard => false;

    public static bool RequiresSellingPlan => false;

    public static string? TemplateSuffix => null;

    public static string? GiftCardTemplateSuffix => null;

    public string? OnlineStoreUrl => product.Status == "ACTIVE" ? $"https://{execution.Simulator.Options.ShopDomain}/products/{product.Handle}" : null;

    public string? OnlineStorePreviewUrl => $"https://{execution.Simulator.Options.ShopDomain}/products/{product.Handle}";

    public string DefaultCursor => ProductCursor.Encode(product, ProductSortKey.Id);

    public int TotalVariants => product.Variants.Length;

    public CountNode VariantsCount => new(product.Variants.Length);

    public CountNode MediaCount => new(product.Media.Length);

    public SeoNode Seo => new(product.SeoTitle, product.SeoDescription);

    public static object? Category => null;

    public static object? ProductCategory => null;

    public MediaImageNode? FeaturedMedia => product.Media.IsEmpty ? null : new MediaImageNode(product.Media[0], execution);

    public static object? FeaturedImage => null;

    public static object? CombinedListing => null;

    public static object? CombinedListingRole => null;

    public IEnumerable<MediaImageNode> Media => product.Media.Select(m => new MediaImageNode(m, execution));

    public static IEnumerable<object> Images => [];

    public IEnumerable<MetafieldNode> Metafields(IResolveFieldContext context) => MetafieldNode.Filter(context, product.Metafields, product, "PRODUCT");

    /// <summary>One metafield by namespace and key; the app-reserved namespace when none is given (as Shopify does).</summary>
    public MetafieldNode? Metafield(IResolveFieldContext context)
    {
        var ns = context.GetArgument<string?>("namespace") ?? "$app";
        var key = context.GetArgument<string>("key");
        return product.Metafields?.FirstOrDefault(m => m.Namespace == ns && m.Key == key) is { } found
            ? new MetafieldNode(found, product)
            : null;
    }

    public MoneyRangeNode PriceRangeV2 => new(
        new MoneyV2Node(Wire.Money(product.Variants.Min(v => v.Price))),
        new MoneyV2Node(Wire.Money(product.Variants.Max(v => v.Price))));

    public MoneyRangeNode PriceRange => PriceRangeV2;

    public object? CompareAtPriceRange
    {
        get
        {
            var prices = product.Variants.Where(v => v.CompareAtPrice is not null).Select(v => v.CompareAtPrice!.Value).ToList();
            return prices.Count == 0
                ? null
                : new { MinVariantCompareAtPrice = new MoneyV2Node(Wire.Money(prices.Min())), MaxVariantCompareAtPrice = new MoneyV2Node(Wire.Money(prices.Max())) };
        }
    }

    public IEnumerable<ProductOptionNode> Options(IResolveFieldContext context)
    {
        var options = product.Options.Select((o, i) => new ProductOptionNode(product, o, i + 1));
        return context.GetArgument<int?>("first") is { } first ? options.Take(first) : options;
    }

    public IEnumerable<VariantNode> Variants => product.Variants.Select((v, i) => new VariantNode(product, v, i + 1, execution));

    public IEnumerable<CollectionNode> Collections =>
        execution.Store.Collections.Where(c => product.CollectionIds.Contains(c.Id)).Select(c => new CollectionNode(c, execution));

    public bool InCollection(IResolveFieldContext context) =>
        ShopifyGid.ParseId(context.GetArgument<string>("id"), "Collection") is { } id && product.CollectionIds.Contains(id);
}

internal sealed class ProductOptionNode(SimulatedProduct product, SimulatedOption option, int position)
{
    public string Id => ShopifyGid.Make("ProductOption", option.Id);

    public string Name => option.Name;

    public int Position => position;

    public IReadOnlyList<string> Values => option.Values;

    public static object? LinkedMetafield => null;

    public IEnumerable<ProductOptionValueNode> OptionValues =>
        option.Values.Select((value, i) => new ProductOptionValueNode(product, option, position, value, i));
}

internal sealed class ProductOptionValueNode(SimulatedProduct product, SimulatedOption option, int optionPosition, string value, int index)
{
    public string Id => ShopifyGid.Make("ProductOptionValue", option.Id * 100 + index);

    public string Name => value;

    public bool HasVariants => product.Variants.Any(v => v.OptionValues.Length >= optionPosition && v.OptionValues[optionPosition - 1] == value);

    public static string? LinkedMetafieldValue => null;

    public static object? Swatch => null;
}

internal sealed class SelectedOptionNode(SimulatedProduct product, SimulatedOption option, int optionPosition, string value)
{
    public string Name => option.Name;

    public string Value => value;

    public ProductOptionValueNode OptionValue =>
        new(product, option, optionPosition, value, Math.Max(0, option.Values.IndexOf(value)));
}

internal sealed class VariantNode(SimulatedProduct product, SimulatedVariant variant, int position, SimulatorExecution execution)
{
    public SimulatedVariant Record => variant;

    public string Id => variant.Gid;

    public string LegacyResourceId => Wire.Id(variant.Id);

    public string? Sku => variant.Sku;

    public string Title => variant.Title;

    public string DisplayName => $"{product.Title} - {variant.Title}";

    public string Price => Wire.Money(variant.Price);

    public string? CompareAtPrice => Wire.Money(variant.CompareAtPrice);

    public string? Barcode => variant.Barcode;

    public int Position => position;

    /// <summary>The sum over the locations the item is stocked at.</summary>
    public int? InventoryQuantity => variant.TotalAvailable;

    public int SellableOnlineQuantity => Math.Max(0, variant.TotalAvailable);

    public string InventoryPolicy => variant.InventoryPolicy;

    public bool AvailableForSale => product.Status == "ACTIVE" && (variant.TotalAvailable > 0 || variant.InventoryPolicy == "CONTINUE");

    public bool Taxable => variant.Taxable;

    public static string? TaxCode => null;

    public static bool RequiresComponents => false;

    public static bool ShowUnitPrice => false;

    public static object? UnitPrice => null;

    public static object? UnitPriceMeasurement => null;

    public static object? Image => null;

    public string CreatedAt => Wire.DateTime(variant.CreatedAt);

    public string UpdatedAt => Wire.DateTime(variant.UpdatedAt);

    public string DefaultCursor => ConnectionFieldResolver.EncodeOffset(position - 1);

    public static IEnumerable<object> Media => [];

    public IEnumerable<MetafieldNode> Metafields(IResolveFieldContext context) => MetafieldNode.Filter(context, variant.Metafields, product, "PRODUCTVARIANT");

    /// <summary>One of the variant's metafields by namespace and key (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/ProductVariant#field-metafield).</summary>
    public MetafieldNode? Metafield(IResolveFieldContext context)
    {
        var ns = context.GetArgument<string?>("namespace") ?? "$app";
        var key = context.GetArgument<string>("key");
        return variant.Metafields?.FirstOrDefault(m => m.Namespace == ns && m.Key == key) is { } found
            ? new MetafieldNode(found, product, "PRODUCTVARIANT")
            : null;
    }

    public IEnumerable<SelectedOptionNode> SelectedOptions =>
        product.Options.Select((option, i) => new SelectedOptionNode(product, option, i + 1, i < variant.OptionValues.Length ? variant.OptionValues[i] : ""));

    public ProductNode Product => new(product, execution);

    public InventoryItemNode InventoryItem => new(product, variant, execution);
}

internal sealed class InventoryItemNode(SimulatedProduct product, SimulatedVariant variant, SimulatorExecution execution)
{
    public string Id => ShopifyGid.InventoryItem(variant.InventoryItemId);

    public string LegacyResourceId => Wire.Id(variant.InventoryItemId);

    public string? Sku => variant.Sku;

    public bool Tracked => variant.Tracked;

    public bool RequiresShipping => variant.RequiresShipping;

    public static int DuplicateSkuCount => 0;

    public string? CountryCodeOfOrigin => variant.CountryCodeOfOrigin;

    public static string? ProvinceCodeOfOrigin => null;

    public string? HarmonizedSystemCode => variant.HarmonizedSystemCode;

    public static string? InventoryHistoryUrl => null;

    /// <summary>Null when no cost is set, as Shopify answers (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/InventoryItem#field-unitCost).</summary>
    public MoneyV2Node? UnitCost => variant.Cost is { } cost ? new MoneyV2Node(Wire.Money(cost)) : null;

    public string CreatedAt => Wire.DateTime(variant.CreatedAt);

    public string UpdatedAt => Wire.DateTime(variant.UpdatedAt);

    public CountNode LocationsCount => new(variant.Levels.Count());

    public static IEnumerable<object> CountryHarmonizedSystemCodes => [];

    public MeasurementNode Measurement => new(variant);

    public VariantNode Variant => new(product, variant, product.Variants.IndexOf(variant) + 1, execution);

    public IEnumerable<VariantNode> Variants => [Variant];

    /// <summary>The level at one location; null where the item is not stocked (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/InventoryItem#field-inventoryLevel).</summary>
    public InventoryLevelNode? InventoryLevel(IResolveFieldContext context) =>
        ShopifyGid.ParseId(context.GetArgument<string>("locationId"), "Location") is { } locationId && variant.AvailableAt(locationId) is not null
            ? new InventoryLevelNode(product, variant, locationId, execution)
            : null;

    /// <summary>One level per location the item is stocked at, the primary first.</summary>
    public IEnumerable<InventoryLevelNode> InventoryLevels => variant.Levels.Select(l => new InventoryLevelNode(product, variant, l.LocationId, execution));
}

internal sealed class MeasurementNode(SimulatedVariant variant)
{
    public string Id => ShopifyGid.Make("InventoryItemMeasurement", variant.InventoryItemId);

    public WeightNode? Weight => new(variant.WeightUnit, (double)(variant.Weight ?? 0m));
}

/// <summary>An item's quantities at one location where it is stocked (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/InventoryLevel).</summary>
internal sealed class InventoryLevelNode(SimulatedProduct product, SimulatedVariant variant, long locationId, SimulatorExecution execution)
{
    private static readonly string[] ZeroQuantities = ["committed", "reserved", "incoming", "damaged", "safety_stock", "quality_control"];

    public string Id => $"gid://shopify/InventoryLevel/{locationId}?inventory_item_id={variant.InventoryItemId}";

    public static bool IsActive => true;

    public static bool CanDeactivate => false;

    public static string? DeactivationAlert => null;

    public string CreatedAt => Wire.DateTime(variant.CreatedAt);

    public string UpdatedAt => Wire.DateTime(variant.UpdatedAt);

    public LocationNode Location => execution.Location(locationId);

    public InventoryItemNode Item => new(product, variant, execution);

    public IEnumerable<InventoryQuantityNode> Quantities(IResolveFieldContext context)
    {
        foreach (var name in context.GetArgument<List<object>>("names") ?? [])
        {
            var text = name?.ToString() ?? "";
            var quantity = text is "available" or "on_hand" ? variant.AvailableAt(locationId) ?? 0 : 0;
            if (text is "available" or "on_hand" || ZeroQuantities.Contains(text))
                yield return new InventoryQuantityNode(variant, locationId, text, quantity);
        }
    }
}

internal sealed class InventoryQuantityNode(SimulatedVariant variant, long locationId, string name, int quantity)
{
    public string Id => $"gid://shopify/InventoryQuantity/{locationId}?inventory_item_id={variant.InventoryItemId}&name={name}";

    public string Name => name;

    public int Quantity => quantity;

    public string? UpdatedAt => Wire.DateTime(variant.UpdatedAt);
}

internal sealed class InventoryAdjustmentGroupNode(SimulatedAdjustment adjustment, SimulatorExecution execution)
{
    public string Id => ShopifyGid.Make("InventoryAdjustmentGroup", adjustment.Id);

    public string CreatedAt => Wire.DateTime(adjustment.CreatedAt);

    public string Reason => adjustment.Reason;

    public string? ReferenceDocumentUri => adjustment.ReferenceDocumentUri;

    public static object? App => null;

    public static object? StaffMember => null;

    public IEnumerable<InventoryChangeNode> Changes(IResolveFieldContext context)
    {
        var items = context.GetArgument<List<object>?>("inventoryItemIds")?.Select(i => i?.ToString()).ToHashSet();
        var names = context.GetArgument<List<object>?>("quantityNames")?.Select(i => i?.ToString()).ToHashSet();
        return adjustment.Changes
            .Where(c => items is null || items.Contains(ShopifyGid.InventoryItem(c.InventoryItemId)))
            .Where(c => names is null || names.Contains(c.Name))
            .Select(c => new InventoryChangeNode(c, execution));
    }
}

internal sealed class InventoryChangeNode(SimulatedInventoryChange change, SimulatorExecution execution)
{
    public string Name => change.Name;

    public int Delta => change.Delta;

    public int? QuantityAfterChange => change.QuantityAfterChange;

    public static string? LedgerDocumentUri => null;

    public LocationNode Location => execution.Location(change.LocationId);

    public InventoryItemNode? Item =>
        execution.Store.FindInventoryItem(change.InventoryItemId) is { } found
            ? new InventoryItemNode(found.Product, found.Variant, execution)
            : null;
}

/// <summary>Every mutation payload: each payload type selects only its own fields.</summary>
internal sealed class MutationPayload
{
    public ProductNode? Product { get; init; }

    public IReadOnlyList<VariantNode>? ProductVariants { get; init; }

    public string? DeletedProductId { get; init; }

    public IReadOnlyList<string>? DeletedOptionsIds { get; init; }

    public ShopNode? Shop { get; init; }

    public InventoryAdjustmentGroupNode? InventoryAdjustmentGroup { get; init; }

    public InventoryLevelNode? InventoryLevel { get; init; }

    public LocationNode? Location { get; init; }

    public BulkOperationNode? BulkOperation { get; init; }

    public static object? ProductSetOperation => null;

    public static object? ProductDeleteOperation => null;

    public IReadOnlyList<UserErrorNode> UserErrors { get; init; } = [];
}
