using System.Collections.Immutable;
using SyncStudio.Catalog;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// The simulated store's catalog: its locations, products with their variants and inventory levels per location, a few
/// collections, the idempotency keys seen and the log of applied writes. Reads and writes are
/// serialised by one lock and are short; products are immutable records, so what a reader took out
/// stays consistent while it is rendered. With a <see cref="StateFile"/>, every write is journalled
/// before it is applied and acknowledged.
/// </summary>
internal sealed class SimulatorStore : IDisposable
{
    public const long LocationId = 71_234_567_890;
    public const string LocationName = "Shop location";

    /// <summary>
    /// The location every store has and the one <c>location</c> without an id answers
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/location: "If no ID is provided, the primary location
    /// of the Shop is returned"). It cannot be removed, and every inventory item is stocked at it.
    /// </summary>
    public static SimulatedLocation PrimaryLocation { get; } =
        new(LocationId, LocationName, "CA", "150 Elgin Street", "Ottawa", "K2P 1L4", FulfillsOnlineOrders: true,
            new DateTimeOffset(2024, 1, 15, 9, 0, 0, TimeSpan.Zero));

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly StateFile? _stateFile;
    private readonly ISimulatorWebhookSink[] _sinks;
    private readonly int _snapshotEvery;
    private readonly Dictionary<long, SimulatedProduct> _products = [];
    private readonly Dictionary<string, long> _handles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, long> _variantOwners = [];
    private readonly Dictionary<long, long> _inventoryItemOwners = [];
    private readonly List<long> _idOrder = [];
    private readonly SortedSet<(long Ticks, long Id)> _byUpdated = [];
    private readonly Dictionary<ProductSortKey, (long Version, SimulatedProduct[] Sorted)> _sortCache = [];
    // Both are bounded, oldest dropped first, so a long benchmark cannot grow them without end.
    private const int MaxIdempotencyKeys = 100_000;
    private const int MaxLogEntries = 100_000;
    private readonly Dictionary<string, IdempotencyEntry> _idempotency = new(StringComparer.Ordinal);
    private readonly Queue<string> _idempotencyOrder = new();
    private readonly List<MutationLogEntry> _log = [];
    private List<SimulatedCollectionRecord> _collections = [];
    private List<SimulatedLocation> _locations = [PrimaryLocation];
    private List<SimulatedMetafieldDefinition> _definitions = [];
    private StoreCounters _counters = StoreCounters.Initial;
    private DateTimeOffset _lastStamp;
    private long _version;
    private long _sequence;
    private long _snapshotSequence = -1;
    private bool _abandoned;

    public SimulatorStore(TimeProvider time, StateFile? stateFile, IEnumerable<ISimulatorWebhookSink> sinks, int snapshotEvery)
    {
        _time = time;
        _stateFile = stateFile;
        _sinks = [.. sinks];
        _snapshotEvery = snapshotEvery;
    }

    public string SeedName { get; private set; } = "";

    public string? StatePath => _stateFile?.FullPath;

    public long Sequence
    {
        get
        {
            lock (_gate)
                return _sequence;
        }
    }

    /// <summary>Loads the saved state when there is one; otherwise seeds the store (and saves it).</summary>
    /// <returns>True when the state was loaded from the state file.</returns>
    public bool LoadOrSeed(string seedName, Func<IEnumerable<CatalogProduct>> seed, int locationCount = 1)
    {
        lock (_gate)
        {
            if (_stateFile is { Exists: true })
            {
                var (snapshot, journal) = _stateFile.Load();
                if (snapshot is not null)
                    Restore(snapshot);
                foreach (var record in journal)
                    Replay(record);
                return true;
            }

            SeedCore(seedName, seed(), locationCount);
            SaveSnapshot();
            return false;
        }
    }

    /// <summary>Throws the catalog away and loads the seed again (the saved state too).</summary>
    public void Reset(string seedName, Func<IEnumerable<CatalogProduct>> seed, int locationCount = 1)
    {
        lock (_gate)
        {
            SeedCore(seedName, seed(), locationCount);
            SaveSnapshot();
        }
    }

    /// <summary>Writes a snapshot now (at shutdown), folding the journal into it.</summary>
    public void SaveSnapshot()
    {
        lock (_gate)
        {
            if (_stateFile is null || _abandoned || (_snapshotSequence == _sequence && _stateFile.JournalRecordCount == 0))
                return;
            _snapshotSequence = _sequence;
            _stateFile.WriteSnapshot(new StoreSnapshot
            {
                Sequence = _sequence,
                Seed = SeedName,
                Counters = _counters,
                LastStamp = _lastStamp,
                Collections = [.. _collections],
                Locations = [.. _locations],
                MetafieldDefinitions = [.. _definitions],
                Products = [.. _idOrder.Select(id => _products[id])],
                Idempotency = [.. _idempotencyOrder.Select(key => _idempotency[key])],
                Log = [.. _log],
            });
        }
    }

    /// <summary>Stops writing the state file without a final snapshot, as if the process had been killed.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            _stateFile?.Abandon();
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _stateFile?.Dispose();
    }

    // ---- reads ----------------------------------------------------------------------------------

    public SimulatedProduct? GetProduct(long id)
    {
        lock (_gate)
            return _products.GetValueOrDefault(id);
    }

    public SimulatedProduct? GetProductByHandle(string handle)
    {
        lock (_gate)
            return _handles.TryGetValue(handle, out var id) ? _products[id] : null;
    }

    public (SimulatedProduct Product, SimulatedVariant Variant)? FindVariant(long variantId)
    {
        lock (_gate)
            return FindVariantCore(variantId, _variantOwners, v => v.Id == variantId);
    }

    public (SimulatedProduct Product, SimulatedVariant Variant)? FindInventoryItem(long inventoryItemId)
    {
        lock (_gate)
            return FindVariantCore(inventoryItemId, _inventoryItemOwners, v => v.InventoryItemId == inventoryItemId);
    }

    private (SimulatedProduct, SimulatedVariant)? FindVariantCore(long key, Dictionary<long, long> owners, Func<SimulatedVariant, bool> match)
    {
        if (!owners.TryGetValue(key, out var productId) || !_products.TryGetValue(productId, out var product))
            return null;
        foreach (var variant in product.Variants)
        {
            if (match(variant))
                return (product, variant);
        }

        return null;
    }

    /// <summary>The store's locations, the primary first, then in the order they were added (their ids rise).</summary>
    /// <summary>The metafield definitions made with <c>metafieldDefinitionCreate</c>, oldest first.</summary>
    public IReadOnlyList<SimulatedMetafieldDefinition> MetafieldDefinitions
    {
        get
        {
            lock (_gate)
                return [.. _definitions];
        }
    }

    public IReadOnlyList<SimulatedLocation> Locations
    {
        get
        {
            lock (_gate)
                return [.. _locations];
        }
    }

    public SimulatedLocation? FindLocation(long id)
    {
        lock (_gate)
            return _locations.Find(l => l.Id == id);
    }

    public IReadOnlyList<SimulatedCollectionRecord> Collections
    {
        get
        {
            lock (_gate)
                return _collections;
        }
    }

    public int ProductCount
    {
        get
        {
            lock (_gate)
                return _products.Count;
        }
    }

    public int VariantCount
    {
        get
        {
            lock (_gate)
                return _variantOwners.Count;
        }
    }

    public IReadOnlyList<MutationLogEntry> Log
    {
        get
        {
            lock (_gate)
                return [.. _log];
        }
    }

    public int Count(ProductSearchQuery filter, long? collectionId = null)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var product in _products.Values)
            {
                if (Matches(product, filter, collectionId))
                    count++;
            }

            return count;
        }
    }

    /// <summary>Every product that matches, in id order (a consistent snapshot, for bulk operations and tests).</summary>
    public List<SimulatedProduct> Snapshot(ProductSearchQuery filter, long? collectionId = null)
    {
        lock (_gate)
        {
            var list = new List<SimulatedProduct>(filter.MatchesAll && collectionId is null ? _products.Count : 16);
            foreach (var id in _idOrder)
            {
                var product = _products[id];
                if (Matches(product, filter, collectionId))
                    list.Add(product);
            }

            return list;
        }
    }

    public ProductPage QueryProducts(ProductPageRequest request)
    {
        lock (_gate)
        {
            var key = request.SortKey;
            var descending = request.Reverse;
            var products = new List<SimulatedProduct>();
            bool hasNext, hasPrevious;
            if (request.First is null && request.Last is not null)
            {
                // Backwards: walk from `before` towards the start, then restore the display order.
                var last = request.Last.Value;
                foreach (var product in Ordered(key, !descending, request.Before))
                {
                    if (request.After is not null && !IsBeyond(product, request.After, key, !descending))
                        break;
                    if (Matches(product, request.Filter, request.CollectionId))
                    {
                        products.Add(product);
                        if (products.Count > last)
                            break;
                    }
                }

                hasPrevious = products.Count > last;
                if (hasPrevious)
                    products.RemoveAt(products.Count - 1);
                products.Reverse();
                hasNext = request.Before is not null && AnyMatch(key, descending, request.Before, request);
            }
            else
            {
                var first = request.First ?? int.MaxValue;
                foreach (var product in Ordered(key, descending, request.After))
                {
                    if (request.Before is not null && !IsBeyond(product, request.Before, key, descending))
                        break;
                    if (Matches(product, request.Filter, request.CollectionId))
                    {
                        products.Add(product);
                        if (products.Count > first)
                            break;
                    }
                }

                hasNext = products.Count > first;
                if (hasNext)
                    products.RemoveAt(products.Count - 1);
                if (request.Last is { } lastOfFirst && products.Count > lastOfFirst)
                    products.RemoveRange(0, products.Count - lastOfFirst);
                hasPrevious = request.After is not null && AnyMatch(key, !descending, request.After, request);
            }

            return new ProductPage(products, hasNext, hasPrevious, key);
        }
    }

    /// <summary>Whether a product lies strictly before <paramref name="bound"/> in the walking direction.</summary>
    private static bool IsBeyond(SimulatedProduct product, ProductCursor bound, ProductSortKey key, bool descending)
    {
        var order = ProductOrder.Compare(product, bound, key);
        return descending ? order > 0 : order < 0;
    }

    private bool AnyMatch(ProductSortKey key, bool descending, ProductCursor from, ProductPageRequest request)
    {
        if (_products.TryGetValue(from.LastId, out var atCursor) && Matches(atCursor, request.Filter, request.CollectionId))
            return true;
        foreach (var product in Ordered(key, descending, from))
        {
            if (Matches(product, request.Filter, request.CollectionId))
                return true;
        }

        return false;
    }

    private static bool Matches(SimulatedProduct product, ProductSearchQuery filter, long? collectionId) =>
        (collectionId is null || product.CollectionIds.Contains(collectionId.Value)) && filter.Matches(product);

    /// <summary>Products in sort order, starting just after <paramref name="from"/> (exclusive). Call under the lock.</summary>
    private IEnumerable<SimulatedProduct> Ordered(ProductSortKey key, bool descending, ProductCursor? from)
    {
        switch (key)
        {
            case ProductSortKey.Id:
                {
                    int index;
                    if (from is null)
                    {
                        index = descending ? _idOrder.Count - 1 : 0;
                    }
                    else
                    {
                        var found = _idOrder.BinarySearch(from.LastId);
                        index = found >= 0 ? (descending ? found - 1 : found + 1) : (descending ? ~found - 1 : ~found);
                    }

                    for (; index >= 0 && index < _idOrder.Count; index += descending ? -1 : 1)
                        yield return _products[_idOrder[index]];
                    break;
                }

            case ProductSortKey.UpdatedAt:
                {
                    IEnumerable<(long Ticks, long Id)> entries = _byUpdated;
                    if (from is not null)
                    {
                        var ticks = long.TryParse(from.LastValue, out var t) ? t : 0;
                        if (descending)
                        {
                            var upper = (ticks, from.LastId - 1);
                            entries = _byUpdated.Count == 0 || upper.CompareTo(_byUpdated.Min) < 0 ? [] : _byUpdated.GetViewBetween(_byUpdated.Min, upper);
                        }
                        else
                        {
                            var lower = (ticks, from.LastId + 1);
                            entries = _byUpdated.Count == 0 || lower.CompareTo(_byUpdated.Max) > 0 ? [] : _byUpdated.GetViewBetween(lower, _byUpdated.Max);
                        }
                    }

                    if (descending)
                        entries = entries is SortedSet<(long, long)> set ? set.Reverse() : entries.Reverse();
                    foreach (var entry in entries)
                        yield return _products[entry.Id];
                    break;
                }

            default:
                {
                    var sorted = SortedBy(key);
                    var index = descending ? sorted.Length - 1 : 0;
                    if (from is not null)
                    {
                        // The first position after the cursor in ascending order.
                        int lo = 0, hi = sorted.Length;
                        while (lo < hi)
                        {
                            var mid = (lo + hi) >>> 1;
                            if (ProductOrder.Compare(sorted[mid], from, key) <= 0)
                                lo = mid + 1;
                            else
                                hi = mid;
                        }

                        index = descending ? lo - 1 : lo;
                        if (descending && index >= 0 && ProductOrder.Compare(sorted[index], from, key) == 0)
                            index--;
                    }

                    for (; index >= 0 && index < sorted.Length; index += descending ? -1 : 1)
                        yield return sorted[index];
                    break;
                }
        }
    }

    private SimulatedProduct[] SortedBy(ProductSortKey key)
    {
        if (_sortCache.TryGetValue(key, out var cached) && cached.Version == _version)
            return cached.Sorted;
        var sorted = _products.Values.ToArray();
        Array.Sort(sorted, (a, b) => ProductOrder.Compare(a, b, key));
        _sortCache[key] = (_version, sorted);
        return sorted;
    }

    // ---- writes ---------------------------------------------------------------------------------

    /// <summary>
    /// Runs one mutation under the lock. With an idempotency key already seen, answers the stored
    /// outcome (or a mismatch when the parameters differ) without applying anything. Otherwise the
    /// staged changes are journalled, then applied, then logged.
    /// </summary>
    public MutationResult Mutate(string operation, string? idempotencyKey, string fingerprint, Func<StoreTransaction, MutationOutcome> apply)
    {
        List<SimulatorProductEvent> events = [];
        MutationResult result;
        lock (_gate)
        {
            if (idempotencyKey is not null && _idempotency.TryGetValue(idempotencyKey, out var seen))
            {
                var same = seen.Operation == operation && seen.Fingerprint == fingerprint;
                return new MutationResult(seen.Outcome, Replayed: same, KeyMismatch: !same);
            }

            var transaction = new StoreTransaction(this, _counters, _lastStamp);
            var outcome = apply(transaction);
            // Handlers stage changes only when they succeed (or, with partial updates allowed, for the
            // parts that did), so whatever is staged is applied.
            var changed = transaction.HasChanges;
            var addedLocations = transaction.AddedLocations.ToImmutableArray();
            var addedDefinitions = transaction.AddedDefinitions.ToImmutableArray();
            if (!changed && idempotencyKey is null)
                return new MutationResult(outcome, false, false);

            var sequence = _sequence + 1;
            var at = _time.GetUtcNow();
            var puts = changed ? transaction.Puts.ToImmutableArray() : [];
            var deletes = changed ? transaction.Deletes.ToImmutableArray() : [];
            var log = puts.Select(p => p.Id).Concat(deletes)
                .Select(id => new MutationLogEntry(operation, ShopifyGid.Product(id), idempotencyKey, at, sequence))
                .ToImmutableArray();
            var idempotency = idempotencyKey is null ? null : new IdempotencyEntry(idempotencyKey, operation, fingerprint, outcome);
            var counters = changed ? transaction.Counters : _counters;
            var lastStamp = changed ? transaction.LastStamp : _lastStamp;

            _stateFile?.Append(new JournalRecord(sequence, at, operation, puts, deletes, counters, lastStamp, idempotency, log,
                Locations: addedLocations.IsEmpty ? null : addedLocations,
                MetafieldDefinitions: addedDefinitions.IsEmpty ? null : addedDefinitions));

            _sequence = sequence;
            foreach (var product in puts)
            {
                var created = !_products.ContainsKey(product.Id);
                PutCore(product);
                events.Add(new SimulatorProductEvent(created ? "products/create" : "products/update", product.Id, product, at));
            }

            foreach (var id in deletes)
            {
                RemoveCore(id);
                events.Add(new SimulatorProductEvent("products/delete", id, null, at));
            }

            _locations.AddRange(addedLocations);
            _definitions.AddRange(addedDefinitions);
            _counters = counters;
            _lastStamp = lastStamp;
            AddLog(log);
            if (idempotency is not null)
                Remember(idempotency);
            if (_stateFile is not null && !_abandoned && _stateFile.JournalRecordCount >= _snapshotEvery)
                SaveSnapshot();
            result = new MutationResult(outcome, false, false);
        }

        foreach (var productEvent in events)
        {
            foreach (var sink in _sinks)
                sink.Publish(productEvent);
        }

        return result;
    }

    /// <summary>A moment later than every earlier one, even within the same clock tick.</summary>
    internal DateTimeOffset NextStamp(ref DateTimeOffset last)
    {
        var now = _time.GetUtcNow().ToUniversalTime();
        last = now > last ? now : last.AddTicks(1);
        return last;
    }

    private void SeedCore(string seedName, IEnumerable<CatalogProduct> catalog, int locationCount)
    {
        ClearCore();
        SeedName = seedName;
        _collections =
        [
            new(451_000_000_001, "featured", "Featured", "<p>Our favourites this season.</p>"),
            new(451_000_000_002, "new-arrivals", "New Arrivals", "<p>Just landed in the shop.</p>"),
            new(451_000_000_003, "best-sellers", "Best Sellers", "<p>What everyone is buying.</p>"),
            new(451_000_000_004, "sale", "Sale", "<p>Marked down while stocks last.</p>"),
        ];

        // Seeded products look as if they were added one every ten seconds from 30 days ago, oldest
        // first (streamed: a synthetic seed of 100,000 products is never held twice).
        var now = _time.GetUtcNow().ToUniversalTime();
        var start = now.AddDays(-30);
        var counters = StoreCounters.Initial;
        // Locations beyond the primary, as a merchant adds them: every seeded item is stocked at each, holding nothing
        // there, so the seed's quantities stay each variant's total.
        for (var n = 2; n <= locationCount; n++)
        {
            _locations.Add(new SimulatedLocation(counters.NextLocationId, $"Warehouse {n}", "CA", $"{n} Warehouse Road", "Ottawa", "K1A 0B1",
                FulfillsOnlineOrders: true, start));
            counters = counters with { NextLocationId = counters.NextLocationId + 1 };
        }

        ImmutableArray<SimulatedLevel>? otherLevels = _locations.Count > 1 ? [.. _locations.Skip(1).Select(l => new SimulatedLevel(l.Id, 0))] : null;
        var index = 0;
        var stamp = start;
        foreach (var source in catalog)
        {
            if (_handles.ContainsKey(source.Handle))
                continue; // a catalog may repeat a handle; Shopify keeps one product per handle
            stamp = start.AddSeconds(10.0 * index);
            if (stamp > now)
                stamp = now;
            PutCore(FromCatalog(source, index, stamp, otherLevels, ref counters));
            index++;
        }

        _counters = counters;
        _lastStamp = stamp;
    }

    private static SimulatedProduct FromCatalog(
        CatalogProduct source, int index, DateTimeOffset stamp, ImmutableArray<SimulatedLevel>? otherLevels, ref StoreCounters counters)
    {
        var productId = counters.NextProductId;
        var nextVariant = counters.NextVariantId;
        var nextItem = counters.NextInventoryItemId;
        var nextOption = counters.NextOptionId;

        var optionNames = source.OptionNames.Count > 0 ? source.OptionNames : [CatalogConventions.DefaultOptionName];
        var options = ImmutableArray.CreateBuilder<SimulatedOption>(optionNames.Count);
        for (var o = 0; o < optionNames.Count; o++)
        {
            var values = source.Variants
                .Select(v => o < v.OptionValues.Count ? v.OptionValues[o] : "")
                .Where(v => v.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToImmutableArray();
            options.Add(new SimulatedOption(nextOption++, optionNames[o], values));
        }

        var variants = ImmutableArray.CreateBuilder<SimulatedVariant>(source.Variants.Count);
        foreach (var v in source.Variants)
        {
            variants.Add(new SimulatedVariant(
                nextVariant++, nextItem++, v.Sku, v.Price, v.CompareAtPrice, v.Barcode, v.Weight,
                WeightUnitName(v.WeightUnit), v.InventoryQuantity,
                [.. v.OptionValues.Take(optionNames.Count)], Taxable: true, InventoryPolicy: "DENY", Tracked: true, stamp, stamp, otherLevels));
        }

        counters = counters with
        {
            NextProductId = productId + 1,
            NextVariantId = nextVariant,
            NextInventoryItemId = nextItem,
            NextOptionId = nextOption,
        };

        var collections = ImmutableArray.CreateBuilder<long>();
        if (index % 9 == 0)
            collections.Add(451_000_000_001);
        if (index % 7 == 3)
            collections.Add(451_000_000_002);
        if (index % 11 == 5)
            collections.Add(451_000_000_003);
        if (source.Variants.Exists(v => v.CompareAtPrice > v.Price))
            collections.Add(451_000_000_004);

        return new SimulatedProduct(
            productId, source.Handle, source.Title, source.BodyHtml, source.Vendor, source.ProductType,
            [.. source.Tags], source.Status.ToString().ToUpperInvariant(), options.MoveToImmutable(),
            variants.MoveToImmutable(), collections.ToImmutable(), stamp, stamp);
    }

    internal static string WeightUnitName(CatalogWeightUnit unit) => unit switch
    {
        CatalogWeightUnit.Grams => "GRAMS",
        CatalogWeightUnit.Ounces => "OUNCES",
        CatalogWeightUnit.Pounds => "POUNDS",
        _ => "KILOGRAMS",
    };

    private void Restore(StoreSnapshot snapshot)
    {
        ClearCore();
        SeedName = snapshot.Seed;
        _sequence = snapshot.Sequence;
        _snapshotSequence = snapshot.Sequence;
        _counters = snapshot.Counters;
        _lastStamp = snapshot.LastStamp;
        _collections = snapshot.Collections;
        // A state file written before locations were kept has the primary location only.
        _locations = snapshot.Locations is { Count: > 0 } locations ? locations : [PrimaryLocation];
        _definitions = snapshot.MetafieldDefinitions ?? [];
        foreach (var product in snapshot.Products)
            PutCore(product);
        foreach (var entry in snapshot.Idempotency)
            Remember(entry);
        AddLog(snapshot.Log);
    }

    private void Replay(JournalRecord record)
    {
        foreach (var product in record.Puts)
            PutCore(product);
        foreach (var id in record.Deletes)
            RemoveCore(id);
        if (record.Locations is { } locations)
            _locations.AddRange(locations);
        if (record.MetafieldDefinitions is { } definitions)
            _definitions.AddRange(definitions);
        _sequence = record.Sequence;
        _counters = record.Counters;
        _lastStamp = record.LastStamp;
        if (record.Idempotency is not null)
            Remember(record.Idempotency);
        AddLog(record.Log);
    }

    private void Remember(IdempotencyEntry entry)
    {
        if (_idempotency.TryAdd(entry.Key, entry))
            _idempotencyOrder.Enqueue(entry.Key);
        else
            _idempotency[entry.Key] = entry;
        while (_idempotencyOrder.Count > MaxIdempotencyKeys)
            _idempotency.Remove(_idempotencyOrder.Dequeue());
    }

    private void AddLog(IEnumerable<MutationLogEntry> entries)
    {
        _log.AddRange(entries);
        if (_log.Count > MaxLogEntries)
            _log.RemoveRange(0, _log.Count - MaxLogEntries);
    }

    private void ClearCore()
    {
        _products.Clear();
        _handles.Clear();
        _variantOwners.Clear();
        _inventoryItemOwners.Clear();
        _idOrder.Clear();
        _byUpdated.Clear();
        _sortCache.Clear();
        _idempotency.Clear();
        _idempotencyOrder.Clear();
        _log.Clear();
        _locations = [PrimaryLocation];
        _definitions = [];
        _counters = StoreCounters.Initial;
        _sequence = 0;
        _snapshotSequence = -1;
        _version++;
    }

    private void PutCore(SimulatedProduct product)
    {
        if (_products.TryGetValue(product.Id, out var previous))
        {
            UnindexCore(previous);
        }
        else
        {
            var position = _idOrder.BinarySearch(product.Id);
            _idOrder.Insert(~position, product.Id);
        }

        _products[product.Id] = product;
        _handles[product.Handle] = product.Id;
        _byUpdated.Add((product.UpdatedAt.UtcTicks, product.Id));
        foreach (var variant in product.Variants)
        {
            _variantOwners[variant.Id] = product.Id;
            _inventoryItemOwners[variant.InventoryItemId] = product.Id;
        }

        _version++;
    }

    private void RemoveCore(long id)
    {
        if (!_products.Remove(id, out var product))
            return;
        UnindexCore(product);
        var position = _idOrder.BinarySearch(id);
        if (position >= 0)
            _idOrder.RemoveAt(position);
        _version++;
    }

    private void UnindexCore(SimulatedProduct product)
    {
        if (_handles.TryGetValue(product.Handle, out var owner) && owner == product.Id)
            _handles.Remove(product.Handle);
        _byUpdated.Remove((product.UpdatedAt.UtcTicks, product.Id));
        foreach (var variant in product.Variants)
        {
            _variantOwners.Remove(variant.Id);
            _inventoryItemOwners.Remove(variant.InventoryItemId);
        }
    }

    /// <summary>
    /// The changes of one mutation before they are applied: reads see them, nothing else does until
    /// the mutation commits. Ids and timestamps come from the transaction's own counters, committed
    /// with it.
    /// </summary>
    internal sealed class StoreTransaction(SimulatorStore store, StoreCounters counters, DateTimeOffset lastStamp)
    {
        private readonly Dictionary<long, SimulatedProduct?> _pending = [];
        private readonly List<SimulatedLocation> _addedLocations = [];
        private readonly List<SimulatedMetafieldDefinition> _addedDefinitions = [];
        private DateTimeOffset _lastStamp = lastStamp;

        public StoreCounters Counters { get; private set; } = counters;

        public DateTimeOffset LastStamp => _lastStamp;

        public bool HasChanges => _pending.Count > 0 || _addedLocations.Count > 0 || _addedDefinitions.Count > 0;

        public IReadOnlyList<SimulatedMetafieldDefinition> AddedDefinitions => _addedDefinitions;

        /// <summary>The store's metafield definitions with those this mutation adds.</summary>
        public IEnumerable<SimulatedMetafieldDefinition> MetafieldDefinitions => store._definitions.Concat(_addedDefinitions);

        /// <summary>The definition of <paramref name="ns"/>.<paramref name="key"/> for the owner type, if any.</summary>
        public SimulatedMetafieldDefinition? Definition(string ownerType, string ns, string key) =>
            MetafieldDefinitions.FirstOrDefault(d => d.OwnerType == ownerType && d.Namespace == ns && d.Key == key);

        public void AddDefinition(SimulatedMetafieldDefinition definition) => _addedDefinitions.Add(definition);

        public IReadOnlyList<SimulatedLocation> AddedLocations => _addedLocations;

        /// <summary>The store's locations with those this mutation adds.</summary>
        public IEnumerable<SimulatedLocation> Locations => store._locations.Concat(_addedLocations);

        public SimulatedLocation? Location(long id) => Locations.FirstOrDefault(l => l.Id == id);

        /// <summary>Adds a location with a fresh id; its inventory levels come with <c>inventoryActivate</c>.</summary>
        public SimulatedLocation AddLocation(string name, string countryCode, string? address1, string? city, string? zip, bool fulfillsOnlineOrders)
        {
            var location = new SimulatedLocation(Counters.NextLocationId, name, countryCode, address1, city, zip, fulfillsOnlineOrders, Stamp());
            Counters = Counters with { NextLocationId = location.Id + 1 };
            _addedLocations.Add(location);
            return location;
        }

        public IEnumerable<SimulatedProduct> Puts => _pending.Values.OfType<SimulatedProduct>();

        public IEnumerable<long> Deletes => _pending.Where(p => p.Value is null && store._products.ContainsKey(p.Key)).Select(p => p.Key);

        public IReadOnlyList<SimulatedCollectionRecord> Collections => store._collections;

        public SimulatedProduct? Product(long id) =>
            _pending.TryGetValue(id, out var pending) ? pending : store._products.GetValueOrDefault(id);

        public SimulatedProduct? ProductByHandle(string handle)
        {
            foreach (var pending in _pending.Values)
            {
                if (pending is not null && string.Equals(pending.Handle, handle, StringComparison.OrdinalIgnoreCase))
                    return pending;
            }

            if (store._handles.TryGetValue(handle, out var id) && Product(id) is { } product &&
                string.Equals(product.Handle, handle, StringComparison.OrdinalIgnoreCase))
                return product;
            return null;
        }

        public (SimulatedProduct Product, SimulatedVariant Variant)? InventoryItem(long inventoryItemId)
        {
            var owner = _pending.Values.FirstOrDefault(p => p is not null && p.Variants.Any(v => v.InventoryItemId == inventoryItemId));
            if (owner is null && store._inventoryItemOwners.TryGetValue(inventoryItemId, out var ownerId))
                owner = Product(ownerId);
            var variant = owner?.Variants.FirstOrDefault(v => v.InventoryItemId == inventoryItemId);
            return owner is null || variant is null ? null : (owner, variant);
        }

        /// <summary>The variant with <paramref name="variantId"/> and its product, as this transaction has them.</summary>
        public (SimulatedProduct Product, SimulatedVariant Variant)? Variant(long variantId)
        {
            var owner = _pending.Values.FirstOrDefault(p => p is not null && p.Variants.Any(v => v.Id == variantId));
            if (owner is null && store._variantOwners.TryGetValue(variantId, out var ownerId))
                owner = Product(ownerId);
            var variant = owner?.Variants.FirstOrDefault(v => v.Id == variantId);
            return owner is null || variant is null ? null : (owner, variant);
        }

        /// <summary>The product a medium belongs to, as this transaction has it (a scan: media writes are few).</summary>
        public SimulatedProduct? MediaOwner(long mediaId) =>
            _pending.Values.FirstOrDefault(p => p is not null && p.Media.Any(m => m.Id == mediaId))
            ?? store._products.Values.FirstOrDefault(p => !_pending.ContainsKey(p.Id) && p.Media.Any(m => m.Id == mediaId));

        public bool HandleInUse(string handle, long exceptProductId) =>
            ProductByHandle(handle) is { } other && other.Id != exceptProductId;

        /// <summary>The handle itself, or with -1, -2 ... appended until it is free, as Shopify does.</summary>
        public string UniqueHandle(string handle, long exceptProductId)
        {
            var candidate = handle;
            for (var n = 1; HandleInUse(candidate, exceptProductId); n++)
                candidate = $"{handle}-{n}";
            return candidate;
        }

        public long NewProductId()
        {
            var id = Counters.NextProductId;
            Counters = Counters with { NextProductId = id + 1 };
            return id;
        }

        public (long VariantId, long InventoryItemId) NewVariantIds()
        {
            var ids = (Counters.NextVariantId, Counters.NextInventoryItemId);
            Counters = Counters with { NextVariantId = ids.NextVariantId + 1, NextInventoryItemId = ids.NextInventoryItemId + 1 };
            return ids;
        }

        public long NewOptionId()
        {
            var id = Counters.NextOptionId;
            Counters = Counters with { NextOptionId = id + 1 };
            return id;
        }

        /// <summary>An id for a metafield or a metafield definition (a state from before they were kept starts them afresh).</summary>
        public long NewMetafieldId()
        {
            var id = Counters.NextMetafieldId == 0 ? 19_000_000_000_001 : Counters.NextMetafieldId;
            Counters = Counters with { NextMetafieldId = id + 1 };
            return id;
        }

        /// <summary>An id for a medium (a state from before media were kept starts them afresh).</summary>
        public long NewMediaId()
        {
            var id = Counters.NextMediaId == 0 ? 31_000_000_000_001 : Counters.NextMediaId;
            Counters = Counters with { NextMediaId = id + 1 };
            return id;
        }

        public long NewAdjustmentId()
        {
            var id = Counters.NextAdjustmentId;
            Counters = Counters with { NextAdjustmentId = id + 1 };
            return id;
        }

        /// <summary>A fresh <c>updatedAt</c>: later than any stamp given before.</summary>
        public DateTimeOffset Stamp() => store.NextStamp(ref _lastStamp);

        public void Put(SimulatedProduct product) => _pending[product.Id] = product;

        public void Delete(long id) => _pending[id] = null;
    }
}
