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
/// (<c>productUpdate</c>, <c>productOptionUpdate</c>, <c>productVariantsBulkDelete</c>, <c>productOptionsDelete</c>,
/// <c>productOptionsCreate</c>, <c>productVariantsBulkUpdate</c>, <c>productVariantsBulkCreate</c>, every list in chunks of
/// 250, <c>productVariantsBulkReorder</c> for the new variants' places, <c>inventorySetQuantities</c> with
/// <c>changeFromQuantity</c> at the shop's primary location; decision 0018), creates with <c>productSet</c> and deletes with <c>productDelete</c>. A write whose
/// response was lost is settled by reading the product back: landed, not landed (sent again once), or moved (stale);
/// a create is looked up by its handle before every send (see <see cref="CreateAsync"/>).
/// </summary>
public sealed partial class ShopifyWriter(IShopifyClient shopify, StockLocationMap? locations = null)
{
    private ShopifyLocation? _location;
    private StockLocationMap? _locations = locations;
    private readonly Func<CancellationToken, Task<StockLocationMap>>? _load;
    private Task<StockLocationMap>? _loading;

    /// <summary>
    /// A writer that reads the merchant's location map when its first write or read needs it: a push does not fail as
    /// a whole when Shopify cannot be read as it starts; each change that then cannot be written fails on its own, to
    /// be retried (as a failed read-back does).
    /// </summary>
    public ShopifyWriter(IShopifyClient shopify, Func<CancellationToken, Task<StockLocationMap>> loadLocations)
        : this(shopify, (StockLocationMap?)null) => _load = loadLocations;

    /// <summary>Loads the location map once (again after a failed load); a failure throws as a failed read does.</summary>
    private async Task EnsureLocationsAsync(CancellationToken ct)
    {
        if (_locations is not null || _load is null)
            return;
        var loading = _loading ??= _load(ct);
        try
        {
            _locations = await loading;
        }
        catch (ShopifyApiException)
        {
            _ = Interlocked.CompareExchange(ref _loading, null, loading);
            throw;
        }
    }

    public async Task<ShopifyWriteOutcome> UpdateAsync(ProductSnapshot before, ProductSnapshot after, string changeId, CancellationToken ct)
    {
        await EnsureLocationsAsync(ct);
        var productId = before.ShopifyProductId ?? throw new InvalidOperationException("The Shopify side has no product id.");
        // Shopify always has an option: a product without any is "Title" / "Default Title" there (decision 0018).
        after = WithDefaultOption(after);
        // Options the target keeps in another order are put in its order first (productOptionsReorder), so every later
        // step sees Shopify's options, and each variant's values, where the target has them.
        var original = before;
        var optionOrder = OptionOrder(before.OptionNames, after.OptionNames);
        if (optionOrder is not null)
            before = Reordered(before, optionOrder);
        // Variants pair by Shopify variant id, never by list position: Shopify's order may have changed (a reorder in
        // its admin) since the target was taken, and pairing by position would write one variant's values onto another.
        var variants = MatchVariants(before, after, out var mismatch);
        if (variants is null)
            return ShopifyWriteOutcome.Fail(FailureReasons.Stale, mismatch!);
        var options = PlanOptions(before.OptionNames, after.OptionNames);
        if (options is null)
            return ShopifyWriteOutcome.Fail(FailureReasons.Unsupported, "These options could not be matched with Shopify's; change them in Shopify and pull.");
        var pairs = variants.Pairs;
        if (Unwritable(after, pairs, variants.Added) is { } invalid)
            return ShopifyWriteOutcome.Fail(FailureReasons.Invalid, invalid);

        // Stock is planned before anything is written, so a change whose stock cannot be written writes nothing.
        var (stock, unplanned) = await PlanStockAsync(pairs, ct);
        if (unplanned is not null)
            return unplanned;
        List<ShopifyVariantCreate> newVariants = [];
        if (variants.Added.Count > 0)
        {
            // New variants take their stock at every mapped location as they are created, like a product's create.
            var (map, unknown) = await LocationsAsync(ct);
            if (unknown is not null)
                return unknown;
            var (planned, unwritable) = NewVariants(variants.Added, map!);
            if (unwritable is not null)
                return unwritable;
            newVariants = planned!;
        }

        if (optionOrder is not null)
        {
            var optionsHeld = await shopify.GetProductOptionsAsync(productId, ct);
            if (!optionsHeld.Succeeded)
                return Failed(optionsHeld.Failure);
            var held = optionsHeld.Value?.OrderBy(o => o.Position).ToList();
            if (held is null || !held.Select(o => o.Name).SequenceEqual(original.OptionNames, StringComparer.Ordinal))
                return ShopifyWriteOutcome.Fail(FailureReasons.Stale, "Shopify's options are no longer as staged; pull again.");
            var ids = optionOrder.Select(i => held[i].Id).ToList();
            var result = await shopify.ReorderOptionsAsync(productId, ids, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, original, before, () => shopify.ReorderOptionsAsync(productId, ids, ct), ct) is { } failed)
                return failed;
        }

        // Each mutation is settled against what Shopify holds right before it and right after it: after a lost
        // productUpdate the variants are not written yet, so "landed" means the product fields only.
        var update = ProductUpdate(productId, before, after);
        var written = update is null ? before : WithProductFields(before, after, update);
        if (update is not null)
        {
            var result = await shopify.UpdateProductAsync(update, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, before, written, () => shopify.UpdateProductAsync(update, ct), ct) is { } failed)
                return failed;
        }

        // Options that stay (renamed, or with values renamed), one productOptionUpdate each, before the variants: their
        // option values are then sent under the new names; options that go, after the variants that go with them.
        var renames = OptionRenames(before, after, options, pairs);
        IReadOnlyList<ShopifyProductOption>? shopifyOptions = null;
        if (renames.Count > 0 || options.Removed.Count > 0)
        {
            var optionsRead = await shopify.GetProductOptionsAsync(productId, ct);
            if (!optionsRead.Succeeded)
                return Failed(optionsRead.Failure);
            if (optionsRead.Value is null)
                return ShopifyWriteOutcome.Fail(FailureReasons.Stale, "The product no longer exists in Shopify; pull again.");
            shopifyOptions = optionsRead.Value;
        }

        foreach (var (position, oldName, newName, values) in renames)
        {
            if (shopifyOptions!.FirstOrDefault(o => o.Position == position + 1) is not { } option || option.Name != oldName)
                return ShopifyWriteOutcome.Fail(FailureReasons.Stale, $"Shopify's option {position + 1} is no longer '{oldName}'; pull again.");
            var valueRenames = new List<ShopifyOptionValueRename>();
            var renamedValues = new List<(string Old, string New)>();
            foreach (var (oldValue, newValue) in values)
            {
                if (option.Values.FirstOrDefault(v => v.Name == oldValue) is not { } value)
                    return ShopifyWriteOutcome.Fail(FailureReasons.Stale, $"Shopify's option '{oldName}' no longer has the value '{oldValue}'; pull again.");
                // A value the option still lists (no variant has it) cannot be a new name (OPTION_VALUE_ALREADY_EXISTS):
                // the variants then take it one by one, with their own updates below.
                if (option.Values.Any(v => v.Name != oldValue && string.Equals(v.Name, newValue, StringComparison.OrdinalIgnoreCase)))
                    continue;
                valueRenames.Add(new ShopifyOptionValueRename(value.Id, newValue));
                renamedValues.Add((oldValue, newValue));
            }

            if (oldName == newName && valueRenames.Count == 0)
                continue;
            var rename = new ShopifyOptionRename(productId, option.Id, newName) { Values = valueRenames };
            var unwritten = written;
            written = Renamed(written, position, newName, renamedValues);
            var result = await shopify.RenameOptionAsync(rename, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, unwritten, written, () => shopify.RenameOptionAsync(rename, ct), ct) is { } failed)
                return failed;
        }

        // Variants the target lacks go before the options they would otherwise keep apart; the last variant of a product
        // cannot go (CANNOT_DELETE_LAST_VARIANT), so when none stays, one goes only once the new ones exist.
        var removed = variants.Removed.Select(v => v.ShopifyVariantId!.Value).ToList();
        long? lastToGo = null;
        if (pairs.Count == 0 && removed.Count > 0)
        {
            lastToGo = removed[^1];
            removed.RemoveAt(removed.Count - 1);
        }

        foreach (var chunk in ShopifyLimits.Chunks(removed))
        {
            var (next, failed) = await DeleteVariantsAsync(productId, chunk, written, ct);
            if (failed is not null)
                return failed;
            written = next!;
        }

        if (options.Removed.Count > 0 && KeptValuesFirst(written, pairs, options) is { } firstValues)
        {
            // Variants that only an option going keeps apart would collide once it goes (Shopify refuses the delete,
            // CANNOT_USE_NON_DESTRUCTIVE_STRATEGY) if their own values for the options that stay came only after it:
            // those values are written first, each variant keeping its value of the option that goes.
            var (firstUpdates, target) = firstValues;
            foreach (var chunk in ShopifyLimits.Chunks(firstUpdates))
            {
                var unwritten = written;
                var ids = chunk.Select(u => u.VariantId).ToHashSet();
                written = written with
                {
                    Variants = [.. written.Variants.Select(v => v.ShopifyVariantId is { } id && ids.Contains(id) ? target[id] : v)],
                };
                var result = await shopify.UpdateVariantsAsync(productId, chunk, ct);
                if (!result.Succeeded && await SettleAsync(result.Failure, productId, unwritten, written,
                        () => shopify.UpdateVariantsAsync(productId, chunk, ct), ct) is { } failed)
                    return failed;
            }
        }

        if (options.Removed.Count > 0)
        {
            var ids = new List<long>();
            foreach (var index in options.Removed)
            {
                if (shopifyOptions!.FirstOrDefault(o => o.Position == index + 1) is not { } option || option.Name != before.OptionNames[index])
                    return ShopifyWriteOutcome.Fail(FailureReasons.Stale, $"Shopify's option {index + 1} is no longer '{before.OptionNames[index]}'; pull again.");
                ids.Add(option.Id);
            }

            var unwritten = written;
            written = WithoutOptions(written, options.Removed);
            var result = await shopify.DeleteOptionsAsync(productId, ids, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, unwritten, written, () => shopify.DeleteOptionsAsync(productId, ids, ct), ct) is { } failed)
                return failed;
        }

        if (options.Added.Count > 0)
        {
            // The values each new option takes, in the target's order: the existing variants take the first (LEAVE_AS_IS)
            // until their own values are written below.
            var creates = options.Added.Select(index => new ShopifyOptionCreate(after.OptionNames[index], index + 1,
                [.. after.Variants.Select(v => v.Options[index]).Distinct(StringComparer.Ordinal)])).ToList();
            var unwritten = written;
            written = WithOptions(written, creates);
            var result = await shopify.CreateOptionsAsync(productId, creates, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, unwritten, written, () => shopify.CreateOptionsAsync(productId, creates, ct), ct) is { } failed)
                return failed;
        }

        // At most 250 variants a call (Shopify's input limit), so a product of up to 2,048 variants takes several. Each
        // chunk is a write of its own, settled on its own against what Shopify holds right before and after it. A chunk
        // that cannot be settled fails the change with the earlier chunks written: the next push finds Shopify moved
        // only by this change and writes only the variants still missing (decision 0002), never a chunk twice.
        // Option values are compared with what the variant holds now (its options may have been added or removed above).
        var current = written.Variants.Where(v => v.ShopifyVariantId is not null).ToDictionary(v => v.ShopifyVariantId!.Value);
        var updates = VariantUpdates([.. pairs.Select(p => (current[p.Old.ShopifyVariantId!.Value], p.New))], after.OptionNames);
        foreach (var chunk in ShopifyLimits.Chunks(updates))
        {
            var unwritten = written;
            written = WithVariantFields(written, pairs, chunk);
            var result = await shopify.UpdateVariantsAsync(productId, chunk, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, unwritten, written,
                    () => shopify.UpdateVariantsAsync(productId, chunk, ct), ct) is { } failed)
                return failed;
        }

        foreach (var chunk in ShopifyLimits.Chunks([.. variants.Added.Zip(newVariants)]))
        {
            var creates = chunk.Select(c => c.Second).ToList();
            var unwritten = written;
            written = written with
            {
                Variants = [.. written.Variants, .. chunk.Select(c => c.First with { ShopifyVariantId = null, ShopifyInventoryItemId = null })],
            };
            var result = await shopify.CreateVariantsAsync(productId, after.OptionNames, creates, null, ct);
            if (!result.Succeeded && await SettleAsync(result.Failure, productId, unwritten, written,
                    () => shopify.CreateVariantsAsync(productId, after.OptionNames, creates, null, ct), ct) is { } failed)
                return failed;
        }

        if (lastToGo is { } last)
        {
            var (next, failed) = await DeleteVariantsAsync(productId, [last], written, ct);
            if (failed is not null)
                return failed;
            written = next!;
        }

        // Stock per location (docs/decisions/0019): each changed level set from what staging saw there, 250 a call. An
        // item stocked at a location for the first time is stocked there first (inventoryActivate), as
        // inventorySetQuantities refuses it otherwise (ITEM_NOT_STOCKED_AT_LOCATION).
        foreach (var level in stock.Where(l => !l.Stocked))
        {
            var activated = await shopify.ActivateInventoryAsync(level.InventoryItemId, level.LocationId,
                $"{changeId}:{level.InventoryItemId.ToString(CultureInfo.InvariantCulture)}:{level.LocationId.ToString(CultureInfo.InvariantCulture)}", ct);
            if (!activated.Succeeded)
                return Failed(activated.Failure);
            if (activated.Value!.Available != level.From)
                return ShopifyWriteOutcome.Fail(FailureReasons.Stale, $"variant '{level.Label}': Shopify's stock at '{level.Location}' moved since it was staged; pull again.");
        }

        var part = 0;
        foreach (var chunk in ShopifyLimits.Chunks(stock))
        {
            // The key names the change, the chunk and what it sets: a re-send of this very write (a lost answer) is
            // answered, not applied twice; a later push of other levels is a new write, never IDEMPOTENCY_KEY_PARAMETER_MISMATCH.
            var quantities = chunk.Select(l => new ShopifyInventoryQuantity(l.InventoryItemId, l.LocationId, l.To, l.From)).ToList();
            var key = $"{changeId}:stock:{(part++).ToString(CultureInfo.InvariantCulture)}:{Fingerprint(quantities)}";
            var result = await shopify.SetInventoryQuantitiesAsync(quantities, key, ct);
            if (result.Succeeded)
                continue;
            if (result.Failure.HasUserErrorCode("CHANGE_FROM_QUANTITY_STALE"))
                return ShopifyWriteOutcome.Fail(FailureReasons.Stale, "Shopify's stock at a location moved since it was staged (CHANGE_FROM_QUANTITY_STALE); pull again.");
            return Failed(result.Failure);
        }

        // Images last but for metafields: an image added needs nothing else written first (docs/decisions/0029).
        var made = new Dictionary<long, string>();
        if (ImagesDiffer(before.Images, after.Images))
        {
            (made, var imageFailure) = await WriteImagesAsync(productId, before.Images, after.Images, ct);
            if (imageFailure is not null)
                return imageFailure;
        }

        var read = await shopify.GetProductAsync(productId, ct);
        if (!read.Succeeded || read.Value is null)
            return ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, "The product could not be read back after the write.");
        var (wroteMetafields, metafieldFailure) = await WriteMetafieldsAsync(before, after, ShopifySnapshots.ToSnapshot(read.Value, _locations), ct);
        if (metafieldFailure is not null)
            return metafieldFailure;
        if (wroteMetafields)
        {
            read = await shopify.GetProductAsync(productId, ct);
            if (!read.Succeeded || read.Value is null)
                return ShopifyWriteOutcome.Fail(FailureReasons.ShopifyUnavailable, "The product could not be read back after the write.");
        }

        var message = "Updated in Shopify";
        if (variants.Added.Count > 0 && await PlaceNewVariantsAsync(productId, after, pairs, ShopifySnapshots.ToSnapshot(read.Value, _locations), ct) is { } placed)
        {
            if (!placed.Succeeded || placed.Value is null)
                return ShopifyWriteOutcome.Ok(MarkMade(ShopifySnapshots.ToSnapshot(read.Value, _locations), made), message + "; the new variants are last in Shopify's order (it could not be set)");
            read = placed;
        }

        return ShopifyWriteOutcome.Ok(MarkMade(ShopifySnapshots.ToSnapshot(read.Value!, _locations), made), message);
    }

    /// <summary>Deletes one chunk of variants, settled like every write: what Shopify then holds, or the failure.</summary>
    private async Task<(ProductSnapshot? Written, ShopifyWriteOutcome? Failure)> DeleteVariantsAsync(
        long productId, IReadOnlyList<long> ids, ProductSnapshot written, CancellationToken ct)
    {
        var gone = ids.ToHashSet();
        var next = written with { Variants = [.. written.Variants.Where(v => v.ShopifyVariantId is not { } id || !gone.Contains(id))] };
        var result = await shopify.DeleteVariantsAsync(productId, ids, ct);
        if (!result.Succeeded && await SettleAsync(result.Failure, productId, written, next, () => shopify.DeleteVariantsAsync(productId, ids, ct), ct) is { } failed)
            return (null, failed);
        return (next, null);
    }

    /// <summary>
    /// Puts the variants this write created where the target has them (productVariantsBulkReorder; Shopify appends
    /// them), so a rolled-back removal returns a variant to its place. Only when the variants Shopify already had stand
    /// in the target's order: their order is Shopify's own, and a write never rearranges it. Variants are told apart by
    /// their option values, which Shopify keeps unique. Null when nothing moves; else the product read back after.
    /// </summary>
    private async Task<ShopifyResult<ShopifyProduct?>?> PlaceNewVariantsAsync(
        long productId, ProductSnapshot after, IReadOnlyList<(VariantSnapshot Old, VariantSnapshot New)> pairs, ProductSnapshot now, CancellationToken ct)
    {
        static string Combination(VariantSnapshot v) => string.Join('\u001f', v.Options);
        var paired = pairs.Select(p => p.Old.ShopifyVariantId!.Value).ToHashSet();
        var targetOrder = after.Variants.Where(v => v.ShopifyVariantId is { } id && paired.Contains(id)).Select(v => v.ShopifyVariantId!.Value);
        var shopifyOrder = now.Variants.Where(v => v.ShopifyVariantId is { } id && paired.Contains(id)).Select(v => v.ShopifyVariantId!.Value);
        if (!targetOrder.SequenceEqual(shopifyOrder))
            return null;
        var byCombination = now.Variants.GroupBy(Combination, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var moves = new List<(long VariantId, int Position)>();
        for (var i = 0; i < after.Variants.Count; i++)
        {
            var target = after.Variants[i];
            if (target.ShopifyVariantId is { } id && paired.Contains(id))
                continue;
            if (!byCombination.TryGetValue(Combination(target), out var created) || created.ShopifyVariantId is not { } createdId)
                return null;
            if (!ReferenceEquals(now.Variants.ElementAtOrDefault(i), created))
                moves.Add((createdId, i + 1));
        }

        if (moves.Count == 0)
            return null;
        // Ascending positions, chunk by chunk: each variant lands where every position before it is already right.
        foreach (var chunk in ShopifyLimits.Chunks(moves))
        {
            var moved = await shopify.ReorderVariantsAsync(productId, chunk, ct);
            if (!moved.Succeeded)
                return ShopifyResult.Fail<ShopifyProduct?>(moved.Failure);
        }

        return await shopify.GetProductAsync(productId, ct);
    }

    /// <summary>The variants of a write: pairs by Shopify variant id, those only Shopify has, those only the target has.</summary>
    internal sealed record VariantMatch(
        IReadOnlyList<(VariantSnapshot Old, VariantSnapshot New)> Pairs, IReadOnlyList<VariantSnapshot> Removed, IReadOnlyList<VariantSnapshot> Added);

    /// <summary>
    /// Each variant of <paramref name="before"/> with the variant of <paramref name="after"/> that has the same Shopify
    /// variant id, in <paramref name="before"/>'s order; the variants of <paramref name="before"/> the target lacks
    /// (removed); the target's variants without an id (added). Null, with the reason, when the target names a Shopify
    /// variant id twice, or one Shopify's product does not hold (it was read before that variant went).
    /// </summary>
    internal static VariantMatch? MatchVariants(ProductSnapshot before, ProductSnapshot after, out string? mismatch)
    {
        mismatch = null;
        var byId = new Dictionary<long, VariantSnapshot>(after.Variants.Count);
        var added = new List<VariantSnapshot>();
        foreach (var v in after.Variants)
        {
            if (v.ShopifyVariantId is not { } id)
                added.Add(v);
            else if (!byId.TryAdd(id, v))
            {
                mismatch = $"variant '{Label(v)}' is named twice; pull again.";
                return null;
            }
        }

        var pairs = new List<(VariantSnapshot, VariantSnapshot)>(before.Variants.Count);
        var removed = new List<VariantSnapshot>();
        foreach (var old in before.Variants)
        {
            if (old.ShopifyVariantId is not { } id)
                throw new InvalidOperationException("A variant read from Shopify has no id.");
            if (byId.Remove(id, out var @new))
                pairs.Add((old, @new));
            else
                removed.Add(old);
        }

        if (byId.Count > 0)
        {
            mismatch = $"variant '{Label(byId.Values.First())}' is no longer in Shopify; pull again.";
            return null;
        }

        return new VariantMatch(pairs, removed, added);
    }

    /// <summary>How the options of Shopify's product become the target's: by index, those kept, and those removed or added.</summary>
    internal sealed record OptionPlan(IReadOnlyList<(int Before, int After)> Kept, IReadOnlyList<int> Removed, IReadOnlyList<int> Added);

    /// <summary>
    /// As many options on both sides: each is the option at the same position (renamed where the names differ). Else an
    /// option keeps its name: those only Shopify has go, those only the target has come; when no name is on both sides
    /// the first options are taken as one renamed (so Shopify, which always has an option, never has none in between).
    /// Null when the kept options stand in another order (the writer reorders them first, so it does not happen there).
    /// </summary>
    internal static OptionPlan? PlanOptions(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var kept = new List<(int, int)>();
        if (before.Count == after.Count)
        {
            for (var i = 0; i < before.Count; i++)
                kept.Add((i, i));
            return new OptionPlan(kept, [], []);
        }

        var taken = new bool[before.Count];
        for (var j = 0; j < after.Count; j++)
        {
            for (var i = 0; i < before.Count; i++)
            {
                if (!taken[i] && string.Equals(before[i], after[j], StringComparison.Ordinal))
                {
                    taken[i] = true;
                    kept.Add((i, j));
                    break;
                }
            }
        }

        if (kept.Count == 0 && before.Count > 0 && after.Count > 0)
        {
            taken[0] = true;
            kept.Add((0, 0));
        }

        for (var k = 1; k < kept.Count; k++)
        {
            if (kept[k].Item1 < kept[k - 1].Item1)
                return null;
        }

        var keptAfter = kept.Select(k => k.Item2).ToHashSet();
        return new OptionPlan(
            kept,
            [.. Enumerable.Range(0, before.Count).Where(i => !taken[i])],
            [.. Enumerable.Range(0, after.Count).Where(j => !keptAfter.Contains(j))]);
    }

    /// <summary>
    /// The order to put Shopify's options in when the target keeps some of them (by name) in another order: those, as the
    /// target orders them, then the others as they stand (they are renamed or removed next). Null when the options the
    /// two share already stand in one order (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsReorder).
    /// </summary>
    internal static IReadOnlyList<int>? OptionOrder(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var kept = new List<(int Before, int After)>();
        for (var i = 0; i < before.Count; i++)
        {
            var name = before[i];
            var j = after.ToList().FindIndex(n => string.Equals(n, name, StringComparison.Ordinal));
            if (j >= 0 && before.Count(n => n == name) == 1 && after.Count(n => n == name) == 1)
                kept.Add((i, j));
        }

        if (kept.Zip(kept.Skip(1)).All(p => p.First.After < p.Second.After))
            return null;
        var moved = kept.OrderBy(k => k.After).Select(k => k.Before).ToList();
        return [.. moved, .. Enumerable.Range(0, before.Count).Where(i => !moved.Contains(i))];
    }

    /// <summary>The product with its options in <paramref name="order"/> (indices of its options), each variant's values moved with them.</summary>
    private static ProductSnapshot Reordered(ProductSnapshot product, IReadOnlyList<int> order) => product with
    {
        OptionNames = [.. order.Select(i => product.OptionNames[i])],
        Variants = [.. product.Variants.Select(v => v.Options.Count == product.OptionNames.Count ? v with { Options = [.. order.Select(i => v.Options[i])] } : v)],
    };

    /// <summary>
    /// A product without options as Shopify holds it: one option "Title" whose only value is "Default Title" (the
    /// canonical form drops it, so both spellings are one version).
    /// </summary>
    private static ProductSnapshot WithDefaultOption(ProductSnapshot target) =>
        target.OptionNames.Count > 0 || target.Variants.Count != 1
            ? target
            : target with
            {
                OptionNames = [DefaultOptionName],
                Variants = [.. target.Variants.Select(v => v.Options.Count == 0 ? v with { Options = [DefaultOptionValue] } : v)],
            };

    private const string DefaultOptionName = "Title";
    private const string DefaultOptionValue = "Default Title";

    /// <summary>
    /// Creates the product in Shopify once, whatever happens to the answers (docs/decisions/0016). Shopify does not
    /// deduplicate <c>productSet</c>, so before each send the product is looked up by its handle (unique per shop):
    /// one this create made (an earlier attempt whose answer was lost, or whose push stopped) is taken as the
    /// outcome; one it did not make is never adopted: the change fails as stale, for a pull to pair the two and a
    /// reviewer to decide. A send whose outcome is unknown, or that meets its own handle, is settled by the same
    /// look-up; the product is sent at most twice per call, and what is still unknown then fails to be retried later,
    /// when the look-up comes first again.
    /// </summary>
    public async Task<ShopifyWriteOutcome> CreateAsync(ProductSnapshot product, string changeId, CancellationToken ct)
    {
        await EnsureLocationsAsync(ct);
        if (Unwritable(product, null) is { } invalid)
            return ShopifyWriteOutcome.Fail(FailureReasons.Invalid, invalid);
        ShopifyProductCreate? create = null;
        ShopifyFailure? unsettled = null;
        for (var sends = 0; ; sends++)
        {
            var found = await shopify.FindProductByHandleAsync(product.Handle, changeId, ct);
            if (!found.Succeeded)
                return Failed(unsettled ?? found.Failure);
            if (found.Value is { MadeByThisCreate: true } made)
                return await WithCreatedMetafieldsAsync(product, made.Product, sends == 0 ? "Created in Shopify (by an earlier attempt)" : "Created in Shopify", ct);
            if (found.Value is { } other)
                return ShopifyWriteOutcome.Fail(FailureReasons.Stale,
                    $"Shopify already has a product with the handle '{product.Handle}' (id {other.Product.Id.ToString(CultureInfo.InvariantCulture)}) that this change did not create; " +
                    "it was not taken as this product. Pull again to compare the two, or change the local handle.");
            if (unsettled is not null && sends >= 2)
                return Failed(unsettled);

            if (create is null)
            {
                // Stock is created at every mapped location (docs/decisions/0019): a product created without it would
                // hold no stock and be taken as applied, so a failed look-up of the locations fails the create (retried
                // by the next push) instead.
                var (map, unknown) = await LocationsAsync(ct);
                if (unknown is not null)
                    return unsettled is null ? unknown : Failed(unsettled);
                var (variants, unwritable) = NewVariants(product.Variants, map!);
                if (unwritable is not null)
                    return unsettled is null ? unwritable : Failed(unsettled);
                create = new ShopifyProductCreate(product.Title, product.Handle, product.BodyHtml, product.Vendor, product.ProductType, product.Tags,
                    product.Status, product.OptionNames, variants!)
                {
                    SeoTitle = CanonicalProduct.NullIfEmpty(product.SeoTitle),
                    SeoDescription = CanonicalProduct.NullIfEmpty(product.SeoDescription),
                };
            }
            var result = await shopify.CreateProductAsync(create, changeId, ct);
            if (result.Succeeded)
                return await WithCreatedMetafieldsAsync(product, result.Value!, "Created in Shopify", ct);
            // Its handle taken meanwhile: by this create's earlier send landing late, or by someone else. The look-up tells.
            if (!result.Failure.MayHaveBeenApplied && !result.Failure.HasUserErrorCode("HANDLE_NOT_UNIQUE"))
                return Failed(result.Failure);
            unsettled = result.Failure;
        }
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
        await EnsureLocationsAsync(ct);
        var read = await shopify.GetProductAsync(productId, ct);
        if (!read.Succeeded)
            throw new ShopifyApiException(read.Failure);
        return read.Value is null ? null : ShopifySnapshots.ToSnapshot(read.Value, _locations);
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
        var current = ProductHasher.ComputeHash(ShopifySnapshots.ToSnapshot(read.Value, _locations));
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
        SeoTitle = update.Seo is null ? before.SeoTitle : after.SeoTitle,
        SeoDescription = update.Seo is null ? before.SeoDescription : after.SeoDescription,
    };

    /// <summary>
    /// <paramref name="current"/> with the variant fields <paramref name="updates"/> write taken from the paired target
    /// variants (inventory is written separately). Variants are found by Shopify variant id, wherever they sit.
    /// </summary>
    private static ProductSnapshot WithVariantFields(
        ProductSnapshot current, IReadOnlyList<(VariantSnapshot Old, VariantSnapshot New)> pairs, IReadOnlyList<ShopifyVariantUpdate> updates)
    {
        // By id, not by search: a product of 2,048 variants is written in nine chunks.
        var byId = updates.ToDictionary(u => u.VariantId);
        var targets = pairs.ToDictionary(p => p.New.ShopifyVariantId!.Value, p => p.New);
        return current with
        {
            Variants = current.Variants.Select(old =>
            {
                if (old.ShopifyVariantId is not { } id || !byId.TryGetValue(id, out var u))
                    return old;
                var @new = targets[id];
                return old with
                {
                    Price = u.Price is null ? old.Price : @new.Price,
                    CompareAtPrice = u.CompareAtPriceChanged ? @new.CompareAtPrice : old.CompareAtPrice,
                    Barcode = u.Barcode is null ? old.Barcode : @new.Barcode,
                    Sku = u.Sku is null ? old.Sku : @new.Sku,
                    Weight = u.Weight is null ? old.Weight : u.Weight.Value,
                    WeightUnit = u.Weight is null ? old.WeightUnit : u.Weight.Unit.ToAbbreviation(),
                    Options = u.OptionValues is null ? old.Options : @new.Options,
                    Cost = u.CostChanged ? @new.Cost : old.Cost,
                    InventoryPolicy = u.InventoryPolicy is null ? old.InventoryPolicy : @new.InventoryPolicy,
                    Tracked = u.Tracked is null ? old.Tracked : @new.Tracked,
                    RequiresShipping = u.RequiresShipping is null ? old.RequiresShipping : @new.RequiresShipping,
                    Taxable = u.Taxable is null ? old.Taxable : @new.Taxable,
                    HarmonizedSystemCode = u.HarmonizedSystemCode is null ? old.HarmonizedSystemCode : @new.HarmonizedSystemCode,
                    CountryOfOrigin = u.CountryOfOriginChanged ? @new.CountryOfOrigin : old.CountryOfOrigin,
                };
            }).ToList(),
        };
    }

    /// <summary>
    /// The shop's primary location, where stock is written (null: the shop has none), or the failure that kept it
    /// unknown. Read once per writer, so once per push.
    /// </summary>
    private async Task<(long? Id, ShopifyWriteOutcome? Failure)> LocationAsync(CancellationToken ct)
    {
        if (_location is { } known)
            return (known.Id, null);
        var location = await shopify.GetPrimaryLocationAsync(ct);
        if (!location.Succeeded)
            return (null, Failed(location.Failure));
        _location = location.Value;
        return (_location?.Id, null);
    }

    /// <summary>
    /// Each level that changes: the variant's item, the Shopify location its local location is mapped to, the level
    /// staging saw there (<c>changeFromQuantity</c>) and the one to set (docs/decisions/0019). Planned before anything is
    /// written, so a change whose stock cannot be written (a location mapped to none of Shopify's) writes nothing.
    /// </summary>
    private async Task<(List<PlannedLevel> Stock, ShopifyWriteOutcome? Failure)> PlanStockAsync(
        IReadOnlyList<(VariantSnapshot Old, VariantSnapshot New)> pairs, CancellationToken ct)
    {
        var stock = new List<PlannedLevel>();
        foreach (var (old, @new) in pairs)
        {
            var before = StockLevels.Of(old);
            var after = StockLevels.Of(@new);
            foreach (var location in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
            {
                var from = before.GetValueOrDefault(location);
                var to = after.GetValueOrDefault(location);
                if (from == to)
                    continue;
                var (map, unknown) = await LocationsAsync(ct);
                if (unknown is not null)
                    return (stock, unknown);
                if (map!.ShopifyIdOf(location) is not { } locationId)
                {
                    return (stock, ShopifyWriteOutcome.Fail(FailureReasons.Invalid,
                        $"variant '{Label(old)}': the stock location '{location}' is mapped to none of Shopify's locations; map it in Settings and push again."));
                }

                // Shopify's read lists the levels where the item is stocked; a snapshot without levels (a total) is
                // stocked at the default location.
                var stocked = old.Inventory?.ContainsKey(location) ?? location == StockLevels.DefaultLocation;
                stock.Add(new PlannedLevel(Label(old), location, old.ShopifyInventoryItemId ?? 0, locationId, from, to, stocked));
            }
        }

        return (stock, null);
    }

    /// <summary>
    /// New variants as they are created, each with its stock at every location it holds any (docs/decisions/0019): the
    /// default location always (so the item is stocked at Shopify's location for it, as a create always did), any
    /// other where its level is not 0, each at the Shopify location it is mapped to. A level that cannot be written
    /// (its location mapped to none of Shopify's) fails the change before anything is written.
    /// </summary>
    private static (List<ShopifyVariantCreate>? Creates, ShopifyWriteOutcome? Failure) NewVariants(IEnumerable<VariantSnapshot> variants, StockLocationMap map)
    {
        var creates = new List<ShopifyVariantCreate>();
        foreach (var v in variants)
        {
            var levels = new Dictionary<long, int>();
            foreach (var (location, quantity) in StockLevels.Of(v))
            {
                if (quantity == 0 && location != StockLevels.DefaultLocation)
                    continue;
                if (map.ShopifyIdOf(location) is { } id)
                    levels[id] = quantity;
                else if (location == StockLevels.DefaultLocation && quantity != 0)
                    return (null, ShopifyWriteOutcome.Fail(FailureReasons.ShopifyRejected, "The shop has no location to hold inventory."));
                else if (quantity != 0)
                    return (null, ShopifyWriteOutcome.Fail(FailureReasons.Invalid,
                        $"variant '{Label(v)}': the stock location '{location}' is mapped to none of Shopify's locations; map it in Settings and push again."));
            }

            if (map.ShopifyIdOf(StockLevels.DefaultLocation) is { } defaultId)
                levels.TryAdd(defaultId, 0);
            creates.Add(VariantCreate(v) with { InventoryQuantity = null, Levels = levels });
        }

        return (creates, null);
    }

    private sealed record PlannedLevel(string Label, string Location, long InventoryItemId, long LocationId, int From, int To, bool Stocked);

    /// <summary>The map this writer writes with: the one given, else the default location at Shopify's primary location.</summary>
    private async Task<(StockLocationMap? Map, ShopifyWriteOutcome? Failure)> LocationsAsync(CancellationToken ct)
    {
        if (_locations is not null)
            return (_locations, null);
        var (primary, unknown) = await LocationAsync(ct);
        if (unknown is not null)
            return (null, unknown);
        return (_locations = StockLocationMap.PrimaryOnly(primary), null);
    }

    private static string Fingerprint(IReadOnlyList<ShopifyInventoryQuantity> quantities)
    {
        var text = string.Join(';', quantities.Select(q => string.Create(CultureInfo.InvariantCulture, $"{q.InventoryItemId}@{q.LocationId}:{q.ChangeFromQuantity}>{q.Quantity}")));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Label(VariantSnapshot variant) => variant.Sku ?? string.Join(" / ", variant.Options);

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
            // Tags as the hash sees them: a set, one spelling per tag whatever its case (Shopify keeps one per shop).
            Tags = CanonicalProduct.SameTags(before.Tags, after.Tags) ? null : after.Tags,
            Status = Changed(before.Status, after.Status)?.ToUpperInvariant(),
            // Title and description travel as one SEOInput: both are sent when either changes.
            Seo = Changed(before.SeoTitle ?? "", after.SeoTitle ?? "") is null && Changed(before.SeoDescription ?? "", after.SeoDescription ?? "") is null
                ? null
                : new ShopifySeo(after.SeoTitle ?? "", after.SeoDescription ?? ""),
        };
        return update.IsEmpty ? null : update;
    }

    private static List<ShopifyVariantUpdate> VariantUpdates(IReadOnlyList<(VariantSnapshot Old, VariantSnapshot New)> pairs, IReadOnlyList<string> optionNames)
    {
        var updates = new List<ShopifyVariantUpdate>();
        foreach (var (old, @new) in pairs)
        {
            var update = new ShopifyVariantUpdate(old.ShopifyVariantId!.Value)
            {
                Price = old.Price != @new.Price ? @new.Price : null,
                CompareAtPrice = old.CompareAtPrice != @new.CompareAtPrice ? @new.CompareAtPrice : null,
                CompareAtPriceChanged = old.CompareAtPrice != @new.CompareAtPrice,
                Barcode = Changed(old.Barcode ?? "", @new.Barcode ?? ""),
                Sku = Changed(old.Sku ?? "", @new.Sku ?? ""),
                Weight = WeightChanged(old, @new) ? Weight(@new) ?? new ShopifyWeight(0m, Unit(old) ?? ShopifyWeightUnit.Kilograms) : null,
                OptionValues = OptionValueChanges(old, @new, optionNames),
                // Compared as the hash compares them: an unknown setting is Shopify's default.
                Cost = @new.Cost,
                CostChanged = old.Cost != @new.Cost,
                InventoryPolicy = Changed(CanonicalVariant.NormalisePolicy(old.InventoryPolicy), CanonicalVariant.NormalisePolicy(@new.InventoryPolicy)),
                Tracked = (old.Tracked ?? true) != (@new.Tracked ?? true) ? @new.Tracked ?? true : null,
                RequiresShipping = (old.RequiresShipping ?? true) != (@new.RequiresShipping ?? true) ? @new.RequiresShipping ?? true : null,
                Taxable = (old.Taxable ?? true) != (@new.Taxable ?? true) ? @new.Taxable ?? true : null,
                HarmonizedSystemCode = Changed(old.HarmonizedSystemCode ?? "", @new.HarmonizedSystemCode ?? ""),
                CountryOfOrigin = CanonicalVariant.NormaliseCountry(@new.CountryOfOrigin),
                CountryOfOriginChanged = CanonicalVariant.NormaliseCountry(old.CountryOfOrigin) != CanonicalVariant.NormaliseCountry(@new.CountryOfOrigin),
            };
            if (!update.IsEmpty)
                updates.Add(update);
        }
        return updates;
    }

    /// <summary>A variant to create, with its settings (those it does not know left to Shopify's defaults).</summary>
    private static ShopifyVariantCreate VariantCreate(VariantSnapshot v) =>
        new(v.Sku, v.Price, v.CompareAtPrice, v.Barcode, Weight(v), StockLevels.At(v, StockLevels.DefaultLocation), v.Options)
        {
            Settings = new ShopifyVariantSettings
            {
                Cost = v.Cost,
                InventoryPolicy = v.InventoryPolicy is null ? null : CanonicalVariant.NormalisePolicy(v.InventoryPolicy),
                Tracked = v.Tracked,
                RequiresShipping = v.RequiresShipping,
                Taxable = v.Taxable,
                HarmonizedSystemCode = CanonicalProduct.NullIfEmpty(v.HarmonizedSystemCode),
                CountryOfOrigin = CanonicalVariant.NormaliseCountry(v.CountryOfOrigin),
            },
        };

    /// <summary>Weights compared as the hash compares them: no weight and 0 are one value, units by their canonical name.</summary>
    private static bool WeightChanged(VariantSnapshot old, VariantSnapshot @new)
    {
        var a = old.Weight is { } x && x != 0m ? x : (decimal?)null;
        var b = @new.Weight is { } y && y != 0m ? y : (decimal?)null;
        if (a != b)
            return true;
        return b is not null && CanonicalProduct.NormaliseWeightUnit(old.WeightUnit) != CanonicalProduct.NormaliseWeightUnit(@new.WeightUnit);
    }

    /// <summary>
    /// A weight to write. Shopify cannot unset a variant's weight: it holds 0 for "none" (and reads it back as 0), so a
    /// cleared weight is written as 0 in the unit the variant has.
    /// </summary>
    private static ShopifyWeight? Weight(VariantSnapshot variant) =>
        variant.Weight is { } value && value != 0m && Unit(variant) is { } unit ? new ShopifyWeight(value, unit) : null;

    private static ShopifyWeightUnit? Unit(VariantSnapshot variant) =>
        ShopifyWeightUnits.TryParse(variant.WeightUnit ?? "kg", out var unit) ? unit : null;

    /// <summary>This variant's option values that differ, under the option names the product has once renames are written.</summary>
    private static List<ShopifyVariantOptionValue>? OptionValueChanges(VariantSnapshot old, VariantSnapshot @new, IReadOnlyList<string> optionNames)
    {
        if (old.Options.SequenceEqual(@new.Options, StringComparer.Ordinal))
            return null;
        var changes = new List<ShopifyVariantOptionValue>();
        for (var i = 0; i < optionNames.Count && i < @new.Options.Count; i++)
        {
            if (i >= old.Options.Count || !string.Equals(old.Options[i], @new.Options[i], StringComparison.Ordinal))
                changes.Add(new ShopifyVariantOptionValue(optionNames[i], @new.Options[i]));
        }
        return changes.Count == 0 ? null : changes;
    }

    /// <summary>
    /// For each option kept (at its position in Shopify now): its new name, and the values renamed. A value is renamed
    /// when every variant of Shopify's that has it either goes or takes one same new value, a value the option does not
    /// have yet, that no other value becomes: then one <c>productOptionUpdate</c> renames it on all of them at once and
    /// keeps the value itself (its id). Any other change of a variant's value is that variant's own update.
    /// </summary>
    private static List<(int Position, string OldName, string NewName, IReadOnlyList<(string Old, string New)> Values)> OptionRenames(
        ProductSnapshot before, ProductSnapshot after, OptionPlan options, IReadOnlyList<(VariantSnapshot Old, VariantSnapshot New)> pairs)
    {
        var renames = new List<(int, string, string, IReadOnlyList<(string, string)>)>();
        foreach (var (i, j) in options.Kept)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var mixed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (old, @new) in pairs)
            {
                if (i >= old.Options.Count || j >= @new.Options.Count)
                    continue;
                if (map.TryGetValue(old.Options[i], out var seen) && seen != @new.Options[j])
                    mixed.Add(old.Options[i]);
                map.TryAdd(old.Options[i], @new.Options[j]);
            }

            var existing = before.Variants.Where(v => i < v.Options.Count).Select(v => v.Options[i]).ToHashSet(StringComparer.Ordinal);
            var targets = map.Where(m => m.Key != m.Value).GroupBy(m => m.Value, StringComparer.Ordinal).Where(g => g.Count() == 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            var values = map
                .Where(m => m.Key != m.Value && !mixed.Contains(m.Key) && !existing.Contains(m.Value) && targets.Contains(m.Value)
                    && !string.IsNullOrWhiteSpace(m.Value))
                .Select(m => (m.Key, m.Value))
                .OrderBy(m => m.Key, StringComparer.Ordinal)
                .ToList();
            if (!string.Equals(before.OptionNames[i], after.OptionNames[j], StringComparison.Ordinal) || values.Count > 0)
                renames.Add((i, before.OptionNames[i], after.OptionNames[j], values));
        }

        return renames;
    }

    /// <summary><paramref name="current"/> with option <paramref name="position"/> named <paramref name="name"/> and the values renamed on every variant.</summary>
    private static ProductSnapshot Renamed(ProductSnapshot current, int position, string name, IReadOnlyList<(string Old, string New)> values)
    {
        var map = values.ToDictionary(v => v.Old, v => v.New, StringComparer.Ordinal);
        return current with
        {
            OptionNames = [.. current.OptionNames.Select((n, k) => k == position ? name : n)],
            Variants = [.. current.Variants.Select(v => position < v.Options.Count && map.TryGetValue(v.Options[position], out var renamed)
                ? v with { Options = [.. v.Options.Select((o, k) => k == position ? renamed : o)] }
                : v)],
        };
    }

    /// <summary><paramref name="current"/> without the options at <paramref name="positions"/>, nor the variants' values for them.</summary>
    private static ProductSnapshot WithoutOptions(ProductSnapshot current, IReadOnlyList<int> positions)
    {
        var gone = positions.ToHashSet();
        return current with
        {
            OptionNames = [.. current.OptionNames.Where((_, k) => !gone.Contains(k))],
            Variants = [.. current.Variants.Select(v => v with { Options = [.. v.Options.Where((_, k) => !gone.Contains(k))] })],
        };
    }

    /// <summary>
    /// When removing options would leave two variants with one combination under the values they hold now, but not under
    /// the target's values for the options that stay: the updates that give each variant those values first (keeping
    /// its value of each option that goes), and each variant as it then stands. Null when nothing collides, or when
    /// writing the values first would not help (the change then fails as Shopify refuses it, as before).
    /// </summary>
    private static (List<ShopifyVariantUpdate> Updates, Dictionary<long, VariantSnapshot> Target)? KeptValuesFirst(
        ProductSnapshot current, IReadOnlyList<(VariantSnapshot Old, VariantSnapshot New)> pairs, OptionPlan options)
    {
        static bool Collide(IEnumerable<VariantSnapshot> variants) =>
            variants.GroupBy(v => string.Join('\u001f', v.Options), StringComparer.Ordinal).Any(g => g.Count() > 1);

        if (!Collide(WithoutOptions(current, options.Removed).Variants))
            return null;
        var targets = pairs.Where(p => p.New.ShopifyVariantId is not null).ToDictionary(p => p.New.ShopifyVariantId!.Value, p => p.New);
        var updates = new List<ShopifyVariantUpdate>();
        var target = new Dictionary<long, VariantSnapshot>();
        var staged = current.Variants.Select(v =>
        {
            if (v.ShopifyVariantId is not { } id || !targets.TryGetValue(id, out var @new) || v.Options.Count != current.OptionNames.Count)
                return v;
            var values = v.Options.ToList();
            foreach (var (b, a) in options.Kept)
            {
                if (b < values.Count && a < @new.Options.Count)
                    values[b] = @new.Options[a];
            }

            var moved = v with { Options = values };
            if (OptionValueChanges(v, moved, current.OptionNames) is { } changes)
            {
                updates.Add(new ShopifyVariantUpdate(id) { OptionValues = changes });
                target[id] = moved;
            }

            return moved;
        }).ToList();
        if (updates.Count == 0 || Collide(staged) || Collide(WithoutOptions(current with { Variants = staged }, options.Removed).Variants))
            return null;
        return (updates, target);
    }

    /// <summary><paramref name="current"/> with the new options at their positions, every variant taking each one's first value.</summary>
    private static ProductSnapshot WithOptions(ProductSnapshot current, IReadOnlyList<ShopifyOptionCreate> options)
    {
        var names = current.OptionNames.ToList();
        var variants = current.Variants.Select(v => v.Options.ToList()).ToList();
        foreach (var option in options.OrderBy(o => o.Position))
        {
            var at = Math.Min(option.Position - 1, names.Count);
            names.Insert(at, option.Name);
            foreach (var values in variants)
                values.Insert(Math.Min(at, values.Count), option.Values[0]);
        }

        return current with { OptionNames = names, Variants = [.. current.Variants.Select((v, k) => v with { Options = variants[k] })] };
    }

    /// <summary>
    /// Why <paramref name="target"/> cannot be written as it is, or null. Checked before anything is sent, so a value
    /// Shopify cannot hold fails the change instead of being dropped from the write (and the change marked applied).
    /// With <paramref name="pairs"/>, only what differs from Shopify's side is checked, and <paramref name="added"/> in full.
    /// </summary>
    private static string? Unwritable(
        ProductSnapshot target, IReadOnlyList<(VariantSnapshot Old, VariantSnapshot New)>? pairs, IReadOnlyList<VariantSnapshot>? added = null)
    {
        if (target.OptionNames.Any(string.IsNullOrWhiteSpace))
            return "option_names: an option name cannot be blank.";
        if (target.OptionNames.Count > ShopifyLimits.MaxOptionsPerProduct)
            return $"option_names: Shopify holds at most {ShopifyLimits.MaxOptionsPerProduct} options a product.";
        if (target.OptionNames.Distinct(StringComparer.OrdinalIgnoreCase).Count() != target.OptionNames.Count)
            return "option_names: two options have one name.";
        if (target.Variants.Count > ShopifyLimits.MaxVariantsPerProduct)
            return $"Shopify holds at most {ShopifyLimits.MaxVariantsPerProduct} variants a product; this one would have {target.Variants.Count}.";
        IEnumerable<(VariantSnapshot? Old, VariantSnapshot New)> variants = pairs is null
            ? target.Variants.Select(v => ((VariantSnapshot?)null, v))
            : pairs.Select(p => ((VariantSnapshot?)p.Old, p.New)).Concat((added ?? []).Select(v => ((VariantSnapshot?)null, v)));
        foreach (var (old, @new) in variants)
        {
            var label = @new.Sku ?? string.Join(" / ", @new.Options);
            if (@new.Weight is { } w && w != 0m && Unit(@new) is null && (old is null || WeightChanged(old, @new)))
                return $"variant '{label}': the weight unit '{@new.WeightUnit}' is not one Shopify takes (g, kg, oz, lb).";
            if ((old is null || !old.Options.SequenceEqual(@new.Options, StringComparer.Ordinal))
                && (@new.Options.Count != target.OptionNames.Count || @new.Options.Any(string.IsNullOrWhiteSpace)))
                return $"variant '{label}': needs one non-blank value for each of the options {string.Join(", ", target.OptionNames)}.";
        }

        // Shopify keeps each combination of option values to one variant (VARIANT_ALREADY_EXISTS).
        if (pairs is not null && target.Variants.GroupBy(v => string.Join('\u001f', v.Options), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return $"two variants have the option values '{string.Join(" / ", twice.First().Options)}'; Shopify holds one variant per combination.";
        return null;
    }

    private static string? Changed(string before, string after) => string.Equals(before, after, StringComparison.Ordinal) ? null : after;
}
