using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SyncStudio.Services.Shopify;

/// <summary>
/// Assembles products from a bulk export's JSONL, one line at a time. Shopify writes a product's variants as
/// separate lines after their product (linked by <c>__parentId</c>), but by default (<c>groupObjects: false</c>) not
/// necessarily right after it, so a new product line does not prove the previous one is complete. Each product line
/// carries <c>variantsCount</c>: a product is held only until that many variant lines have arrived, then yielded and
/// dropped. Memory is the products still waiting for variants (in practice the current one), never the file.
/// A product still waiting at the end of the file (a variant was deleted while the export ran) is read again on its
/// own; a variant line for a product already yielded (one was added meanwhile) is logged: that product's
/// <c>updatedAt</c> has moved, so the next incremental pull picks it up.
/// </summary>
internal sealed class ShopifyBulkProductReader(ILogger logger)
{
    public long LateVariantLines { get; private set; }

    public async IAsyncEnumerable<ShopifyProduct> ReadAsync(
        IAsyncEnumerable<string> lines,
        Func<long, CancellationToken, Task<ShopifyProduct?>> readProduct,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var waiting = new OrderedDictionary<string, PendingProduct>(StringComparer.Ordinal);
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var id = root.GetProperty("id").GetString();
            if (!ShopifyGid.TryParse(id, out var type, out _))
            {
                throw new JsonException($"Bulk line without a Shopify id: {Truncate(line)}");
            }

            if (type == "Product")
            {
                var product = root.Deserialize<ProductDto>(ShopifyGraphQLTransport.JsonOptions)!;
                var pending = new PendingProduct(product, product.VariantsCount?.Count);
                if (pending.IsComplete)
                {
                    yield return pending.ToProduct();
                }
                else
                {
                    waiting[id!] = pending;
                }
            }
            else if (type == "ProductVariant")
            {
                var variant = root.Deserialize<VariantDto>(ShopifyGraphQLTransport.JsonOptions)!;
                if (variant.ParentId is null || !waiting.TryGetValue(variant.ParentId, out var parent))
                {
                    LateVariantLines++;
                    logger.LogWarning(
                        "Bulk export: variant {Variant} of {Product} arrived after its product was complete; "
                        + "the product changed during the export and the next pull reconciles it",
                        variant.Id, variant.ParentId);
                    continue;
                }

                parent.Variants.Add(variant);
                if (parent.IsComplete)
                {
                    waiting.Remove(variant.ParentId);
                    yield return parent.ToProduct();
                }
            }
        }

        foreach (var (gid, pending) in waiting)
        {
            if (pending.ExpectedVariants is null)
            {
                // No count to check against: everything that came is all there is.
                yield return pending.ToProduct();
                continue;
            }

            logger.LogInformation(
                "Bulk export: {Product} has {Received} of {Expected} variants in the file; reading it again",
                gid, pending.Variants.Count, pending.ExpectedVariants);
            if (await readProduct(ShopifyGid.Parse(gid, "Product"), cancellationToken) is { } fresh)
            {
                yield return fresh;
            }
        }
    }

    private static string Truncate(string line) => line.Length <= 200 ? line : line[..200] + "...";

    private sealed class PendingProduct(ProductDto product, int? expectedVariants)
    {
        public int? ExpectedVariants { get; } = expectedVariants;

        public List<VariantDto> Variants { get; } = [];

        public bool IsComplete => ExpectedVariants is { } expected && Variants.Count >= expected;

        public ShopifyProduct ToProduct() => product.ToProduct(Variants);
    }
}
