using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

public class ThreeWayDiffTests
{
    private static readonly ProductSnapshot Base = Snapshots.Mug();

    // Design §4, row 1: local same, remote changed.
    [Fact]
    public void RemoteOnlyChangeIsAPullTakingShopifysValue()
    {
        var local = Base.Unlinked();
        var remote = Base.WithPrice(34.99m);

        var result = ThreeWayDiff.Compute(Base, local, remote);

        var pull = Assert.IsType<StagedChangePlan>(result.Pull);
        Assert.Null(result.Push);
        Assert.Equal(ChangeTypes.Update, pull.ChangeType);
        Assert.Equal(SyncDirections.PullFromShopify, pull.SyncDirection);
        Assert.Equal(["price"], pull.FieldChanges.Keys);
        Assert.Equal("""{"price":{"old":29.99,"new":34.99}}""", pull.FieldChanges.ToJson());
        Assert.Empty(pull.ConflictFields);
        Assert.False(pull.HasConflicts);
        Assert.Same(local, pull.Current);
        Assert.Same(remote, pull.Proposed);
        Assert.Equal(ProductHasher.ComputeHash(remote), pull.SourceVersion);
        Assert.Equal(ProductHasher.ComputeHash(local), pull.TargetVersion);
        Assert.False(result.RecordNewBase);
    }

    // Row 2: local changed, remote same.
    [Fact]
    public void LocalOnlyChangeIsAPushSendingTheLocalValue()
    {
        var local = Base.Unlinked() with { Title = "Enamel Camp Mug" };
        var remote = Base;

        var result = ThreeWayDiff.Compute(Base, local, remote);

        var push = Assert.IsType<StagedChangePlan>(result.Push);
        Assert.Null(result.Pull);
        Assert.Equal(SyncDirections.PushToShopify, push.SyncDirection);
        Assert.Equal(ChangeTypes.Update, push.ChangeType);
        Assert.Equal("""{"title":{"old":"Enamel Mug","new":"Enamel Camp Mug"}}""", push.FieldChanges.ToJson());
        Assert.Equal(ProductHasher.ComputeHash(local), push.SourceVersion);
        Assert.Equal(ProductHasher.ComputeHash(remote), push.TargetVersion);
        Assert.Same(local, push.Current);
        Assert.Same(remote, push.Proposed);
    }

    // Row 3: both changed to the same value.
    [Fact]
    public void BothSidesChangingToTheSameValueStagesNothingAndRecordsTheNewBase()
    {
        var local = Base.Unlinked().WithPrice(31m);
        var remote = Base.WithPrice(31.00m);

        var result = ThreeWayDiff.Compute(Base, local, remote);

        Assert.Empty(result.Plans);
        Assert.True(result.RecordNewBase);
        Assert.Same(remote, result.NewBase);
        Assert.Equal(ProductHasher.ComputeHash(remote), result.NewBaseHash);
    }

    // Row 4: both changed differently.
    [Fact]
    public void BothSidesChangingDifferentlyIsAConflictShowingAllThreeValues()
    {
        var local = Base.Unlinked().WithPrice(31m);
        var remote = Base.WithPrice(34.99m);

        var result = ThreeWayDiff.Compute(Base, local, remote);

        var pull = Assert.IsType<StagedChangePlan>(result.Pull);
        Assert.Null(result.Push);
        Assert.Equal(["price"], pull.ConflictFields);
        Assert.True(pull.HasConflicts);
        Assert.Equal("""{"price":{"old":31,"new":34.99,"base":29.99}}""", pull.FieldChanges.ToJson());
        Assert.False(result.RecordNewBase);
    }

    [Fact]
    public void NothingChangedStagesNothingAndRecordsNothing()
    {
        var result = ThreeWayDiff.Compute(Base, Base.Unlinked(), Base);

        Assert.Empty(result.Plans);
        Assert.False(result.RecordNewBase);
        Assert.Null(result.NewBase);
    }

    [Fact]
    public void ChangesInBothDirectionsMakeOnePlanPerDirection()
    {
        var local = Base.Unlinked() with { Title = "Camp Mug" };
        local = local.WithInventory(90);
        var remote = Base.WithPrice(34.99m) with { Tags = ["camping", "kitchen", "sale"] };

        var result = ThreeWayDiff.Compute(Base, local, remote);

        Assert.Equal(2, result.Plans.Count);
        Assert.Equal(["tags", "price"], result.Pull!.FieldChanges.Keys);
        Assert.Equal(["title", "inventory_quantity"], result.Push!.FieldChanges.Keys);
        Assert.Equal(
            """{"tags":{"old":["camping","kitchen"],"new":["camping","kitchen","sale"]},"price":{"old":29.99,"new":34.99}}""",
            result.Pull.FieldChanges.ToJson());
        Assert.Equal("""{"title":{"old":"Enamel Mug","new":"Camp Mug"},"inventory_quantity":{"old":100,"new":90}}""", result.Push.FieldChanges.ToJson());
        Assert.False(result.RecordNewBase);
    }

    [Fact]
    public void ConflictsGoIntoThePullPlanBesidePulledPathsAndPushedPathsStayApart()
    {
        var local = Base.Unlinked().WithPrice(31m) with { Vendor = "Trail Company" };
        var remote = Base.WithPrice(34.99m) with { Status = "draft" };

        var result = ThreeWayDiff.Compute(Base, local, remote);

        Assert.Equal(["status", "price"], result.Pull!.FieldChanges.Keys);
        Assert.Equal(["price"], result.Pull.ConflictFields);
        Assert.False(result.Pull.FieldChanges["status"].HasBase);
        Assert.Equal(["vendor"], result.Push!.FieldChanges.Keys);
        Assert.Empty(result.Push.ConflictFields);
    }

    [Fact]
    public void OnlyConflictsStillMakeAPullPlan()
    {
        var local = Base.Unlinked() with { Title = "Local title" };
        var remote = Base with { Title = "Shopify title" };

        var result = ThreeWayDiff.Compute(Base, local, remote);

        Assert.Null(result.Push);
        Assert.Equal(ChangeTypes.Update, result.Pull!.ChangeType);
        Assert.Equal(["title"], result.Pull.ConflictFields);
    }

    [Fact]
    public void FirstSyncOfEqualProductsStagesNothingAndRecordsTheBase()
    {
        var local = Base.Unlinked();

        var result = ThreeWayDiff.Compute(null, local, Base);

        Assert.Empty(result.Plans);
        Assert.True(result.RecordNewBase);
        Assert.Same(Base, result.NewBase);
    }

    [Fact]
    public void FirstSyncMakesEveryDifferingPathAConflict()
    {
        var local = Base.Unlinked().WithPrice(31m) with { Title = "Camp Mug" };
        var remote = Base with { Vendor = "Other Co" };

        var result = ThreeWayDiff.Compute(null, local, remote);

        Assert.Null(result.Push);
        var pull = result.Pull!;
        Assert.Equal(["title", "vendor", "price"], pull.ConflictFields);
        Assert.Equal(pull.ConflictFields, pull.FieldChanges.Keys);
        Assert.All(pull.FieldChanges.Values, c => Assert.True(c.HasBase));
        Assert.Equal("""{"old":"Camp Mug","new":"Enamel Mug","base":null}""", JsonSerializer.Serialize(pull.FieldChanges["title"]));
        Assert.False(result.RecordNewBase);
    }

    [Fact]
    public void RemoteProductWithoutLocalMatchIsACreatePulledFromShopify()
    {
        var result = ThreeWayDiff.Compute(null, null, Base);

        var pull = result.Pull!;
        Assert.Null(result.Push);
        Assert.Equal(ChangeTypes.Create, pull.ChangeType);
        Assert.Equal(SyncDirections.PullFromShopify, pull.SyncDirection);
        Assert.Null(pull.Current);
        Assert.Same(Base, pull.Proposed);
        Assert.Equal(ProductHasher.ComputeHash(Base), pull.SourceVersion);
        Assert.Null(pull.TargetVersion);
        Assert.Empty(pull.ConflictFields);
        Assert.Equal(
            ["title", "handle", "body_html", "vendor", "product_type", "tags", "status",
             "sku", "price", "compare_at_price", "inventory_quantity", "barcode", "weight", "weight_unit"],
            pull.FieldChanges.Keys);
        Assert.All(pull.FieldChanges.Values, c => Assert.Null(c.Old));
        Assert.Equal(29.99m, pull.FieldChanges["price"].New!.GetValue<decimal>());
    }

    [Fact]
    public void LocalProductNeverSyncedIsACreatePushedToShopify()
    {
        var local = Snapshots.Tee(withIds: false);

        var result = ThreeWayDiff.Compute(null, local, null);

        var push = result.Push!;
        Assert.Null(result.Pull);
        Assert.Equal(ChangeTypes.Create, push.ChangeType);
        Assert.Equal(SyncDirections.PushToShopify, push.SyncDirection);
        Assert.Same(local, push.Current);
        Assert.Null(push.Proposed);
        Assert.Equal(ProductHasher.ComputeHash(local), push.SourceVersion);
        Assert.Null(push.TargetVersion);
        Assert.Equal(
            ["title", "handle", "vendor", "product_type", "tags", "status", "option_names",
             "variants[TEE-L]", "variants[TEE-M]", "variants[TEE-S]"],
            push.FieldChanges.Keys);
        Assert.Equal(
            """{"old":null,"new":{"sku":"TEE-M","price":20,"compare_at_price":null,"inventory_quantity":12,"barcode":null,"weight":null,"weight_unit":null,"options":["M","Red"]}}""",
            JsonSerializer.Serialize(push.FieldChanges["variants[TEE-M]"]));
    }

    [Fact]
    public void LinkedLocalProductThatShopifyNoLongerHasIsADeletePulled()
    {
        var local = Base;

        var result = ThreeWayDiff.Compute(null, local, null);

        Assert.Equal(ChangeTypes.Delete, result.Pull!.ChangeType);
        Assert.Null(result.Push);
    }

    [Fact]
    public void ProductDeletedLocallyIsADeletePushedToShopify()
    {
        var result = ThreeWayDiff.Compute(Base, null, Base);

        var push = result.Push!;
        Assert.Null(result.Pull);
        Assert.Equal(ChangeTypes.Delete, push.ChangeType);
        Assert.Equal(SyncDirections.PushToShopify, push.SyncDirection);
        Assert.Empty(push.ConflictFields);
        Assert.Null(push.Current);
        Assert.Same(Base, push.Proposed);
        Assert.Null(push.SourceVersion);
        Assert.Equal(ProductHasher.ComputeHash(Base), push.TargetVersion);
        Assert.All(push.FieldChanges.Values, c => Assert.Null(c.New));
        Assert.Equal(29.99m, push.FieldChanges["price"].Old!.GetValue<decimal>());
    }

    [Fact]
    public void ProductDeletedLocallyButChangedInShopifyIsADeleteWithConflictsOnTheChangedPaths()
    {
        var remote = Base.WithPrice(34.99m) with { Title = "Enamel Mug XL" };

        var result = ThreeWayDiff.Compute(Base, null, remote);

        var push = result.Push!;
        Assert.Equal(ChangeTypes.Delete, push.ChangeType);
        Assert.Equal(["title", "price"], push.ConflictFields);
        Assert.Equal("""{"old":34.99,"new":null,"base":29.99}""", JsonSerializer.Serialize(push.FieldChanges["price"]));
        Assert.False(push.FieldChanges["vendor"].HasBase);
    }

    [Fact]
    public void ProductDeletedInShopifyIsADeletePulled()
    {
        var local = Base.Unlinked();

        var result = ThreeWayDiff.Compute(Base, local, null);

        var pull = result.Pull!;
        Assert.Null(result.Push);
        Assert.Equal(ChangeTypes.Delete, pull.ChangeType);
        Assert.Equal(SyncDirections.PullFromShopify, pull.SyncDirection);
        Assert.Empty(pull.ConflictFields);
        Assert.Same(local, pull.Current);
        Assert.Null(pull.Proposed);
        Assert.Null(pull.SourceVersion);
        Assert.Equal(ProductHasher.ComputeHash(local), pull.TargetVersion);
        Assert.Equal("""{"old":"Enamel Mug","new":null}""", JsonSerializer.Serialize(pull.FieldChanges["title"]));
    }

    [Fact]
    public void ProductDeletedInShopifyButEditedLocallyIsADeleteWithConflicts()
    {
        var local = Base.Unlinked().WithInventory(5);

        var result = ThreeWayDiff.Compute(Base, local, null);

        Assert.Equal(ChangeTypes.Delete, result.Pull!.ChangeType);
        Assert.Equal(["inventory_quantity"], result.Pull.ConflictFields);
    }

    [Fact]
    public void ProductDeletedOnBothSidesStagesNothing()
    {
        var result = ThreeWayDiff.Compute(Base, null, null);

        Assert.Empty(result.Plans);
        Assert.False(result.RecordNewBase);
    }

    [Fact]
    public void ChangedVariantPriceUsesTheVariantsSkuAsKey()
    {
        var tee = Snapshots.Tee();
        var remote = tee.WithVariant(1, v => v with { Price = 24m });

        var result = ThreeWayDiff.Compute(tee, tee.Unlinked(), remote);

        Assert.Equal("""{"variants[TEE-M].price":{"old":20,"new":24}}""", result.Pull!.FieldChanges.ToJson());
    }

    [Fact]
    public void VariantAddedInShopifyIsPulledAsAWholeVariant()
    {
        var tee = Snapshots.Tee();
        var remote = tee.WithAddedVariant(Snapshots.TeeVariant("XL", 24m, 3, id: 6004));

        var result = ThreeWayDiff.Compute(tee, tee.Unlinked(), remote);

        var change = Assert.Single(result.Pull!.FieldChanges);
        Assert.Equal("variants[TEE-XL]", change.Key);
        Assert.Null(change.Value.Old);
        Assert.Equal(24m, change.Value.New!["price"]!.GetValue<decimal>());
        Assert.Null(result.Push);
    }

    [Fact]
    public void VariantRemovedLocallyIsPushedAsAWholeVariant()
    {
        var tee = Snapshots.Tee();
        var local = tee.Unlinked().WithoutVariant(0);

        var result = ThreeWayDiff.Compute(tee, local, tee);

        var change = Assert.Single(result.Push!.FieldChanges);
        Assert.Equal("variants[TEE-S]", change.Key);
        Assert.Equal("TEE-S", change.Value.Old!["sku"]!.GetValue<string>());
        Assert.Null(change.Value.New);
    }

    [Fact]
    public void VariantRemovedLocallyButRepricedInShopifyIsAConflict()
    {
        var tee = Snapshots.Tee();
        var local = tee.Unlinked().WithoutVariant(0);
        var remote = tee.WithVariant(0, v => v with { Price = 18m });

        var result = ThreeWayDiff.Compute(tee, local, remote);

        Assert.Null(result.Push);
        Assert.Equal(["variants[TEE-S]"], result.Pull!.ConflictFields);
        var change = result.Pull.FieldChanges["variants[TEE-S]"];
        Assert.Null(change.Old);
        Assert.Equal(18m, change.New!["price"]!.GetValue<decimal>());
        Assert.Equal(20m, change.Base!["price"]!.GetValue<decimal>());
    }

    [Fact]
    public void VariantsWithoutSkusAreKeyedByTheirOptionValues()
    {
        var tee = Snapshots.Tee(withSkus: false);
        var remote = tee.WithVariant(2, v => v with { InventoryQuantity = 2 });

        var result = ThreeWayDiff.Compute(tee, tee.Unlinked(), remote);

        Assert.Equal(["variants[L / Red].inventory_quantity"], result.Pull!.FieldChanges.Keys);
    }

    [Fact]
    public void LocalVariantsWithoutIdsAreMatchedBySkuWhateverTheirOrder()
    {
        var tee = Snapshots.Tee();
        var local = tee.Unlinked() with { Variants = [.. tee.Unlinked().Variants.Reverse()] };

        var result = ThreeWayDiff.Compute(tee, local, tee);

        Assert.Empty(result.Plans);
    }

    [Fact]
    public void SkuChangedInShopifyIsMatchedByVariantIdAndPulled()
    {
        var tee = Snapshots.Tee();
        var remote = tee.WithVariant(1, v => v with { Sku = "TEE-MED" });

        var result = ThreeWayDiff.Compute(tee, tee.Unlinked(), remote);

        Assert.Equal("""{"variants[TEE-MED].sku":{"old":"TEE-M","new":"TEE-MED"}}""", result.Pull!.FieldChanges.ToJson());
    }

    [Fact]
    public void ProductGrowingFromOneVariantToSeveralUsesVariantPaths()
    {
        var local = Base.Unlinked();
        var remote = Base.WithAddedVariant(new VariantSnapshot { ShopifyVariantId = 5002, Sku = "MUG-2", Price = 39m, Options = ["Large"] });

        var result = ThreeWayDiff.Compute(Base, local, remote);

        Assert.True(ThreeWayDiff.UsesVariantPaths(Base, local, remote));
        Assert.Contains("variants[MUG-2]", result.Pull!.FieldChanges.Keys);
        Assert.DoesNotContain("price", result.Pull.FieldChanges.Keys);
    }

    [Fact]
    public void TagOrderCaseDuplicatesAndSpacesAreNotAChange()
    {
        var local = Base.Unlinked() with { Tags = [" kitchen", "camping", "kitchen "] };

        var result = ThreeWayDiff.Compute(Base, local, Base);

        Assert.Empty(result.Plans);
        Assert.False(result.RecordNewBase);
    }

    // A weight and its unit are one value (decision 0007): a local weight cleared (its unit kept, hidden) while Shopify
    // changed the weight is one conflict, not a pull of the weight beside a push of the unit, which landed Shopify's
    // weight beside the hidden local unit.
    [Fact]
    public void AWeightClearedLocallyWhileShopifyChangedItIsOneConflictWithItsUnit()
    {
        var local = Base.Unlinked().WithVariant(0, v => v with { Weight = null, WeightUnit = "oz" });
        var remote = Base.WithVariant(0, v => v with { Weight = 0.2m });

        var result = ThreeWayDiff.Compute(Base, local, remote);

        Assert.Null(result.Push);
        var pull = Assert.IsType<StagedChangePlan>(result.Pull);
        Assert.Equal(["weight", "weight_unit"], pull.ConflictFields);
        Assert.Equal(
            """{"weight":{"old":null,"new":0.2,"base":0.35},"weight_unit":{"old":null,"new":"KILOGRAMS","base":"KILOGRAMS"}}""",
            pull.FieldChanges.ToJson());
    }

    [Fact]
    public void AWeightChangedOnOneSideAndItsUnitOnTheOtherIsAConflict()
    {
        var local = Base.Unlinked().WithVariant(0, v => v with { WeightUnit = "lb" });
        var remote = Base.WithVariant(0, v => v with { Weight = 0.2m });

        var result = ThreeWayDiff.Compute(Base, local, remote);

        Assert.Null(result.Push);
        Assert.Equal(["weight", "weight_unit"], Assert.IsType<StagedChangePlan>(result.Pull).ConflictFields);
    }

    [Fact]
    public void AClearedWeightTakesItsUnitWithItSoARollbackRestoresBoth()
    {
        var local = Base.Unlinked().WithVariant(0, v => v with { Weight = null });

        var result = ThreeWayDiff.Compute(Base, local, Base);

        Assert.Null(result.Pull);
        Assert.Equal("""{"weight":{"old":0.35,"new":null},"weight_unit":{"old":"KILOGRAMS","new":null}}""",
            Assert.IsType<StagedChangePlan>(result.Push).FieldChanges.ToJson());
    }

    [Fact]
    public void AUnitSetOnAVariantWithoutWeightIsNoChange()
    {
        var @base = Base.WithVariant(0, v => v with { Weight = null });
        var local = @base.Unlinked().WithVariant(0, v => v with { WeightUnit = "g" });

        var result = ThreeWayDiff.Compute(@base, local, @base);

        Assert.Empty(result.Plans);
    }

    [Fact]
    public void AWeightArrivingOnAVariantWithAHiddenUnitBringsItsUnit()
    {
        var @base = Base.WithVariant(0, v => v with { Weight = null });
        var local = @base.Unlinked().WithVariant(0, v => v with { WeightUnit = "oz" });
        var remote = Base.WithVariant(0, v => v with { Weight = 0.2m });

        var result = ThreeWayDiff.Compute(@base, local, remote);

        Assert.Null(result.Push);
        Assert.Equal("""{"weight":{"old":null,"new":0.2},"weight_unit":{"old":null,"new":"KILOGRAMS"}}""",
            Assert.IsType<StagedChangePlan>(result.Pull).FieldChanges.ToJson());
    }

    [Fact]
    public void TrailingZerosInNumbersAreNotAChange()
    {
        var local = Base.Unlinked().WithPrice(29.990m).WithVariant(0, v => v with { Weight = 0.3500m });

        var result = ThreeWayDiff.Compute(Base, local, Base);

        Assert.Empty(result.Plans);
    }

    [Fact]
    public void EmptyAndMissingOptionalStringsAreNotAChange()
    {
        var @base = Base with { BodyHtml = null };
        var local = Base.Unlinked() with { BodyHtml = "" };

        var result = ThreeWayDiff.Compute(@base, local, @base);

        Assert.Empty(result.Plans);
    }

    [Fact]
    public void NewBaseIsRecordedOnlyWhenTheAgreedValuesDifferFromTheBase()
    {
        var agreedTags = Base with { Tags = ["camping", "kitchen", "sale"] };

        Assert.True(ThreeWayDiff.Compute(Base, agreedTags.Unlinked(), agreedTags).RecordNewBase);
        Assert.False(ThreeWayDiff.Compute(agreedTags, agreedTags.Unlinked(), agreedTags).RecordNewBase);
    }

    [Fact]
    public void KnownHashesAreUsedInsteadOfBeingComputed()
    {
        var remote = Base.WithPrice(34.99m);
        var hashes = new KnownHashes(Local: new string('a', 64), Remote: new string('b', 64));

        var pull = ThreeWayDiff.Compute(Base, Base.Unlinked(), remote, hashes).Pull!;

        Assert.Equal(hashes.Remote, pull.SourceVersion);
        Assert.Equal(hashes.Local, pull.TargetVersion);
    }

    [Fact]
    public void AlignedVariantKeysAreThoseOfTheDiffsPaths()
    {
        var tee = Snapshots.Tee();
        var remote = tee.WithVariant(1, v => v with { Sku = "TEE-MED", Price = 25m });

        var aligned = ThreeWayDiff.AlignVariants(tee, tee.Unlinked(), remote);
        var paths = ThreeWayDiff.Compute(tee, tee.Unlinked(), remote).Pull!.FieldChanges.Keys;

        var medium = Assert.Single(aligned, a => a.Key == "TEE-MED");
        Assert.Equal("TEE-M", medium.Local!.Sku);
        Assert.Equal(6002, medium.Base!.ShopifyVariantId);
        Assert.All(paths, p => Assert.StartsWith("variants[TEE-MED].", p, StringComparison.Ordinal));
        Assert.Equal(["TEE-L", "TEE-MED", "TEE-S"], aligned.Select(a => a.Key));
    }

    [Theory]
    [InlineData(true, true, true, true, PathDecision.Unchanged)]
    [InlineData(true, true, false, false, PathDecision.Pull)]
    [InlineData(true, false, true, false, PathDecision.Push)]
    [InlineData(true, false, false, true, PathDecision.Converged)]
    [InlineData(true, false, false, false, PathDecision.Conflict)]
    [InlineData(false, false, false, true, PathDecision.Unchanged)]
    [InlineData(false, false, false, false, PathDecision.Conflict)]
    public void ClassifyFollowsTheDesignTable(bool hasBase, bool localEqualsBase, bool remoteEqualsBase, bool localEqualsRemote, PathDecision expected)
    {
        Assert.Equal(expected, ThreeWayDiff.Classify(hasBase, localEqualsBase, remoteEqualsBase, localEqualsRemote));
    }

    [Fact]
    public void ClassifyPathComparesJsonValuesAsTheDiffDoes()
    {
        Assert.Equal(PathDecision.Pull, ThreeWayDiff.ClassifyPath("price", Num("10"), Num("10.00"), Num("12")));
        Assert.Equal(PathDecision.Push, ThreeWayDiff.ClassifyPath("price", Num("10"), Num("12"), Num("10.0")));
        Assert.Equal(PathDecision.Converged, ThreeWayDiff.ClassifyPath("price", Num("10"), Num("12"), Num("12.0")));
        Assert.Equal(PathDecision.Conflict, ThreeWayDiff.ClassifyPath("price", Num("10"), Num("12"), Num("13")));
        Assert.Equal(PathDecision.Unchanged, ThreeWayDiff.ClassifyPath("tags", JsonNode.Parse("""["a","b"]"""), JsonNode.Parse("""["b"," a"]"""), JsonNode.Parse("""["a","b","b"]""")));
        Assert.Equal(PathDecision.Unchanged, ThreeWayDiff.ClassifyPath("vendor", null, JsonValue.Create(""), null));
        Assert.Equal(PathDecision.Conflict, ThreeWayDiff.ClassifyPath("title", null, JsonValue.Create("a"), JsonValue.Create("b"), hasBase: false));

        static JsonNode Num(string text) => JsonNode.Parse(text)!;
    }
}
