using System.Text.Json.Nodes;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

public class SnapshotPatchTests
{
    public static TheoryData<string> Scenarios =>
    [
        "mug price and tags pulled, title pushed",
        "tee variant added in Shopify, removed locally",
        "tee SKU renamed locally while Shopify repriced it",
        "tee SKU renamed in Shopify",
        "tee without SKUs restocked",
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ApplyingBothPlansLeavesBothSidesWithTheSameHash(string scenario)
    {
        var (@base, local, remote) = Scenario(scenario);
        var diff = ThreeWayDiff.Compute(@base, local, remote);
        var alignment = ThreeWayDiff.AlignVariants(@base, local, remote);

        var newLocal = local;
        var newRemote = remote;
        if (diff.Pull is { } pull)
            Assert.True(SnapshotPatch.TryApplyAll(local, pull.FieldChanges.NewValues(), alignment, targetIsLocal: true, out newLocal, out var e1), e1);
        if (diff.Push is { } push)
            Assert.True(SnapshotPatch.TryApplyAll(remote, push.FieldChanges.NewValues(), alignment, targetIsLocal: false, out newRemote, out var e2), e2);

        Assert.NotEmpty(diff.Plans);
        Assert.Equal(ProductHasher.ComputeHash(newLocal), ProductHasher.ComputeHash(newRemote));
        var after = ThreeWayDiff.Compute(@base, newLocal, newRemote);
        Assert.Empty(after.Plans);
        Assert.True(after.RecordNewBase);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ApplyingTheOldValuesRollsAPullBack(string scenario)
    {
        var (@base, local, remote) = Scenario(scenario);
        var pull = ThreeWayDiff.Compute(@base, local, remote).Pull;
        if (pull is null)
            return;
        Assert.True(SnapshotPatch.TryApplyAll(local, pull.FieldChanges.NewValues(), ThreeWayDiff.AlignVariants(@base, local, remote), true, out var applied, out _));

        // Paths carry Shopify's variant keys, so the written side is aligned against the same Shopify snapshot.
        var undo = ThreeWayDiff.AlignVariants(@base, applied, remote);
        Assert.True(SnapshotPatch.TryApplyAll(applied, pull.FieldChanges.OldValues(), undo, true, out var rolledBack, out var error), error);

        Assert.Equal(ProductHasher.ComputeHash(local), ProductHasher.ComputeHash(rolledBack));
    }

    [Fact]
    public void ApplyingACreateToAnEmptyProductGivesTheSameProduct()
    {
        foreach (var product in new[] { Snapshots.Mug(), Snapshots.Tee() })
        {
            var create = ThreeWayDiff.Compute(null, null, product).Pull!;
            var empty = new ProductSnapshot { Title = "", Handle = "" };

            Assert.True(SnapshotPatch.TryApplyAll(empty, create.FieldChanges.NewValues(), null, true, out var created, out var error), error);
            Assert.Equal(ProductHasher.ComputeHash(product), ProductHasher.ComputeHash(created));
        }
    }

    [Fact]
    public void ChosenConflictValueIsWritten()
    {
        var mug = Snapshots.Mug();

        Assert.True(SnapshotPatch.TryApply(mug, "price", JsonValue.Create(32.50m), out var resolved, out _));

        Assert.Equal(32.5m, resolved.Variants[0].Price);
        Assert.Equal(mug.Variants[0].ShopifyVariantId, resolved.Variants[0].ShopifyVariantId);
        Assert.Equal(29.99m, mug.Variants[0].Price);
    }

    [Theory]
    [InlineData("price", "\"cheap\"", "price: must be a number")]
    [InlineData("inventory_quantity", "1.5", "inventory_quantity: must be a whole number")]
    [InlineData("tags", "\"a,b\"", "tags: must be an array of strings")]
    [InlineData("variants[NOPE].price", "1", "variants[NOPE].price: no such variant")]
    [InlineData("colour", "\"red\"", "'colour' is not a field path")]
    public void RefusesValuesThatDoNotFitThePath(string path, string json, string expected)
    {
        var target = path.StartsWith("variants", StringComparison.Ordinal) ? Snapshots.Tee() : Snapshots.Mug();

        Assert.False(SnapshotPatch.TryApply(target, path, JsonNode.Parse(json), out var result, out var error));
        Assert.Equal(expected, error);
        Assert.Same(target, result);
    }

    private static (ProductSnapshot Base, ProductSnapshot Local, ProductSnapshot Remote) Scenario(string name)
    {
        switch (name)
        {
            case "mug price and tags pulled, title pushed":
                {
                    var mug = Snapshots.Mug();
                    return (mug, mug.Unlinked() with { Title = "Camp Mug" }, mug.WithPrice(31m) with { Tags = ["sale"] });
                }

            case "tee variant added in Shopify, removed locally":
                {
                    var tee = Snapshots.Tee();
                    return (tee, tee.Unlinked().WithoutVariant(0), tee.WithAddedVariant(Snapshots.TeeVariant("XL", 24m, 3, id: 6004)));
                }

            case "tee SKU renamed locally while Shopify repriced it":
                {
                    var tee = Snapshots.Tee();
                    return (tee, tee.Unlinked().WithVariant(1, v => v with { Sku = "TEE-MED" }), tee.WithVariant(1, v => v with { Price = 25m }));
                }

            case "tee SKU renamed in Shopify":
                {
                    var tee = Snapshots.Tee();
                    return (tee, tee.Unlinked(), tee.WithVariant(1, v => v with { Sku = "TEE-MED", InventoryQuantity = 1 }));
                }

            case "tee without SKUs restocked":
                {
                    var tee = Snapshots.Tee(withSkus: false);
                    return (tee, tee.Unlinked(), tee.WithVariant(2, v => v with { InventoryQuantity = 40 }));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }
    }
}
