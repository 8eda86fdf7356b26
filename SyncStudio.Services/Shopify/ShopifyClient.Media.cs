using System.Text.Json.Nodes;

namespace SyncStudio.Services.Shopify;

public sealed partial class ShopifyClient
{
    /// <summary>Shopify keeps at most 250 media a product (https://help.shopify.com/en/manual/products/product-media).</summary>
    public const int MaxMediaPerProduct = 250;

    /// <summary>
    /// The product with its media, read with a query of its own (<see cref="ShopifyDocuments.ProductMedia"/>) and only
    /// when its <c>mediaCount</c> says it has some, so a product without images costs no extra request.
    /// </summary>
    private async Task<ShopifyResult<ShopifyProduct?>> WithMediaAsync(ShopifyProduct product, int? mediaCount, CancellationToken cancellationToken)
    {
        if (mediaCount is null or 0)
            return ShopifyResult.Success<ShopifyProduct?>(product);
        var media = new List<ShopifyMedia>(mediaCount.Value);
        var first = Math.Clamp(mediaCount.Value, 1, MaxMediaPerProduct);
        string? after = null;
        do
        {
            var result = await _transport.ExecuteAsync<ProductMediaData>(
                ShopifyDocuments.ProductMedia,
                new JsonObject { ["id"] = ShopifyGid.Product(product.Id), ["first"] = first, ["after"] = after },
                ShopifyQueryCost.ProductMedia(first),
                cancellationToken);
            if (!result.Succeeded)
                return ShopifyResult.Fail<ShopifyProduct?>(result.Failure);
            if (result.Value!.Product is not { } read)
                return ShopifyResult.Success<ShopifyProduct?>(null);
            media.AddRange(ShopifyMapping.Media(read.Media.Nodes));
            after = read.Media.PageInfo is { HasNextPage: true } page ? page.EndCursor : null;
        }
        while (after is not null);

        return ShopifyResult.Success<ShopifyProduct?>(product with { Media = media });
    }

    public async Task<ShopifyResult<bool>> CreateProductMediaAsync(long productId, IReadOnlyList<ShopifyMediaCreate> media, CancellationToken cancellationToken = default)
    {
        if (media.Count == 0)
            throw new ArgumentException("At least one image is added.", nameof(media));
        var input = new JsonArray([.. media.Select(m => (JsonNode)new JsonObject
        {
            ["originalSource"] = m.OriginalSource,
            ["alt"] = m.Alt ?? "",
            ["mediaContentType"] = "IMAGE",
        })]);
        var result = await _transport.ExecuteAsync<ProductUpdateData>(
            ShopifyDocuments.ProductMediaCreate,
            new JsonObject { ["product"] = new JsonObject { ["id"] = ShopifyGid.Product(productId) }, ["media"] = input },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
            return ShopifyResult.Fail<bool>(result.Failure);
        var payload = result.Value!.ProductUpdate;
        if (payload is null || payload.UserErrors.Count > 0 || payload.Product is null)
            return ShopifyResult.Fail<bool>((payload?.UserErrors ?? []).ToFailure("productUpdate"));
        return ShopifyResult.Success(true);
    }

    public async Task<ShopifyResult<bool>> UpdateProductMediaAsync(IReadOnlyList<ShopifyMediaUpdate> updates, CancellationToken cancellationToken = default)
    {
        if (updates.Count == 0)
            throw new ArgumentException("At least one image is updated.", nameof(updates));
        var files = new JsonArray();
        foreach (var u in updates)
        {
            var file = new JsonObject { ["id"] = ShopifyGid.MediaImage(u.MediaId) };
            if (u.SetAlt)
                file["alt"] = u.Alt ?? "";
            if (u.RemoveFromProductId is { } productId)
                file["referencesToRemove"] = new JsonArray(ShopifyGid.Product(productId));
            files.Add(file);
        }

        var result = await _transport.ExecuteAsync<FileUpdateData>(
            ShopifyDocuments.MediaFileUpdate, new JsonObject { ["files"] = files }, ShopifyQueryCost.Mutation, cancellationToken);
        if (!result.Succeeded)
            return ShopifyResult.Fail<bool>(result.Failure);
        var payload = result.Value!.FileUpdate;
        if (payload is null || payload.UserErrors.Count > 0)
            return ShopifyResult.Fail<bool>((payload?.UserErrors ?? []).ToFailure("fileUpdate"));
        return ShopifyResult.Success(true);
    }

    public async Task<ShopifyResult<bool>> ReorderProductMediaAsync(long productId, IReadOnlyList<(long MediaId, int Position)> moves, CancellationToken cancellationToken = default)
    {
        if (moves.Count == 0)
            throw new ArgumentException("At least one move.", nameof(moves));
        var input = new JsonArray([.. moves.Select(m => (JsonNode)new JsonObject
        {
            ["id"] = ShopifyGid.MediaImage(m.MediaId),
            // UnsignedInt64 is sent as a string.
            ["newPosition"] = m.Position.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })]);
        var result = await _transport.ExecuteAsync<ProductReorderMediaData>(
            ShopifyDocuments.ProductReorderMedia,
            new JsonObject { ["id"] = ShopifyGid.Product(productId), ["moves"] = input },
            ShopifyQueryCost.Mutation,
            cancellationToken);
        if (!result.Succeeded)
            return ShopifyResult.Fail<bool>(result.Failure);
        var payload = result.Value!.ProductReorderMedia;
        if (payload is null || payload.MediaUserErrors.Count > 0)
            return ShopifyResult.Fail<bool>((payload?.MediaUserErrors ?? []).ToFailure("productReorderMedia"));
        return ShopifyResult.Success(true);
    }
}
