using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Sync;

/// <summary>
/// A stored staged change read back for applying: which values go to which side. Pull paths write the local side
/// with Shopify's value; push paths write Shopify with the local value; a conflict path writes what its resolution
/// says ("shopify": local takes Shopify's value; "local": Shopify takes the local value; a value: both take it).
/// </summary>
internal sealed class ChangePlan
{
    private readonly List<KeyValuePair<string, JsonNode?>> _local = [];
    private readonly List<KeyValuePair<string, JsonNode?>> _shopify = [];
    private readonly List<JsonNode?> _shopifyBefore = [];
    private readonly List<KeyValuePair<string, JsonNode?>> _agreed = [];
    private readonly IReadOnlyList<AlignedVariant> _alignment;

    private ChangePlan(StagedProductChange change)
    {
        Change = change;
        Current = SnapshotJson.DeserializeOrNull(change.CurrentData);
        Proposed = SnapshotJson.DeserializeOrNull(change.ProposedData);
        _alignment = ThreeWayDiff.AlignVariants(null, Current, Proposed);
        var pull = change.SyncDirection == SyncDirections.PullFromShopify;
        LocalHashAtStaging = pull ? change.TargetVersion : change.SourceVersion;
        ShopifyHashAtStaging = pull ? change.SourceVersion : change.TargetVersion;

        if (change.ChangeType != ChangeTypes.Update)
            return;
        var changes = change.FieldChanges is null ? new FieldChanges() : FieldChanges.FromJson(change.FieldChanges);
        var conflicts = SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? [];
        var resolution = change.ConflictResolution is null ? null : JsonNode.Parse(change.ConflictResolution) as JsonObject;
        foreach (var (path, fieldChange) in changes)
        {
            if (conflicts.Contains(path))
            {
                var choice = resolution?[path];
                if (choice is JsonValue v && v.TryGetValue<string>(out var kind))
                {
                    // In a pull change, old is the local value and new is Shopify's.
                    if (kind == "shopify")
                        Write(_local, path, fieldChange.New);
                    else
                        WriteShopify(path, fieldChange.Old, fieldChange.New);
                }
                else if (choice is JsonObject custom)
                {
                    Write(_local, path, custom["value"]);
                    WriteShopify(path, custom["value"], fieldChange.New);
                }
            }
            else if (pull)
            {
                Write(_local, path, fieldChange.New);
            }
            else
            {
                // In a push change, old is Shopify's value and new is the local one.
                WriteShopify(path, fieldChange.New, fieldChange.Old);
            }
        }
    }

    public StagedProductChange Change { get; }

    public ProductSnapshot? Current { get; }

    public ProductSnapshot? Proposed { get; }

    public string? LocalHashAtStaging { get; }

    public string? ShopifyHashAtStaging { get; }

    public bool WritesLocal => _local.Count > 0 || (Change.SyncDirection == SyncDirections.PullFromShopify && Change.ChangeType != ChangeTypes.Update);

    public bool WritesShopify => _shopify.Count > 0 || (Change.SyncDirection == SyncDirections.PushToShopify && Change.ChangeType != ChangeTypes.Update);

    public static ChangePlan From(StagedProductChange change) => new(change);

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
            if (!Holds(path, _shopify[i].Value) && !Holds(path, _shopifyBefore[i]))
                return false;
        }
        return true;

        // Setting the path to the value changes nothing: Shopify holds it there.
        bool Holds(string path, JsonNode? value) =>
            SnapshotPatch.TryApplyAll(shopifyNow, [new(path, value?.DeepClone())], _alignment, targetIsLocal: false, out var patched, out _)
            && ProductHasher.ComputeHash(patched) == nowHash;
    }

    /// <summary>
    /// The next base: where both sides now hold the same, that; otherwise the old base with the paths this change
    /// settled set to their agreed values (the paths it did not cover still differ, and the next pull finds them).
    /// </summary>
    public ProductSnapshot? AgreedBase(ProductSnapshot? oldBase, ProductSnapshot? localAfter, ProductSnapshot? shopifyAfter)
    {
        if (localAfter is null || shopifyAfter is null)
            return null;
        if (ProductHasher.ComputeHash(localAfter) == ProductHasher.ComputeHash(shopifyAfter))
            return shopifyAfter;
        var start = oldBase ?? shopifyAfter;
        return SnapshotPatch.TryApplyAll(start, _agreed, null, targetIsLocal: false, out var patched, out _) ? patched with
        {
            ShopifyProductId = shopifyAfter.ShopifyProductId,
        } : shopifyAfter;
    }

    private void WriteShopify(string path, JsonNode? value, JsonNode? shopifyAtStaging)
    {
        Write(_shopify, path, value);
        _shopifyBefore.Add(shopifyAtStaging?.DeepClone());
    }

    private void Write(List<KeyValuePair<string, JsonNode?>> side, string path, JsonNode? value)
    {
        side.Add(new(path, value?.DeepClone()));
        if (!_agreed.Any(kv => kv.Key == path))
            _agreed.Add(new(path, value?.DeepClone()));
    }
}
