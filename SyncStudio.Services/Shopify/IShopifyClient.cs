namespace SyncStudio.Services.Shopify;

/// <summary>
/// The Shopify Admin GraphQL API as the sync uses it. Expected outcomes (userErrors, not found, throttled or
/// failing after the allowed retries, a lost mutation response) come back as <see cref="ShopifyResult{T}"/>
/// failures, never as exceptions. Usage counts in the caller's <see cref="ShopifyUsage"/> scope.
/// </summary>
public interface IShopifyClient
{
    /// <summary>The shop's bucket as Shopify last reported it (for the dashboard); null before the first call.</summary>
    ShopifyThrottleStatus? LastThrottleStatus { get; }

    /// <summary>
    /// One page of products with all their variants (a product with more variants than fit in the page is completed
    /// with follow-up requests). Pass the previous page's <see cref="ShopifyProductPage.EndCursor"/> as
    /// <paramref name="after"/>. An incremental query reads oldest-updated first.
    /// </summary>
    Task<ShopifyResult<ShopifyProductPage>> GetProductsPageAsync(
        ShopifyProductQuery query, string? after, CancellationToken cancellationToken = default);

    /// <summary>One product with all its variants; null when it does not exist.</summary>
    Task<ShopifyResult<ShopifyProduct?>> GetProductAsync(long productId, CancellationToken cancellationToken = default);

    Task<ShopifyResult<ShopifyProductCount>> CountProductsAsync(
        DateTime? updatedSince = null, CancellationToken cancellationToken = default);

    /// <summary>One collection (its id and title); null when the store has no collection with that id.</summary>
    Task<ShopifyResult<ShopifyCollectionRef?>> GetCollectionAsync(long collectionId, CancellationToken cancellationToken = default);

    Task<ShopifyResult<ShopifyShop>> GetShopAsync(CancellationToken cancellationToken = default);

    /// <summary>Every location of the shop (for the mapping of local stock locations).</summary>
    Task<ShopifyResult<IReadOnlyList<ShopifyLocation>>> GetLocationsAsync(CancellationToken cancellationToken = default);

    /// <summary>The shop's primary location (<c>location</c> without an id); null when it has none.</summary>
    Task<ShopifyResult<ShopifyLocation?>> GetPrimaryLocationAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// What is available of an inventory item at a location, or that it is not stocked there; a failure of kind
    /// NotFound when the item does not exist.
    /// </summary>
    Task<ShopifyResult<ShopifyInventoryLevel>> GetInventoryLevelAsync(long inventoryItemId, long locationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stocks an inventory item at a location, with nothing available there (<c>inventoryActivate</c>, with an
    /// idempotency key derived from the change id); answers the level.
    /// </summary>
    Task<ShopifyResult<ShopifyInventoryLevel>> ActivateInventoryAsync(
        long inventoryItemId, long locationId, string changeId, CancellationToken cancellationToken = default);

    /// <summary>Starts a bulk export of products with their variants (one at a time per shop).</summary>
    Task<ShopifyResult<ShopifyBulkOperation>> StartBulkProductExportAsync(
        DateTime? updatedSince = null, CancellationToken cancellationToken = default);

    Task<ShopifyResult<ShopifyBulkOperation>> GetBulkOperationAsync(
        string bulkOperationId, CancellationToken cancellationToken = default);

    /// <summary>Polls until the operation is COMPLETED (success) or FAILED/CANCELED/EXPIRED (failure).</summary>
    Task<ShopifyResult<ShopifyBulkOperation>> WaitForBulkOperationAsync(
        string bulkOperationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams a completed export's JSONL from <paramref name="url"/> as assembled products, line by line.
    /// Throws <see cref="ShopifyApiException"/> when the file cannot be read.
    /// </summary>
    IAsyncEnumerable<ShopifyProduct> ReadBulkProductsAsync(string url, CancellationToken cancellationToken = default);

    /// <summary>
    /// Start, wait for and stream a bulk export. Throws <see cref="ShopifyApiException"/> when it cannot start or
    /// fails: a stream has no return value to carry the failure.
    /// </summary>
    IAsyncEnumerable<ShopifyProduct> ExportProductsAsync(
        DateTime? updatedSince = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a product with its options and variants (<c>productSet</c>), marked as made by the create of
    /// <paramref name="changeId"/>. Shopify does not deduplicate <c>productSet</c>, so an answer that is lost is never
    /// sent again here: it fails with <see cref="ShopifyFailureKind.OutcomeUnknown"/>, and the caller settles it with
    /// <see cref="FindProductByHandleAsync"/> before any re-send.
    /// </summary>
    Task<ShopifyResult<ShopifyProduct>> CreateProductAsync(
        ShopifyProductCreate product, string changeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The product under <paramref name="handle"/> with all its variants (null when there is none), and whether the
    /// create of <paramref name="changeId"/> made it.
    /// </summary>
    Task<ShopifyResult<ShopifyProductAtHandle?>> FindProductByHandleAsync(
        string handle, string changeId, CancellationToken cancellationToken = default);

    /// <summary>Changes product fields only (<c>productUpdate</c>); variants are untouched.</summary>
    Task<ShopifyResult<ShopifyProductUpdated>> UpdateProductAsync(
        ShopifyProductUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes variant fields of one product atomically (<c>productVariantsBulkUpdate</c>): at most
    /// <see cref="ShopifyLimits.MaxInputArray"/> variants a call; more is refused (send them in <see cref="ShopifyLimits.Chunks"/>).
    /// </summary>
    Task<ShopifyResult<IReadOnlyList<ShopifyVariant>>> UpdateVariantsAsync(
        long productId, IReadOnlyList<ShopifyVariantUpdate> variants, CancellationToken cancellationToken = default);

    /// <summary>A product's options with their ids and values, in position order; null when the product does not exist.</summary>
    Task<ShopifyResult<IReadOnlyList<ShopifyProductOption>?>> GetProductOptionsAsync(
        long productId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renames one option and any of its values (<c>productOptionUpdate</c>); no variant is created or deleted, a renamed
    /// value is renamed on every variant that has it.
    /// </summary>
    Task<ShopifyResult<ShopifyProductUpdated>> RenameOptionAsync(
        ShopifyOptionRename rename, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds variants to a product (<c>productVariantsBulkCreate</c>), each with its values for <paramref name="optionNames"/>
    /// and, when <paramref name="locationId"/> is given, its stock there; Shopify deletes none of the existing variants.
    /// At most <see cref="ShopifyLimits.MaxInputArray"/> a call. Answers the created variants.
    /// </summary>
    Task<ShopifyResult<IReadOnlyList<ShopifyVariant>>> CreateVariantsAsync(
        long productId, IReadOnlyList<string> optionNames, IReadOnlyList<ShopifyVariantCreate> variants, long? locationId,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes variants of a product (<c>productVariantsBulkDelete</c>); at most <see cref="ShopifyLimits.MaxInputArray"/> a call.</summary>
    Task<ShopifyResult<ShopifyProductUpdated>> DeleteVariantsAsync(
        long productId, IReadOnlyList<long> variantIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves variants to the given 1-based positions (<c>productVariantsBulkReorder</c>); the others keep their order
    /// around them. At most <see cref="ShopifyLimits.MaxInputArray"/> a call.
    /// </summary>
    Task<ShopifyResult<ShopifyProductUpdated>> ReorderVariantsAsync(
        long productId, IReadOnlyList<(long VariantId, int Position)> positions, CancellationToken cancellationToken = default);

    /// <summary>Adds options (<c>productOptionsCreate</c>, <c>LEAVE_AS_IS</c>): existing variants take each one's first value.</summary>
    Task<ShopifyResult<ShopifyProductUpdated>> CreateOptionsAsync(
        long productId, IReadOnlyList<ShopifyOptionCreate> options, CancellationToken cancellationToken = default);

    /// <summary>Puts every option of the product in the order given, by option id (<c>productOptionsReorder</c>).</summary>
    Task<ShopifyResult<ShopifyProductUpdated>> ReorderOptionsAsync(
        long productId, IReadOnlyList<long> optionIds, CancellationToken cancellationToken = default);

    /// <summary>Deletes options (<c>productOptionsDelete</c>, <c>NON_DESTRUCTIVE</c>): refused when a variant would have to go.</summary>
    Task<ShopifyResult<ShopifyProductUpdated>> DeleteOptionsAsync(
        long productId, IReadOnlyList<long> optionIds, CancellationToken cancellationToken = default);

    /// <summary>Deletes a product; answers the deleted product's id.</summary>
    Task<ShopifyResult<long>> DeleteProductAsync(long productId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets one quantity with <c>changeFromQuantity</c> (a stale value fails with CHANGE_FROM_QUANTITY_STALE) and an
    /// idempotency key derived from the change id.
    /// </summary>
    Task<ShopifyResult<ShopifyInventoryAdjustment>> SetInventoryQuantityAsync(
        ShopifyInventorySet request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the <c>available</c> quantity of up to <see cref="ShopifyLimits.MaxInputArray"/> items at their locations in
    /// one <c>inventorySetQuantities</c>, each with <c>changeFromQuantity</c> (any stale one fails the whole call with
    /// CHANGE_FROM_QUANTITY_STALE, nothing written) and an idempotency key derived from <paramref name="changeId"/>.
    /// </summary>
    Task<ShopifyResult<ShopifyInventoryAdjustment>> SetInventoryQuantitiesAsync(
        IReadOnlyList<ShopifyInventoryQuantity> quantities, string changeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The metafield definitions of the synced namespaces (docs/decisions/0023); none for a client that syncs no
    /// metafields (a test fake, a one-off client).
    /// </summary>
    Task<ShopifyResult<ShopifyMetafieldScope>> GetMetafieldScopeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(ShopifyResult.Success(ShopifyMetafieldScope.None));

    /// <summary>Reads the definitions afresh on the next <see cref="GetMetafieldScopeAsync"/> (a pull starts with it).</summary>
    void ForgetMetafieldScope()
    {
    }

    /// <summary>Sets up to 25 metafields with <c>metafieldsSet</c>, atomically.</summary>
    Task<ShopifyResult<bool>> SetMetafieldsAsync(IReadOnlyList<ShopifyMetafieldSet> metafields, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This client writes no metafields.");

    /// <summary>Adds images to a product from URLs (<c>productUpdate</c>'s <c>media</c>; docs/decisions/0029).</summary>
    Task<ShopifyResult<bool>> CreateProductMediaAsync(long productId, IReadOnlyList<ShopifyMediaCreate> media, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This client writes no media.");

    /// <summary>Sets images' alt text, or takes images off their product, with <c>fileUpdate</c>.</summary>
    Task<ShopifyResult<bool>> UpdateProductMediaAsync(IReadOnlyList<ShopifyMediaUpdate> updates, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This client writes no media.");

    /// <summary>Moves a product's images to their places with <c>productReorderMedia</c> (zero-based, evaluated in order).</summary>
    Task<ShopifyResult<bool>> ReorderProductMediaAsync(long productId, IReadOnlyList<(long MediaId, int Position)> moves, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This client writes no media.");

    /// <summary>Removes metafields with <c>metafieldsDelete</c>.</summary>
    Task<ShopifyResult<bool>> DeleteMetafieldsAsync(IReadOnlyList<ShopifyMetafieldDelete> metafields, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This client removes no metafields.");
}
