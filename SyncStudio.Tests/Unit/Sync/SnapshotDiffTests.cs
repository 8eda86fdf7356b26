using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

public class SnapshotDiffTests
{
    [Fact]
    public void TwoEqualSnapshotsHaveNoFieldChanges()
    {
        Assert.Empty(SnapshotDiff.Between(Snapshots.Mug(), Snapshots.Mug()));
    }

    [Fact]
    public void EachChangedPathCarriesTheEarlierValueAsOldAndTheLaterAsNew()
    {
        var earlier = Snapshots.Mug();
        var later = earlier.WithPrice(34.99m) with { Title = "Enamel Camp Mug" };

        var changes = SnapshotDiff.Between(earlier, later);

        Assert.Equal("""{"title":{"old":"Enamel Mug","new":"Enamel Camp Mug"},"price":{"old":29.99,"new":34.99}}""", changes.ToJson());
    }

    [Fact]
    public void ChangesNeverComeOutAsConflicts()
    {
        var earlier = Snapshots.Mug();
        var later = earlier.WithInventory(40) with { Vendor = "Camp Co" };

        var changes = SnapshotDiff.Between(earlier, later);

        Assert.All(changes.Values, c => Assert.False(c.HasBase));
        Assert.Equal(["vendor", "inventory_quantity"], changes.Keys);
    }

    [Fact]
    public void ComparesAsTheStagedDiffDoesTagsAsASetAndLinksIgnored()
    {
        var earlier = Snapshots.Mug();
        var later = earlier.Unlinked() with { Tags = ["kitchen", "camping"] };

        Assert.Empty(SnapshotDiff.Between(earlier, later));
    }

    [Fact]
    public void AMultiVariantProductUsesVariantPathsAndNamesAddedAndRemovedVariants()
    {
        var earlier = Snapshots.Tee();
        var later = earlier.WithVariant(0, v => v with { Price = 25m }).WithoutVariant(2)
            .WithAddedVariant(Snapshots.TeeVariant("XL", 24m, 5, id: 6004));

        var changes = SnapshotDiff.Between(earlier, later);

        Assert.Equal(["variants[TEE-L]", "variants[TEE-S].price", "variants[TEE-XL]"], changes.Keys.Order(StringComparer.Ordinal));
        Assert.Null(changes["variants[TEE-XL]"].Old);
        Assert.NotNull(changes["variants[TEE-XL]"].New);
        Assert.NotNull(changes["variants[TEE-L]"].Old);
        Assert.Null(changes["variants[TEE-L]"].New);
        Assert.Equal(25m, changes["variants[TEE-S].price"].New!.GetValue<decimal>());
    }
}
