using System.Text.Json;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

/// <summary>What applying a staged change writes to each side, and the base it leaves (docs/decisions/0006).</summary>
public sealed class ChangePlanTests
{
    private static readonly ProductSnapshot Base = Snapshots.Mug();

    [Fact]
    public void ALocalDeleteIsAppliedOnlyWhenEveryConflictIsResolvedForTheLocalSide()
    {
        var remote = Base with { Title = "Shopify title", Vendor = "Shopify vendor" };
        var delete = Assert.IsType<StagedChangePlan>(ThreeWayDiff.Compute(Base, null, remote).Push);
        Assert.Equal(ChangeTypes.Delete, delete.ChangeType);
        Assert.Equal(["title", "vendor"], delete.ConflictFields.Order());

        var deletes = Plan(delete, new { title = "local", vendor = "local" });
        Assert.False(deletes.KeepsProduct);
        Assert.True(deletes.WritesShopify);
        Assert.False(deletes.WritesLocal);
        Assert.False(Plan(delete, null).KeepsProduct);

        // Kept: the local product is restored from Shopify's; a path resolved for the deleting side takes the base value.
        var mixed = Plan(delete, new { title = "local", vendor = "shopify" });
        Assert.True(mixed.KeepsProduct);
        Assert.True(mixed.WritesLocal);
        Assert.True(mixed.WritesShopify);
        Assert.True(mixed.TryPatchShopify(remote, out var shopify, out _));
        Assert.Equal((Base.Title, "Shopify vendor"), (shopify.Title, shopify.Vendor));

        var chosen = Plan(delete, new { title = "shopify", vendor = new { value = "Agreed vendor" } });
        Assert.True(chosen.KeepsProduct);
        Assert.True(chosen.TryPatchShopify(remote, out shopify, out _));
        Assert.Equal(("Shopify title", "Agreed vendor"), (shopify.Title, shopify.Vendor));

        var kept = Plan(delete, new { title = "shopify", vendor = "shopify" });
        Assert.True(kept.KeepsProduct);
        Assert.True(kept.WritesLocal);
        Assert.False(kept.WritesShopify);
    }

    [Fact]
    public void AShopifyDeleteIsAppliedOnlyWhenEveryConflictIsResolvedForShopify()
    {
        var local = Base with { Title = "Local title" };
        var delete = Assert.IsType<StagedChangePlan>(ThreeWayDiff.Compute(Base, local, null).Pull);
        Assert.Equal(ChangeTypes.Delete, delete.ChangeType);

        var deletes = Plan(delete, new { title = "shopify" });
        Assert.False(deletes.KeepsProduct);
        Assert.True(deletes.WritesLocal);
        Assert.False(deletes.WritesShopify);

        // Kept: Shopify gets the product again, made from the local one.
        var kept = Plan(delete, new { title = "local" });
        Assert.True(kept.KeepsProduct);
        Assert.True(kept.WritesShopify);
        Assert.True(kept.TryPatchLocal(local, out var recreated, out _));
        Assert.Equal("Local title", recreated.Title);

        var chosen = Plan(delete, new { title = new { value = "Agreed title" } });
        Assert.True(chosen.KeepsProduct);
        Assert.True(chosen.TryPatchLocal(local, out recreated, out _));
        Assert.Equal("Agreed title", recreated.Title);
    }

    [Fact]
    public void TheAgreedBaseHoldsWhatShopifyAnsweredNotWhatWasSent()
    {
        // An option renamed locally, pushed, and not taken by Shopify: the base keeps Shopify's name, so the next pull
        // offers the rename again rather than proposing to revert it locally.
        var tee = Snapshots.Tee();
        var local = tee with { OptionNames = ["Talla", "Color"] };
        var push = Assert.IsType<StagedChangePlan>(ThreeWayDiff.Compute(tee, local, tee).Push);
        var plan = Plan(push, null);
        Assert.True(plan.WritesShopify);

        var agreed = plan.AgreedBase(tee, local, shopifyAfter: tee);
        Assert.Equal(["Size", "Color"], agreed!.OptionNames);
        Assert.Equal(["Talla", "Color"], plan.AgreedBase(tee, local, shopifyAfter: local)!.OptionNames);
    }

    [Fact]
    public void AChangeFollowsAnEarlierChangeOfItsProductOnlyWhileItsOwnPathsHoldTheirStagedValues()
    {
        var local = Base with { Title = "Local title" };
        var push = Plan(Assert.IsType<StagedChangePlan>(ThreeWayDiff.Compute(Base, local, Base).Push), null);
        var repriced = Base with { Variants = [Base.Variants[0] with { Price = 19m }] };
        Assert.True(push.ShopifyHoldsStagedValues(repriced));
        Assert.False(push.ShopifyHoldsStagedValues(repriced with { Title = "Someone else's title" }));

        var chain = new ProductApplyChain();
        Assert.False(chain.ShopifyMovedOnlyByEarlierChanges("s0", "s1"));
        chain.Applied(wroteLocal: false, null, null, wroteShopify: true, "s0", "s1");
        Assert.True(chain.ShopifyMovedOnlyByEarlierChanges("s0", "s1"));
        Assert.False(chain.ShopifyMovedOnlyByEarlierChanges("s0", "s2"), "moved again since, by someone else");
        Assert.False(chain.ShopifyMovedOnlyByEarlierChanges("other", "s1"), "staged against another state");
        Assert.False(chain.LocalMovedOnlyByEarlierChanges("l0", "l1"), "the local side was not written");
        chain.Applied(wroteLocal: false, null, null, wroteShopify: true, "s0", "s2");
        Assert.True(chain.ShopifyMovedOnlyByEarlierChanges("s0", "s2"));
    }

    [Fact]
    public void AVariantWhoseSkuChangedInShopifyIsFoundLocallyUnderItsOldSku()
    {
        // Paths carry Shopify's key (the new SKU); the local variant still has the old one. The apply reads the local
        // product afresh, so the variant is found by its Shopify id, not by the staged snapshot's reference.
        var tee = Snapshots.Tee();
        var remote = tee.WithVariant(1, v => v with { Sku = "TEE-M2", Price = 21m });
        var pull = Plan(Assert.IsType<StagedChangePlan>(ThreeWayDiff.Compute(tee, tee, remote).Pull), null);
        var localNow = SnapshotJson.Deserialize(SnapshotJson.Serialize(tee));

        Assert.True(pull.TryPatchLocal(localNow, out var patched, out var error), error);
        Assert.Equal(ProductHasher.ComputeHash(remote), ProductHasher.ComputeHash(patched));

        // The same the other way: a SKU changed locally, pushed to a Shopify product read afresh.
        var local = tee.WithVariant(2, v => v with { Sku = "TEE-L2", InventoryQuantity = 3 });
        var push = Plan(Assert.IsType<StagedChangePlan>(ThreeWayDiff.Compute(tee, local, tee).Push), null);
        Assert.True(push.TryPatchShopify(SnapshotJson.Deserialize(SnapshotJson.Serialize(tee)), out patched, out error), error);
        Assert.Equal(ProductHasher.ComputeHash(local), ProductHasher.ComputeHash(patched));
    }

    [Fact]
    public void ADeleteKeptAgainstShopifyFindsAVariantUnderTheKeyTheBaseGaveIt()
    {
        // Agreed with Shopify's SKU, the local variant still under its old one, then the product deleted in Shopify: the
        // delete's path names the variant by the base's key. Kept (the title resolved for the local side) with that
        // variant resolved for Shopify, the variant takes the base's values; it is not added a second time.
        var tee = Snapshots.Tee();
        var agreed = tee.WithVariant(0, v => v with { Sku = "TEE-S2" });
        var local = tee with { Title = "Local title" };
        var delete = Assert.IsType<StagedChangePlan>(ThreeWayDiff.Compute(agreed, local, null).Pull);
        Assert.Equal(["title", "variants[TEE-S2]"], delete.ConflictFields.Order());

        var kept = Plan(delete, new Dictionary<string, string> { ["title"] = "local", ["variants[TEE-S2]"] = "shopify" }, agreed);
        Assert.True(kept.KeepsProduct);
        Assert.True(kept.TryPatchLocal(SnapshotJson.Deserialize(SnapshotJson.Serialize(local)), out var restored, out var error), error);
        Assert.Equal(["TEE-L", "TEE-M", "TEE-S2"], restored.Variants.Select(v => v.Sku).Order());
        Assert.Equal("Local title", restored.Title);
    }

    private static ChangePlan Plan(StagedChangePlan staged, object? resolution, ProductSnapshot? stagedBase = null) => ChangePlan.From(new StagedProductChange
    {
        ChangeId = "pull_20260101_000000_1_product_1001",
        ChangeType = staged.ChangeType,
        SyncDirection = staged.SyncDirection,
        Status = ChangeStatuses.Approved,
        SourceVersion = staged.SourceVersion,
        TargetVersion = staged.TargetVersion,
        CurrentData = staged.Current is null ? null : SnapshotJson.Serialize(staged.Current),
        ProposedData = staged.Proposed is null ? null : SnapshotJson.Serialize(staged.Proposed),
        FieldChanges = staged.FieldChanges.ToJson(),
        HasConflicts = staged.HasConflicts,
        ConflictFields = JsonSerializer.Serialize(staged.ConflictFields),
        ConflictResolution = resolution is null ? null : JsonSerializer.Serialize(resolution),
    }, stagedBase);
}
