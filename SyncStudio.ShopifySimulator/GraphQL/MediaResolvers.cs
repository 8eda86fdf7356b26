using System.Collections.Immutable;
using System.Globalization;
using GraphQL;
using GraphQL.Resolvers;
using Transaction = SyncStudio.ShopifySimulator.SimulatorStore.StoreTransaction;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// Product media as Shopify 2026-07 writes them (https://shopify.dev/docs/apps/build/online-store/product-media):
/// images added from URLs with <c>productUpdate</c>'s <c>media</c> argument
/// (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productUpdate), alt text set and images taken off a
/// product with <c>fileUpdate</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/fileUpdate), and the
/// order set with <c>productReorderMedia</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productReorderMedia).
/// A medium made from a URL is served from the simulator's own CDN-like URL, never the one it was made from, and is
/// <c>PROCESSING</c> in the answer of the request that made it (<see cref="MediaImageNode"/>). At most 250 media a
/// product (https://help.shopify.com/en/manual/products/product-media/product-media-types#product-media-limits).
/// </summary>
internal static class MediaResolvers
{
    public const int MaxMediaPerProduct = 250;

    public const int MaxAltLength = 512;

    public static IFieldResolver? Mutation(string field) => field switch
    {
        "fileUpdate" => new FuncFieldResolver<object?>(FileUpdate),
        "productReorderMedia" => new FuncFieldResolver<object?>(Reorder),
        _ => null,
    };

    /// <summary>
    /// <c>productUpdate(media:)</c>: each <c>CreateMediaInput</c> an image made from its <c>originalSource</c>, an
    /// absolute http(s) URL; a bad one refuses the whole update (field <c>media.N.originalSource</c>).
    /// </summary>
    public static SimulatedProduct AddMedia(IResolveFieldContext context, Transaction transaction, SimulatedProduct product,
        IReadOnlyList<IDictionary<string, object?>> media, List<SimulatedUserError> errors)
    {
        var added = new List<SimulatedMedia>();
        for (var i = 0; i < media.Count; i++)
        {
            var input = media[i];
            var source = input.String("originalSource")?.Trim();
            var type = input.String("mediaContentType");
            if (type != "IMAGE")
            {
                errors.Add(new SimulatedUserError(["media", Index(i), "mediaContentType"], "The simulator makes images only.", null));
                continue;
            }

            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                errors.Add(new SimulatedUserError(["media", Index(i), "originalSource"], "Image URL is invalid", null));
                continue;
            }

            var alt = input.String("alt");
            if (alt is { Length: > MaxAltLength })
            {
                errors.Add(new SimulatedUserError(["media", Index(i), "alt"], $"Alt text is too long (maximum is {MaxAltLength} characters)", null));
                continue;
            }

            var id = transaction.NewMediaId();
            var name = Path.GetFileName(uri.AbsolutePath);
            if (string.IsNullOrEmpty(name))
                name = "image.jpg";
            // Shopify copies the image to its CDN under the shop's files (https://cdn.shopify.com/s/files/1/<shop>/files/<name>?v=<version>).
            var url = string.Create(CultureInfo.InvariantCulture, $"https://cdn.shopify.com/s/files/1/0000/0001/files/{Uri.EscapeDataString(Uri.UnescapeDataString(name))}?v={id}");
            added.Add(new SimulatedMedia(id, source!, url, string.IsNullOrEmpty(alt) ? null : alt, transaction.Stamp()));
        }

        if (product.Media.Length + added.Count > MaxMediaPerProduct)
            errors.Add(new SimulatedUserError(["media"], $"Exceeded maximum number of media per product ({MaxMediaPerProduct}).", null));
        if (errors.Count > 0)
            return product;
        var execution = context.Execution();
        foreach (var m in added)
            execution.MediaMadeNow.Add(m.Id);
        return product with { Media = product.Media.AddRange(added) };
    }

    private static Dictionary<string, object?> FileUpdate(IResolveFieldContext context)
    {
        var files = InputValues.ObjectsArgument(context, "files");
        var execution = context.Execution();
        List<object?> updated = [];
        var result = execution.Store.Mutate("fileUpdate", null, InputValues.Fingerprint(context), transaction =>
        {
            updated.Clear();
            var errors = new List<SimulatedUserError>();
            var products = new Dictionary<long, SimulatedProduct>();
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var mediaId = ShopifyGid.ParseId(file.String("id"), "MediaImage");
                var owner = mediaId is { } id ? products.Values.FirstOrDefault(p => p.Media.Any(m => m.Id == id)) ?? transaction.MediaOwner(id) : null;
                if (owner is null)
                {
                    errors.Add(new SimulatedUserError(["files", Index(i), "id"], "File id does not exist.", "FILE_DOES_NOT_EXIST"));
                    continue;
                }

                var medium = owner.Media.First(m => m.Id == mediaId);
                if (file.Has("alt"))
                {
                    var alt = file.String("alt");
                    if (alt is { Length: > MaxAltLength })
                    {
                        errors.Add(new SimulatedUserError(["files", Index(i), "alt"], $"The alt value exceeds the maximum limit of {MaxAltLength} characters.", "ALT_VALUE_LIMIT_EXCEEDED"));
                        continue;
                    }

                    owner = owner with { Media = owner.Media.Replace(medium, medium with { Alt = string.IsNullOrEmpty(alt) ? null : alt }) };
                }

                foreach (var reference in file.List("referencesToRemove") ?? [])
                {
                    if (ShopifyGid.ParseId(reference?.ToString(), "Product") is not { } productId || (products.GetValueOrDefault(productId) ?? transaction.Product(productId)) is null)
                    {
                        errors.Add(new SimulatedUserError(["files", Index(i), "referencesToRemove"], "The reference target does not exist.", "REFERENCE_TARGET_DOES_NOT_EXIST"));
                        continue;
                    }

                    // Taken off the product: the file stays in the shop's files in Shopify; the simulator keeps no file library.
                    if (productId == owner.Id)
                        owner = owner with { Media = owner.Media.RemoveAll(m => m.Id == mediaId) };
                }

                products[owner.Id] = owner;
                updated.Add(new Dictionary<string, object?> { ["id"] = medium.Gid, ["__typename"] = "MediaImage", ["alt"] = medium.Alt });
            }

            if (errors.Count > 0)
                return new MutationOutcome("fileUpdate", UserErrors: errors);
            foreach (var product in products.Values)
                transaction.Put(product with { UpdatedAt = transaction.Stamp() });
            return new MutationOutcome("fileUpdate");
        });
        return new Dictionary<string, object?>
        {
            ["files"] = result.Outcome.HasErrors ? null : updated,
            ["userErrors"] = Errors(result.Outcome),
        };
    }

    /// <summary>
    /// Moves evaluated in order, each a medium of the product to a zero-based place (one past the end: last). Shopify
    /// answers a job and reorders asynchronously; the simulator has it done by the time it answers.
    /// </summary>
    private static Dictionary<string, object?> Reorder(IResolveFieldContext context)
    {
        var productGid = context.GetArgument<string>("id");
        var moves = InputValues.ObjectsArgument(context, "moves");
        var execution = context.Execution();
        var result = execution.Store.Mutate("productReorderMedia", null, InputValues.Fingerprint(context), transaction =>
        {
            if (ShopifyGid.ParseId(productGid, "Product") is not { } productId || transaction.Product(productId) is not { } product)
                return MutationOutcome.Failed("productReorderMedia", new SimulatedUserError(["id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST"));
            if (moves.Count == 0)
                return MutationOutcome.Failed("productReorderMedia", new SimulatedUserError(["moves"], "At least one move is required.", "MISSING_ARGUMENTS"));
            var list = product.Media.ToList();
            for (var i = 0; i < moves.Count; i++)
            {
                var mediaId = ShopifyGid.ParseId(moves[i].String("id"), "MediaImage");
                var at = list.FindIndex(m => m.Id == mediaId);
                if (at < 0)
                    return MutationOutcome.Failed("productReorderMedia", new SimulatedUserError(["moves", Index(i), "id"], "Media does not exist on the given product.", "MEDIA_DOES_NOT_EXIST_ON_PRODUCT"));
                if (!long.TryParse(moves[i].String("newPosition"), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
                    return MutationOutcome.Failed("productReorderMedia", new SimulatedUserError(["moves", Index(i), "newPosition"], "Position is invalid.", "INVALID"));
                var medium = list[at];
                list.RemoveAt(at);
                list.Insert((int)Math.Min(position, list.Count), medium);
            }

            var reordered = product with { Media = [.. list], UpdatedAt = transaction.Stamp() };
            transaction.Put(reordered);
            return new MutationOutcome("productReorderMedia", Product: reordered);
        });
        return new Dictionary<string, object?>
        {
            ["job"] = result.Outcome.HasErrors ? null : new Dictionary<string, object?>
            {
                ["__typename"] = "Job",
                ["id"] = ShopifyGid.Make("Job", ShopifyGid.ParseId(productGid, "Product") ?? 1),
                ["done"] = true,
                ["query"] = null,
            },
            ["mediaUserErrors"] = Errors(result.Outcome),
            ["userErrors"] = Errors(result.Outcome),
        };
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static List<object> Errors(MutationOutcome outcome) =>
        [.. (outcome.UserErrors ?? []).Select(e => (object)new Dictionary<string, object?> { ["field"] = e.Field, ["message"] = e.Message, ["code"] = e.Code })];
}
