using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncStudio.Services.Diagnostics;

namespace SyncStudio.Services.Shopify;

/// <summary>The Admin GraphQL client (a typed <see cref="HttpClient"/>; see <see cref="IShopifyClient"/>).</summary>
public sealed partial class ShopifyClient : IShopifyClient
{
    /// <summary>
    /// Variants per request when reading one product or the rest of a product's variants: the most that stay under the
    /// cost cap with each variant's levels per location (cost ~930, see <see cref="ShopifyQueryCost.VariantNode"/>).
    /// </summary>
    internal const int VariantsWindow = 25;

    private static readonly string[] Statuses = ["active", "draft", "archived", "unlisted"];

    private readonly HttpClient _http;
    private readonly ShopifyOptions _options;
    private readonly ShopifyCostBuckets _buckets;
    private readonly TimeProvider _time;
    private readonly ILogger<ShopifyClient> _logger;
    private readonly ShopifyGraphQLTransport _transport;
    private readonly ShopifyEndpoint _configured;
    private readonly ShopifyBulkSignals? _bulkSignals;

    /// <param name="connections">The connection saved through the dashboard, when the host has that store; it wins
    /// over the configured shop on every call.</param>
    public ShopifyClient(
        HttpClient http,
        IOptionsMonitor<ShopifyOptions> options,
        ShopifyCostBuckets buckets,
        TimeProvider time,
        ILogger<ShopifyClient> logger,
        IShopifyConnectionSource? connections = null,
        SyncMetrics? metrics = null,
        ShopifyBulkSignals? bulkSignals = null,
        IMetafieldNamespaceSource? metafieldNamespaces = null)
        : this(http, options.CurrentValue, buckets, time, logger, null, connections, metrics)
    {
        _bulkSignals = bulkSignals;
        _metafieldNamespaces = metafieldNamespaces;
    }

    private ShopifyClient(
        HttpClient http,
        ShopifyOptions options,
        ShopifyCostBuckets buckets,
        TimeProvider time,
        ILogger<ShopifyClient> logger,
        ShopifyEndpoint? fixedEndpoint,
        IShopifyConnectionSource? connections,
        SyncMetrics? metrics = null)
    {
        _http = http;
        _options = options;
        _buckets = buckets;
        _time = time;
        _logger = logger;
        _configured = fixedEndpoint ?? ShopifyEndpoint.From(options);
        _transport = new ShopifyGraphQLTransport(http, _options, buckets, fixedEndpoint is null && connections is not null
            ? async ct => await connections.GetActiveAsync(ct) ?? _configured
            : _ => ValueTask.FromResult(_configured), time, logger, metrics);
    }

    /// <summary>
    /// A client for one given shop, whatever is configured or saved (to test a connection before saving it);
    /// <paramref name="http"/> should come from the factory's <see cref="ShopifyRegistration.HttpClientName"/> client.
    /// </summary>
    public static ShopifyClient For(
        ShopifyEndpoint endpoint, HttpClient http, ShopifyOptions options, ShopifyCostBuckets buckets, TimeProvider time, ILogger<ShopifyClient> logger) =>
        new(http, options, buckets, time, logger, endpoint, null);

    public ShopifyThrottleStatus? LastThrottleStatus =>
        _transport.LastBucket?.LastStatus ?? _buckets.GetLastStatus(_configured.ShopKey);

    public async Task<ShopifyResult<ShopifyProductPage>> GetProductsPageAsync(
        ShopifyProductQuery query, string? after, CancellationToken cancellationToken = default)
    {
        var variantsFirst = _options.VariantsPerProductInPage;
        ProductConnectionDto connection;
        if (query.CollectionId is { } collectionId)
        {
            var first = ShopifyQueryCost.CollectionProductsPageSize(variantsFirst);
            var result = await _transport.ExecuteAsync<CollectionProductsPageData>(
                ShopifyDocuments.CollectionProductsPage,
                new JsonObject
                {
                    ["collectionId"] = ShopifyGid.Collection(collectionId),
                    ["first"] = first,
                    ["after"] = after,
                    ["variantsFirst"] = variantsFirst,
                },
                ShopifyQueryCost.CollectionProductsPage(first, variantsFirst),
                cancellationToken);
            if (!result.Succeeded)
            {
                return ShopifyResult.Fail<ShopifyProductPage>(result.Failure);
            }

            if (result.Value!.Collection is null)
            {
                return ShopifyResult.Fail<ShopifyProductPage>(
                    new(ShopifyFailureKind.NotFound, $"Collection {collectionId} does not exist."));
            }

            connection = result.Value.Collection.Products;
        }
        else
        {
            var first = ShopifyQueryCost.ProductsPageSize(variantsFirst);
            var result = await _transport.ExecuteAsync<ProductsPageData>(
                ShopifyDocuments.ProductsPage,
                new JsonObject
                {
                    ["first"] = first,
                    ["after"] = after,
                    ["query"] = query.UpdatedSince is { } since ? ShopifyDocuments.UpdatedSinceFilter(since) : null,
                    // Incremental reads go oldest-updated first so a stopped pull resumes where it was.
                    ["sortKey"] = query.UpdatedSince is null ? "ID" : "UPDATED_AT",
                    ["variantsFirst"] = variantsFirst,
                },
                ShopifyQueryCost.ProductsPage(first, variantsFirst),
                cancellationToken);
            if (!result.Succeeded)
            {
                return ShopifyResult.Fail<ShopifyProductPage>(result.Failure);
            }

            connection = result.Value!.Products;
        }

        var products = new List<ShopifyProduct>(connection.Nodes.Count);
        foreach (var node in connection.Nodes)
        {
            // Collections cannot be filtered by date on Shopify's side.
            if (query.CollectionId is not null && query.UpdatedSince is { } since && node.UpdatedAt <= since)
            {
                continue;
            }

            var completed = await CompleteVariantsAsync(node, cancellationToken);
            if (!completed.Succeeded)
            {
                return ShopifyResult.Fail<ShopifyProductPage>(completed.Failure);
            }

            if (completed.Value is { } product)
            {
                products.Add(product);
            }
        }

        return ShopifyResult.Success(new ShopifyProductPage(
            products, connection.PageInfo.EndCursor, connection.PageInfo.HasNextPage));
    }

    public async Task<ShopifyResult<ShopifyProduct?>> GetProductAsync(
        long productId, CancellationToken cancellationToken = default)
    {
        var result = await _transport.ExecuteAsync<ProductData>(
            ShopifyDocuments.Product,
            new JsonObject { ["id"] = ShopifyGid.Product(productId), ["variantsFirst"] = VariantsWindow },
            ShopifyQueryCost.Product(VariantsWindow),
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProduct?>(result.Failure);
        }

        return result.Value!.Product is { } product
            ? await CompleteVariantsAsync(product, cancellationToken)
            : ShopifyResult.Success<ShopifyProduct?>(null);
    }

    public async Task<ShopifyResult<ShopifyProductCount>> CountProductsAsync(
        DateTime? updatedSince = null, CancellationToken cancellationToken = default)
    {
        var result = await _transport.ExecuteAsync<ProductsCountData>(
            ShopifyDocuments.ProductsCount,
            new JsonObject
            {
                ["query"] = updatedSince is { } since ? ShopifyDocuments.UpdatedSinceFilter(since) : null,
            },
            ShopifyQueryCost.ProductsCount,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProductCount>(result.Failure);
        }

        var count = result.Value!.ProductsCount ?? new CountDto(0, "EXACT");
        return ShopifyResult.Success(new ShopifyProductCount(count.Count, count.Precision is null or "EXACT"));
    }

    public async Task<ShopifyResult<ShopifyCollectionRef?>> GetCollectionAsync(long collectionId, CancellationToken cancellationToken = default)
    {
        var result = await _transport.ExecuteAsync<CollectionData>(
            ShopifyDocuments.Collection,
            new JsonObject { ["id"] = ShopifyGid.Collection(collectionId) },
            ShopifyQueryCost.Collection,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyCollectionRef?>(result.Failure);
        }

        var collection = result.Value!.Collection;
        return ShopifyResult.Success(collection is null
            ? null
            : new ShopifyCollectionRef(ShopifyGid.Parse(collection.Id, "Collection"), collection.Title ?? ""));
    }

    public async Task<ShopifyResult<ShopifyShop>> GetShopAsync(CancellationToken cancellationToken = default)
    {
        var result = await _transport.ExecuteAsync<ShopData>(
            ShopifyDocuments.Shop, [], ShopifyQueryCost.Shop, cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyShop>(result.Failure);
        }

        var shop = result.Value!.Shop;
        return ShopifyResult.Success(new ShopifyShop(
            shop.Name, shop.MyshopifyDomain, shop.Plan.PublicDisplayName, shop.Plan.ShopifyPlus, shop.Plan.PartnerDevelopment)
        {
            CurrencyCode = shop.CurrencyCode,
        });
    }

    public async Task<ShopifyResult<IReadOnlyList<ShopifyLocation>>> GetLocationsAsync(CancellationToken cancellationToken = default)
    {
        var locations = new List<ShopifyLocation>();
        string? after = null;
        do
        {
            var result = await _transport.ExecuteAsync<LocationsData>(
                ShopifyDocuments.Locations, new JsonObject { ["after"] = after }, ShopifyQueryCost.Locations, cancellationToken);
            if (!result.Succeeded)
            {
                return ShopifyResult.Fail<IReadOnlyList<ShopifyLocation>>(result.Failure);
            }

            var page = result.Value!.Locations;
            locations.AddRange(page.Nodes.Select(n => new ShopifyLocation(ShopifyGid.Parse(n.Id, "Location"), n.Name ?? "")));
            after = page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null;
        }
        while (after is not null);
        return ShopifyResult.Success<IReadOnlyList<ShopifyLocation>>(locations);
    }

    public async Task<ShopifyResult<ShopifyLocation?>> GetPrimaryLocationAsync(CancellationToken cancellationToken = default)
    {
        var result = await _transport.ExecuteAsync<PrimaryLocationData>(
            ShopifyDocuments.PrimaryLocation, [], ShopifyQueryCost.PrimaryLocation, cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyLocation?>(result.Failure);
        }

        var location = result.Value!.Location;
        return ShopifyResult.Success(location is null
            ? null
            : new ShopifyLocation(ShopifyGid.Parse(location.Id, "Location"), location.Name ?? ""));
    }

    public async Task<ShopifyResult<ShopifyInventoryLevel>> GetInventoryLevelAsync(
        long inventoryItemId, long locationId, CancellationToken cancellationToken = default)
    {
        var result = await _transport.ExecuteAsync<InventoryLevelData>(
            ShopifyDocuments.InventoryLevel,
            new JsonObject
            {
                ["inventoryItemId"] = ShopifyGid.InventoryItem(inventoryItemId),
                ["locationId"] = ShopifyGid.Location(locationId),
            },
            ShopifyQueryCost.InventoryLevel,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyInventoryLevel>(result.Failure);
        }

        if (result.Value!.InventoryItem is not { } item)
        {
            return ShopifyResult.Fail<ShopifyInventoryLevel>(
                new(ShopifyFailureKind.NotFound, $"Inventory item {inventoryItemId} does not exist."));
        }

        return ShopifyResult.Success(Level(inventoryItemId, locationId, item.InventoryLevel));
    }

    public async Task<ShopifyResult<ShopifyInventoryLevel>> ActivateInventoryAsync(
        long inventoryItemId, long locationId, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        var result = await _transport.ExecuteAsync<InventoryActivateData>(
            ShopifyDocuments.InventoryActivate,
            new JsonObject
            {
                ["inventoryItemId"] = ShopifyGid.InventoryItem(inventoryItemId),
                ["locationId"] = ShopifyGid.Location(locationId),
                ["idempotencyKey"] = IdempotencyKey("inventory-activate", changeId),
            },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyInventoryLevel>(result.Failure);
        }

        var payload = result.Value!.InventoryActivate;
        if (payload is null || payload.UserErrors.Count > 0 || payload.InventoryLevel is null)
        {
            return ShopifyResult.Fail<ShopifyInventoryLevel>((payload?.UserErrors ?? []).ToFailure("inventoryActivate"));
        }

        return ShopifyResult.Success(Level(inventoryItemId, locationId, payload.InventoryLevel));
    }

    private static ShopifyInventoryLevel Level(long inventoryItemId, long locationId, InventoryLevelDto? level) =>
        new(inventoryItemId, locationId, level is not null,
            level?.Quantities.FirstOrDefault(q => q.Name == "available")?.Quantity ?? 0);

    public async Task<ShopifyResult<ShopifyBulkOperation>> StartBulkProductExportAsync(
        DateTime? updatedSince = null, CancellationToken cancellationToken = default)
    {
        var filter = updatedSince is { } since ? ShopifyDocuments.UpdatedSinceFilter(since) : null;
        var result = await _transport.ExecuteAsync<BulkRunData>(
            ShopifyDocuments.BulkProductsRun,
            new JsonObject { ["query"] = await BulkQueryAsync(filter, cancellationToken) },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyBulkOperation>(result.Failure);
        }

        var payload = result.Value!.BulkOperationRunQuery;
        if (payload is null || payload.UserErrors.Count > 0 || payload.BulkOperation is null)
        {
            return ShopifyResult.Fail<ShopifyBulkOperation>((payload?.UserErrors ?? []).ToFailure("bulkOperationRunQuery"));
        }

        return ShopifyResult.Success(payload.BulkOperation.ToBulkOperation());
    }

    public async Task<ShopifyResult<ShopifyBulkOperation>> GetBulkOperationAsync(
        string bulkOperationId, CancellationToken cancellationToken = default)
    {
        var result = await _transport.ExecuteAsync<BulkOperationData>(
            ShopifyDocuments.BulkOperation,
            new JsonObject { ["id"] = bulkOperationId },
            ShopifyQueryCost.BulkOperation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyBulkOperation>(result.Failure);
        }

        return result.Value!.BulkOperation is { } operation
            ? ShopifyResult.Success(operation.ToBulkOperation())
            : ShopifyResult.Fail<ShopifyBulkOperation>(
                new(ShopifyFailureKind.NotFound, $"Bulk operation {bulkOperationId} does not exist."));
    }

    public async Task<ShopifyResult<ShopifyBulkOperation>> WaitForBulkOperationAsync(
        string bulkOperationId, CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + _options.BulkTimeout;
        var wait = _options.BulkFirstPollInterval < _options.BulkPollInterval ? _options.BulkFirstPollInterval : _options.BulkPollInterval;
        while (true)
        {
            var result = await GetBulkOperationAsync(bulkOperationId, cancellationToken);
            if (!result.Succeeded)
            {
                return result;
            }

            var operation = result.Value!;
            if (operation.Status == ShopifyBulkOperationStatus.Completed)
            {
                return result;
            }

            if (operation.IsFinished)
            {
                return ShopifyResult.Fail<ShopifyBulkOperation>(new(
                    ShopifyFailureKind.BulkOperationFailed,
                    $"Bulk operation {bulkOperationId} ended {operation.Status}"
                    + (operation.ErrorCode is null ? "." : $" ({operation.ErrorCode}).")));
            }

            if (_time.GetUtcNow() >= deadline)
            {
                return ShopifyResult.Fail<ShopifyBulkOperation>(new(
                    ShopifyFailureKind.BulkOperationFailed,
                    $"Bulk operation {bulkOperationId} still {operation.Status} after {_options.BulkTimeout}."));
            }

            // A bulk_operations/finish webhook ends the wait early; the next poll still reads the outcome.
            if (_bulkSignals is null)
                await Task.Delay(wait, _time, cancellationToken);
            else
                await _bulkSignals.WaitAsync(bulkOperationId, wait, _time, cancellationToken);
            wait = wait * 2 < _options.BulkPollInterval ? wait * 2 : _options.BulkPollInterval;
        }
    }

    public async IAsyncEnumerable<ShopifyProduct> ReadBulkProductsAsync(
        string url, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Only where Shopify's answer may point: its storage (pre-signed, so no token goes there) or the shop's own Admin
        // origin (a Shopify-compatible endpoint such as the simulator, which wants the token like every other route).
        // Any other address is refused, so nothing an Admin saves can make the server fetch an arbitrary URL.
        var endpoint = await _transport.EndpointAsync(cancellationToken);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new ShopifyApiException(new ShopifyFailure(ShopifyFailureKind.GraphQLErrors, "Bulk result URL is not an absolute http(s) URL.", []));
        var sameOrigin = Uri.Compare(uri, endpoint.GraphQLEndpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        if (!sameOrigin && (uri.Scheme != Uri.UriSchemeHttps || !_options.BulkResultHosts.Any(h =>
                uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase))))
            throw new ShopifyApiException(new ShopifyFailure(ShopifyFailureKind.GraphQLErrors,
                $"Bulk result URL host {uri.Host} is neither the shop nor Shopify's storage: not fetched.", []));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (sameOrigin)
            request.Headers.TryAddWithoutValidation("X-Shopify-Access-Token", await endpoint.Token.GetAsync(cancellationToken));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ShopifyApiException(new ShopifyFailure(
                ShopifyFailureKind.Transient,
                $"Bulk result download failed: HTTP {(int)response.StatusCode}",
                [],
                (int)response.StatusCode));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var product in ReadBulkStreamAsync(stream, _logger, ReadProductAsync, cancellationToken))
        {
            yield return product;
        }
    }

    /// <summary>A bulk result's JSONL, however it is reached, as products (the benchmark reads a file through it).</summary>
    internal static IAsyncEnumerable<ShopifyProduct> ReadBulkStreamAsync(
        Stream stream, ILogger logger, Func<long, CancellationToken, Task<ShopifyProduct?>> readProduct, CancellationToken cancellationToken) =>
        new ShopifyBulkProductReader(logger).ReadAsync(stream, readProduct, cancellationToken);

    public async IAsyncEnumerable<ShopifyProduct> ExportProductsAsync(
        DateTime? updatedSince = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = await StartExportWhenFreeAsync(updatedSince, cancellationToken);
        var completed = (await WaitForBulkOperationAsync(started.Id, cancellationToken)).GetValueOrThrow();
        if (completed.Url is null)
        {
            yield break;
        }

        await foreach (var product in ReadBulkProductsAsync(completed.Url, cancellationToken))
        {
            yield return product;
        }
    }

    /// <summary>
    /// Starts the export. A shop runs up to five bulk queries of one app at a time from 2026-01 (one before), and refuses
    /// another with <c>LIMIT_REACHED</c> (<c>OPERATION_IN_PROGRESS</c> before)
    /// (https://shopify.dev/docs/api/usage/bulk-operations/queries#limitations): that is a wait, not a failed pull, so
    /// the start is asked again each poll interval until one ends, up to the bulk timeout.
    /// </summary>
    private async Task<ShopifyBulkOperation> StartExportWhenFreeAsync(DateTime? updatedSince, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.BulkTimeout;
        while (true)
        {
            var started = await StartBulkProductExportAsync(updatedSince, cancellationToken);
            var busy = !started.Succeeded
                && (started.Failure.HasUserErrorCode("LIMIT_REACHED") || started.Failure.HasUserErrorCode("OPERATION_IN_PROGRESS"));
            if (!busy || _time.GetUtcNow() >= deadline)
                return started.GetValueOrThrow();
            _logger.LogInformation("Shopify runs as many bulk operations as the app may ({Reason}); asking again in {Interval}",
                started.Failure!.Message, _options.BulkPollInterval);
            await Task.Delay(_options.BulkPollInterval, _time, cancellationToken);
        }
    }

    public async Task<ShopifyResult<ShopifyProduct>> CreateProductAsync(
        ShopifyProductCreate product, string changeId, CancellationToken cancellationToken = default)
    {
        var input = ProductSetInput(product);
        input["metafields"] = new JsonArray(new JsonObject
        {
            ["namespace"] = ShopifyDocuments.CreateMarkNamespace,
            ["key"] = ShopifyDocuments.CreateMarkKey,
            ["type"] = "single_line_text_field",
            ["value"] = CreateMark(changeId),
        });
        var result = await _transport.ExecuteAsync<ProductSetData>(
            ShopifyDocuments.ProductCreate,
            new JsonObject { ["input"] = input, ["variantsFirst"] = VariantsWindow },
            ShopifyQueryCost.ProductSet(product.Variants.Count),
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProduct>(result.Failure);
        }

        var payload = result.Value!.ProductSet;
        if (payload is null || payload.UserErrors.Count > 0 || payload.Product is null)
        {
            return ShopifyResult.Fail<ShopifyProduct>((payload?.UserErrors ?? []).ToFailure("productSet"));
        }

        var completed = await CompleteVariantsAsync(payload.Product, cancellationToken);
        if (!completed.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProduct>(completed.Failure);
        }

        return completed.Value is { } created
            ? ShopifyResult.Success(created)
            : ShopifyResult.Fail<ShopifyProduct>(new(ShopifyFailureKind.NotFound, "The created product vanished."));
    }

    public async Task<ShopifyResult<ShopifyProductAtHandle?>> FindProductByHandleAsync(
        string handle, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(handle);
        var result = await _transport.ExecuteAsync<ProductByIdentifierData>(
            ShopifyDocuments.ProductByHandle,
            new JsonObject { ["handle"] = handle, ["variantsFirst"] = VariantsWindow },
            ShopifyQueryCost.ProductByHandle(VariantsWindow),
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProductAtHandle?>(result.Failure);
        }

        if (result.Value!.ProductByIdentifier is not { } found)
        {
            return ShopifyResult.Success<ShopifyProductAtHandle?>(null);
        }

        var completed = await CompleteVariantsAsync(found, cancellationToken);
        if (!completed.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProductAtHandle?>(completed.Failure);
        }

        return ShopifyResult.Success(completed.Value is { } product
            ? new ShopifyProductAtHandle(product, string.Equals(found.CreateMark?.Value, CreateMark(changeId), StringComparison.Ordinal))
            : null);
    }

    public async Task<ShopifyResult<ShopifyProductUpdated>> UpdateProductAsync(
        ShopifyProductUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(update.ProductId);
        if (update.IsEmpty)
        {
            throw new ArgumentException("The update changes no field.", nameof(update));
        }

        var input = new JsonObject { ["id"] = ShopifyGid.Product(update.ProductId) };
        SetIfNotNull(input, "title", update.Title);
        SetIfNotNull(input, "handle", update.Handle);
        SetIfNotNull(input, "descriptionHtml", update.DescriptionHtml);
        SetIfNotNull(input, "vendor", update.Vendor);
        SetIfNotNull(input, "productType", update.ProductType);
        if (update.Tags is not null)
        {
            input["tags"] = StringArray(update.Tags);
        }

        if (update.Status is not null)
        {
            input["status"] = StatusEnum(update.Status);
        }

        if (update.Seo is { } seo)
        {
            input["seo"] = new JsonObject { ["title"] = seo.Title, ["description"] = seo.Description };
        }

        var result = await _transport.ExecuteAsync<ProductUpdateData>(
            ShopifyDocuments.ProductUpdate, new JsonObject { ["product"] = input }, ShopifyQueryCost.Mutation, cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProductUpdated>(result.Failure);
        }

        var payload = result.Value!.ProductUpdate;
        if (payload is null || payload.UserErrors.Count > 0 || payload.Product is null)
        {
            return ShopifyResult.Fail<ShopifyProductUpdated>((payload?.UserErrors ?? []).ToFailure("productUpdate"));
        }

        return ShopifyResult.Success(new ShopifyProductUpdated(
            ShopifyGid.Parse(payload.Product.Id, "Product"), payload.Product.UpdatedAt.ToUniversalTime()));
    }

    public async Task<ShopifyResult<IReadOnlyList<ShopifyVariant>>> UpdateVariantsAsync(
        long productId, IReadOnlyList<ShopifyVariantUpdate> variants, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        if (variants.Count == 0 || variants.Any(v => v.IsEmpty))
        {
            throw new ArgumentException("Every variant update must change at least one field.", nameof(variants));
        }

        // One call per chunk is the caller's (ShopifyWriter): each chunk is a write of its own to settle.
        ShopifyLimits.EnsureOneCall(variants, nameof(variants));

        var inputs = new JsonArray();
        foreach (var variant in variants)
        {
            inputs.Add(VariantUpdateInput(variant));
        }

        var result = await _transport.ExecuteAsync<VariantsUpdateData>(
            ShopifyDocuments.VariantsUpdate,
            new JsonObject { ["productId"] = ShopifyGid.Product(productId), ["variants"] = inputs },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<IReadOnlyList<ShopifyVariant>>(result.Failure);
        }

        var payload = result.Value!.ProductVariantsBulkUpdate;
        if (payload is null || payload.UserErrors.Count > 0)
        {
            return ShopifyResult.Fail<IReadOnlyList<ShopifyVariant>>(
                (payload?.UserErrors ?? []).ToFailure("productVariantsBulkUpdate"));
        }

        IReadOnlyList<ShopifyVariant> updated = (payload.ProductVariants ?? []).Select(v => v.ToVariant([])).ToList();
        return ShopifyResult.Success(updated);
    }

    public async Task<ShopifyResult<IReadOnlyList<ShopifyProductOption>?>> GetProductOptionsAsync(
        long productId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        var result = await _transport.ExecuteAsync<ProductOptionsData>(
            ShopifyDocuments.ProductOptions,
            new JsonObject { ["id"] = ShopifyGid.Product(productId) },
            ShopifyQueryCost.ProductOptions,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<IReadOnlyList<ShopifyProductOption>?>(result.Failure);
        }

        IReadOnlyList<ShopifyProductOption>? options = result.Value!.Product?.Options
            .OrderBy(o => o.Position)
            .Select(o => new ShopifyProductOption(ShopifyGid.Parse(o.Id, "ProductOption"), o.Name, o.Position)
            {
                Values = [.. (o.OptionValues ?? []).Select(v => new ShopifyProductOptionValue(ShopifyGid.Parse(v.Id, "ProductOptionValue"), v.Name))],
            })
            .ToList();
        return ShopifyResult.Success(options);
    }

    public async Task<ShopifyResult<ShopifyProductUpdated>> RenameOptionAsync(
        ShopifyOptionRename rename, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rename.ProductId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rename.OptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(rename.Name);
        var result = await _transport.ExecuteAsync<OptionUpdateData>(
            ShopifyDocuments.OptionUpdate,
            new JsonObject
            {
                ["productId"] = ShopifyGid.Product(rename.ProductId),
                ["option"] = new JsonObject { ["id"] = ShopifyGid.Format("ProductOption", rename.OptionId), ["name"] = rename.Name },
                ["optionValuesToUpdate"] = rename.Values.Count == 0
                    ? null
                    : new JsonArray([.. rename.Values.Select(v => (JsonNode)new JsonObject
                    {
                        ["id"] = ShopifyGid.Format("ProductOptionValue", v.ValueId),
                        ["name"] = v.Name,
                    })]),
            },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProductUpdated>(result.Failure);
        }

        var payload = result.Value!.ProductOptionUpdate;
        if (payload is null || payload.UserErrors.Count > 0 || payload.Product is null)
        {
            return ShopifyResult.Fail<ShopifyProductUpdated>((payload?.UserErrors ?? []).ToFailure("productOptionUpdate"));
        }

        return ShopifyResult.Success(new ShopifyProductUpdated(
            ShopifyGid.Parse(payload.Product.Id, "Product"), payload.Product.UpdatedAt.ToUniversalTime()));
    }

    public async Task<ShopifyResult<IReadOnlyList<ShopifyVariant>>> CreateVariantsAsync(
        long productId, IReadOnlyList<string> optionNames, IReadOnlyList<ShopifyVariantCreate> variants, long? locationId,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        if (variants.Count == 0)
        {
            throw new ArgumentException("Nothing to create.", nameof(variants));
        }

        ShopifyLimits.EnsureOneCall(variants, nameof(variants));
        var inputs = new JsonArray();
        foreach (var variant in variants)
        {
            inputs.Add(VariantCreateInput(variant, optionNames, locationId));
        }

        var result = await _transport.ExecuteAsync<VariantsCreateData>(
            ShopifyDocuments.VariantsCreate,
            new JsonObject { ["productId"] = ShopifyGid.Product(productId), ["variants"] = inputs },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<IReadOnlyList<ShopifyVariant>>(result.Failure);
        }

        var payload = result.Value!.ProductVariantsBulkCreate;
        if (payload is null || payload.UserErrors.Count > 0)
        {
            return ShopifyResult.Fail<IReadOnlyList<ShopifyVariant>>((payload?.UserErrors ?? []).ToFailure("productVariantsBulkCreate"));
        }

        IReadOnlyList<ShopifyVariant> created = (payload.ProductVariants ?? []).Select(v => v.ToVariant([])).ToList();
        return ShopifyResult.Success(created);
    }

    public Task<ShopifyResult<ShopifyProductUpdated>> DeleteVariantsAsync(
        long productId, IReadOnlyList<long> variantIds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        if (variantIds.Count == 0)
        {
            throw new ArgumentException("Nothing to delete.", nameof(variantIds));
        }

        ShopifyLimits.EnsureOneCall(variantIds, nameof(variantIds));
        return ProductMutationAsync<VariantsDeleteData>(
            ShopifyDocuments.VariantsDelete,
            new JsonObject
            {
                ["productId"] = ShopifyGid.Product(productId),
                ["variantsIds"] = new JsonArray([.. variantIds.Select(id => (JsonNode)ShopifyGid.Variant(id))]),
            },
            d => d.ProductVariantsBulkDelete,
            "productVariantsBulkDelete",
            cancellationToken);
    }

    public Task<ShopifyResult<ShopifyProductUpdated>> ReorderVariantsAsync(
        long productId, IReadOnlyList<(long VariantId, int Position)> positions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        if (positions.Count == 0)
        {
            throw new ArgumentException("Nothing to move.", nameof(positions));
        }

        ShopifyLimits.EnsureOneCall(positions, nameof(positions));
        return ProductMutationAsync<VariantsReorderData>(
            ShopifyDocuments.VariantsReorder,
            new JsonObject
            {
                ["productId"] = ShopifyGid.Product(productId),
                ["positions"] = new JsonArray([.. positions.Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = ShopifyGid.Variant(p.VariantId),
                    ["position"] = p.Position,
                })]),
            },
            d => d.ProductVariantsBulkReorder,
            "productVariantsBulkReorder",
            cancellationToken);
    }

    public Task<ShopifyResult<ShopifyProductUpdated>> CreateOptionsAsync(
        long productId, IReadOnlyList<ShopifyOptionCreate> options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        if (options.Count == 0 || options.Any(o => string.IsNullOrWhiteSpace(o.Name) || o.Values.Count == 0))
        {
            throw new ArgumentException("Every option needs a name and at least one value.", nameof(options));
        }

        ShopifyLimits.EnsureOneCall(options, nameof(options));
        return ProductMutationAsync<OptionsCreateData>(
            ShopifyDocuments.OptionsCreate,
            new JsonObject
            {
                ["productId"] = ShopifyGid.Product(productId),
                ["options"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject
                {
                    ["name"] = o.Name,
                    ["position"] = o.Position,
                    ["values"] = new JsonArray([.. o.Values.Select(v => (JsonNode)new JsonObject { ["name"] = v })]),
                })]),
            },
            d => d.ProductOptionsCreate,
            "productOptionsCreate",
            cancellationToken);
    }

    public Task<ShopifyResult<ShopifyProductUpdated>> DeleteOptionsAsync(
        long productId, IReadOnlyList<long> optionIds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        if (optionIds.Count == 0)
        {
            throw new ArgumentException("Nothing to delete.", nameof(optionIds));
        }

        ShopifyLimits.EnsureOneCall(optionIds, nameof(optionIds));
        return ProductMutationAsync<OptionsDeleteData>(
            ShopifyDocuments.OptionsDelete,
            new JsonObject
            {
                ["productId"] = ShopifyGid.Product(productId),
                ["options"] = new JsonArray([.. optionIds.Select(id => (JsonNode)ShopifyGid.Format("ProductOption", id))]),
            },
            d => d.ProductOptionsDelete,
            "productOptionsDelete",
            cancellationToken);
    }

    public Task<ShopifyResult<ShopifyProductUpdated>> ReorderOptionsAsync(
        long productId, IReadOnlyList<long> optionIds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        if (optionIds.Count == 0)
        {
            throw new ArgumentException("Nothing to reorder.", nameof(optionIds));
        }

        return ProductMutationAsync<OptionsReorderData>(
            ShopifyDocuments.OptionsReorder,
            new JsonObject
            {
                ["productId"] = ShopifyGid.Product(productId),
                ["options"] = new JsonArray([.. optionIds.Select(id => (JsonNode)new JsonObject { ["id"] = ShopifyGid.Format("ProductOption", id) })]),
            },
            d => d.ProductOptionsReorder,
            "productOptionsReorder",
            cancellationToken);
    }

    /// <summary>A mutation on one product whose payload is the product's id and time of update, and user errors.</summary>
    private async Task<ShopifyResult<ShopifyProductUpdated>> ProductMutationAsync<TData>(
        ShopifyDocument document, JsonObject variables, Func<TData, ProductUpdatePayloadDto?> payloadOf, string operation,
        CancellationToken cancellationToken)
    {
        var result = await _transport.ExecuteAsync<TData>(document, variables, ShopifyQueryCost.Mutation, cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyProductUpdated>(result.Failure);
        }

        var payload = payloadOf(result.Value!);
        if (payload is null || payload.UserErrors.Count > 0 || payload.Product is null)
        {
            return ShopifyResult.Fail<ShopifyProductUpdated>((payload?.UserErrors ?? []).ToFailure(operation));
        }

        return ShopifyResult.Success(new ShopifyProductUpdated(
            ShopifyGid.Parse(payload.Product.Id, "Product"), payload.Product.UpdatedAt.ToUniversalTime()));
    }

    public async Task<ShopifyResult<long>> DeleteProductAsync(long productId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(productId);
        var result = await _transport.ExecuteAsync<ProductDeleteData>(
            ShopifyDocuments.ProductDelete,
            new JsonObject { ["input"] = new JsonObject { ["id"] = ShopifyGid.Product(productId) } },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<long>(result.Failure);
        }

        var payload = result.Value!.ProductDelete;
        if (payload is null || payload.UserErrors.Count > 0 || payload.DeletedProductId is null)
        {
            return ShopifyResult.Fail<long>((payload?.UserErrors ?? []).ToFailure("productDelete"));
        }

        return ShopifyResult.Success(ShopifyGid.Parse(payload.DeletedProductId, "Product"));
    }

    public async Task<ShopifyResult<ShopifyInventoryAdjustment>> SetInventoryQuantityAsync(
        ShopifyInventorySet request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ChangeId);
        var input = new JsonObject
        {
            ["name"] = request.QuantityName,
            ["reason"] = request.Reason,
            ["quantities"] = new JsonArray(new JsonObject
            {
                ["inventoryItemId"] = ShopifyGid.InventoryItem(request.InventoryItemId),
                ["locationId"] = ShopifyGid.Location(request.LocationId),
                ["quantity"] = request.Quantity,
                ["changeFromQuantity"] = request.ChangeFromQuantity,
            }),
        };
        SetIfNotNull(input, "referenceDocumentUri", request.ReferenceDocumentUri);

        var result = await _transport.ExecuteAsync<InventorySetData>(
            ShopifyDocuments.InventorySetQuantities,
            new JsonObject
            {
                ["input"] = input,
                ["idempotencyKey"] = IdempotencyKey("inventory-set", request.ChangeId),
            },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyInventoryAdjustment>(result.Failure);
        }

        var payload = result.Value!.InventorySetQuantities;
        if (payload is null || payload.UserErrors.Count > 0 || payload.InventoryAdjustmentGroup is null)
        {
            return ShopifyResult.Fail<ShopifyInventoryAdjustment>(
                (payload?.UserErrors ?? []).ToFailure("inventorySetQuantities"));
        }

        var group = payload.InventoryAdjustmentGroup;
        return ShopifyResult.Success(new ShopifyInventoryAdjustment(
            group.Id,
            group.Changes.Select(c => new ShopifyInventoryChange(
                c.Name,
                c.Delta,
                c.QuantityAfterChange,
                c.Item is null ? 0 : ShopifyGid.Parse(c.Item.Id, "InventoryItem"),
                c.Location is null ? 0 : ShopifyGid.Parse(c.Location.Id, "Location"))).ToList()));
    }

    public async Task<ShopifyResult<ShopifyInventoryAdjustment>> SetInventoryQuantitiesAsync(
        IReadOnlyList<ShopifyInventoryQuantity> quantities, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        if (quantities.Count is 0 or > ShopifyLimits.MaxInputArray)
        {
            throw new ArgumentOutOfRangeException(nameof(quantities), quantities.Count, $"1 to {ShopifyLimits.MaxInputArray} quantities a call.");
        }

        var list = new JsonArray();
        foreach (var q in quantities)
        {
            list.Add(new JsonObject
            {
                ["inventoryItemId"] = ShopifyGid.InventoryItem(q.InventoryItemId),
                ["locationId"] = ShopifyGid.Location(q.LocationId),
                ["quantity"] = q.Quantity,
                ["changeFromQuantity"] = q.ChangeFromQuantity,
            });
        }

        var result = await _transport.ExecuteAsync<InventorySetData>(
            ShopifyDocuments.InventorySetQuantities,
            new JsonObject
            {
                ["input"] = new JsonObject { ["name"] = "available", ["reason"] = "correction", ["quantities"] = list },
                ["idempotencyKey"] = IdempotencyKey("inventory-set", changeId),
            },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
        {
            return ShopifyResult.Fail<ShopifyInventoryAdjustment>(result.Failure);
        }

        var payload = result.Value!.InventorySetQuantities;
        if (payload is null || payload.UserErrors.Count > 0)
        {
            return ShopifyResult.Fail<ShopifyInventoryAdjustment>((payload?.UserErrors ?? []).ToFailure("inventorySetQuantities"));
        }

        // No adjustment group: every quantity was already what was asked (nothing changed).
        var group = payload.InventoryAdjustmentGroup;
        return ShopifyResult.Success(new ShopifyInventoryAdjustment(
            group?.Id ?? "",
            (group?.Changes ?? []).Select(c => new ShopifyInventoryChange(
                c.Name,
                c.Delta,
                c.QuantityAfterChange,
                c.Item is null ? 0 : ShopifyGid.Parse(c.Item.Id, "InventoryItem"),
                c.Location is null ? 0 : ShopifyGid.Parse(c.Location.Id, "Location"))).ToList()));
    }

    /// <summary>The mark a create leaves on its product: one per change, whatever the attempt.</summary>
    internal static string CreateMark(string changeId) => IdempotencyKey("product-create", changeId);

    /// <summary>A stable key per operation and change, short enough for Shopify whatever the change id.</summary>
    internal static string IdempotencyKey(string operation, string changeId)
    {
        var key = $"syncstudio:{operation}:{changeId}";
        return key.Length <= 100
            ? key
            : $"syncstudio:{operation}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(changeId)))}";
    }

    private async Task<ShopifyProduct?> ReadProductAsync(long productId, CancellationToken cancellationToken) =>
        (await GetProductAsync(productId, cancellationToken)).GetValueOrThrow();

    /// <summary>Reads the variants past the product's first window; null when the product is gone meanwhile.</summary>
    private async Task<ShopifyResult<ShopifyProduct?>> CompleteVariantsAsync(ProductDto product, CancellationToken cancellationToken)
    {
        var variants = new List<VariantDto>(product.Variants?.Nodes ?? []);
        var pageInfo = product.Variants?.PageInfo;
        while (pageInfo is { HasNextPage: true })
        {
            var result = await _transport.ExecuteAsync<ProductVariantsPageData>(
                ShopifyDocuments.ProductVariantsPage,
                new JsonObject { ["id"] = product.Id, ["first"] = VariantsWindow, ["after"] = pageInfo.EndCursor },
                ShopifyQueryCost.ProductVariantsPage(VariantsWindow),
                cancellationToken);
            if (!result.Succeeded)
            {
                return ShopifyResult.Fail<ShopifyProduct?>(result.Failure);
            }

            if (result.Value!.Product is null)
            {
                _logger.LogInformation("Shopify product {Product} was deleted while its variants were read", product.Id);
                return ShopifyResult.Success<ShopifyProduct?>(null);
            }

            variants.AddRange(result.Value.Product.Variants.Nodes);
            pageInfo = result.Value.Product.Variants.PageInfo;
        }

        // A read carries 10 levels an item (Shopify Basic's locations); a shop with more has the rest paged here, or
        // a level at an 11th location would read as not stocked.
        for (var i = 0; i < variants.Count; i++)
        {
            if (variants[i].InventoryItem is not { InventoryLevels.PageInfo.HasNextPage: true } item)
                continue;
            var levels = await CompleteLevelsAsync(item, cancellationToken);
            if (!levels.Succeeded)
                return ShopifyResult.Fail<ShopifyProduct?>(levels.Failure);
            variants[i] = variants[i] with { InventoryItem = item with { InventoryLevels = levels.Value } };
        }

        var read = await WithMetafieldsAsync(product.ToProduct(variants), cancellationToken);
        return read.Succeeded && read.Value is { } withMetafields
            ? await WithMediaAsync(withMetafields, product.MediaCount?.Count, cancellationToken)
            : read;
    }

    /// <summary>An item's levels with the pages past its first read's added (none when the item is gone meanwhile).</summary>
    private async Task<ShopifyResult<InventoryLevelConnectionDto>> CompleteLevelsAsync(InventoryItemDto item, CancellationToken cancellationToken)
    {
        var nodes = new List<InventoryLevelNodeDto>(item.InventoryLevels!.Nodes ?? []);
        var pageInfo = item.InventoryLevels.PageInfo;
        while (pageInfo is { HasNextPage: true })
        {
            var result = await _transport.ExecuteAsync<InventoryLevelsPageData>(
                ShopifyDocuments.InventoryLevelsPage,
                new JsonObject { ["id"] = item.Id, ["first"] = ShopifyQueryCost.MaxFirst, ["after"] = pageInfo.EndCursor },
                ShopifyQueryCost.InventoryLevelsPage(ShopifyQueryCost.MaxFirst),
                cancellationToken);
            if (!result.Succeeded)
                return ShopifyResult.Fail<InventoryLevelConnectionDto>(result.Failure);
            if (result.Value!.InventoryItem is not { } page)
                break;
            nodes.AddRange(page.InventoryLevels.Nodes ?? []);
            pageInfo = page.InventoryLevels.PageInfo;
        }

        return ShopifyResult.Success(new InventoryLevelConnectionDto(nodes));
    }

    private static JsonObject ProductSetInput(ShopifyProductCreate product)
    {
        if (product.Variants.Count == 0)
        {
            throw new ArgumentException("A product needs at least one variant.", nameof(product));
        }

        // Shopify models a product without options as one option "Title" with the value "Default Title".
        var optionNames = product.OptionNames.Count > 0 ? product.OptionNames : ["Title"];
        if (product.OptionNames.Count == 0 && product.Variants.Count > 1)
        {
            throw new ArgumentException("Several variants need option names.", nameof(product));
        }

        var options = new JsonArray();
        for (var i = 0; i < optionNames.Count; i++)
        {
            var values = product.Variants
                .Select(v => product.OptionNames.Count == 0 ? "Default Title" : ValueAt(v, i))
                .Distinct(StringComparer.Ordinal)
                .Select(value => (JsonNode)new JsonObject { ["name"] = value });
            options.Add(new JsonObject
            {
                ["name"] = optionNames[i],
                ["position"] = i + 1,
                ["values"] = new JsonArray([.. values]),
            });
        }

        var variants = new JsonArray();
        foreach (var variant in product.Variants)
        {
            var optionValues = new JsonArray();
            for (var i = 0; i < optionNames.Count; i++)
            {
                optionValues.Add(new JsonObject
                {
                    ["optionName"] = optionNames[i],
                    ["name"] = product.OptionNames.Count == 0 ? "Default Title" : ValueAt(variant, i),
                });
            }

            var inventoryItem = new JsonObject { ["tracked"] = variant.Settings.Tracked ?? true };
            SetIfNotNull(inventoryItem, "sku", variant.Sku);
            if (variant.Weight is not null)
            {
                inventoryItem["measurement"] = new JsonObject { ["weight"] = Weight(variant.Weight) };
            }

            SetItemSettings(inventoryItem, variant.Settings);

            var input = new JsonObject
            {
                ["optionValues"] = optionValues,
                ["price"] = Money(variant.Price),
                ["inventoryItem"] = inventoryItem,
            };
            if (variant.CompareAtPrice is { } compareAt)
            {
                input["compareAtPrice"] = Money(compareAt);
            }

            SetIfNotNull(input, "barcode", variant.Barcode);
            SetVariantSettings(input, variant.Settings);
            // ProductSetInventoryInput: one quantity per location, each stocking the variant there
            // (https://shopify.dev/docs/api/admin-graphql/2026-07/input-objects/ProductSetInventoryInput).
            if (variant.Levels is { } levels)
            {
                input["inventoryQuantities"] = new JsonArray([.. levels.OrderBy(l => l.Key).Select(l => (JsonNode)new JsonObject
                {
                    ["locationId"] = ShopifyGid.Location(l.Key),
                    ["name"] = "available",
                    ["quantity"] = l.Value,
                })]);
            }
            else if (product.LocationId is { } locationId && variant.InventoryQuantity is { } quantity)
            {
                input["inventoryQuantities"] = new JsonArray(new JsonObject
                {
                    ["locationId"] = ShopifyGid.Location(locationId),
                    ["name"] = "available",
                    ["quantity"] = quantity,
                });
            }

            variants.Add(input);
        }

        var result = new JsonObject
        {
            ["title"] = product.Title,
            ["status"] = StatusEnum(product.Status),
            ["tags"] = StringArray(product.Tags),
            ["productOptions"] = options,
            ["variants"] = variants,
        };
        SetIfNotNull(result, "handle", product.Handle);
        SetIfNotNull(result, "descriptionHtml", product.DescriptionHtml);
        SetIfNotNull(result, "vendor", product.Vendor);
        SetIfNotNull(result, "productType", product.ProductType);
        if (product.SeoTitle is not null || product.SeoDescription is not null)
        {
            result["seo"] = new JsonObject { ["title"] = product.SeoTitle ?? "", ["description"] = product.SeoDescription ?? "" };
        }

        return result;

        static string ValueAt(ShopifyVariantCreate variant, int index) =>
            index < variant.OptionValues.Count
                ? variant.OptionValues[index]
                : throw new ArgumentException("Every variant needs a value for each option.", nameof(product));
    }

    /// <summary>
    /// One <c>ProductVariantsBulkInput</c> of a create: its option values by name, and its stock as
    /// <c>inventoryQuantities</c> (<c>InventoryLevelInput</c>: <c>availableQuantity</c> at a location).
    /// </summary>
    private static JsonObject VariantCreateInput(ShopifyVariantCreate variant, IReadOnlyList<string> optionNames, long? locationId)
    {
        if (variant.OptionValues.Count != optionNames.Count)
        {
            throw new ArgumentException("Every variant needs a value for each option.", nameof(variant));
        }

        var inventoryItem = new JsonObject { ["tracked"] = variant.Settings.Tracked ?? true };
        SetIfNotNull(inventoryItem, "sku", variant.Sku);
        if (variant.Weight is not null)
        {
            inventoryItem["measurement"] = new JsonObject { ["weight"] = Weight(variant.Weight) };
        }

        SetItemSettings(inventoryItem, variant.Settings);

        var input = new JsonObject
        {
            ["optionValues"] = new JsonArray([.. optionNames.Select((name, i) => (JsonNode)new JsonObject
            {
                ["optionName"] = name,
                ["name"] = variant.OptionValues[i],
            })]),
            ["price"] = Money(variant.Price),
            ["inventoryItem"] = inventoryItem,
        };
        if (variant.CompareAtPrice is { } compareAt)
        {
            input["compareAtPrice"] = Money(compareAt);
        }

        SetIfNotNull(input, "barcode", variant.Barcode);
        SetVariantSettings(input, variant.Settings);
        // InventoryLevelInput: one per location, each stocking the new variant there
        // (https://shopify.dev/docs/api/admin-graphql/2026-07/input-objects/InventoryLevelInput).
        if (variant.Levels is { } levels)
        {
            input["inventoryQuantities"] = new JsonArray([.. levels.OrderBy(l => l.Key).Select(l => (JsonNode)new JsonObject
            {
                ["locationId"] = ShopifyGid.Location(l.Key),
                ["availableQuantity"] = l.Value,
            })]);
        }
        else if (locationId is { } location && variant.InventoryQuantity is { } quantity)
        {
            input["inventoryQuantities"] = new JsonArray(new JsonObject
            {
                ["locationId"] = ShopifyGid.Location(location),
                ["availableQuantity"] = quantity,
            });
        }

        return input;
    }

    private static JsonObject VariantUpdateInput(ShopifyVariantUpdate variant)
    {
        var input = new JsonObject { ["id"] = ShopifyGid.Variant(variant.VariantId) };
        if (variant.Price is { } price)
        {
            input["price"] = Money(price);
        }

        if (variant.CompareAtPriceChanged)
        {
            input["compareAtPrice"] = variant.CompareAtPrice is { } compareAt ? Money(compareAt) : null;
        }

        SetIfNotNull(input, "barcode", variant.Barcode);
        if (variant.InventoryPolicy is not null)
        {
            input["inventoryPolicy"] = PolicyEnum(variant.InventoryPolicy);
        }

        if (variant.Taxable is { } taxable)
        {
            input["taxable"] = taxable;
        }

        // The inventory item's fields go with the variant: ProductVariantsBulkInput.inventoryItem is an
        // InventoryItemInput (shopify.dev/docs/api/admin-graphql/2026-07/input-objects/InventoryItemInput), so cost,
        // tracking, shipping and customs need no inventoryItemUpdate call of their own.
        var item = new JsonObject();
        SetIfNotNull(item, "sku", variant.Sku);
        if (variant.Weight is not null)
        {
            item["measurement"] = new JsonObject { ["weight"] = Weight(variant.Weight) };
        }

        if (variant.CostChanged)
        {
            item["cost"] = variant.Cost is { } cost ? Money(cost) : null;
        }

        if (variant.Tracked is { } tracked)
        {
            item["tracked"] = tracked;
        }

        if (variant.RequiresShipping is { } requiresShipping)
        {
            item["requiresShipping"] = requiresShipping;
        }

        SetIfNotNull(item, "harmonizedSystemCode", variant.HarmonizedSystemCode);
        if (variant.CountryOfOriginChanged)
        {
            item["countryCodeOfOrigin"] = variant.CountryOfOrigin?.ToUpperInvariant();
        }

        if (item.Count > 0)
        {
            input["inventoryItem"] = item;
        }

        if (variant.OptionValues is { Count: > 0 } optionValues)
        {
            input["optionValues"] = new JsonArray([.. optionValues.Select(v => (JsonNode)new JsonObject
            {
                ["optionName"] = v.OptionName,
                ["name"] = v.Name,
            })]);
        }

        return input;
    }

    /// <summary>The variant's own settings of a create (<c>inventoryPolicy</c>, <c>taxable</c>).</summary>
    private static void SetVariantSettings(JsonObject input, ShopifyVariantSettings settings)
    {
        if (settings.InventoryPolicy is not null)
        {
            input["inventoryPolicy"] = PolicyEnum(settings.InventoryPolicy);
        }

        if (settings.Taxable is { } taxable)
        {
            input["taxable"] = taxable;
        }
    }

    /// <summary>The inventory item's settings of a create (<c>InventoryItemInput</c>).</summary>
    private static void SetItemSettings(JsonObject item, ShopifyVariantSettings settings)
    {
        if (settings.Cost is { } cost)
        {
            item["cost"] = Money(cost);
        }

        if (settings.RequiresShipping is { } requiresShipping)
        {
            item["requiresShipping"] = requiresShipping;
        }

        SetIfNotNull(item, "harmonizedSystemCode", settings.HarmonizedSystemCode);
        SetIfNotNull(item, "countryCodeOfOrigin", settings.CountryOfOrigin?.ToUpperInvariant());
    }

    private static string PolicyEnum(string policy) => policy.ToLowerInvariant() switch
    {
        "continue" => "CONTINUE",
        "deny" => "DENY",
        _ => throw new ArgumentException($"Unknown inventory policy '{policy}'.", nameof(policy)),
    };

    private static JsonObject Weight(ShopifyWeight weight) => new()
    {
        ["unit"] = weight.Unit.ToGraphQL(),
        ["value"] = weight.Value,
    };

    /// <summary>Money is a string scalar in the Admin API.</summary>
    private static string Money(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string StatusEnum(string status) =>
        Statuses.Contains(status.ToLowerInvariant())
            ? status.ToUpperInvariant()
            : throw new ArgumentException($"Unknown product status '{status}'.", nameof(status));

    private static JsonArray StringArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    private static void SetIfNotNull(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}
