using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Rollback;

/// <summary>
/// What a side holds once a change is rolled back: its snapshot now, with each path the change touched set back to
/// the value of a reference snapshot (the change's base). Pure: snapshots in, snapshot out.
/// </summary>
/// <remarks>
/// A change's <c>variants[&lt;key&gt;]</c> paths name variants by the key they had at staging, which a later SKU edit
/// (or the change itself) may have moved. So each keyed variant is found by identity: the change's staging snapshots
/// say which base variant the key stood for, and the side's variant is the one matched to that base variant (by
/// Shopify variant id first, never pairing two different ids); a variant the base did not have is found by its id.
/// Never by list position.
/// </remarks>
internal static class RollbackTargets
{
    /// <summary>
    /// <paramref name="side"/> with every path of <paramref name="paths"/> where it differs from
    /// <paramref name="reference"/> set to the reference's value (a variant the reference lacks is removed, one it has
    /// and the side lacks is added). <paramref name="stagedLocal"/> and <paramref name="stagedShopify"/> are the
    /// change's <c>current_data</c> and <c>proposed_data</c>, whose alignment gave the paths their variant keys.
    /// </summary>
    public static bool TryRestore(
        ProductSnapshot reference, ProductSnapshot side, IEnumerable<string> paths, ProductSnapshot? stagedLocal, ProductSnapshot? stagedShopify,
        out ProductSnapshot result, out string? error)
    {
        result = side;
        error = null;
        // A reference agreed with the Shopify product the local one was relinked from pairs by SKU and options (decision 0027).
        reference = ThreeWayDiff.BaseFor(reference, stagedShopify?.ShopifyProductId ?? stagedLocal?.ShopifyProductId)!;
        var canonicalReference = CanonicalProduct.From(reference)!;
        var canonicalSide = CanonicalProduct.From(side)!;
        var staged = ThreeWayDiff.AlignVariants(reference, stagedLocal, stagedShopify);
        var live = ThreeWayDiff.AlignVariants(reference, side, null);

        var values = new List<KeyValuePair<string, JsonNode?>>();
        var alignment = new List<AlignedVariant>();
        foreach (var path in paths)
        {
            if (!FieldPaths.TryParse(path, out var parsed))
            {
                error = $"'{path}' is not a field path";
                return false;
            }

            JsonNode? referenceValue, sideValue;
            switch (parsed.Scope)
            {
                case FieldPathScope.Product:
                    referenceValue = FieldValues.ValueAt(parsed, canonicalReference, null);
                    sideValue = FieldValues.ValueAt(parsed, canonicalSide, null);
                    break;

                case FieldPathScope.SingleVariant when parsed.Location is { } location:
                    referenceValue = FieldValues.LevelJson(location, canonicalReference.SingleVariant);
                    sideValue = FieldValues.LevelJson(location, canonicalSide.SingleVariant);
                    break;

                case FieldPathScope.SingleVariant:
                    {
                        var field = (VariantField)Array.IndexOf(FieldPaths.VariantFieldNames, parsed.Field);
                        referenceValue = FieldValues.ToJson(field, canonicalReference.SingleVariant);
                        sideValue = FieldValues.ToJson(field, canonicalSide.SingleVariant);
                        break;
                    }

                default:
                    {
                        var key = parsed.VariantKey!;
                        var (referenceVariant, sideVariant) = Locate(key, staged, live, side);
                        // The patch finds the variant by this reference (its Local), so never by key or position.
                        alignment.Add(new AlignedVariant(key, referenceVariant, sideVariant, sideVariant));
                        var r = Canonical(canonicalReference, referenceVariant);
                        var s = Canonical(canonicalSide, sideVariant);
                        if (parsed.Scope == FieldPathScope.WholeVariant)
                        {
                            referenceValue = FieldValues.VariantObject(r);
                            sideValue = FieldValues.VariantObject(s);
                        }
                        else
                        {
                            // A field of a variant one of them lacks: the whole-variant path, if touched, restores it.
                            if (r is null || s is null)
                                continue;
                            // Stock at one location and each metafield are restored on their own (docs/decisions/0019, 0023).
                            referenceValue = FieldValues.ValueAt(parsed, canonicalReference, r);
                            sideValue = FieldValues.ValueAt(parsed, canonicalSide, s);
                        }

                        break;
                    }
            }

            // Only what differs is written: the side keeps its own spelling of equal values (a weight unit, a tag's case).
            if (!FieldValues.JsonEqual(path, referenceValue, sideValue))
                values.Add(new(path, referenceValue));
        }

        if (values.Count == 0)
            return true;
        if (!SnapshotPatch.TryApplyAll(side, values, alignment, targetIsLocal: true, out result, out error))
        {
            result = side;
            return false;
        }

        return true;
    }

    /// <summary>The reference's and the side's variant that <paramref name="key"/> named at staging, found by identity.</summary>
    private static (VariantSnapshot? Reference, VariantSnapshot? Side) Locate(
        string key, IReadOnlyList<AlignedVariant> staged, IReadOnlyList<AlignedVariant> live, ProductSnapshot side)
    {
        var group = staged.FirstOrDefault(g => g.Key == key);
        if (group is null)
        {
            // The staging snapshots do not know the key (they were not kept): as the live alignment keys it.
            var now = live.FirstOrDefault(g => g.Key == key);
            return (now?.Base, now?.Local);
        }

        if (group.Base is { } baseVariant)
            return (baseVariant, live.FirstOrDefault(g => ReferenceEquals(g.Base, baseVariant))?.Local);

        // Not in the reference (added since): by its Shopify variant id, else as the live alignment keys it.
        if ((group.Remote?.ShopifyVariantId ?? group.Local?.ShopifyVariantId) is { } id)
            return (null, side.Variants.FirstOrDefault(v => v.ShopifyVariantId == id));
        return (null, live.FirstOrDefault(g => g.Base is null && g.Key == key)?.Local);
    }

    private static CanonicalVariant? Canonical(CanonicalProduct product, VariantSnapshot? variant) =>
        variant is null ? null : product.Variants.First(v => ReferenceEquals(v.Source, variant));
}

/// <summary>How a rollback returns the product to its base.</summary>
public enum RollbackKind
{
    /// <summary>An update: both sides take the base's values on the paths the change touched.</summary>
    RestoreFields,

    /// <summary>A create: the created product goes (on the side it was created), and with it the link and the base.</summary>
    RemoveCreated,

    /// <summary>A delete: the product is back on both sides as the base held it.</summary>
    RestoreProduct,
}

/// <summary>
/// What each side will hold after the rollback of one change (null: no product there), and the paths it restores.
/// </summary>
public sealed record RollbackPlan(RollbackKind Kind, ProductSnapshot? Local, ProductSnapshot? Shopify, IReadOnlyList<string> Paths);

/// <summary>The facts a rollback is planned from: the change as applied, its base, and both sides now.</summary>
internal sealed record RollbackFacts(
    string ChangeType,
    string SyncDirection,
    IReadOnlyList<string> Paths,
    ProductSnapshot? StagedLocal,
    ProductSnapshot? StagedShopify,
    RollbackData Data,
    ProductSnapshot? Base,
    ProductSnapshot? LocalNow,
    ProductSnapshot? ShopifyNow);

internal static class RollbackPlanner
{
    /// <summary>
    /// Design §8: both sides return to the change's base on the paths it touched, whichever side it came from. A change
    /// applied without a base (a first sync of a product matched by handle or SKU) has no agreed state to return to: each
    /// side returns to what it held before the change. A create goes from the side it was created on; a delete comes
    /// back on both sides.
    /// </summary>
    public static bool TryPlan(RollbackFacts facts, out RollbackPlan? plan, out string? error)
    {
        plan = null;
        error = null;
        var pull = facts.SyncDirection == SyncDirections.PullFromShopify;
        switch (facts.ChangeType)
        {
            case ChangeTypes.Create:
                // The product that existed before the create (on the side it came from) stays; the copy goes.
                plan = pull
                    ? new RollbackPlan(RollbackKind.RemoveCreated, null, facts.ShopifyNow, [])
                    : new RollbackPlan(RollbackKind.RemoveCreated, facts.LocalNow is null ? null : Unlinked(facts.LocalNow), null, []);
                return true;

            case ChangeTypes.Delete:
                {
                    var reference = facts.Base
                        ?? (pull ? facts.Data.LocalBefore ?? facts.StagedLocal : facts.Data.ShopifyBefore ?? facts.StagedShopify);
                    if (reference is null)
                    {
                        error = "Nothing records what the product held before it was deleted.";
                        return false;
                    }

                    // Back on both sides as the base held it: a side that lost the product gets it again from the base;
                    // a side that has it (a delete kept against its resolution, or a side the delete never reached)
                    // returns to the base on every path where it differs, as an update's rollback does on its paths.
                    var local = facts.LocalNow is null ? Unlinked(reference) : null;
                    var shopify = facts.ShopifyNow is null ? Unlinked(reference) : null;
                    if (local is null && !RestoreWhole(reference, facts.LocalNow!, facts, out local, out error))
                        return false;
                    if (shopify is null && !RestoreWhole(reference, facts.ShopifyNow!, facts, out shopify, out error))
                        return false;
                    plan = new RollbackPlan(RollbackKind.RestoreProduct, local, shopify, []);
                    return true;
                }

            default:
                {
                    if (facts.LocalNow is null || facts.ShopifyNow is null)
                    {
                        error = facts.LocalNow is null ? "The product no longer exists locally." : "The product no longer exists in Shopify.";
                        return false;
                    }

                    var localReference = facts.Base ?? facts.Data.LocalBefore ?? facts.StagedLocal ?? facts.LocalNow;
                    var shopifyReference = facts.Base ?? facts.Data.ShopifyBefore ?? facts.StagedShopify ?? facts.ShopifyNow;
                    if (!RollbackTargets.TryRestore(localReference, facts.LocalNow, facts.Paths, facts.StagedLocal, facts.StagedShopify, out var local, out error)
                        || !RollbackTargets.TryRestore(shopifyReference, facts.ShopifyNow, facts.Paths, facts.StagedLocal, facts.StagedShopify, out var shopify, out error))
                        return false;
                    plan = new RollbackPlan(RollbackKind.RestoreFields, local, shopify, facts.Paths);
                    return true;
                }
        }
    }

    /// <summary><paramref name="side"/> with the reference's value on every path where the two differ.</summary>
    private static bool RestoreWhole(ProductSnapshot reference, ProductSnapshot side, RollbackFacts facts, out ProductSnapshot? result, out string? error)
    {
        // Every path, variants and options gained or lost included: both writers add and remove them (decision 0018).
        var differing = ThreeWayDiff.Compute(side, side, reference).Pull?.FieldChanges.Keys.ToList() ?? [];
        var restored = RollbackTargets.TryRestore(reference, side, differing, facts.StagedLocal, facts.StagedShopify, out var target, out error);
        result = restored ? target : null;
        return restored;
    }

    /// <summary>The snapshot without Shopify's ids: a product no longer (or not yet) linked.</summary>
    public static ProductSnapshot Unlinked(ProductSnapshot snapshot) => snapshot with
    {
        ShopifyProductId = null,
        Variants = [.. snapshot.Variants.Select(v => v with { ShopifyVariantId = null, ShopifyInventoryItemId = null })],
    };
}
