using System.Globalization;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

/// <summary>How a write to Shopify ended.</summary>
public sealed record ShopifyWriteOutcome(bool Success, string? FailureReason, string Message, ProductSnapshot? After)
{
    public static ShopifyWriteOutcome Ok(ProductSnapshot? after, string message) => new(true, null, message, after);

    public static ShopifyWriteOutcome Fail(string reason, string message) => new(false, reason, message, null);
}

public static class FailureReasons
{
    /// <summary>The side moved since staging: never overwritten, never retried; the reviewer re-pulls.</summary>
    public const string Stale = "stale";
    public const string ShopifyRejected = "shopify_rejected";
    public const string ShopifyUnavailable = "shopify_unavailable";
    public const string Unsupported = "unsupported";
    public const string Invalid = "invalid";
}

/// <summary>
/// Turns "Shopify holds <c>before</c>, should hold <c>after</c>" into the fewest field-level mutations
/// (<c>productUpdate</c>, <c>productVariantsBulkUpdate</c>, <c>inventorySetQuantities</c> with
/// <c>changeFromQuantity</c>), creates with <c>productSet</c> and deletes with <c>productDelete</c>. A write whose
/// response was lost is settled by reading the product back: landed, not landed (sent again once), or moved (stale).
/// </summary>
public sealed class ShopifyWriter(IShopifyClient shopify)
{
    private long? _locationId;

    public async Task<ShopifyWriteOutcome> UpdateAsync(ProductSnapshot before, ProductSnapshot after, string changeId, CancellationToken ct)
    {
        var productId = before.ShopifyProductId ?? throw new InvalidOperationException("The Shopify side has no product id.");
        if (before.Variants.Count != after.Variants.Count || before.OptionNames.Count != after.OptionNames.Count
            || after.Variants.Any(v => v.ShopifyVariantId is null))
            return ShopifyWriteOutcome.Fail(FailureReasons.Unsupported, "Adding or removing variants or options in Shopify is not supported yet; edit them in Shopify and pull.");

        // Each mutation is settled against what Shopify holds right before it and right after it: after a lost
        // productUpdate the variants are not written yet, so "landed" means the product fields only.
        var update = ProductUpdate(productId, before, after);
        var productWritten = update is null ? before : WithProductFields(before, after, update);
        if (update is not null)
        {
            var result = await shopify.UpdateProductAsync(update, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, before, productWritten, () => shopify.UpdateProductAsync(update, ct), ct) is { } failed)
                return failed;
        }

        var variantUpdates = VariantUpdates(before, after);
        if (variantUpdates.Count > 0)
        {
            var variantsWritten = WithVariantFields(productWritten, after, variantUpdates);
            var result = await shopify.UpdateVariantsAsync(productId, variantUpdates, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, productWritten, variantsWritten,
                    () => shopify.UpdateVariantsAsync(productId, variantUpdates, ct), ct) is { } failed)
                return failed;
        }

        foreach (var (old, @new) in before.Variants.Zip(after.Variants))
        {
            if (old.InventoryQuantity == @new.InventoryQuantity)
                continue;
            var location = await LocationAsync(ct);
            if (location is null)
                return ShopifyWriteOutcome.Fail(FailureReasons.ShopifyRejected, "The shop has no location to hold inventory.");
            var set = new ShopifyInventorySet(old.ShopifyInventoryItemId ?? 0, location.Value, @new.InventoryQuantity, old.InventoryQuantity,
                $"{changeId}:{old.ShopifyVariantId?.ToString(CultureInfo.InvariantCulture)}");
            var result = await shopify.SetInventoryQuantityAsync(set, ct);
            if (result.Succeeded)
                continue;
            if (result.Failure.HasUserErrorCode("CHANGE_FROM_QUANTITY_STALE"))
                return ShopifyWriteOutcome.Fail(FailureReasons.Stale, "Shopify's inventory moved since staging (CHANGE_FROM_QUANTITY_STALE).");
            return Failed(result.Failure);
        }

        var read = await shopify.GetProductAsync(productId, ct);
        if (!read.Succeeded || read.Value is null)
            return ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, "The product could not be read back after the write.");
        return ShopifyWriteOutcome.Ok(ShopifySnapshots.ToSnapshot(read.Value), "Updated in Shopify");
    }

    public async Task<ShopifyWriteOutcome> CreateAsync(ProductSnapshot product, string changeId, CancellationToken ct)
    {
        var location = await LocationAsync(ct);
        var create = new ShopifyProductCreate(product.Title, product.Handle, product.BodyHtml, product.Vendor, product.ProductType, product.Tags,
            product.Status, product.OptionNames,
            product.Variants.Select(v => new ShopifyVariantCreate(v.Sku, v.Price, v.CompareAtPrice, v.Barcode, Weight(v), v.InventoryQuantity, v.Options)).ToList(),
            location);
        var result = await shopify.CreateProductAsync(create, changeId, ct);
        return result.Succeeded
            ? ShopifyWriteOutcome.Ok(ShopifySnapshots.ToSnapshot(result.Value!), "Created in Shopify")
            : Failed(result.Failure);
    }

    public async Task<ShopifyWriteOutcome> DeleteAsync(long productId, CancellationToken ct)
    {
        var result = await shopify.DeleteProductAsync(productId, ct);
        if (result.Succeeded)
            return ShopifyWriteOutcome.Ok(null, "Deleted in Shopify");
        if (result.Failure.MayHaveBeenApplied || result.Failure.Kind == ShopifyFailureKind.NotFound)
        {
            var read = await shopify.GetProductAsync(productId, ct);
            if (read.Succeeded && read.Value is null)
                return ShopifyWriteOutcome.Ok(null, "Deleted in Shopify");
        }
        return Failed(result.Failure);
    }

    public async Task<ProductSnapshot?> ReadAsync(long productId, CancellationToken ct)
    {
        var read = await shopify.GetProductAsync(productId, ct);
        if (!read.Succeeded)
            throw new ShopifyApiException(read.Failure);
        return read.Value is null ? null : ShopifySnapshots.ToSnapshot(read.Value);
    }

    /// <summary>
    /// A mutation whose outcome is unknown: read the product back. Landed (it holds <paramref name="written"/>): go on.
    /// Not landed (it still holds <paramref name="unwritten"/>): send it once more. Anything else (the read failed, or
    /// the product moved some other way) is never answered by a blind re-send: the change fails to be retried later,
    /// and that push's read-back check decides. A second unknown is such a failure too.
    /// </summary>
    private async Task<ShopifyWriteOutcome?> SettleAsync<T>(ShopifyFailure failure, long productId, ProductSnapshot unwritten,
        ProductSnapshot written, Func<Task<ShopifyResult<T>>> resend, CancellationToken ct)
    {
        if (!failure.MayHaveBeenApplied)
            return Failed(failure);
        var read = await shopify.GetProductAsync(productId, ct);
        if (!read.Succeeded || read.Value is null)
            return Failed(failure);
        var current = ProductHasher.ComputeHash(ShopifySnapshots.ToSnapshot(read.Value));
        if (current == ProductHasher.ComputeHash(written))
            return null;
        if (current != ProductHasher.ComputeHash(unwritten))
            return ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable,
                "Shopify's answer to the write was lost and the product holds neither the old nor the new values; push again to re-check.");
        var again = await resend();
        return again.Succeeded ? null : Failed(again.Failure);
    }

    /// <summary><paramref name="before"/> with the product-level fields <paramref name="update"/> writes taken from <paramref name="after"/>.</summary>
    private static ProductSnapshot WithProductFields(ProductSnapshot before, ProductSnapshot after, ShopifyProductUpdate update) => before with
    {
        Title = update.Title is null ? before.Title : after.Title,
        Handle = update.Handle is null ? before.Handle : after.Handle,
        BodyHtml = update.DescriptionHtml is null ? before.BodyHtml : after.BodyHtml,
        Vendor = update.Vendor is null ? before.Vendor : after.Vendor,
        ProductType = update.ProductType is null ? before.ProductType : after.ProductType,
        Tags = update.Tags is null ? before.Tags : after.Tags,
        Status = update.Status is null ? before.Status : after.Status,
    };

    /// <summary>
    /// <paramref name="before"/> with the variant fields <paramref name="updates"/> write taken from <paramref name="after"/>
    /// (variants pair by position, as <see cref="VariantUpdates"/> pairs them; inventory is written separately).
    /// </summary>
    private static ProductSnapshot WithVariantFields(ProductSnapshot before, ProductSnapshot after, List<ShopifyVariantUpdate> updates) => before with
    {
        Variants = before.Variants.Zip(after.Variants, (old, @new) => updates.FirstOrDefault(u => u.VariantId == old.ShopifyVariantId) is not { } u ? old : old with
        {
            Price = u.Price is null ? old.Price : @new.Price,
            CompareAtPrice = u.CompareAtPriceChanged ? @new.CompareAtPrice : old.CompareAtPrice,
            Barcode = u.Barcode is null ? old.Barcode : @new.Barcode,
            Sku = u.Sku is null ? old.Sku : @new.Sku,
            Weight = u.Weight is null ? old.Weight : @new.Weight,
            WeightUnit = u.Weight is null ? old.WeightUnit : @new.WeightUnit,
        }).ToList(),
    };

    private async Task<long?> LocationAsync(CancellationToken ct)
    {
        if (_locationId is null)
        {
            var location = await shopify.GetFirstLocationAsync(ct);
            _locationId = location.Succeeded ? location.Value?.Id : null;
        }
        return _locationId;
    }

    private static ShopifyWriteOutcome Failed(ShopifyFailure failure) => failure.Kind switch
    {
        ShopifyFailureKind.UserErrors or ShopifyFailureKind.GraphQLErrors or ShopifyFailureKind.NotFound =>
            ShopifyWriteOutcome.Fail(FailureReasons.ShopifyRejected, $"Shopify refused the write: {Describe(failure)}"),
        _ => ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, $"Shopify did not complete the write: {Describe(failure)}"),
    };

    private static string Describe(ShopifyFailure failure) => failure.UserErrors.Count == 0
        ? failure.Message
        : string.Join("; ", failure.UserErrors.Select(e => $"{string.Join('.', e.Field)}: {e.Message}"));

    private static ShopifyProductUpdate? ProductUpdate(long productId, ProductSnapshot before, ProductSnapshot after)
    {
        var update = new ShopifyProductUpdate(productId)
        {
            Title = Changed(before.Title, after.Title),
            Handle = Changed(before.Handle, after.Handle),
            DescriptionHtml = Changed(before.BodyHtml ?? "", after.BodyHtml ?? ""),
            Vendor = Changed(before.Vendor ?? "", after.Vendor ?? ""),
            ProductType = Changed(before.ProductType ?? "", after.ProductType ?? ""),
            Tags = before.Tags.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(after.Tags.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase) ? null : after.Tags,
            Status = Changed(before.Status, after.Status)?.ToUpperInvariant(),
        };
        return update.Title is null && update.Handle is null && update.DescriptionHtml is null && update.Vendor is null
            && update.ProductType is null && update.Tags is null && update.Status is null ? null : update;
    }

    private static List<ShopifyVariantUpdate> VariantUpdates(ProductSnapshot before, ProductSnapshot after)
    {
        var updates = new List<ShopifyVariantUpdate>();
        foreach (var (old, @new) in before.Variants.Zip(after.Variants))
        {
            var weightChanged = old.Weight != @new.Weight || !string.Equals(old.WeightUnit, @new.WeightUnit, StringComparison.OrdinalIgnoreCase);
            var update = new ShopifyVariantUpdate(old.ShopifyVariantId!.Value)
            {
                Price = old.Price != @new.Price ? @new.Price : null,
                CompareAtPrice = old.CompareAtPrice != @new.CompareAtPrice ? @new.CompareAtPrice : null,
                CompareAtPriceChanged = old.CompareAtPrice != @new.CompareAtPrice,
                Barcode = Changed(old.Barcode ?? "", @new.Barcode ?? ""),
                Sku = Changed(old.Sku ?? "", @new.Sku ?? ""),
                Weight = weightChanged ? Weight(@new) : null,
            };
            if (update.Price is not null || update.CompareAtPriceChanged || update.Barcode is not null || update.Sku is not null || update.Weight is not null)
                updates.Add(update);
        }
        return updates;
    }

    private static ShopifyWeight? Weight(VariantSnapshot variant) =>
        variant.Weight is { } value && ShopifyWeightUnits.TryParse(variant.WeightUnit ?? "kg", out var unit) ? new ShopifyWeight(value, unit) : null;

    private static string? Changed(string before, string after) => string.Equals(before, after, StringComparison.Ordinal) ? null : after;
}
