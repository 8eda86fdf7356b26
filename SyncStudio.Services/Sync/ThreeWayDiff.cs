using System.Text.Json.Nodes;
using SyncStudio.Data;

namespace SyncStudio.Services.Sync;

/// <summary>
/// Compares a product's last agreed snapshot (base) with the local and Shopify snapshots now and decides what to
/// stage: at most one <c>pull_from_shopify</c> change (Shopify's values, and every conflict) and at most one
/// <c>push_to_shopify</c> change (local values).
/// </summary>
public static class ThreeWayDiff
{
    /// <summary>
    /// The table of design §4 for one path. With no base, differing sides are a conflict.
    /// </summary>
    public static PathDecision Classify(bool hasBase, bool localEqualsBase, bool remoteEqualsBase, bool localEqualsRemote)
    {
        if (!hasBase)
            return localEqualsRemote ? PathDecision.Unchanged : PathDecision.Conflict;
        if (localEqualsBase)
            return remoteEqualsBase ? PathDecision.Unchanged : PathDecision.Pull;
        if (remoteEqualsBase)
            return PathDecision.Push;
        return localEqualsRemote ? PathDecision.Converged : PathDecision.Conflict;
    }

    /// <summary>
    /// <see cref="Classify(bool, bool, bool, bool)"/> over <c>field_changes</c>-style JSON values of
    /// <paramref name="path"/>, compared as the diff compares them (numbers by value, null and "" alike, tags as a set).
    /// </summary>
    public static PathDecision ClassifyPath(string path, JsonNode? baseValue, JsonNode? localValue, JsonNode? remoteValue, bool hasBase = true)
    {
        var localEqualsRemote = FieldValues.JsonEqual(path, localValue, remoteValue);
        if (!hasBase)
            return Classify(false, false, false, localEqualsRemote);
        var localEqualsBase = FieldValues.JsonEqual(path, localValue, baseValue);
        var remoteEqualsBase = FieldValues.JsonEqual(path, remoteValue, baseValue);
        return Classify(true, localEqualsBase, remoteEqualsBase, localEqualsRemote);
    }

    /// <summary>
    /// True when changes to these snapshots use <c>variants[&lt;key&gt;]</c> paths (some side has several
    /// variants); false when a one-variant product shows its variant's fields at the top level.
    /// </summary>
    public static bool UsesVariantPaths(ProductSnapshot? @base, ProductSnapshot? local, ProductSnapshot? remote) =>
        Count(@base) > 1 || Count(local) > 1 || Count(remote) > 1;

    /// <summary>
    /// The agreed base as a comparison with Shopify's product <paramref name="shopifyProductId"/> uses it. A base agreed
    /// with another Shopify product (the local product was relinked to one made again under its handle) names variants by
    /// ids nothing holds any more: they are dropped, so its variants pair by SKU and options (docs/decisions/0027).
    /// Staging and apply both line variants up through this, so a path's key means one variant to both.
    /// </summary>
    public static ProductSnapshot? BaseFor(ProductSnapshot? agreed, long? shopifyProductId)
    {
        if (agreed?.ShopifyProductId is not { } was || shopifyProductId is not { } now || was == now)
            return agreed;
        return agreed with
        {
            ShopifyProductId = now,
            Variants = [.. agreed.Variants.Select(v => v with { ShopifyVariantId = null, ShopifyInventoryItemId = null })],
        };
    }

    /// <summary>The variants of the three sides lined up under the keys the diff's <c>variants[&lt;key&gt;]</c> paths use.</summary>
    public static IReadOnlyList<AlignedVariant> AlignVariants(ProductSnapshot? @base, ProductSnapshot? local, ProductSnapshot? remote)
    {
        var groups = VariantAlignment.Align(CanonicalProduct.From(@base), CanonicalProduct.From(local), CanonicalProduct.From(remote));
        var result = new AlignedVariant[groups.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            var g = groups[i];
            result[i] = new AlignedVariant(g.Key, g.Base?.Source, g.Local?.Source, g.Remote?.Source) { LocalKey = g.Local?.Key, RemoteKey = g.Remote?.Key };
        }

        return result;
    }

    /// <summary>
    /// Diffs one product. <paramref name="base"/> is the last agreed snapshot (null before the first agreement);
    /// a null <paramref name="local"/> or <paramref name="remote"/> means the product does not exist on that side
    /// (never created, or deleted). <paramref name="ownership"/> names the fields one side owns: such a path never
    /// conflicts, and every difference on it goes toward the owner's value (docs/decisions/0026).
    /// </summary>
    public static ThreeWayDiffResult Compute(
        ProductSnapshot? @base, ProductSnapshot? local, ProductSnapshot? remote, KnownHashes hashes = default, FieldOwnership? ownership = null)
    {
        if (local is null && remote is null)
            return ThreeWayDiffResult.Nothing;

        var differ = new Differ(CanonicalProduct.From(@base), CanonicalProduct.From(local), CanonicalProduct.From(remote), hashes,
            ownership is { IsEmpty: false } ? ownership : null);
        if (local is null)
        {
            return @base is null
                ? differ.OneSided(ChangeTypes.Create, SyncDirections.PullFromShopify)
                : differ.OneSided(ChangeTypes.Delete, SyncDirections.PushToShopify);
        }

        if (remote is null)
        {
            // A local product linked to a Shopify product that Shopify no longer has was deleted there, even
            // when no base was ever recorded; only a never-linked one is new.
            return @base is null && local.ShopifyProductId is null
                ? differ.OneSided(ChangeTypes.Create, SyncDirections.PushToShopify)
                : differ.OneSided(ChangeTypes.Delete, SyncDirections.PullFromShopify);
        }

        return differ.Update();
    }

    private static int Count(ProductSnapshot? p) => p?.Variants?.Count ?? 0;

    private sealed class Differ(CanonicalProduct? b, CanonicalProduct? l, CanonicalProduct? r, KnownHashes hashes, FieldOwnership? ownership)
    {
        private readonly bool _hasBase = b is not null;
        private FieldChanges? _pull;
        private FieldChanges? _push;
        private List<string>? _conflicts;
        private bool _sidesDiffer;
        private bool _localChangedFromBase;
        private string? _pushRefusal;
        private string? _localHash = hashes.Local;
        private string? _remoteHash = hashes.Remote;
        private bool _optionsTogether;

        /// <summary>
        /// True when one side changed the product's options (added, removed, renamed or reordered them) while the other
        /// changed a variant's values or added a variant, each with values for its own side's options: values are
        /// positional, so neither can be written beside the other's options (Shopify: "needs one value for each option").
        /// Then the options and every variant's values are one decision: each such path moving is a conflict, settled
        /// together (<c>ConflictSettlement</c> makes them take one side). So it is when both sides changed the options.
        /// </summary>
        private bool OptionsMoveAgainstVariants()
        {
            var names = Owned(FieldPaths.OptionNames, Decide(
                _hasBase && FieldValues.Equal(ProductField.OptionNames, l!, b!),
                _hasBase && FieldValues.Equal(ProductField.OptionNames, r!, b!),
                FieldValues.Equal(ProductField.OptionNames, l!, r!))).Decision;
            // Option names in conflict are settled to one side (ConflictSettlement), so every variant's values must be.
            if (names == PathDecision.Conflict)
                return true;
            if (names is not (PathDecision.Pull or PathDecision.Push) || !OptionsReshaped(b!.OptionNames, (names == PathDecision.Pull ? r : l)!.OptionNames))
                return false;
            var against = names == PathDecision.Pull ? PathDecision.Push : PathDecision.Pull;
            if (!MultiVariant)
                return OptionsDecision(b?.SingleVariant, l!.SingleVariant, r!.SingleVariant) is var single && (single == against || single == PathDecision.Conflict);
            foreach (var g in VariantAlignment.Align(b, l, r))
            {
                var decision = g.Local is not null && g.Remote is not null
                    ? OptionsDecision(g.Base, g.Local, g.Remote)
                    : WholeVariantDecision(g);
                var brings = g.Local is not null && g.Remote is not null || (against == PathDecision.Push ? g.Local : g.Remote) is not null;
                if ((decision == against && brings) || decision == PathDecision.Conflict)
                    return true;
            }

            return false;
        }

        /// <summary>
        /// Options added, removed or moved: a value's place no longer names the same option. Renaming an option where it
        /// stands keeps every value's place, so the other side's values still fit.
        /// </summary>
        private static bool OptionsReshaped(IReadOnlyList<string> before, IReadOnlyList<string> after)
        {
            if (before.Count != after.Count)
                return true;
            for (var i = 0; i < after.Count; i++)
            {
                if (!string.Equals(before[i], after[i], StringComparison.OrdinalIgnoreCase)
                    && before.Any(n => string.Equals(n, after[i], StringComparison.OrdinalIgnoreCase)))
                    return true;
            }

            return false;
        }

        private PathDecision OptionsDecision(CanonicalVariant? vb, CanonicalVariant? vl, CanonicalVariant? vr) =>
            Decide(_hasBase && FieldValues.Equal(VariantField.Options, vl, vb), _hasBase && FieldValues.Equal(VariantField.Options, vr, vb),
                FieldValues.Equal(VariantField.Options, vl, vr));

        public ThreeWayDiffResult Update()
        {
            _optionsTogether = OptionsMoveAgainstVariants();
            for (var f = 0; f < FieldValues.ProductFieldCount; f++)
                VisitProductField((ProductField)f);
            VisitImageAlts();
            VisitMetafields(null, b?.Metafields, l!.Metafields, r!.Metafields);

            if (!MultiVariant)
            {
                var vb = b?.SingleVariant;
                var vl = l!.SingleVariant;
                var vr = r!.SingleVariant;
                for (var f = 0; f < FieldValues.VariantFieldCount; f++)
                    VisitVariantField((VariantField)f, null, vb, vl, vr);
                if (MultiLocation)
                    VisitLevels(null, vb, vl, vr);
                if (vl is not null && vr is not null)
                    VisitMetafields(vr.Key, vb?.Metafields, vl.Metafields, vr.Metafields);
            }
            else
            {
                List<(VariantGroup Group, PathDecision Decision)>? whole = null;
                var kept = 0;
                foreach (var g in VariantAlignment.Align(b, l, r))
                {
                    if (g.Local is not null && g.Remote is not null)
                    {
                        kept++;
                        for (var f = 0; f < FieldValues.VariantFieldCount; f++)
                            VisitVariantField((VariantField)f, g.Key, g.Base, g.Local, g.Remote);
                        if (MultiLocation)
                            VisitLevels(g.Key, g.Base, g.Local, g.Remote);
                        VisitMetafields(g.Key, g.Base?.Metafields, g.Local.Metafields, g.Remote.Metafields);
                    }
                    else
                    {
                        var decision = WholeVariantDecision(g);
                        (whole ??= []).Add((g, decision));
                        if (decision == PathDecision.Push ? g.Local is not null : decision == PathDecision.Pull && g.Remote is not null)
                            kept++;
                    }
                }

                // Removals each side made alone that together leave no variant (each side removed another one) would
                // apply one by one until Shopify refuses the last ("a product needs at least one variant"): they are
                // one decision, a conflict on each such variant that approval settles keeping at least one.
                var lastVariants = kept == 0;
                foreach (var (g, decision) in whole ?? [])
                {
                    if (lastVariants && decision is PathDecision.Pull or PathDecision.Push or PathDecision.Conflict)
                        EmitLastVariant(g);
                    else
                        EmitWholeVariant(g, decision);
                }
            }

            var result = new ThreeWayDiffResult
            {
                Pull = _pull is null ? null : Plan(ChangeTypes.Update, SyncDirections.PullFromShopify, _pull, _conflicts),
                Push = _push is null ? null : Plan(ChangeTypes.Update, SyncDirections.PushToShopify, _push, null) with { Refusal = _pushRefusal },
            };

            if (_sidesDiffer || (_hasBase && !_localChangedFromBase))
                return result;

            return result with { RecordNewBase = true, NewBase = r!.Source, NewBaseHash = RemoteHash() };
        }

        /// <summary>A create or delete: every path of the side that exists, with conflicts where it moved since the base.</summary>
        public ThreeWayDiffResult OneSided(string changeType, string direction)
        {
            var sideIsLocal = r is null;
            var side = (sideIsLocal ? l : r)!;
            var delete = changeType == ChangeTypes.Delete;
            var changes = new FieldChanges();
            List<string>? conflicts = null;

            for (var f = 0; f < FieldValues.ProductFieldCount; f++)
            {
                var field = (ProductField)f;
                var changed = b is not null && !FieldValues.Equal(field, side, b);
                if (changed || !FieldValues.IsEmpty(field, side))
                    Add(FieldValues.Name(field), changed, FieldValues.ToJson(field, side), changed ? FieldValues.ToJson(field, b) : null);
            }

            foreach (var id in CanonicalMetafields.Ids(side.Metafields, b?.Metafields))
            {
                var changed = b is not null && !FieldValues.JsonEqual(FieldPaths.ProductMetafield(id), FieldValues.MetafieldJson(id, side.Metafields), FieldValues.MetafieldJson(id, b.Metafields));
                if (changed || CanonicalMetafields.Find(side.Metafields, id) is not null)
                    Add(FieldPaths.ProductMetafield(id), changed, FieldValues.MetafieldJson(id, side.Metafields), changed ? FieldValues.MetafieldJson(id, b!.Metafields) : null);
            }

            if (!MultiVariant)
            {
                var vs = side.SingleVariant;
                var vb = b?.SingleVariant;
                for (var f = 0; f < FieldValues.VariantFieldCount; f++)
                {
                    var field = (VariantField)f;
                    if (field == VariantField.InventoryQuantity && MultiLocation)
                    {
                        foreach (var location in FieldValues.Locations(vs, vb))
                        {
                            var levelChanged = b is not null && !FieldValues.LevelEqual(location, vs, vb);
                            if (levelChanged || vs?.Level(location) is not (null or 0))
                                Add(FieldPaths.InventoryAt(location), levelChanged, FieldValues.LevelJson(location, vs), levelChanged ? FieldValues.LevelJson(location, vb) : null);
                        }

                        continue;
                    }

                    var changed = b is not null && !FieldValues.Equal(field, vs, vb);
                    if (changed || !FieldValues.IsEmpty(field, vs))
                        Add(FieldValues.Name(field), changed, FieldValues.ToJson(field, vs), changed ? FieldValues.ToJson(field, vb) : null);
                }

                if (vs is not null)
                {
                    foreach (var id in CanonicalMetafields.Ids(vs.Metafields, vb?.Metafields))
                    {
                        var path = FieldPaths.VariantMetafield(vs.Key, id);
                        var changed = vb is not null && !FieldValues.JsonEqual(path, FieldValues.MetafieldJson(id, vs.Metafields), FieldValues.MetafieldJson(id, vb.Metafields));
                        if (changed || CanonicalMetafields.Find(vs.Metafields, id) is not null)
                            Add(path, changed, FieldValues.MetafieldJson(id, vs.Metafields), changed ? FieldValues.MetafieldJson(id, vb!.Metafields) : null);
                    }
                }
            }
            else
            {
                var groups = sideIsLocal ? VariantAlignment.Align(b, side, null) : VariantAlignment.Align(b, null, side);
                foreach (var g in groups)
                {
                    var v = sideIsLocal ? g.Local : g.Remote;
                    var changed = b is not null && !FieldValues.VariantEqual(v, g.Base);
                    if (changed || v is not null)
                        Add(FieldPaths.Variant(g.Key), changed, FieldValues.VariantObject(v), changed ? FieldValues.VariantObject(g.Base) : null);
                }
            }

            var plan = Plan(changeType, direction, changes, conflicts);
            if (direction == SyncDirections.PushToShopify && !delete)
            {
                var refusal = MultiVariant
                    ? side.Variants.Select(v => UnwritableUnit(v.Key, v)).FirstOrDefault(r => r is not null)
                    : UnwritableUnit(null, side.SingleVariant);
                plan = plan with { Refusal = refusal };
            }

            return direction == SyncDirections.PullFromShopify
                ? new ThreeWayDiffResult { Pull = plan }
                : new ThreeWayDiffResult { Push = plan };

            void Add(string path, bool conflict, JsonNode? value, JsonNode? baseValue)
            {
                if (conflict)
                {
                    (conflicts ??= []).Add(path);
                    changes.Add(path, delete ? FieldChange.WithBase(value, null, baseValue) : FieldChange.WithBase(null, value, baseValue));
                }
                else
                {
                    changes.Add(path, delete ? new FieldChange(value, null) : new FieldChange(null, value));
                }
            }
        }

        private bool MultiVariant => b?.Variants.Length > 1 || l?.Variants.Length > 1 || r?.Variants.Length > 1;

        /// <summary>Some side holds stock away from the default location: stock is diffed per location, not as a total.</summary>
        private bool MultiLocation => b?.MultiLocation == true || l?.MultiLocation == true || r?.MultiLocation == true;

        /// <summary>Each location's stock a path of its own: a conflicting edit of one location conflicts on that path only.</summary>
        private void VisitLevels(string? key, CanonicalVariant? vb, CanonicalVariant? vl, CanonicalVariant? vr)
        {
            foreach (var location in FieldValues.Locations(vb, vl, vr))
            {
                var eqLR = FieldValues.LevelEqual(location, vl, vr);
                var eqLB = _hasBase && FieldValues.LevelEqual(location, vl, vb);
                var eqRB = _hasBase && (eqLR ? eqLB : FieldValues.LevelEqual(location, vr, vb));
                var decision = Decide(eqLB, eqRB, eqLR);
                if (decision is PathDecision.Pull or PathDecision.Push or PathDecision.Conflict)
                {
                    Emit(FieldPaths.VariantInventory(key, location), decision, FieldValues.LevelJson(location, vl), FieldValues.LevelJson(location, vr),
                        NeedsBase(decision) ? FieldValues.LevelJson(location, vb) : null);
                }
            }
        }

        /// <summary>
        /// Each metafield a path of its own (docs/decisions/0023): the product's (<paramref name="key"/> null) or a
        /// variant's; a conflicting edit of one metafield conflicts on that path only. A variant's metafields of a
        /// one-variant product are named under its key too, so they never read as the product's.
        /// </summary>
        private void VisitMetafields(string? key, KeyValuePair<string, string>[]? mb, KeyValuePair<string, string>[] ml, KeyValuePair<string, string>[] mr)
        {
            if (ml.Length == 0 && mr.Length == 0 && (mb is null || mb.Length == 0))
                return;
            foreach (var id in CanonicalMetafields.Ids(mb, ml, mr))
            {
                var vl = CanonicalMetafields.Find(ml, id);
                var vr = CanonicalMetafields.Find(mr, id);
                var vb = mb is null ? null : CanonicalMetafields.Find(mb, id);
                var eqLR = string.Equals(vl, vr, StringComparison.Ordinal);
                var eqLB = _hasBase && mb is not null && string.Equals(vl, vb, StringComparison.Ordinal);
                var eqRB = _hasBase && mb is not null && string.Equals(vr, vb, StringComparison.Ordinal);
                var decision = Decide(eqLB, eqRB, eqLR);
                if (decision is PathDecision.Pull or PathDecision.Push or PathDecision.Conflict)
                {
                    var path = key is null ? FieldPaths.ProductMetafield(id) : FieldPaths.VariantMetafield(key, id);
                    Emit(path, decision, Text(vl), Text(vr), NeedsBase(decision) ? Text(vb) : null);
                }
            }
        }

        /// <summary>
        /// Each image's alt text a path of its own (docs/decisions/0029), for the images both sides hold: a conflicting
        /// edit of one image's alt conflicts on that path only. Which images there are, and in which order, is the
        /// <c>images</c> path; an image one side lacks travels, with its alt, in that list.
        /// </summary>
        private void VisitImageAlts()
        {
            var il = l!.Images;
            var ir = r!.Images;
            if (il.Length == 0 || ir.Length == 0)
                return;
            foreach (var image in il)
            {
                var atRemote = CanonicalImages.IndexOf(ir, image.Src);
                if (atRemote < 0)
                    continue;
                var atBase = b is null ? -1 : CanonicalImages.IndexOf(b.Images, image.Src);
                var altR = ir[atRemote].Alt;
                var altB = atBase < 0 ? null : b!.Images[atBase].Alt;
                var eqLR = string.Equals(image.Alt, altR, StringComparison.Ordinal);
                // An image the base lacks (both sides added it) has no agreed alt: differing alts conflict.
                var eqLB = atBase >= 0 && string.Equals(image.Alt, altB, StringComparison.Ordinal);
                var eqRB = atBase >= 0 && string.Equals(altR, altB, StringComparison.Ordinal);
                var decision = Decide(eqLB, eqRB, eqLR);
                if (decision is PathDecision.Pull or PathDecision.Push or PathDecision.Conflict)
                {
                    Emit(FieldPaths.ImageAlt(image.Src), decision, Text(image.Alt), Text(altR), NeedsBase(decision) ? Text(altB) : null);
                }
            }
        }

        private void VisitProductField(ProductField f)
        {
            var eqLR = FieldValues.Equal(f, l!, r!);
            var eqLB = _hasBase && FieldValues.Equal(f, l!, b!);
            var eqRB = _hasBase && (eqLR ? eqLB : FieldValues.Equal(f, r!, b!));
            var decision = Decide(eqLB, eqRB, eqLR);
            if (decision is PathDecision.Pull or PathDecision.Push or PathDecision.Conflict)
            {
                Emit(FieldValues.Name(f), decision, FieldValues.ToJson(f, l), FieldValues.ToJson(f, r),
                    NeedsBase(decision) ? FieldValues.ToJson(f, b) : null);
            }
        }

        private void VisitVariantField(VariantField f, string? key, CanonicalVariant? vb, CanonicalVariant? vl, CanonicalVariant? vr)
        {
            if (f is VariantField.Weight or VariantField.WeightUnit)
            {
                VisitWeight(f, key, vb, vl, vr);
                return;
            }

            // With stock per location, the total is read-only: its locations carry the change (VisitLevels).
            if (f == VariantField.InventoryQuantity && MultiLocation)
                return;
            var eqLR = FieldValues.Equal(f, vl, vr);
            var eqLB = _hasBase && FieldValues.Equal(f, vl, vb);
            var eqRB = _hasBase && (eqLR ? eqLB : FieldValues.Equal(f, vr, vb));
            var decision = Decide(eqLB, eqRB, eqLR);
            if (decision is PathDecision.Pull or PathDecision.Push or PathDecision.Conflict)
            {
                var name = FieldValues.Name(f);
                Emit(key is null ? name : FieldPaths.VariantField(key, name), decision, FieldValues.ToJson(f, vl),
                    FieldValues.ToJson(f, vr), NeedsBase(decision) ? FieldValues.ToJson(f, vb) : null);
            }
        }

        /// <summary>
        /// A weight and its unit are one value (docs/decisions/0007): they are decided together, so one side's new
        /// weight never lands beside the other side's unit. A unit kept on a variant without weight (Shopify reads no
        /// weight as 0 in some unit; the local catalog may keep one) is no value of its own: it is never staged on its
        /// own, a weight that arrives on such a variant brings its unit, and a cleared weight takes its unit with it
        /// (so a patch or a rollback of either always writes the pair).
        /// </summary>
        private void VisitWeight(VariantField f, string? key, CanonicalVariant? vb, CanonicalVariant? vl, CanonicalVariant? vr)
        {
            var eqLR = FieldValues.Equal(f, vl, vr);
            var decision = Decide(_hasBase && SameWeight(vl, vb), _hasBase && SameWeight(vr, vb), SameWeight(vl, vr));
            if (eqLR)
                return;
            var name = FieldValues.Name(f);
            var path = key is null ? name : FieldPaths.VariantField(key, name);
            decision = Owned(path, decision).Decision;
            if (decision == PathDecision.Push)
                _pushRefusal ??= UnwritableUnit(key, vl);
            if (decision is PathDecision.Pull or PathDecision.Push or PathDecision.Conflict)
            {
                Emit(path, decision, FieldValues.ToJson(f, vl),
                    FieldValues.ToJson(f, vr), NeedsBase(decision) ? FieldValues.ToJson(f, vb) : null);
            }
        }

        /// <summary>A variant that one side (or both) does not have: the path is the whole variant.</summary>
        private PathDecision WholeVariantDecision(VariantGroup g)
        {
            var eqLR = FieldValues.VariantEqual(g.Local, g.Remote);
            var eqLB = _hasBase && FieldValues.VariantEqual(g.Local, g.Base);
            var eqRB = _hasBase && FieldValues.VariantEqual(g.Remote, g.Base);
            return Owned(FieldPaths.Variant(g.Key), Decide(eqLB, eqRB, eqLR)).Decision;
        }

        private void EmitWholeVariant(VariantGroup g, PathDecision decision)
        {
            if (decision == PathDecision.Push)
                _pushRefusal ??= UnwritableUnit(g.Key, g.Local);
            if (decision is PathDecision.Pull or PathDecision.Push or PathDecision.Conflict)
            {
                Emit(FieldPaths.Variant(g.Key), decision, FieldValues.VariantObject(g.Local), FieldValues.VariantObject(g.Remote),
                    NeedsBase(decision) ? FieldValues.VariantObject(g.Base) : null);
            }
        }

        /// <summary>
        /// One of the variants that the two sides' removals together would leave none of: a conflict whatever owns it,
        /// marked so approval refuses a resolution that keeps none of them (<see cref="FieldChange.LastVariantsReason"/>).
        /// </summary>
        private void EmitLastVariant(VariantGroup g)
        {
            var path = FieldPaths.Variant(g.Key);
            (_pull ??= []).Add(path, FieldChange.WithBase(FieldValues.VariantObject(g.Local), FieldValues.VariantObject(g.Remote),
                FieldValues.VariantObject(g.Base)).WithReason(FieldChange.LastVariantsReason));
            (_conflicts ??= []).Add(path);
        }

        /// <summary>A local weight in a unit Shopify has no name for: never dropped at push, refused here.</summary>
        private static string? UnwritableUnit(string? key, CanonicalVariant? local)
        {
            if (local?.Weight is null || CanonicalProduct.IsKnownWeightUnit(local.WeightUnit))
                return null;
            var path = key is null ? FieldPaths.WeightUnit : FieldPaths.VariantField(key, FieldPaths.WeightUnit);
            return $"{path}: '{local.Source.WeightUnit}' is not a weight unit Shopify takes (g, kg, oz, lb); correct it locally and pull again.";
        }

        private static bool SameWeight(CanonicalVariant? a, CanonicalVariant? b) =>
            FieldValues.Equal(VariantField.Weight, a, b) && FieldValues.Equal(VariantField.WeightUnit, a, b);

        private PathDecision Decide(bool eqLB, bool eqRB, bool eqLR)
        {
            _sidesDiffer |= !eqLR;
            _localChangedFromBase |= _hasBase && !eqLB;
            return Classify(_hasBase, eqLB, eqRB, eqLR);
        }

        /// <summary>The path's decision once its owner, if any, has had its say, and the reason to show for it.</summary>
        private (PathDecision Decision, string? Reason) Owned(string path, PathDecision decision)
        {
            if (ownership is null || decision is not (PathDecision.Pull or PathDecision.Push or PathDecision.Conflict))
                return (decision, null);
            var owner = ownership.OwnerOf(path);
            return (FieldOwnership.Decide(decision, owner), FieldOwnership.Reason(owner));
        }

        private static JsonValue? Text(string? value) => value is null ? null : JsonValue.Create(value);

        /// <summary>
        /// The agreed value goes with a conflict, and with a path an owner decided: the side written may have moved from
        /// it, and a rollback returns both sides to it, not to the value the written side held (design §8).
        /// </summary>
        private bool NeedsBase(PathDecision decision) => decision == PathDecision.Conflict || ownership is not null || _optionsTogether;

        private void Emit(string path, PathDecision decision, JsonNode? localValue, JsonNode? remoteValue, JsonNode? baseValue)
        {
            (decision, var reason) = Owned(path, decision);
            if (_optionsTogether && decision is PathDecision.Pull or PathDecision.Push && FieldPaths.IsOptionShaped(path))
                (decision, reason) = (PathDecision.Conflict, null);
            var withBase = reason is not null && _hasBase;
            switch (decision)
            {
                case PathDecision.Pull:
                    (_pull ??= []).Add(path, (withBase ? FieldChange.WithBase(localValue, remoteValue, baseValue) : new FieldChange(localValue, remoteValue)).WithReason(reason));
                    break;
                case PathDecision.Push:
                    (_push ??= []).Add(path, (withBase ? FieldChange.WithBase(remoteValue, localValue, baseValue) : new FieldChange(remoteValue, localValue)).WithReason(reason));
                    break;
                case PathDecision.Conflict:
                    (_pull ??= []).Add(path, FieldChange.WithBase(localValue, remoteValue, baseValue));
                    (_conflicts ??= []).Add(path);
                    break;
                default:
                    break;
            }
        }

        private StagedChangePlan Plan(string changeType, string direction, FieldChanges changes, List<string>? conflicts)
        {
            var pull = direction == SyncDirections.PullFromShopify;
            return new StagedChangePlan
            {
                ChangeType = changeType,
                SyncDirection = direction,
                FieldChanges = changes,
                ConflictFields = conflicts ?? (IReadOnlyList<string>)[],
                Current = l?.Source,
                Proposed = r?.Source,
                SourceVersion = pull ? RemoteHash() : LocalHash(),
                TargetVersion = pull ? LocalHash() : RemoteHash(),
            };
        }

        private string? LocalHash() => l is null ? null : _localHash ??= ProductHasher.ComputeHash(l);

        private string? RemoteHash() => r is null ? null : _remoteHash ??= ProductHasher.ComputeHash(r);
    }
}
