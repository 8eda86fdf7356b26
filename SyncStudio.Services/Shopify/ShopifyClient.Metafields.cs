using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace SyncStudio.Services.Shopify;

/// <summary>The namespaces whose metafields are synced (Settings; docs/decisions/0023).</summary>
public interface IMetafieldNamespaceSource
{
    ValueTask<IReadOnlyList<string>> GetNamespacesAsync(CancellationToken cancellationToken);
}

/// <summary>The metafield definitions of the synced namespaces, by owner: what reads select and what values are checked against.</summary>
public sealed record ShopifyMetafieldScope(IReadOnlyList<ShopifyMetafieldDefinition> Product, IReadOnlyList<ShopifyMetafieldDefinition> Variant)
{
    public static ShopifyMetafieldScope None { get; } = new([], []);

    public bool IsEmpty => Product.Count == 0 && Variant.Count == 0;
}

public sealed partial class ShopifyClient
{
    /// <summary>Shopify's owner types of product and variant metafields (MetafieldOwnerType).</summary>
    public const string ProductOwner = "PRODUCT";
    public const string VariantOwner = "PRODUCTVARIANT";

    /// <summary>metafieldsSet takes at most 25 metafields a call (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsSet).</summary>
    public const int MetafieldsPerCall = 25;

    private readonly IMetafieldNamespaceSource? _metafieldNamespaces;
    private Task<ShopifyResult<ShopifyMetafieldScope>>? _scope;

    /// <summary>
    /// The definitions of the synced namespaces, read once and kept until <see cref="ForgetMetafieldScope"/> (every pull
    /// starts with it, so a definition added in Shopify or a namespace chosen in Settings is seen by the next pull).
    /// None without a namespace source.
    /// </summary>
    public Task<ShopifyResult<ShopifyMetafieldScope>> GetMetafieldScopeAsync(CancellationToken cancellationToken = default)
    {
        if (_metafieldNamespaces is null)
            return Task.FromResult(ShopifyResult.Success(ShopifyMetafieldScope.None));
        var scope = _scope ??= LoadScopeAsync(cancellationToken);
        if (scope.IsCompleted && !scope.Result.Succeeded)
            _scope = null; // a failed read is tried again by the next caller
        return scope;
    }

    public void ForgetMetafieldScope() => _scope = null;

    private async Task<ShopifyResult<ShopifyMetafieldScope>> LoadScopeAsync(CancellationToken cancellationToken)
    {
        var namespaces = await _metafieldNamespaces!.GetNamespacesAsync(cancellationToken);
        if (namespaces.Count == 0)
            return ShopifyResult.Success(ShopifyMetafieldScope.None);
        var product = await GetMetafieldDefinitionsAsync(ProductOwner, namespaces, cancellationToken);
        if (!product.Succeeded)
            return ShopifyResult.Fail<ShopifyMetafieldScope>(product.Failure);
        var variant = await GetMetafieldDefinitionsAsync(VariantOwner, namespaces, cancellationToken);
        if (!variant.Succeeded)
            return ShopifyResult.Fail<ShopifyMetafieldScope>(variant.Failure);
        return ShopifyResult.Success(new ShopifyMetafieldScope(product.Value!, variant.Value!));
    }

    public async Task<ShopifyResult<IReadOnlyList<ShopifyMetafieldDefinition>>> GetMetafieldDefinitionsAsync(
        string ownerType, IReadOnlyList<string> namespaces, CancellationToken cancellationToken = default)
    {
        var definitions = new List<ShopifyMetafieldDefinition>();
        foreach (var ns in namespaces)
        {
            string? after = null;
            do
            {
                var result = await _transport.ExecuteAsync<MetafieldDefinitionsData>(
                    ShopifyDocuments.MetafieldDefinitions,
                    new JsonObject { ["ownerType"] = ownerType, ["namespace"] = ns, ["after"] = after },
                    ShopifyQueryCost.Connection(ShopifyQueryCost.MaxFirst, 2),
                    cancellationToken);
                if (!result.Succeeded)
                    return ShopifyResult.Fail<IReadOnlyList<ShopifyMetafieldDefinition>>(result.Failure);
                var page = result.Value!.MetafieldDefinitions;
                definitions.AddRange(page.Nodes.Where(d => d.Namespace == ns).Select(d => new ShopifyMetafieldDefinition(ownerType, d.Namespace, d.Key, d.Name, d.Type.Name)
                {
                    Validations = [.. (d.Validations ?? []).Select(v => (v.Name, v.Value))],
                }));
                after = page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null;
            }
            while (after is not null);
        }

        return ShopifyResult.Success<IReadOnlyList<ShopifyMetafieldDefinition>>(definitions);
    }

    private async Task<string> BulkQueryAsync(string? filter, CancellationToken cancellationToken)
    {
        var scope = (await GetMetafieldScopeAsync(cancellationToken)).GetValueOrThrow();
        return ShopifyDocuments.BulkProductsQuery(filter, [.. scope.Product.Select(d => d.Id)], [.. scope.Variant.Select(d => d.Id)]);
    }

    /// <summary>
    /// The product with its metafields and its variants' in the synced keys, read with a query of its own
    /// (<see cref="ShopifyDocuments.ProductMetafields"/>) so a product read keeps its cost; as it is when none are synced.
    /// </summary>
    private async Task<ShopifyResult<ShopifyProduct?>> WithMetafieldsAsync(ShopifyProduct product, CancellationToken cancellationToken)
    {
        var scoped = await GetMetafieldScopeAsync(cancellationToken);
        if (!scoped.Succeeded)
            return ShopifyResult.Fail<ShopifyProduct?>(scoped.Failure);
        var scope = scoped.Value!;
        if (scope.IsEmpty)
            return ShopifyResult.Success<ShopifyProduct?>(product);

        var keys = scope.Product.Select(d => d.Id).ToList();
        var variantKeys = scope.Variant.Select(d => d.Id).ToList();
        var first = Math.Max(1, keys.Count);
        var variantFirst = Math.Max(1, variantKeys.Count);
        // Each variant costs itself, its connection and its metafields; as many a page as stay under the cost cap.
        var perVariant = 1 + ShopifyQueryCost.Connection(variantFirst, 1);
        var fixedCost = 1 + ShopifyQueryCost.Connection(first, 1) + 2;
        // As many variants as the product has (the query is costed, and throttled, by what it asks for), up to the cap.
        var variantsFirst = Math.Clamp(Math.Min(product.Variants.Count, (ShopifyOptions.MaxQueryCost - fixedCost) / perVariant), 1, ShopifyQueryCost.MaxFirst);
        List<ShopifyMetafield>? productMetafields = null;
        var byVariant = new Dictionary<long, List<ShopifyMetafield>?>();
        string? after = null;
        var firstPage = true;
        do
        {
            var withProduct = firstPage && keys.Count > 0;
            var withVariants = variantKeys.Count > 0;
            var result = await _transport.ExecuteAsync<ProductMetafieldsData>(
                ShopifyDocuments.ProductMetafields,
                new JsonObject
                {
                    ["id"] = ShopifyGid.Product(product.Id),
                    ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]),
                    ["first"] = first,
                    ["withProduct"] = withProduct,
                    ["variantKeys"] = new JsonArray([.. variantKeys.Select(k => (JsonNode)k)]),
                    ["variantFirst"] = variantFirst,
                    ["variantsFirst"] = variantsFirst,
                    ["after"] = after,
                    ["withVariants"] = withVariants,
                },
                (withProduct ? fixedCost : 3) + (withVariants ? variantsFirst * perVariant : 0),
                cancellationToken);
            if (!result.Succeeded)
                return ShopifyResult.Fail<ShopifyProduct?>(result.Failure);
            if (result.Value!.Product is not { } read)
            {
                _logger.LogInformation("Shopify product {Product} was deleted while its metafields were read", product.Id);
                return ShopifyResult.Success<ShopifyProduct?>(null);
            }

            if (withProduct)
                productMetafields = ShopifyMapping.Metafields(read.Metafields, null);
            foreach (var v in read.Variants?.Nodes ?? [])
                byVariant[ShopifyGid.Parse(v.Id, "ProductVariant")] = ShopifyMapping.Metafields(v.Metafields, null);
            after = read.Variants is { PageInfo.HasNextPage: true } page ? page.PageInfo.EndCursor : null;
            firstPage = false;
        }
        while (after is not null);

        return ShopifyResult.Success<ShopifyProduct?>(product with
        {
            Metafields = productMetafields,
            Variants = [.. product.Variants.Select(v => byVariant.TryGetValue(v.Id, out var m) ? v with { Metafields = m } : v)],
        });
    }

    public async Task<ShopifyResult<bool>> SetMetafieldsAsync(IReadOnlyList<ShopifyMetafieldSet> metafields, CancellationToken cancellationToken = default)
    {
        if (metafields.Count is 0 or > MetafieldsPerCall)
            throw new ArgumentException($"metafieldsSet takes 1 to {MetafieldsPerCall} metafields a call.", nameof(metafields));
        var input = new JsonArray();
        foreach (var m in metafields)
        {
            var item = new JsonObject
            {
                ["ownerId"] = m.OwnerIsVariant ? ShopifyGid.Variant(m.OwnerId) : ShopifyGid.Product(m.OwnerId),
                ["namespace"] = m.Namespace,
                ["key"] = m.Key,
                ["value"] = m.Value,
            };
            if (m.Type is not null)
                item["type"] = m.Type;
            input.Add(item);
        }

        var result = await _transport.ExecuteAsync<MetafieldsSetData>(
            ShopifyDocuments.MetafieldsSet, new JsonObject { ["metafields"] = input }, ShopifyQueryCost.Mutation, cancellationToken);
        if (!result.Succeeded)
            return ShopifyResult.Fail<bool>(result.Failure);
        var payload = result.Value!.MetafieldsSet;
        if (payload is null || payload.UserErrors.Count > 0)
            return ShopifyResult.Fail<bool>((payload?.UserErrors ?? []).ToFailure("metafieldsSet"));
        return ShopifyResult.Success(true);
    }

    public async Task<ShopifyResult<bool>> DeleteMetafieldsAsync(IReadOnlyList<ShopifyMetafieldDelete> metafields, CancellationToken cancellationToken = default)
    {
        if (metafields.Count == 0)
            throw new ArgumentException("metafieldsDelete takes at least one metafield.", nameof(metafields));
        var input = new JsonArray([.. metafields.Select(m => (JsonNode)new JsonObject
        {
            ["ownerId"] = m.OwnerIsVariant ? ShopifyGid.Variant(m.OwnerId) : ShopifyGid.Product(m.OwnerId),
            ["namespace"] = m.Namespace,
            ["key"] = m.Key,
        })]);
        var result = await _transport.ExecuteAsync<MetafieldsDeleteData>(
            ShopifyDocuments.MetafieldsDelete, new JsonObject { ["metafields"] = input }, ShopifyQueryCost.Mutation, cancellationToken);
        if (!result.Succeeded)
            return ShopifyResult.Fail<bool>(result.Failure);
        var payload = result.Value!.MetafieldsDelete;
        if (payload is null || payload.UserErrors.Count > 0)
            return ShopifyResult.Fail<bool>((payload?.UserErrors ?? []).ToFailure("metafieldsDelete"));
        return ShopifyResult.Success(true);
    }
}
