using SyncStudio.Services.Shopify;

namespace SyncStudio.Services.Sync;

public sealed partial class ShopifyWriter
{
    /// <summary>Reads of a product while its new images are still processing (Shopify gives them no URL until then).</summary>
    private const int ProcessingReads = 8;

    /// <summary>
    /// Writes a product's images (docs/decisions/0029): <c>fileUpdate</c> for alt text and for images taken off it,
    /// <c>productUpdate(media:)</c> for images added from their URLs, <c>productReorderMedia</c> for the order. Every
    /// write is settled like the others: after a lost answer the product's media are read back and only what did not
    /// land is sent again, so an image is never added twice. Answers the images made, by media id, with the URL each
    /// was made from (Shopify serves it from its own URL from now on).
    /// </summary>
    private async Task<(Dictionary<long, string> Made, ShopifyWriteOutcome? Failure)> WriteImagesAsync(
        long productId, IReadOnlyList<ProductImage>? held, IReadOnlyList<ProductImage>? wanted, CancellationToken ct)
    {
        var made = new Dictionary<long, string>();
        var target = CanonicalImages.From(wanted);
        var current = (held ?? []).Where(i => i.MediaId is not null).Select(i => (Image: CanonicalImages.From([i]).FirstOrDefault(), Id: i.MediaId!.Value))
            .Where(i => i.Image.Src is not null).ToList();
        var heldSources = current.Select(c => c.Image.Src).ToHashSet(StringComparer.Ordinal);
        var adds = target.Where(t => !heldSources.Contains(t.Src)).ToList();
        if (adds.FirstOrDefault(a => !CanonicalImages.IsImageUrl(a.Src)) is { Src: not null } bad)
            return (made, ShopifyWriteOutcome.Fail(FailureReasons.Invalid, $"images: '{bad.Src}' is not an absolute http(s) URL Shopify can fetch."));

        // Alt text and removals first: fileUpdate sets end states (an alt, a reference gone), so a re-send after a lost
        // answer lands the same way.
        var updates = new List<ShopifyMediaUpdate>();
        foreach (var (image, id) in current)
        {
            var at = CanonicalImages.IndexOf(target, image.Src);
            if (at < 0)
                updates.Add(new ShopifyMediaUpdate(id, false, null, productId));
            else if (!string.Equals(target[at].Alt, image.Alt, StringComparison.Ordinal))
                updates.Add(new ShopifyMediaUpdate(id, true, target[at].Alt, null));
        }

        foreach (var chunk in updates.Chunk(ShopifyLimits.MaxInputArray))
        {
            var result = await shopify.UpdateProductMediaAsync(chunk, ct);
            if (result.Succeeded)
                continue;
            if (!result.Failure.MayHaveBeenApplied)
                return (made, Failed(result.Failure));
            var read = await ReadMediaAsync(productId, ct);
            if (read is null)
                return (made, Failed(result.Failure));
            if (!chunk.All(u => Landed(u, read)))
            {
                var again = await shopify.UpdateProductMediaAsync(chunk, ct);
                if (!again.Succeeded)
                    return (made, Failed(again.Failure));
            }
        }

        if (adds.Count > 0)
        {
            // What the product holds before the send: any medium not among these afterwards is one this send made.
            var before = await ReadMediaAsync(productId, ct);
            if (before is null)
                return (made, ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, "The product's media could not be read before its images were added."));
            var known = before.Select(m => m.Id).ToHashSet();
            var create = adds.Select(a => new ShopifyMediaCreate(a.Src, a.Alt)).ToList();
            var sent = await shopify.CreateProductMediaAsync(productId, create, ct);
            if (!sent.Succeeded)
            {
                if (!sent.Failure.MayHaveBeenApplied)
                    return (made, Failed(sent.Failure));
                var after = await ReadMediaAsync(productId, ct);
                var fresh = after?.Count(m => !known.Contains(m.Id));
                if (fresh is null)
                    return (made, Failed(sent.Failure));
                if (fresh == 0)
                {
                    // Not landed: sent once more. Landed: never sent again (a second send is a second image).
                    var again = await shopify.CreateProductMediaAsync(productId, create, ct);
                    if (!again.Succeeded)
                        return (made, Failed(again.Failure));
                }
                else if (fresh != adds.Count)
                {
                    return (made, ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable,
                        "Shopify's answer to adding images was lost and the product holds other new media than were sent; push again to re-check."));
                }
            }

            // Shopify appends new media in the order sent: the media this write made, in order, are the images added.
            var ready = await ReadUntilReadyAsync(productId, known, ct);
            var created = ready?.Where(m => !known.Contains(m.Id)).ToList();
            if (created is null || created.Count != adds.Count)
                return (made, ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, "The images were sent, but the product's media could not be read back as sent; push again to re-check."));
            for (var i = 0; i < adds.Count; i++)
                made[created[i].Id] = adds[i].Src;
        }

        // The order: each image moved to its place in turn (moves are evaluated in order), only where it is not already.
        var idOf = current.ToDictionary(c => c.Image.Src, c => c.Id, StringComparer.Ordinal);
        foreach (var (id, src) in made)
            idOf[src] = id;
        var media = await ReadMediaAsync(productId, ct);
        if (media is null)
            return (made, ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, "The product's media could not be read back to put them in order."));
        var order = media.Select(m => m.Id).ToList();
        var moves = new List<(long MediaId, int Position)>();
        for (var i = 0; i < target.Length; i++)
        {
            if (!idOf.TryGetValue(target[i].Src, out var id) || order.IndexOf(id) is var at && at < 0)
                return (made, ShopifyWriteOutcome.Fail(FailureReasons.Stale, $"images: '{target[i].Src}' is no longer on the product in Shopify; pull again."));
            if (at == i)
                continue;
            order.RemoveAt(at);
            order.Insert(Math.Min(i, order.Count), id);
            moves.Add((id, i));
        }

        if (moves.Count > 0)
        {
            var result = await shopify.ReorderProductMediaAsync(productId, moves, ct);
            if (!result.Succeeded)
                return (made, Failed(result.Failure));
        }

        return (made, null);

        static bool Landed(ShopifyMediaUpdate update, IReadOnlyList<ShopifyMedia> media)
        {
            var medium = media.FirstOrDefault(m => m.Id == update.MediaId);
            if (update.RemoveFromProductId is not null)
                return medium is null;
            return medium is not null && string.Equals(CanonicalProduct.NullIfEmpty(medium.Alt), CanonicalProduct.NullIfEmpty(update.Alt), StringComparison.Ordinal);
        }
    }

    /// <summary>The product's media as Shopify holds them now (null when it cannot be read, or is gone).</summary>
    private async Task<IReadOnlyList<ShopifyMedia>?> ReadMediaAsync(long productId, CancellationToken ct)
    {
        var read = await shopify.GetProductAsync(productId, ct);
        return read.Succeeded && read.Value is { } product ? product.Media ?? [] : null;
    }

    /// <summary>
    /// The product's media once the ones a write made are processed (Shopify gives an image its URL once READY;
    /// https://shopify.dev/docs/apps/build/online-store/product-media#step-3-check-media-status), read a few times at
    /// growing intervals; what is still processing then is answered as it is, and the caller refuses it.
    /// </summary>
    private async Task<IReadOnlyList<ShopifyMedia>?> ReadUntilReadyAsync(long productId, HashSet<long> known, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var reads = 1; ; reads++)
        {
            var media = await ReadMediaAsync(productId, ct);
            if (media is null || reads >= ProcessingReads || media.Where(m => !known.Contains(m.Id)).All(m => m.Url is not null || m.Status == "FAILED"))
                return media;
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }

    /// <summary>
    /// A snapshot read after a write, its images that write made marked with the URL each was made from, so the local
    /// side learns the URL Shopify now names it by (<see cref="LocalSnapshots.LearnImageUrls"/>).
    /// </summary>
    private static ProductSnapshot MarkMade(ProductSnapshot snapshot, Dictionary<long, string> made) =>
        made.Count == 0 || snapshot.Images is null ? snapshot : snapshot with
        {
            Images = [.. snapshot.Images.Select(i => i.MediaId is { } id && made.TryGetValue(id, out var from) ? i with { CreatedFrom = from } : i)],
        };

    /// <summary>Whether the images differ in what the writer writes: the URLs, their order or an alt text.</summary>
    private static bool ImagesDiffer(IReadOnlyList<ProductImage>? a, IReadOnlyList<ProductImage>? b)
    {
        var x = CanonicalImages.From(a);
        var y = CanonicalImages.From(b);
        return !x.AsSpan().SequenceEqual(y);
    }
}
