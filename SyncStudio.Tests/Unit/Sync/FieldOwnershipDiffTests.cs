using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

/// <summary>Field ownership in the three-way diff (docs/decisions/0026): an owned path never conflicts, and goes toward its owner.</summary>
public sealed class FieldOwnershipDiffTests
{
    private static readonly ProductSnapshot Base = Snapshots.Mug();
    private static readonly FieldOwnership PriceIsLocal = new([new FieldOwnershipEntry("price", FieldOwner.Local)]);
    private static readonly FieldOwnership TitleIsShopifys = new([new FieldOwnershipEntry("title", FieldOwner.Shopify)]);

    [Fact]
    public void AShopifyEditOfAFieldLocalOwnsIsStagedBackTowardTheLocalValue()
    {
        var result = ThreeWayDiff.Compute(Base, Base.Unlinked(), Base.WithPrice(34.99m), ownership: PriceIsLocal);

        Assert.Null(result.Pull);
        var push = Assert.IsType<StagedChangePlan>(result.Push);
        Assert.Equal("""{"price":{"old":34.99,"new":29.99,"base":29.99,"reason":"owned by local"}}""", push.FieldChanges.ToJson());
        Assert.False(push.HasConflicts);
    }

    [Fact]
    public void BothSidesEditingAnOwnedFieldIsNoConflictTheOwnersValueGoesOver()
    {
        var result = ThreeWayDiff.Compute(Base, Base.Unlinked().WithPrice(31m), Base.WithPrice(34.99m), ownership: PriceIsLocal);

        Assert.Null(result.Pull);
        var push = Assert.IsType<StagedChangePlan>(result.Push);
        Assert.Equal(31m, push.FieldChanges["price"].New!.GetValue<decimal>());
        Assert.Empty(push.ConflictFields);
    }

    [Fact]
    public void ALocalEditOfAFieldShopifyOwnsIsStagedBackTowardShopifysValue()
    {
        var result = ThreeWayDiff.Compute(Base, Base.Unlinked() with { Title = "Renamed here" }, Base, ownership: TitleIsShopifys);

        Assert.Null(result.Push);
        var pull = Assert.IsType<StagedChangePlan>(result.Pull);
        Assert.Equal("""{"title":{"old":"Renamed here","new":"Enamel Mug","base":"Enamel Mug","reason":"owned by Shopify"}}""", pull.FieldChanges.ToJson());
        Assert.False(pull.HasConflicts);
    }

    [Fact]
    public void WithNoBaseAnOwnedFieldThatDiffersIsNoConflict()
    {
        var result = ThreeWayDiff.Compute(null, Base.Unlinked().WithPrice(31m), Base.WithPrice(34.99m), ownership: PriceIsLocal);

        Assert.DoesNotContain("price", result.Pull?.ConflictFields ?? []);
        Assert.Equal(31m, Assert.IsType<StagedChangePlan>(result.Push).FieldChanges["price"].New!.GetValue<decimal>());
    }

    [Fact]
    public void AFieldNobodyOwnsStillConflicts()
    {
        var result = ThreeWayDiff.Compute(Base, Base.Unlinked().WithPrice(31m), Base.WithPrice(34.99m), ownership: TitleIsShopifys);

        Assert.Equal(["price"], Assert.IsType<StagedChangePlan>(result.Pull).ConflictFields);
    }

    [Theory]
    [InlineData("price", "variants[Small].price", FieldOwner.Local)]
    [InlineData("price", "price", FieldOwner.Local)]
    [InlineData("variants[*].price", "price", FieldOwner.TwoWay)]
    [InlineData("body_html", "variants[Small].price", FieldOwner.TwoWay)]
    public void ABareVariantFieldNamesItOnEveryVariant(string pattern, string path, FieldOwner expected) =>
        Assert.Equal(expected, new FieldOwnership([new FieldOwnershipEntry(pattern, FieldOwner.Local)]).OwnerOf(path));

    [Fact]
    public void AReasonSurvivesTheStoredJson()
    {
        var changes = FieldChanges.FromJson("""{"price":{"old":34.99,"new":29.99,"reason":"owned by local"}}""");
        Assert.Equal(FieldOwnership.LocalReason, changes["price"].Reason);
        Assert.Equal("""{"price":{"old":34.99,"new":29.99,"reason":"owned by local"}}""", changes.ToJson());
    }
}
