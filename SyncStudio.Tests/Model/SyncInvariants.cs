using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Sync;
using SyncStudio.ShopifySimulator;

namespace SyncStudio.Tests.Model;

/// <summary>A broken promise: which invariant, at which step, and what was seen.</summary>
public sealed class InvariantViolationException(string invariant, string detail) : Exception($"[{invariant}] {detail}")
{
    public string Invariant { get; } = invariant;
}

/// <summary>Both sides and the review state at one moment: the local rows (deleted ones too), Shopify's products,
/// the simulator's write log, the staged changes, the batches, and which local stock location each synced Shopify location is.</summary>
public sealed record Observation(
    IReadOnlyDictionary<int, Product> Local,
    IReadOnlyDictionary<long, SimulatedProduct> Shopify,
    IReadOnlyList<MutationLogEntry> Log,
    IReadOnlyDictionary<int, StagedProductChange> Changes,
    int Batches,
    IReadOnlyDictionary<long, string> Locations,
    IReadOnlySet<string> HeldBatches)
{
    public IEnumerable<Product> LiveLocal => Local.Values.Where(p => p.DeletedAt is null);

    public Product? LocalLinkedTo(long shopifyId) => LiveLocal.FirstOrDefault(p => p.ShopifyProductId == shopifyId);
}

/// <summary>
/// The promises the sync keeps, checked against what both sides hold. Equality of values is the sync's canonical
/// equality (design §3: empty and absent are one, tags are a set, 10.0 is 10), through the pure core's hash and patch;
/// which values must be where is decided here, from the changes' stored field changes and resolutions.
/// </summary>
public static class SyncInvariants
{
    public static ProductSnapshot Snapshot(Product product) => LocalSnapshots.ToSnapshot(product);

    /// <summary>
    /// Shopify's side as the sync maps it (docs/decisions/0019): each level at a mapped location is the stock at that
    /// local location (by default only the primary location, mapped to <c>default</c>); unmapped locations are not synced.
    /// </summary>
    public static ProductSnapshot Snapshot(SimulatedProduct product, IReadOnlyDictionary<long, string>? locations = null) => new()
    {
        ShopifyProductId = product.Id,
        Title = product.Title,
        Handle = product.Handle,
        BodyHtml = product.DescriptionHtml,
        Vendor = product.Vendor,
        ProductType = product.ProductType,
        Tags = product.Tags,
        Status = product.Status.ToLowerInvariant(),
        SeoTitle = product.SeoTitle,
        SeoDescription = product.SeoDescription,
        OptionNames = [.. product.Options.Select(o => o.Name)],
        Metafields = Metafields(product.Metafields),
        Variants = [.. product.Variants.Select(v => new VariantSnapshot
        {
            Metafields = Metafields(v.Metafields),
            Cost = v.Cost,
            InventoryPolicy = v.InventoryPolicy.ToLowerInvariant(),
            Tracked = v.Tracked,
            RequiresShipping = v.RequiresShipping,
            Taxable = v.Taxable,
            HarmonizedSystemCode = v.HarmonizedSystemCode,
            CountryOfOrigin = v.CountryCodeOfOrigin,
            ShopifyVariantId = v.Id,
            ShopifyInventoryItemId = v.InventoryItemId,
            Sku = v.Sku,
            Price = v.Price,
            CompareAtPrice = v.CompareAtPrice,
            InventoryQuantity = Levels(v, locations).Values.Sum(),
            Inventory = Levels(v, locations),
            Barcode = v.Barcode,
            Weight = v.Weight,
            WeightUnit = v.WeightUnit,
            Options = v.OptionValues,
        })],
    };

    /// <summary>The metafields the sync reads: the synced namespace's (the default, <c>custom</c>), not an app's own.</summary>
    private static Dictionary<string, MetafieldEntry>? Metafields(System.Collections.Immutable.ImmutableArray<SimulatedMetafield>? metafields) =>
        metafields?.Where(m => m.Namespace == "custom").ToDictionary(m => $"{m.Namespace}.{m.Key}", m => new MetafieldEntry(m.Type, m.Value), StringComparer.Ordinal)
            is { Count: > 0 } synced ? synced : null;

    private static Dictionary<string, int> Levels(SimulatedVariant v, IReadOnlyDictionary<long, string>? locations)
    {
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var level in v.Levels)
        {
            var key = locations is null ? (level.LocationId == SimulatorStore.LocationId ? StockLevels.DefaultLocation : null) : locations.GetValueOrDefault(level.LocationId);
            if (key is not null)
                levels[key] = level.Available;
        }

        return levels;
    }

    public static string Hash(ProductSnapshot snapshot) => ProductHasher.ComputeHash(snapshot);

    /// <summary>No write touches a product that no change of the step named (app steps only).</summary>
    public static void NoUnnamedWrites(Observation before, Observation after, IReadOnlySet<long> named, string step)
    {
        foreach (var entry in after.Log.Skip(before.Log.Count))
        {
            var id = ShopifyGid.ParseId(entry.ProductId, "Product");
            if (id is null || !named.Contains(id.Value))
                throw new InvariantViolationException("no-unnamed-writes", $"{step}: {entry.Operation} wrote {entry.ProductId}, named: [{string.Join(",", named)}]; failed in the step: "
                    + string.Join(" | ", after.Changes.Values.Where(c => c.Status == ChangeStatuses.Failed && (!before.Changes.TryGetValue(c.Id, out var was) || was.ApplicationResult != c.ApplicationResult))
                        .Select(c => $"{c.ChangeId} ({c.ChangeType} {c.SyncDirection}): {c.ApplicationResult}")));
        }
    }

    /// <summary>No product disappears from either side unless the step was allowed to remove it.</summary>
    public static void NoUnapprovedDeletes(Observation before, Observation after, IReadOnlySet<long> allowedShopify, IReadOnlySet<int> allowedLocal, string step)
    {
        foreach (var id in before.Shopify.Keys.Where(id => !after.Shopify.ContainsKey(id) && !allowedShopify.Contains(id)))
            throw new InvariantViolationException("no-unapproved-deletes", $"{step}: Shopify product {id} ({before.Shopify[id].Handle}) deleted with no applied delete change");
        foreach (var product in before.LiveLocal.Where(p => !allowedLocal.Contains(p.Id)
            && (!after.Local.TryGetValue(p.Id, out var now) || now.DeletedAt is not null)))
            throw new InvariantViolationException("no-unapproved-deletes", $"{step}: local product {product.Id} ({product.Handle}) deleted with no applied delete change");
    }

    /// <summary>Where one path of an applied change must be, and with which value (the resolution decides for a conflict).</summary>
    public static IEnumerable<(string Path, JsonNode? Value, bool Local, bool Shopify)> ApprovedValues(StagedProductChange change)
    {
        if (change.FieldChanges is null)
            yield break;
        var pull = change.SyncDirection == SyncDirections.PullFromShopify;
        var conflicts = SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? [];
        var resolution = change.ConflictResolution is null ? null : JsonNode.Parse(change.ConflictResolution) as JsonObject;
        foreach (var (path, field) in FieldChanges.FromJson(change.FieldChanges))
        {
            var shopifyValue = pull ? field.New : field.Old;
            var localValue = pull ? field.Old : field.New;
            if (!conflicts.Contains(path))
            {
                yield return (path, field.New, pull, !pull);
                continue;
            }

            switch (resolution?[path])
            {
                case JsonValue v when v.TryGetValue<string>(out var kind) && kind == "shopify":
                    yield return (path, shopifyValue, true, false);
                    break;
                case JsonValue v when v.TryGetValue<string>(out var kind) && kind == "local":
                    yield return (path, localValue, false, true);
                    break;
                case JsonObject custom:
                    yield return (path, custom["value"], true, true);
                    break;
                default:
                    throw new InvariantViolationException("applied-holds-approved", $"change {change.ChangeId} applied with conflict path {path} unresolved: {change.ConflictResolution}");
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="snapshot"/> holds <paramref name="value"/> at <paramref name="path"/>: setting it there
    /// changes nothing. Null when the path cannot be resolved on that snapshot (its variant is gone).
    /// </summary>
    public static bool? Holds(ProductSnapshot snapshot, string path, JsonNode? value, StagedProductChange change, bool targetIsLocal)
    {
        // Ids the side no longer holds name variants it removed, or made again under new ids (a whole variant written
        // back): such a variant is found by its key, as the writers find it.
        var held = snapshot.Variants.Select(v => v.ShopifyVariantId).OfType<long>().ToHashSet();
        var current = Forget(SnapshotJson.DeserializeOrNull(change.CurrentData));
        var proposed = Forget(SnapshotJson.DeserializeOrNull(change.ProposedData));
        ProductSnapshot? Forget(ProductSnapshot? staged) => staged is null ? null : staged with
        {
            Variants = [.. staged.Variants.Select(v => v.ShopifyVariantId is { } id && !held.Contains(id) ? v with { ShopifyVariantId = null, ShopifyInventoryItemId = null } : v)],
        };
        var alignment = targetIsLocal ? ThreeWayDiff.AlignVariants(null, snapshot, proposed) : ThreeWayDiff.AlignVariants(null, current, snapshot);
        // A whole variant under a key neither staged side used any more (the base's: the variant was renamed on one side
        // and removed on the other): the side holds it when one of its variants is that variant.
        if (value is JsonObject && FieldPaths.TryParse(path, out var parsed) && parsed.Scope == FieldPathScope.WholeVariant
            && alignment.All(a => a.Key != parsed.VariantKey))
            return CanonicalProduct.From(snapshot)!.Variants.Any(v => FieldValues.JsonEqual(path, FieldValues.VariantObject(v), value));
        if (!SnapshotPatch.TryApplyAll(snapshot, [new(path, value?.DeepClone())], alignment, targetIsLocal, out var patched, out _))
            return null;
        return Hash(patched) == Hash(snapshot);
    }

    /// <summary>
    /// A change that failed in this step failed with a reason the sync gave it (stale, invalid, Shopify's answer), never
    /// with a database error that escaped as an exception and was recorded as whatever the catch-all says.
    /// </summary>
    public static void FailuresAreOutcomes(Observation before, Observation after, string step)
    {
        foreach (var change in after.Changes.Values.Where(c => c.Status == ChangeStatuses.Failed
            && (!before.Changes.TryGetValue(c.Id, out var was) || was.ApplicationResult != c.ApplicationResult)))
        {
            if (change.ApplicationResult is { } result && (result.Contains("SQLite Error", StringComparison.Ordinal)
                || result.Contains("saving the entity changes", StringComparison.Ordinal) || result.Contains("constraint failed", StringComparison.OrdinalIgnoreCase)))
                throw new InvariantViolationException("failures-are-outcomes", $"{step}: {change.ChangeId} ({change.ChangeType} {change.SyncDirection}) failed with a database error: {result}");
        }
    }

    /// <summary>An applied change's target side holds the approved values, read back from the DB and the simulator.</summary>
    public static void AppliedHoldsApproved(StagedProductChange change, Observation after, ISet<string> contested, string step)
    {
        var pull = change.SyncDirection == SyncDirections.PullFromShopify;
        var shopifyId = ShopifyId(change, after);
        var local = LocalOf(change, after);
        var shopify = shopifyId is { } sid && after.Shopify.TryGetValue(sid, out var s) ? s : null;
        switch (change.ChangeType)
        {
            case ChangeTypes.Create:
                // A pulled create writes the local side only: Shopify, its source, may have deleted the product since it
                // was reviewed, and the next full pull stages that delete for review (decision 0006). A pushed create
                // must have made the product in Shopify.
                if (local is null || (!pull && shopify is null))
                    throw new InvariantViolationException("applied-holds-approved", $"{step}: create {change.ChangeId} applied but local={local?.Id} shopify={shopify?.Id}");
                var created = pull ? SnapshotJson.DeserializeOrNull(change.ProposedData) : SnapshotJson.DeserializeOrNull(change.CurrentData);
                var target = pull ? Snapshot(local) : Snapshot(shopify!, after.Locations);
                if (created is not null && Hash(created) != Hash(target) && !contested.Contains(change.ChangeId))
                    throw new InvariantViolationException("applied-holds-approved", $"{step}: create {change.ChangeId} applied, target differs from what was approved: {Diff(created, target)}");
                return;
            case ChangeTypes.Delete:
                var keeps = KeepsProduct(change);
                var gone = pull ? local is null : shopify is null;
                if (keeps && gone)
                    throw new InvariantViolationException("applied-holds-approved", $"{step}: delete {change.ChangeId} resolved to keep the product ({change.ConflictResolution}) but it was deleted");
                if (!keeps && !gone)
                    throw new InvariantViolationException("applied-holds-approved", $"{step}: delete {change.ChangeId} applied but the product is still there");
                return;
        }

        foreach (var (path, value, onLocal, onShopify) in ApprovedValues(change))
        {
            if (contested.Contains(change.ChangeId + "|" + path))
                continue;
            if (onLocal)
                Check(local is null ? null : Snapshot(local), "local", true);
            if (onShopify)
                Check(shopify is null ? null : Snapshot(shopify, after.Locations), "Shopify", false);

            void Check(ProductSnapshot? side, string name, bool isLocal)
            {
                if (side is null)
                    throw new InvariantViolationException("applied-holds-approved", $"{step}: {change.ChangeId} applied to {path} but the {name} product is gone");
                if (Holds(side, path, value, change, isLocal) == false)
                    throw new InvariantViolationException("applied-holds-approved",
                        $"{step}: {change.ChangeId} ({change.SyncDirection}) applied, {name} does not hold {path} = {value?.ToJsonString() ?? "null"}; {name} holds {Describe(side, path)}"
                        + $" (the change: {change.FieldChanges}; conflicts {change.ConflictFields}, resolved {change.ConflictResolution ?? "-"})");
            }
        }
    }

    /// <summary>A delete whose conflicts were all resolved for the side that kept the product keeps it (design §6).</summary>
    public static bool KeepsProduct(StagedProductChange change)
    {
        var conflicts = SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? [];
        if (!change.HasConflicts || conflicts.Count == 0 || change.ConflictResolution is null)
            return false;
        var keeper = change.SyncDirection == SyncDirections.PushToShopify ? "shopify" : "local";
        var resolution = JsonNode.Parse(change.ConflictResolution) as JsonObject;
        return conflicts.Any(path => resolution?[path] is JsonValue v && v.TryGetValue<string>(out var kind) && kind == keeper);
    }

    public static long? ShopifyId(StagedProductChange change, Observation at) =>
        long.TryParse(change.ShopifyProductId, out var id) ? id
            : change.ProductId is { } local && at.Local.TryGetValue(local, out var row) ? row.ShopifyProductId : null;

    public static Product? LocalOf(StagedProductChange change, Observation at)
    {
        if (change.ProductId is { } id && at.Local.TryGetValue(id, out var row) && row.DeletedAt is null)
            return row;
        return ShopifyId(change, at) is { } sid ? at.LocalLinkedTo(sid) : null;
    }

    /// <summary>Version numbers are 1..n per product.</summary>
    public static void VersionsGapless(IEnumerable<(int EntityId, int Number)> versions, string step)
    {
        foreach (var group in versions.GroupBy(v => v.EntityId))
        {
            var numbers = group.Select(v => v.Number).Order().ToList();
            if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Count)))
                throw new InvariantViolationException("versions-gapless", $"{step}: product {group.Key} has versions [{string.Join(",", numbers)}]");
        }
    }

    /// <summary>Every decision, apply and rollback has its audit event.</summary>
    public static void Audited(Observation after, ILookup<string, string> actionsByChange, string step)
    {
        foreach (var change in after.Changes.Values)
        {
            var actions = actionsByChange[change.ChangeId].ToHashSet();
            void Need(string action)
            {
                if (!actions.Contains(action))
                    throw new InvariantViolationException("audited", $"{step}: change {change.ChangeId} is {change.Status} with no '{action}' audit event (has: {string.Join(",", actions)})");
            }

            var reviewed = change.ReviewedById is not null && !change.AutoApproved;
            if (change.Status == ChangeStatuses.Rejected)
                Need("rejected");
            if (reviewed && change.Status is ChangeStatuses.Approved or ChangeStatuses.Applied or ChangeStatuses.RolledBack)
                Need("approved");
            if (change.Status is ChangeStatuses.Applied or ChangeStatuses.RolledBack)
                Need("applied");
            if (change.Status == ChangeStatuses.RolledBack)
                Need("rolled_back");
        }
    }

    /// <summary>Both sides hold the same catalog: each Shopify product linked to one live local product with equal values.</summary>
    public static void SidesEqual(Observation at, string step)
    {
        foreach (var shopify in at.Shopify.Values)
        {
            var linked = at.LiveLocal.Where(p => p.ShopifyProductId == shopify.Id).ToList();
            if (linked.Count != 1)
                throw new InvariantViolationException("convergence", $"{step}: Shopify product {shopify.Id} ({shopify.Handle}) has {linked.Count} live local products");
            var (l, r) = (Snapshot(linked[0]), Snapshot(shopify, at.Locations));
            if (Hash(l) != Hash(r))
                throw new InvariantViolationException("convergence", $"{step}: product {shopify.Handle} differs: {Diff(l, r)}");
        }

        foreach (var local in at.LiveLocal.Where(p => p.ShopifyProductId is not { } id || !at.Shopify.ContainsKey(id)))
            throw new InvariantViolationException("convergence", $"{step}: local product {local.Id} ({local.Handle}) has no Shopify product (link {local.ShopifyProductId})");
    }

    public static string Diff(ProductSnapshot a, ProductSnapshot b) =>
        string.Join("; ", SnapshotDiff.Between(a, b).Select(c => $"{c.Key}: {c.Value.Old?.ToJsonString() ?? "null"} -> {c.Value.New?.ToJsonString() ?? "null"}"));

    /// <summary>What a side holds where a check failed: the product when short, else its options and variants (a variant
    /// path's whole neighbourhood, since whole-variant paths pair by key).</summary>
    private static string Describe(ProductSnapshot side, string path)
    {
        var json = SnapshotJson.Serialize(side);
        if (json.Length <= 600)
            return json;
        var variants = string.Join(" | ", side.Variants.Select(v =>
            $"{v.Sku} [{string.Join("/", v.Options)}] {v.Price}/{v.CompareAtPrice} b{v.Barcode} q{v.InventoryQuantity} w{v.Weight}{v.WeightUnit}"));
        return $"{path} within options [{string.Join(",", side.OptionNames)}] variants {variants}";
    }
}
