using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Sync;

/// <summary>
/// A stored staged change read back for applying: which values go to which side. Pull paths write the local side
/// with Shopify's value; push paths write Shopify with the local value; a conflict path writes what its resolution
/// says ("shopify": local takes Shopify's value; "local": Shopify takes the local value; a value: both take it; none
/// recorded: as staged, the proposed side wins). A delete is applied only when every conflicting path is resolved for
/// the side that deleted the product; otherwise the product is kept on both sides (docs/decisions/0006).
/// </summary>
internal sealed class ChangePlan
{
    private readonly List<KeyValuePair<string, JsonNode?>> _local = [];
    private readonly List<JsonNode?> _localBefore = [];
    private readonly List<KeyValuePair<string, JsonNode?>> _shopify = [];
    private readonly List<JsonNode?> _shopifyBefore = [];
    private readonly List<KeyValuePair<string, JsonNode?>> _agreed = [];
    private readonly IReadOnlyList<AlignedVariant> _alignment;

    private ChangePlan(StagedProductChange change, ProductSnapshot? stagedBase)
    {
        Change = change;
        Current = SnapshotJson.DeserializeOrNull(change.CurrentData);
        Proposed = SnapshotJson.DeserializeOrNull(change.ProposedData);
        // The diff's own alignment, base included: a variant Shopify no longer has is keyed by what the base called it,
        // which the local side may call otherwise now (its SKU changed); without the base that key names nothing.
        _alignment = ThreeWayDiff.AlignVariants(ThreeWayDiff.BaseFor(stagedBase, Current?.ShopifyProductId ?? Proposed?.ShopifyProductId), Current, Proposed);
        var pull = change.SyncDirection == SyncDirections.PullFromShopify;
        LocalHashAtStaging = pull ? change.TargetVersion : change.SourceVersion;
        ShopifyHashAtStaging = pull ? change.SourceVersion : change.TargetVersion;

        if (change.ChangeType == ChangeTypes.Create)
            return;
        var changes = change.FieldChanges is null ? new FieldChanges() : FieldChanges.FromJson(change.FieldChanges);
        var conflicts = SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? [];
        var resolution = change.ConflictResolution is null ? null : JsonNode.Parse(change.ConflictResolution) as JsonObject;
        if (change.ChangeType == ChangeTypes.Delete)
            PlanDelete(changes, conflicts, resolution, pull);
        else
            PlanUpdate(changes, conflicts, resolution, pull);
    }

    /// <summary>Which side a conflicting path's resolution keeps.</summary>
    private enum Choice
    {
        Shopify,
        Local,
        Value,
    }

    public StagedProductChange Change { get; }

    public ProductSnapshot? Current { get; }

    public ProductSnapshot? Proposed { get; }

    public string? LocalHashAtStaging { get; }

    public string? ShopifyHashAtStaging { get; }

    /// <summary>
    /// A delete whose conflicts were resolved (on some path) for the side that kept the product: nothing is deleted.
    /// A delete pushed to Shopify restores the local product from Shopify's; a delete pulled from Shopify re-creates
    /// the product in Shopify from the local one. Paths resolved for the deleting side take the base value, chosen
    /// values are written to both sides.
    /// </summary>
    public bool KeepsProduct { get; private set; }

    public bool WritesLocal => _local.Count > 0 || Change.ChangeType switch
    {
        ChangeTypes.Create => Change.SyncDirection == SyncDirections.PullFromShopify,
        ChangeTypes.Delete => Change.SyncDirection == SyncDirections.PullFromShopify || KeepsProduct,
        _ => false,
    };

    public bool WritesShopify => _shopify.Count > 0 || Change.ChangeType switch
    {
        ChangeTypes.Create => Change.SyncDirection == SyncDirections.PushToShopify,
        ChangeTypes.Delete => (Change.SyncDirection == SyncDirections.PushToShopify) != KeepsProduct,
        _ => false,
    };

    /// <summary>
    /// The plan of a stored change. <paramref name="stagedBase"/> is the agreed version it was staged against (the
    /// version whose hash is its <c>base_version</c>), when there is one: it lines the variants up as the diff did.
    /// </summary>
    public static ChangePlan From(StagedProductChange change, ProductSnapshot? stagedBase = null) => new(change, stagedBase);

    public bool TryPatchLocal(ProductSnapshot local, out ProductSnapshot result, out string? error) =>
        SnapshotPatch.TryApplyAll(local, _local, _alignment, targetIsLocal: true, out result, out error);

    public bool TryPatchShopify(ProductSnapshot shopify, out ProductSnapshot result, out string? error) =>
        SnapshotPatch.TryApplyAll(shopify, _shopify, _alignment, targetIsLocal: false, out result, out error);

    /// <summary>
    /// Shopify moved since staging only by this change's own writes: all or some of them landed (a response was lost,
    /// or the process stopped before the change was recorded as applied). Every path this change writes holds either
    /// the value seen at staging or the value being written, and nothing else moved. Applying the change then writes
    /// only what is still missing, so nothing is sent twice.
    /// </summary>
    public bool ShopifyMovedOnlyByThisChange(ProductSnapshot? shopifyNow)
    {
        if (shopifyNow is null || Proposed is null || _shopify.Count == 0)
            return false;
        if (!TryPatchShopify(Proposed, out var expected, out _) || !TryPatchShopify(shopifyNow, out var completed, out _)
            || ProductHasher.ComputeHash(completed) != ProductHasher.ComputeHash(expected))
            return false;
        var nowHash = ProductHasher.ComputeHash(shopifyNow);
        for (var i = 0; i < _shopify.Count; i++)
        {
            var path = _shopify[i].Key;
            if (!Holds(shopifyNow, nowHash, path, _shopify[i].Value, targetIsLocal: false)
                && !Holds(shopifyNow, nowHash, path, _shopifyBefore[i], targetIsLocal: false))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Every path this update writes locally still holds the local value seen at staging (the local side moved only on
    /// other paths). With <see cref="ShopifyHoldsStagedValues"/>, what lets a change follow an earlier change of the same
    /// product in one push (<see cref="ProductApplyChain"/>).
    /// </summary>
    public bool LocalHoldsStagedValues(ProductSnapshot? localNow) => HoldAll(localNow, _local, _localBefore, targetIsLocal: true);

    /// <summary>Every path this update writes to Shopify still holds Shopify's value seen at staging.</summary>
    public bool ShopifyHoldsStagedValues(ProductSnapshot? shopifyNow) => HoldAll(shopifyNow, _shopify, _shopifyBefore, targetIsLocal: false);

    private bool HoldAll(ProductSnapshot? now, List<KeyValuePair<string, JsonNode?>> writes, List<JsonNode?> before, bool targetIsLocal)
    {
        if (now is null || Change.ChangeType != ChangeTypes.Update)
            return false;
        var nowHash = ProductHasher.ComputeHash(now);
        for (var i = 0; i < writes.Count; i++)
        {
            if (!Holds(now, nowHash, writes[i].Key, before[i], targetIsLocal))
                return false;
        }
        return true;
    }

    /// <summary>Setting the path to the value changes nothing: the side holds it there.</summary>
    private bool Holds(ProductSnapshot side, string sideHash, string path, JsonNode? value, bool targetIsLocal) =>
        SnapshotPatch.TryApplyAll(side, [new(path, value?.DeepClone())], _alignment, targetIsLocal, out var patched, out _)
        && ProductHasher.ComputeHash(patched) == sideHash;

    /// <summary>
    /// The next base: where both sides now hold the same, that; a kept delete, Shopify's side (the whole product was
    /// settled); otherwise the old base with the paths this change settled set to their agreed values (the paths it did
    /// not cover still differ, and the next pull finds them). A path written to Shopify takes the value Shopify answered
    /// in its read-back, not the value sent: a value Shopify did not take is never recorded as agreed, so the next pull
    /// offers the local value again instead of proposing to revert it.
    /// </summary>
    public ProductSnapshot? AgreedBase(ProductSnapshot? oldBase, ProductSnapshot? localAfter, ProductSnapshot? shopifyAfter)
    {
        if (localAfter is null || shopifyAfter is null)
            return null;
        if (KeepsProduct || ProductHasher.ComputeHash(localAfter) == ProductHasher.ComputeHash(shopifyAfter))
            return shopifyAfter;
        var start = oldBase ?? shopifyAfter;
        var settled = _agreed.Select(kv => _shopify.Any(w => w.Key == kv.Key) && TryReadShopify(shopifyAfter, kv.Key, out var held)
            ? new KeyValuePair<string, JsonNode?>(kv.Key, held)
            : kv);
        return SnapshotPatch.TryApplyAll(start, settled, null, targetIsLocal: false, out var patched, out _) ? patched with
        {
            ShopifyProductId = shopifyAfter.ShopifyProductId,
        } : shopifyAfter;
    }

    /// <summary>What <paramref name="shopify"/> holds at <paramref name="path"/>; a variant is found by its Shopify id, then its key.</summary>
    private bool TryReadShopify(ProductSnapshot shopify, string path, out JsonNode? value)
    {
        value = null;
        if (!FieldPaths.TryParse(path, out var parsed))
            return false;
        var product = CanonicalProduct.From(shopify)!;
        switch (parsed.Scope)
        {
            case FieldPathScope.Product:
                value = FieldValues.ValueAt(parsed, product, null);
                return true;
            case FieldPathScope.SingleVariant:
                if (product.Variants.Length > 1)
                    return false;
                value = parsed.Location is { } at
                    ? FieldValues.LevelJson(at, product.SingleVariant)
                    : FieldValues.ToJson((VariantField)Array.IndexOf(FieldPaths.VariantFieldNames, parsed.Field), product.SingleVariant);
                return true;
        }
        var id = _alignment.FirstOrDefault(a => a.Key == parsed.VariantKey)?.Remote?.ShopifyVariantId;
        var variant = product.Variants.FirstOrDefault(v => id is not null && v.ShopifyVariantId == id)
            ?? product.Variants.FirstOrDefault(v => v.Key == parsed.VariantKey);
        if (parsed.Scope == FieldPathScope.WholeVariant)
        {
            value = FieldValues.VariantObject(variant);
            return true;
        }
        if (variant is null)
            return false;
        value = FieldValues.ValueAt(parsed, product, variant);
        return true;
    }

    private void PlanUpdate(FieldChanges changes, List<string> conflicts, JsonObject? resolution, bool pull)
    {
        foreach (var (path, fieldChange) in changes)
        {
            // In a pull change old is the local value and new is Shopify's; in a push change the other way round.
            var localValue = pull ? fieldChange.Old : fieldChange.New;
            var shopifyValue = pull ? fieldChange.New : fieldChange.Old;
            if (conflicts.Contains(path))
            {
                switch (Resolve(resolution, path, pull, out var chosen))
                {
                    case Choice.Shopify:
                        Write(path, shopifyValue, localValue);
                        break;
                    case Choice.Local:
                        WriteShopify(path, localValue, shopifyValue);
                        break;
                    default:
                        Write(path, chosen, localValue);
                        WriteShopify(path, chosen, shopifyValue);
                        break;
                }
            }
            else if (pull)
            {
                Write(path, shopifyValue, localValue);
            }
            else
            {
                WriteShopify(path, localValue, shopifyValue);
            }
        }
    }

    /// <summary>
    /// A delete's field changes carry the remaining side's values as old (new is null) and, on a conflicting path, the
    /// base. The delete goes ahead only when every conflicting path is resolved for the deleting side; otherwise the
    /// product is kept: with the remaining side's values, the base value where a path was resolved for the deleting side
    /// (the value it last held), the chosen value where one was given.
    /// </summary>
    private void PlanDelete(FieldChanges changes, List<string> conflicts, JsonObject? resolution, bool pull)
    {
        var deleting = pull ? Choice.Shopify : Choice.Local;
        KeepsProduct = conflicts.Any(path => Resolve(resolution, path, pull, out _) != deleting);
        if (!KeepsProduct)
            return;
        foreach (var path in conflicts)
        {
            if (!changes.TryGetValue(path, out var fieldChange))
                continue;
            var choice = Resolve(resolution, path, pull, out var chosen);
            if (choice == (pull ? Choice.Local : Choice.Shopify))
                continue;
            var value = choice == Choice.Value ? chosen : fieldChange.Base;
            // The remaining side (Shopify for a delete pushed to it, local for a pulled one) takes the value; the other
            // side is restored or re-created from it afterwards.
            if (pull)
                Write(path, value, fieldChange.Old);
            else
                WriteShopify(path, value, fieldChange.Old);
        }
    }

    /// <summary>A conflicting path's resolution; none recorded (or not one of the three forms) means as staged.</summary>
    private static Choice Resolve(JsonObject? resolution, string path, bool pull, out JsonNode? chosen)
    {
        chosen = null;
        switch (resolution?[path])
        {
            case JsonValue v when v.TryGetValue<string>(out var kind) && kind == "shopify":
                return Choice.Shopify;
            case JsonValue v when v.TryGetValue<string>(out var kind) && kind == "local":
                return Choice.Local;
            case JsonObject custom:
                chosen = custom["value"];
                return Choice.Value;
            default:
                return pull ? Choice.Shopify : Choice.Local;
        }
    }

    private void WriteShopify(string path, JsonNode? value, JsonNode? shopifyAtStaging)
    {
        Settle(_shopify, path, value);
        _shopifyBefore.Add(shopifyAtStaging?.DeepClone());
    }

    private void Write(string path, JsonNode? value, JsonNode? localAtStaging)
    {
        Settle(_local, path, value);
        _localBefore.Add(localAtStaging?.DeepClone());
    }

    private void Settle(List<KeyValuePair<string, JsonNode?>> side, string path, JsonNode? value)
    {
        side.Add(new(path, value?.DeepClone()));
        if (!_agreed.Any(kv => kv.Key == path))
            _agreed.Add(new(path, value?.DeepClone()));
    }
}
