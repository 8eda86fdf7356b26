using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncStudio.Services.Shopify;

// The JSON shapes of the Admin API responses the documents select (System.Text.Json, web defaults:
// camelCase, and Money/UnsignedInt64 read from strings).
internal sealed record PageInfoDto(bool HasNextPage, string? EndCursor);

internal sealed record ProductDto(
    string Id,
    string Title,
    string Handle,
    string? DescriptionHtml,
    string? Vendor,
    string? ProductType,
    List<string>? Tags,
    string Status,
    DateTime UpdatedAt,
    List<OptionDto>? Options,
    VariantConnectionDto? Variants,
    CountDto? VariantsCount)
{
    /// <summary>The mark a create of this app left (selected by <see cref="ShopifyDocuments.ProductByHandle"/> only).</summary>
    public MetafieldValueDto? CreateMark { get; init; }

    public SeoDto? Seo { get; init; }

    /// <summary>The product's metafields as a <c>metafields</c> connection selects them.</summary>
    public MetafieldConnectionDto? Metafields { get; init; }

    /// <summary>How many media the product has: a paged read asks for them only when it has some; a bulk read waits for that many lines.</summary>
    public CountDto? MediaCount { get; init; }

    /// <summary>The product's media as a <c>media</c> connection selects them (<see cref="ShopifyDocuments.ProductMedia"/>).</summary>
    public MediaConnectionDto? Media { get; init; }

    /// <summary>Fields the record does not name: a bulk read's aliased <c>metafield(namespace:, key:)</c> fields (<c>mf_0</c>, ...).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed record MediaConnectionDto(PageInfoDto? PageInfo, List<MediaDto> Nodes);

/// <summary>One medium: in a paged read, or a bulk JSONL line of its own (its <c>__parentId</c> names the product).</summary>
internal sealed record MediaDto(string Id, string? Alt, string? MediaContentType, string? Status, ImageDto? Image)
{
    [JsonPropertyName("__parentId")]
    public string? ParentId { get; init; }
}

internal sealed record ImageDto(string? Url, string? AltText);

internal sealed record ProductMediaData(ProductMediaDto? Product);

internal sealed record ProductMediaDto(string Id, MediaConnectionDto Media);

internal sealed record FileUpdateData(FileUpdatePayloadDto? FileUpdate);

internal sealed record FileUpdatePayloadDto(List<NodeDto>? Files, List<UserErrorDto> UserErrors);

internal sealed record ProductReorderMediaData(ProductReorderMediaPayloadDto? ProductReorderMedia);

internal sealed record ProductReorderMediaPayloadDto(NodeDto? Job, List<UserErrorDto> MediaUserErrors);

internal sealed record MetafieldConnectionDto(List<MetafieldDto> Nodes);

internal sealed record MetafieldDto(string Namespace, string Key, string Type, string Value);

internal sealed record SeoDto(string? Title, string? Description);

/// <summary>A <c>MoneyV2</c>: the amount is a <c>Decimal</c> scalar, sent as a string.</summary>
internal sealed record MoneyDto(decimal Amount);

internal sealed record MetafieldValueDto(string? Value);

internal sealed record OptionDto(string Name, int Position);

internal sealed record VariantConnectionDto(PageInfoDto PageInfo, List<VariantDto> Nodes);

internal sealed record VariantDto(
    string Id,
    string? Sku,
    decimal Price,
    decimal? CompareAtPrice,
    int? InventoryQuantity,
    string? Barcode,
    List<SelectedOptionDto>? SelectedOptions,
    InventoryItemDto? InventoryItem)
{
    /// <summary>Set on bulk JSONL child lines: the gid of the parent product.</summary>
    [JsonPropertyName("__parentId")]
    public string? ParentId { get; init; }

    public string? InventoryPolicy { get; init; }

    public bool? Taxable { get; init; }

    /// <summary>The variant's metafields as a <c>metafields</c> connection selects them.</summary>
    public MetafieldConnectionDto? Metafields { get; init; }

    /// <summary>A bulk read's aliased <c>metafield(namespace:, key:)</c> fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed record SelectedOptionDto(string Name, string Value);

internal sealed record InventoryItemDto(string Id, MeasurementDto? Measurement)
{
    /// <summary>The item's levels per location (paged reads; a bulk read sends them as lines of their own).</summary>
    public InventoryLevelConnectionDto? InventoryLevels { get; init; }

    /// <summary>How many locations the item is stocked at: the level lines a bulk read waits for.</summary>
    public CountDto? LocationsCount { get; init; }

    public MoneyDto? UnitCost { get; init; }

    public bool? Tracked { get; init; }

    public bool? RequiresShipping { get; init; }

    public string? HarmonizedSystemCode { get; init; }

    public string? CountryCodeOfOrigin { get; init; }
}

internal sealed record InventoryLevelConnectionDto(List<InventoryLevelNodeDto>? Nodes)
{
    public PageInfoDto? PageInfo { get; init; }
}

internal sealed record InventoryLevelsPageData(InventoryLevelsItemDto? InventoryItem);

internal sealed record InventoryLevelsItemDto(InventoryLevelConnectionDto InventoryLevels);

/// <summary>An item's level at one location: inside a paged read, or a bulk JSONL line of its own (its id names the item).</summary>
internal sealed record InventoryLevelNodeDto(string? Id, NodeDto? Location, List<InventoryQuantityDto>? Quantities)
{
    [JsonPropertyName("__parentId")]
    public string? ParentId { get; init; }
}

internal sealed record MeasurementDto(WeightDto? Weight);

internal sealed record WeightDto(string Unit, decimal Value);

internal sealed record CountDto(int Count, string? Precision);

internal sealed record ProductConnectionDto(PageInfoDto PageInfo, List<ProductDto> Nodes);

internal sealed record ProductsPageData(ProductConnectionDto Products);

internal sealed record CollectionProductsPageData(CollectionDto? Collection);

internal sealed record CollectionDto(ProductConnectionDto Products);

internal sealed record CollectionData(NodeDto? Collection);

internal sealed record ProductData(ProductDto? Product);

internal sealed record ProductByIdentifierData(ProductDto? ProductByIdentifier);

internal sealed record ProductVariantsPageData(ProductVariantsDto? Product);

internal sealed record ProductVariantsDto(VariantConnectionDto Variants);

internal sealed record ProductsCountData(CountDto? ProductsCount);

internal sealed record ShopData(ShopDto Shop);

internal sealed record ShopDto(string Name, string MyshopifyDomain, PlanDto Plan, string? CurrencyCode = null);

internal sealed record PlanDto(string PublicDisplayName, bool PartnerDevelopment, bool ShopifyPlus);

internal sealed record PrimaryLocationData(NodeDto? Location);

internal sealed record LocationsData(LocationConnectionDto Locations);

internal sealed record LocationConnectionDto(PageInfoDto PageInfo, List<NodeDto> Nodes);

internal sealed record InventoryLevelData(InventoryItemLevelDto? InventoryItem);

internal sealed record InventoryItemLevelDto(string Id, InventoryLevelDto? InventoryLevel);

internal sealed record InventoryLevelDto(string Id, List<InventoryQuantityDto> Quantities);

internal sealed record InventoryQuantityDto(string Name, int Quantity);

internal sealed record InventoryActivateData(InventoryActivatePayloadDto? InventoryActivate);

internal sealed record InventoryActivatePayloadDto(InventoryLevelDto? InventoryLevel, List<UserErrorDto> UserErrors);

internal sealed record NodeDto(string Id, string? Name, string? Title = null);

internal sealed record UserErrorDto(string Message, List<string>? Field, string? Code);

internal sealed record BulkRunData(BulkRunPayloadDto? BulkOperationRunQuery);

internal sealed record BulkRunPayloadDto(BulkOperationDto? BulkOperation, List<UserErrorDto> UserErrors);

internal sealed record BulkOperationData(BulkOperationDto? BulkOperation);

internal sealed record BulkOperationDto(
    string Id,
    string Status,
    string? ErrorCode,
    long? ObjectCount,
    long? RootObjectCount,
    string? Url,
    string? PartialDataUrl);

internal sealed record ProductSetData(ProductSetPayloadDto? ProductSet);

internal sealed record ProductSetPayloadDto(ProductDto? Product, List<UserErrorDto> UserErrors);

internal sealed record ProductUpdateData(ProductUpdatePayloadDto? ProductUpdate);

internal sealed record ProductUpdatePayloadDto(ProductRefDto? Product, List<UserErrorDto> UserErrors);

internal sealed record ProductRefDto(string Id, DateTime UpdatedAt);

internal sealed record VariantsUpdateData(VariantsUpdatePayloadDto? ProductVariantsBulkUpdate);

internal sealed record VariantsUpdatePayloadDto(
    ProductRefDto? Product, List<VariantDto>? ProductVariants, List<UserErrorDto> UserErrors);

internal sealed record ProductDeleteData(ProductDeletePayloadDto? ProductDelete);

internal sealed record ProductDeletePayloadDto(string? DeletedProductId, List<UserErrorDto> UserErrors);

internal sealed record InventorySetData(InventorySetPayloadDto? InventorySetQuantities);

internal sealed record InventorySetPayloadDto(AdjustmentGroupDto? InventoryAdjustmentGroup, List<UserErrorDto> UserErrors);

internal sealed record AdjustmentGroupDto(string Id, List<InventoryChangeDto> Changes);

internal sealed record InventoryChangeDto(string Name, int Delta, int? QuantityAfterChange, NodeDto? Item, NodeDto? Location);

internal sealed record ProductOptionsData(ProductOptionsDto? Product);

internal sealed record ProductOptionsDto(string Id, List<OptionWithIdDto> Options);

internal sealed record OptionWithIdDto(string Id, string Name, int Position, List<OptionValueDto>? OptionValues);

internal sealed record OptionValueDto(string Id, string Name);

internal sealed record VariantsCreateData(VariantsUpdatePayloadDto? ProductVariantsBulkCreate);

internal sealed record VariantsDeleteData(ProductUpdatePayloadDto? ProductVariantsBulkDelete);

internal sealed record VariantsReorderData(ProductUpdatePayloadDto? ProductVariantsBulkReorder);

internal sealed record OptionsCreateData(ProductUpdatePayloadDto? ProductOptionsCreate);

internal sealed record OptionsDeleteData(ProductUpdatePayloadDto? ProductOptionsDelete);
internal sealed record OptionsReorderData(ProductUpdatePayloadDto? ProductOptionsReorder);

internal sealed record OptionUpdateData(ProductUpdatePayloadDto? ProductOptionUpdate);

internal sealed record MetafieldDefinitionsData(MetafieldDefinitionConnectionDto MetafieldDefinitions);

internal sealed record MetafieldDefinitionConnectionDto(PageInfoDto PageInfo, List<MetafieldDefinitionDto> Nodes);

internal sealed record MetafieldDefinitionDto(string Namespace, string Key, string Name, MetafieldDefinitionTypeDto Type, List<MetafieldValidationDto>? Validations);

internal sealed record MetafieldDefinitionTypeDto(string Name);

internal sealed record MetafieldValidationDto(string Name, string? Value);

internal sealed record ProductMetafieldsData(ProductMetafieldsDto? Product);

internal sealed record ProductMetafieldsDto(MetafieldConnectionDto? Metafields, VariantMetafieldsConnectionDto? Variants);

internal sealed record VariantMetafieldsConnectionDto(PageInfoDto PageInfo, List<VariantMetafieldsDto> Nodes);

internal sealed record VariantMetafieldsDto(string Id, MetafieldConnectionDto? Metafields);

internal sealed record MetafieldsSetData(MetafieldsSetPayloadDto? MetafieldsSet);

internal sealed record MetafieldsSetPayloadDto(List<UserErrorDto> UserErrors);

internal sealed record MetafieldsDeleteData(MetafieldsDeletePayloadDto? MetafieldsDelete);

internal sealed record MetafieldsDeletePayloadDto(List<UserErrorDto> UserErrors);
