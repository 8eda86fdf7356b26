namespace SyncStudio.Services.Shopify;

/// <summary>
/// Requested cost of each document, computed as Shopify does before running a query: an object costs 1, a scalar
/// or enum 0, a connection 2 plus <c>first</c> times the cost of one node, a mutation 10. Shopify refuses a query
/// over <see cref="ShopifyOptions.MaxQueryCost"/>, so page sizes are the largest that stay under it. The estimate is
/// only used until Shopify's own <c>requestedQueryCost</c> for the same request shape has been seen.
/// </summary>
internal static class ShopifyQueryCost
{
    public const int Mutation = 10;

    /// <summary>Shopify's largest page.</summary>
    public const int MaxFirst = 250;

    /// <summary>Levels read per inventory item (Shopify's Basic plan holds up to 10 locations).</summary>
    public const int LevelsFirst = 10;

    /// <summary>
    /// ProductVariant + selectedOptions + inventoryItem + unitCost + measurement + weight, and its levels connection
    /// (level + location + quantities each).
    /// </summary>
    public const int VariantNode = 6 + 2 + (LevelsFirst * 3);

    public const int ProductsCount = 1;

    /// <summary>The collection alone (its scalar fields cost nothing).</summary>
    public const int Collection = 1;

    /// <summary>shop + plan.</summary>
    public const int Shop = 2;

    public const int BulkOperation = 1;

    /// <summary>product + its options (a list, not a connection).</summary>
    public const int ProductOptions = 2;

    /// <summary>A page of 250 locations.</summary>
    public static int Locations => Connection(MaxFirst, 1);

    /// <summary>The location object.</summary>
    public const int PrimaryLocation = 1;

    /// <summary>inventoryItem + its levels connection (level + location + quantities each).</summary>
    public static int InventoryLevelsPage(int first) => 1 + Connection(first, 3);

    /// <summary>inventoryItem + inventoryLevel + its quantities.</summary>
    public const int InventoryLevel = 3;

    /// <summary>
    /// productSet's requested cost from 2025-10 on: 10 + 0.2 per variant (files and metafields, which the client does
    /// not send, add more), https://shopify.dev/changelog/dynamic-complexity-cost-for-productset-mutation.
    /// </summary>
    public static int ProductSet(int variants) => (int)Math.Ceiling(Mutation + (variants * 0.2m));

    /// <summary>
    /// What a products page charges per product it returns (<c>actualQueryCost</c>: the objects returned, not the
    /// window asked for), for a product of three variants stocked at one location: product, seo and the variants
    /// connection, then per variant the variant, its options, inventory item, cost, measurement, weight, the levels
    /// connection and one level (level, location, quantities). The estimate of a paged read's points before it runs.
    /// </summary>
    public const int ProductActualEstimate = 1 + 1 + 1 + 2 + (3 * (6 + 2 + 3));

    public static int Connection(int first, int nodeCost) => 2 + (first * nodeCost);

    /// <summary>Product + options + seo + mediaCount + the variants connection.</summary>
    public static int ProductNode(int variantsFirst) => 1 + 1 + 1 + 1 + Connection(variantsFirst, VariantNode);

    /// <summary>product + its media connection (medium + image each).</summary>
    public static int ProductMedia(int first) => 1 + Connection(first, 2);

    public static int ProductsPage(int first, int variantsFirst) => Connection(first, ProductNode(variantsFirst));

    /// <summary>collection + its products connection.</summary>
    public static int CollectionProductsPage(int first, int variantsFirst) => 1 + ProductsPage(first, variantsFirst);

    /// <summary>product + its variants connection.</summary>
    public static int ProductVariantsPage(int first) => 1 + Connection(first, VariantNode);

    public static int Product(int variantsFirst) => ProductNode(variantsFirst);

    /// <summary>The product node and its create mark (a metafield object).</summary>
    public static int ProductByHandle(int variantsFirst) => ProductNode(variantsFirst) + 1;

    public static int ProductsPageSize(int variantsFirst) =>
        LargestFirst(fixedCost: 2, perItem: ProductNode(variantsFirst));

    public static int CollectionProductsPageSize(int variantsFirst) =>
        LargestFirst(fixedCost: 3, perItem: ProductNode(variantsFirst));

    public static int VariantsPageSize => LargestFirst(fixedCost: 3, perItem: VariantNode);

    /// <summary>Variants read with a single product: 1 (product) + 1 (options) + 1 (seo) + 1 (mediaCount) + 2 (connection) fixed.</summary>
    public static int ProductVariantsFirst => LargestFirst(fixedCost: 6, perItem: VariantNode);

    private static int LargestFirst(int fixedCost, int perItem) =>
        Math.Max(1, Math.Min(MaxFirst, (ShopifyOptions.MaxQueryCost - fixedCost) / perItem));
}
