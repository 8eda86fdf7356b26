using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

using SyncStudio.Services.Shopify;

namespace SyncStudio.Tests.Unit.Shopify;

/// <summary>
/// The bulk reader as it was when each line went through <c>JsonSerializer</c> into the wire records: kept as the oracle
/// the hand-written reader is checked against (<see cref="ShopifyBulkReaderEquivalenceTests"/>).
/// </summary>
/// <remarks>
/// Assembles products from a bulk export's JSONL, one line at a time. Shopify writes a product's variants as
/// separate lines after their product (linked by <c>__parentId</c>), but by default (<c>groupObjects: false</c>) not
/// necessarily right after it, so a new product line does not prove the previous one is complete. Each product line
/// carries <c>variantsCount</c>: a product is held only until that many variant lines have arrived, then yielded and
/// dropped. Memory is the products still waiting for variants (in practice the current one), never the file.
/// A product still waiting at the end of the file (a variant was deleted while the export ran) is read again on its
/// own; a variant line for a product already yielded (one was added meanwhile) is logged: that product's
/// <c>updatedAt</c> has moved, so the next incremental pull picks it up.
/// </remarks>
internal sealed class LegacyBulkProductReader(ILogger logger)
{
    // Products waiting for level lines, by their variants' inventory item gids: a level line names its item, not its product.
    private readonly Dictionary<string, PendingProduct> _byItem = new(StringComparer.Ordinal);

    public long LateVariantLines { get; private set; }

    /// <summary>The lines of a JSONL text, one string each (tests, and any caller that has strings already).</summary>
    public async IAsyncEnumerable<ShopifyProduct> ReadAsync(
        IAsyncEnumerable<string> lines,
        Func<long, CancellationToken, Task<ShopifyProduct?>> readProduct,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var waiting = new OrderedDictionary<string, PendingProduct>(StringComparer.Ordinal);
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            if (Accept(Encoding.UTF8.GetBytes(line), waiting) is { } product)
            {
                yield return product;
            }
        }

        await foreach (var product in ReadRemainingAsync(waiting, readProduct, cancellationToken))
        {
            yield return product;
        }
    }

    /// <summary>
    /// A JSONL stream, split into lines as UTF-8 bytes (no string per line): each line is parsed once, straight into
    /// its wire model. Products are yielded as soon as the bytes that complete them have arrived.
    /// </summary>
    public async IAsyncEnumerable<ShopifyProduct> ReadAsync(
        Stream stream,
        Func<long, CancellationToken, Task<ShopifyProduct?>> readProduct,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var waiting = new OrderedDictionary<string, PendingProduct>(StringComparer.Ordinal);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var completed = new List<ShopifyProduct>();
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A line longer than the buffer (a long description): grow it.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                filled += read;
                var consumed = AcceptLines(buffer.AsSpan(0, filled), final: read == 0, waiting, completed);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                foreach (var product in completed)
                {
                    yield return product;
                }

                completed.Clear();
                if (read == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await foreach (var product in ReadRemainingAsync(waiting, readProduct, cancellationToken))
        {
            yield return product;
        }
    }

    /// <summary>Every whole line of <paramref name="data"/> (and at the end, the last one without its newline); the bytes used.</summary>
    private int AcceptLines(ReadOnlySpan<byte> data, bool final, OrderedDictionary<string, PendingProduct> waiting, List<ShopifyProduct> completed)
    {
        var consumed = 0;
        while (consumed < data.Length)
        {
            var newline = data[consumed..].IndexOf((byte)'\n');
            if (newline < 0 && !final)
            {
                break;
            }

            var line = newline < 0 ? data[consumed..] : data.Slice(consumed, newline);
            consumed += newline < 0 ? line.Length : newline + 1;
            if (Accept(line, waiting) is { } product)
            {
                completed.Add(product);
            }
        }

        return consumed;
    }

    /// <summary>One line: a product complete with it, if any.</summary>
    private ShopifyProduct? Accept(ReadOnlySpan<byte> line, OrderedDictionary<string, PendingProduct> waiting)
    {
        line = line.Trim(" \t\r\n"u8);
        if (line.IsEmpty)
        {
            return null;
        }

        var id = TopLevelId(line);
        if (!ShopifyGid.TryParse(id, out var type, out _))
        {
            throw new JsonException($"Bulk line without a Shopify id: {Truncate(Encoding.UTF8.GetString(line))}");
        }

        if (type == "Product")
        {
            var product = JsonSerializer.Deserialize<ProductDto>(line, ShopifyGraphQLTransport.JsonOptions)!;
            var pending = new PendingProduct(id!, product, product.VariantsCount?.Count);
            if (pending.IsComplete)
            {
                return pending.ToProduct();
            }

            waiting[id!] = pending;
        }
        else if (type == "ProductVariant")
        {
            var variant = JsonSerializer.Deserialize<VariantDto>(line, ShopifyGraphQLTransport.JsonOptions)!;
            if (variant.ParentId is null || !waiting.TryGetValue(variant.ParentId, out var parent))
            {
                LateVariantLines++;
                logger.LogWarning(
                    "Bulk export: variant {Variant} of {Product} arrived after its product was complete; "
                    + "the product changed during the export and the next pull reconciles it",
                    variant.Id, variant.ParentId);
                return null;
            }

            parent.Add(variant);
            if (variant.InventoryItem?.Id is { } item)
            {
                _byItem[item] = parent;
            }

            return Completed(parent, waiting);
        }
        else if (type == "InventoryLevel")
        {
            // Levels are lines of their own, after their variant (https://shopify.dev/docs/api/usage/bulk-operations/queries):
            // the level's id carries its item (".../InventoryLevel/1?inventory_item_id=2"), whatever parent it names.
            var level = JsonSerializer.Deserialize<InventoryLevelNodeDto>(line, ShopifyGraphQLTransport.JsonOptions)!;
            var item = ItemOf(level);
            if (item is null || !_byItem.TryGetValue(item, out var parent) || level.ToLevel() is not { } read)
            {
                LateVariantLines++;
                logger.LogWarning("Bulk export: level {Level} arrived without a variant waiting for it", level.Id);
                return null;
            }

            parent.AddLevel(item, read);
            return Completed(parent, waiting);
        }

        return null;
    }

    private ShopifyProduct? Completed(PendingProduct parent, OrderedDictionary<string, PendingProduct> waiting)
    {
        if (!parent.IsComplete)
        {
            return null;
        }

        waiting.Remove(parent.Gid);
        foreach (var item in parent.Items)
        {
            _byItem.Remove(item);
        }

        return parent.ToProduct();
    }

    private static string? ItemOf(InventoryLevelNodeDto level)
    {
        if (level.ParentId is { } parent && parent.StartsWith("gid://shopify/InventoryItem/", StringComparison.Ordinal))
        {
            return parent;
        }

        var at = level.Id?.IndexOf("inventory_item_id=", StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : "gid://shopify/InventoryItem/" + level.Id![(at + "inventory_item_id=".Length)..];
    }

    /// <summary>The line's own <c>id</c> (not a nested one), or null.</summary>
    private static string? TopLevelId(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }

    private async IAsyncEnumerable<ShopifyProduct> ReadRemainingAsync(
        OrderedDictionary<string, PendingProduct> waiting,
        Func<long, CancellationToken, Task<ShopifyProduct?>> readProduct,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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

    private sealed class PendingProduct(string gid, ProductDto product, int? expectedVariants)
    {
        private readonly Dictionary<string, List<ShopifyStockLevel>> _levels = new(StringComparer.Ordinal);
        private int _levelsMissing;

        public string Gid { get; } = gid;

        public int? ExpectedVariants { get; } = expectedVariants;

        public List<VariantDto> Variants { get; } = [];

        public IEnumerable<string> Items => _levels.Keys;

        public bool IsComplete => ExpectedVariants is { } expected && Variants.Count >= expected && _levelsMissing <= 0;

        public void Add(VariantDto variant)
        {
            Variants.Add(variant);
            if (variant.InventoryItem?.Id is { } item)
            {
                _levels[item] = [];
                _levelsMissing += variant.InventoryItem.LocationsCount?.Count ?? 0;
            }
        }

        public void AddLevel(string item, ShopifyStockLevel level)
        {
            _levels[item].Add(level);
            _levelsMissing--;
        }

        public ShopifyProduct ToProduct()
        {
            var read = product.ToProduct(Variants);
            if (_levels.Count == 0)
            {
                return read;
            }

            return read with
            {
                Variants = [.. read.Variants.Select(v => _levels.TryGetValue(ShopifyGid.InventoryItem(v.InventoryItemId), out var levels) ? v with { Levels = levels } : v)],
            };
        }
    }
}
