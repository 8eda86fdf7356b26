using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
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
/// <remarks>
/// Each line is read once by <see cref="BulkLineParser"/>, a hand-written <see cref="Utf8JsonReader"/> pass straight
/// into the model (no wire records, no per-line deserialiser: those made the reader eight times slower than reading
/// the tokens alone). What it keeps of each line, and how it converts it, is what the wire records and
/// <see cref="ShopifyMapping"/> did, so a product reads the same either way.
/// </remarks>
internal sealed class ShopifyBulkProductReader(ILogger logger)
{
    // Products waiting for level lines, by their variants' inventory item ids: a level line names its item, not its product.
    private readonly Dictionary<long, PendingProduct> _byItem = [];
    private readonly BulkLineParser _parser = new();
    private long _lineNumber;

    public long LateVariantLines { get; private set; }

    /// <summary>The lines of a JSONL text, one string each (tests, and any caller that has strings already).</summary>
    public async IAsyncEnumerable<ShopifyProduct> ReadAsync(
        IAsyncEnumerable<string> lines,
        Func<long, CancellationToken, Task<ShopifyProduct?>> readProduct,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var waiting = new OrderedDictionary<long, PendingProduct>();
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
    /// A JSONL stream, split into lines as UTF-8 bytes in a pooled buffer (no string per line): each line is parsed once,
    /// straight into the model. Products are yielded as soon as the bytes that complete them have arrived.
    /// </summary>
    public async IAsyncEnumerable<ShopifyProduct> ReadAsync(
        Stream stream,
        Func<long, CancellationToken, Task<ShopifyProduct?>> readProduct,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var waiting = new OrderedDictionary<long, PendingProduct>();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 18);
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
    private int AcceptLines(ReadOnlySpan<byte> data, bool final, OrderedDictionary<long, PendingProduct> waiting, List<ShopifyProduct> completed)
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
    private ShopifyProduct? Accept(ReadOnlySpan<byte> line, OrderedDictionary<long, PendingProduct> waiting)
    {
        _lineNumber++;
        line = line.Trim(" \t\r\n"u8);
        if (line.IsEmpty)
        {
            return null;
        }

        BulkLineParser.Line parsed;
        try
        {
            parsed = _parser.Parse(line);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            // The line and where it is: a file of 400 MB is no help without them.
            throw new JsonException(
                $"Bulk export line {_lineNumber} is not a product, variant or inventory level line Shopify writes: {e.Message} Line: {Truncate(line)}",
                null, _lineNumber, null, e);
        }

        switch (parsed.Kind)
        {
            case BulkLineParser.Kind.Product:
                {
                    var pending = new PendingProduct(parsed.Id, parsed.Product!, parsed.ExpectedVariants);
                    if (pending.IsComplete)
                    {
                        return pending.ToProduct();
                    }

                    waiting[parsed.Id] = pending;
                    return null;
                }

            case BulkLineParser.Kind.Variant:
                {
                    var variant = parsed.Variant!;
                    if (parsed.ParentKind != BulkLineParser.Kind.Product || !waiting.TryGetValue(parsed.ParentId, out var parent))
                    {
                        LateVariantLines++;
                        logger.LogWarning(
                            "Bulk export: variant {Variant} of {Product} arrived after its product was complete; "
                            + "the product changed during the export and the next pull reconciles it",
                            ShopifyGid.Variant(parsed.Id), parsed.ParentGid);
                        return null;
                    }

                    parent.Add(variant, parsed.LocationsCount);
                    if (variant.HasItem)
                    {
                        _byItem[variant.InventoryItemId] = parent;
                    }

                    return Completed(parent, waiting);
                }

            case BulkLineParser.Kind.Level:
                {
                    // Levels are lines of their own, after their variant (https://shopify.dev/docs/api/usage/bulk-operations/queries):
                    // the level's id carries its item (".../InventoryLevel/1?inventory_item_id=2"), whatever parent it names.
                    var item = parsed.ParentKind == BulkLineParser.Kind.InventoryItem ? parsed.ParentId : parsed.LevelItemId;
                    if (item <= 0 || !_byItem.TryGetValue(item, out var parent) || parsed.Level is not { } level)
                    {
                        LateVariantLines++;
                        logger.LogWarning("Bulk export: level {Level} arrived without a variant waiting for it", parsed.LevelGid);
                        return null;
                    }

                    parent.AddLevel(item, level);
                    return Completed(parent, waiting);
                }

            case BulkLineParser.Kind.Media:
                {
                    // A product's media are lines of their own after it (docs/decisions/0029); its mediaCount says how many.
                    if (!waiting.TryGetValue(parsed.ParentId, out var parent))
                    {
                        LateVariantLines++;
                        logger.LogWarning("Bulk export: medium {Medium} of {Product} arrived after its product was complete", parsed.Medium!.Id, parsed.ParentGid);
                        return null;
                    }

                    parent.AddMedium(parsed.Medium!);
                    return Completed(parent, waiting);
                }

            default:
                return null;
        }
    }

    private ShopifyProduct? Completed(PendingProduct parent, OrderedDictionary<long, PendingProduct> waiting)
    {
        if (!parent.IsComplete)
        {
            return null;
        }

        waiting.Remove(parent.Id);
        foreach (var item in parent.Items)
        {
            _byItem.Remove(item);
        }

        return parent.ToProduct();
    }

    private async IAsyncEnumerable<ShopifyProduct> ReadRemainingAsync(
        OrderedDictionary<long, PendingProduct> waiting,
        Func<long, CancellationToken, Task<ShopifyProduct?>> readProduct,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (id, pending) in waiting)
        {
            if (pending.ExpectedVariants is null)
            {
                // No count to check against: everything that came is all there is.
                yield return pending.ToProduct();
                continue;
            }

            logger.LogInformation(
                "Bulk export: {Product} has {Received} of {Expected} variants in the file; reading it again",
                ShopifyGid.Product(id), pending.VariantCount, pending.ExpectedVariants);
            if (await readProduct(id, cancellationToken) is { } fresh)
            {
                yield return fresh;
            }
        }
    }

    private static string Truncate(ReadOnlySpan<byte> line) =>
        line.Length <= 200 ? Encoding.UTF8.GetString(line) : Encoding.UTF8.GetString(line[..200]) + "...";

    private sealed class PendingProduct(long id, ProductParts product, int? expectedVariants)
    {
        private readonly List<VariantParts> _variants = [];
        private Dictionary<long, List<ShopifyStockLevel>>? _levels;
        private int _levelsMissing;
        private readonly int _mediaExpected = product.MediaCount;
        private List<MediaDto>? _media;

        public long Id { get; } = id;

        public int? ExpectedVariants { get; } = expectedVariants;

        public int VariantCount => _variants.Count;

        public IEnumerable<long> Items => _levels?.Keys ?? Enumerable.Empty<long>();

        public bool IsComplete => ExpectedVariants is { } expected && _variants.Count >= expected && _levelsMissing <= 0
            && (_media?.Count ?? 0) >= _mediaExpected;

        public void AddMedium(MediaDto medium) => (_media ??= []).Add(medium);

        public void Add(VariantParts variant, int? locationsCount)
        {
            _variants.Add(variant);
            if (variant.HasItem)
            {
                (_levels ??= [])[variant.InventoryItemId] = [];
                _levelsMissing += locationsCount ?? 0;
            }
        }

        public void AddLevel(long item, ShopifyStockLevel level)
        {
            _levels![item].Add(level);
            _levelsMissing--;
        }

        /// <summary>The product with its variants in the order their lines came, each with the levels of its item.</summary>
        public ShopifyProduct ToProduct()
        {
            var names = product.OptionNames;
            var variants = new List<ShopifyVariant>(_variants.Count);
            foreach (var v in _variants)
            {
                variants.Add(v.Build(names, v.HasItem && _levels is not null && _levels.TryGetValue(v.InventoryItemId, out var levels) ? levels : null));
            }

            var read = product.Build(variants);
            return _media is null ? read : read with { Media = ShopifyMapping.Media(_media) };
        }
    }
}
