using GraphQL;
using GraphQL.Resolvers;

namespace SyncStudio.ShopifySimulator;

/// <summary>The <c>QueryRoot</c> fields the simulator answers. Every other root field is "not implemented".</summary>
internal static class QueryResolvers
{
    public static IFieldResolver? For(string field) => field switch
    {
        "products" => Resolve(context => ProductConnections.Resolve(context, context.Execution(), collectionId: null)),
        "productsCount" => Resolve(ProductsCount),
        "product" => Resolve(context => ProductById(context, context.GetArgument<string>("id"))),
        "productByHandle" => Resolve(context => ProductByHandle(context, context.GetArgument<string>("handle"))),
        "productByIdentifier" => Resolve(ProductByIdentifier),
        "productVariant" => Resolve(context => VariantById(context, context.GetArgument<string>("id"))),
        "productVariants" => Resolve(context => ConnectionFieldResolver.Page(context, Variants(context))),
        "productVariantsCount" => Resolve(context => new CountNode(Variants(context).Count())),
        "inventoryItem" => Resolve(InventoryItem),
        "collection" => Resolve(context => CollectionById(context, context.GetArgument<string>("id"))),
        "collectionByHandle" => Resolve(context => CollectionByHandle(context, context.GetArgument<string>("handle"))),
        "collections" => Resolve(context => ConnectionFieldResolver.Page(context,
            context.Execution().Store.Collections.Select(c => new CollectionNode(c, context.Execution())))),
        "shop" => Resolve(context => new ShopNode(context.Execution())),
        "locations" => Resolve(Locations),
        // Without an id, the primary location (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/location).
        "location" => Resolve(context =>
            context.GetArgument<string?>("id") is not { } id
                ? new LocationNode(SimulatorStore.PrimaryLocation, context.Execution())
                : LocationById(context, id)),
        "node" => Resolve(context => Node(context, context.GetArgument<string>("id"))),
        "nodes" => Resolve(context => context.GetArgument<List<object>>("ids").Select(id => Node(context, id?.ToString())).ToList()),
        "bulkOperation" => Resolve(context => context.Execution().Simulator.Bulk.Find(context.GetArgument<string>("id")) is { } operation
            ? new BulkOperationNode(operation)
            : null),
        "currentBulkOperation" => Resolve(context =>
            context.GetArgument("type", "QUERY") == "QUERY" && context.Execution().Simulator.Bulk.Current is { } operation
                ? new BulkOperationNode(operation)
                : null),
        _ => MetafieldResolvers.Query(field) ?? WebhookResolvers.Query(field),
    };

    private static FuncFieldResolver<object?> Resolve(Func<IResolveFieldContext, object?> resolve) => new(resolve);

    private static CountNode ProductsCount(IResolveFieldContext context)
    {
        var count = context.Execution().Store.Count(ProductSearchQuery.Parse(context.GetArgument<string?>("query")));
        var limit = context.GetArgument<int?>("limit");
        return limit is { } max && count > max ? new CountNode(max, "AT_LEAST") : new CountNode(count);
    }

    private static ProductNode? ProductById(IResolveFieldContext context, string? gid) =>
        ShopifyGid.ParseId(gid, "Product") is { } id && context.Execution().Store.GetProduct(id) is { } product
            ? new ProductNode(product, context.Execution())
            : null;

    private static ProductNode? ProductByHandle(IResolveFieldContext context, string? handle) =>
        handle is not null && context.Execution().Store.GetProductByHandle(handle) is { } product
            ? new ProductNode(product, context.Execution())
            : null;

    private static ProductNode? ProductByIdentifier(IResolveFieldContext context)
    {
        var identifier = context.GetArgument<Dictionary<string, object?>>("identifier");
        if (identifier.TryGetValue("id", out var id))
            return ProductById(context, id?.ToString());
        if (identifier.TryGetValue("handle", out var handle))
            return ProductByHandle(context, handle?.ToString());
        throw new ExecutionError("The Shopify simulator looks products up by id or handle only.") { Code = "NOT_IMPLEMENTED" };
    }

    private static VariantNode? VariantById(IResolveFieldContext context, string? gid) =>
        ShopifyGid.ParseId(gid, "ProductVariant") is { } id && context.Execution().Store.FindVariant(id) is { } found
            ? new VariantNode(found.Product, found.Variant, found.Product.Variants.IndexOf(found.Variant) + 1, context.Execution())
            : null;

    private static InventoryItemNode? InventoryItem(IResolveFieldContext context) =>
        ShopifyGid.ParseId(context.GetArgument<string>("id"), "InventoryItem") is { } id &&
        context.Execution().Store.FindInventoryItem(id) is { } found
            ? new InventoryItemNode(found.Product, found.Variant, context.Execution())
            : null;

    private static CollectionNode? CollectionById(IResolveFieldContext context, string? gid) =>
        ShopifyGid.ParseId(gid, "Collection") is { } id && context.Execution().Store.Collections.FirstOrDefault(c => c.Id == id) is { } collection
            ? new CollectionNode(collection, context.Execution())
            : null;

    private static CollectionNode? CollectionByHandle(IResolveFieldContext context, string? handle) =>
        context.Execution().Store.Collections.FirstOrDefault(c => c.Handle == handle) is { } collection
            ? new CollectionNode(collection, context.Execution())
            : null;

    /// <summary>Variants across the store; the query understands <c>sku:</c>, <c>barcode:</c> and <c>product_id:</c>.</summary>
    private static IEnumerable<VariantNode> Variants(IResolveFieldContext context)
    {
        var execution = context.Execution();
        var terms = (context.GetArgument<string?>("query") ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.Split(':', 2))
            .Where(t => t.Length == 2)
            .Select(t => (Field: t[0].ToLowerInvariant(), Value: t[1].Trim('\'', '"')))
            .ToList();
        var productId = context.GetArgument<string?>("productId") ?? terms.FirstOrDefault(t => t.Field == "product_id").Value;
        var products = productId is not null && ShopifyGid.ParseId(productId.Contains('/', StringComparison.Ordinal) ? productId : $"gid://shopify/Product/{productId}", "Product") is { } id
            ? execution.Store.GetProduct(id) is { } one ? [one] : []
            : execution.Store.Snapshot(ProductSearchQuery.All);
        foreach (var product in products)
        {
            for (var i = 0; i < product.Variants.Length; i++)
            {
                var variant = product.Variants[i];
                if (terms.All(t => t.Field switch
                    {
                        "sku" => string.Equals(variant.Sku, t.Value, StringComparison.OrdinalIgnoreCase),
                        "barcode" => string.Equals(variant.Barcode, t.Value, StringComparison.OrdinalIgnoreCase),
                        _ => true,
                    }))
                    yield return new VariantNode(product, variant, i + 1, execution);
            }
        }
    }

    /// <summary>
    /// The store's locations (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/locations), by id (the
    /// default, the order they were added) or by name.
    /// </summary>
    private static object Locations(IResolveFieldContext context)
    {
        var execution = context.Execution();
        IEnumerable<SimulatedLocation> locations = context.GetArgument<string?>("sortKey") == "NAME"
            ? execution.Store.Locations.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Id)
            : execution.Store.Locations.OrderBy(l => l.Id);
        return ConnectionFieldResolver.Page(context, [.. locations.Select(l => new LocationNode(l, execution))]);
    }

    private static LocationNode? LocationById(IResolveFieldContext context, string? gid) =>
        ShopifyGid.ParseId(gid, "Location") is { } id && context.Execution().Store.FindLocation(id) is { } location
            ? new LocationNode(location, context.Execution())
            : null;

    private static object? Node(IResolveFieldContext context, string? gid)
    {
        if (!ShopifyGid.TryParse(gid, out var type, out _))
            return null;
        return type switch
        {
            "Product" => ProductById(context, gid),
            "ProductVariant" => VariantById(context, gid),
            "InventoryItem" => ShopifyGid.ParseId(gid, "InventoryItem") is { } id && context.Execution().Store.FindInventoryItem(id) is { } found
                ? new InventoryItemNode(found.Product, found.Variant, context.Execution())
                : null,
            "Collection" => CollectionById(context, gid),
            "Location" => LocationById(context, gid),
            "BulkOperation" => context.Execution().Simulator.Bulk.Find(gid) is { } operation ? new BulkOperationNode(operation) : null,
            _ => null,
        };
    }
}

/// <summary>The products connection, at the root and under a collection: keyset paging over the store.</summary>
internal static class ProductConnections
{
    public static Connection Resolve(IResolveFieldContext context, SimulatorExecution execution, long? collectionId)
    {
        if (execution.BulkChunk is { } chunk && collectionId is null && context.Path.Count() == 1)
        {
            return new Connection(
                [.. chunk.Select(p => new ProductNode(p, execution))],
                i => ProductCursor.Encode(chunk[i], ProductSortKey.Id),
                false,
                false);
        }

        var (first, last) = ConnectionFieldResolver.PageSizes(context);
        var key = SortKey(context.GetArgument<string?>("sortKey"));
        ProductCursor? after, before;
        try
        {
            after = ProductCursor.Decode(context.GetArgument<string?>("after"));
            before = ProductCursor.Decode(context.GetArgument<string?>("before"));
        }
        catch (FormatException)
        {
            throw new ExecutionError("Invalid cursor for current pagination sort.") { Code = "BAD_REQUEST" };
        }

        var filter = context.FieldDefinition.Arguments?.Find("query") is null
            ? ProductSearchQuery.All
            : ProductSearchQuery.Parse(context.GetArgument<string?>("query"));
        var page = execution.Store.QueryProducts(new ProductPageRequest(
            filter, key, context.GetArgument("reverse", false), first, after, last, before, collectionId));
        return new Connection(
            [.. page.Products.Select(p => new ProductNode(p, execution))],
            i => ProductCursor.Encode(page.Products[i], key),
            page.HasNextPage,
            page.HasPreviousPage);
    }

    private static ProductSortKey SortKey(string? name) => name switch
    {
        "UPDATED_AT" => ProductSortKey.UpdatedAt,
        "CREATED_AT" or "CREATED" or "PUBLISHED_AT" => ProductSortKey.CreatedAt,
        "TITLE" => ProductSortKey.Title,
        "VENDOR" => ProductSortKey.Vendor,
        "PRODUCT_TYPE" => ProductSortKey.ProductType,
        "INVENTORY_TOTAL" => ProductSortKey.InventoryTotal,
        _ => ProductSortKey.Id,
    };
}
