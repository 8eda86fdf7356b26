namespace SyncStudio.Services.Shopify;

/// <summary>What Shopify takes in one request or one product, and the chunking that keeps within it.</summary>
public static class ShopifyLimits
{
    /// <summary>
    /// Items in any list argument, at any depth of an input: "Input arguments that accept an array have a maximum size
    /// of 250 for all APIs" (https://shopify.dev/docs/api/usage/limits#input-limits). A longer list fails the whole
    /// request, so every list the client sends is cut into calls of at most this many.
    /// </summary>
    public const int MaxInputArray = 250;

    /// <summary>Variants one product may have (https://shopify.dev/changelog/the-product-variant-limit-is-now-2048-for-all-merchants).</summary>
    public const int MaxVariantsPerProduct = 2048;

    /// <summary>Options one product may have (productOptionsCreate's OPTIONS_OVER_LIMIT).</summary>
    public const int MaxOptionsPerProduct = 3;

    /// <summary><paramref name="items"/> in order, in lists of at most <see cref="MaxInputArray"/>.</summary>
    public static IEnumerable<IReadOnlyList<T>> Chunks<T>(IReadOnlyList<T> items) => items.Chunk(MaxInputArray);

    /// <summary>Refuses a list longer than one call may send (a caller that should have chunked).</summary>
    internal static void EnsureOneCall<T>(IReadOnlyCollection<T> items, string paramName)
    {
        if (items.Count > MaxInputArray)
        {
            throw new ArgumentException(
                $"Shopify takes at most {MaxInputArray} items in one list argument; send {items.Count} in chunks ({nameof(Chunks)}).",
                paramName);
        }
    }
}
