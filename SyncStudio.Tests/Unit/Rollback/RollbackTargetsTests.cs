using SyncStudio.Services.Rollback;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Rollback;

/// <summary>A rolled-back path goes back to the base's value on the same variant, found by identity, never by position.</summary>
public sealed class RollbackTargetsTests
{
    private static VariantSnapshot Variant(long id, string sku, decimal price) =>
        new() { ShopifyVariantId = id, ShopifyInventoryItemId = id * 10, Sku = sku, Price = price, Options = [sku] };

    private static ProductSnapshot Product(params VariantSnapshot[] variants) =>
        new() { ShopifyProductId = 1, Title = "Shirt", Handle = "shirt", OptionNames = ["Size"], Variants = variants };

    private static readonly ProductSnapshot Base = Product(Variant(1, "S", 10m), Variant(2, "M", 20m));

    [Fact]
    public void AVariantReorderedSinceTheApplyGetsItsOwnValueBack()
    {
        // A pushed price edit of S (10 -> 12); Shopify then lists M first.
        var stagedLocal = Product(Variant(1, "S", 12m), Variant(2, "M", 20m));
        var shopifyNow = Product(Variant(2, "M", 20m), Variant(1, "S", 12m));

        Assert.True(RollbackTargets.TryRestore(Base, shopifyNow, ["variants[S].price"], stagedLocal, Base, out var target, out var error), error);

        Assert.Equal([(2L, 20m), (1L, 10m)], target.Variants.Select(v => (v.ShopifyVariantId!.Value, v.Price)));
    }

    [Fact]
    public void AVariantWhoseSkuTheChangeRenamedIsFoundByItsId()
    {
        // A pulled SKU edit of S (S -> S2): the path names the variant by the key it had at staging.
        var stagedShopify = Product(Variant(1, "S2", 10m), Variant(2, "M", 20m));
        var localNow = Product(Variant(2, "M", 20m), Variant(1, "S2", 10m));

        Assert.True(RollbackTargets.TryRestore(Base, localNow, ["variants[S2].sku"], Base, stagedShopify, out var target, out var error), error);

        Assert.Equal(["M", "S"], target.Variants.Select(v => v.Sku));
        Assert.Equal([2L, 1L], target.Variants.Select(v => v.ShopifyVariantId!.Value));
    }

    [Fact]
    public void AVariantReCreatedUnderTheSameSkuIsNotTakenForTheOldOne()
    {
        var stagedLocal = Product(Variant(1, "S", 12m), Variant(2, "M", 20m));
        var shopifyNow = Product(Variant(3, "S", 12m), Variant(2, "M", 20m));

        Assert.True(RollbackTargets.TryRestore(Base, shopifyNow, ["variants[S].price"], stagedLocal, Base, out var target, out var error), error);

        Assert.Equal(12m, target.Variants.Single(v => v.ShopifyVariantId == 3).Price);
    }

    [Fact]
    public void OnlyTheTouchedPathsGoBack()
    {
        var stagedLocal = Product(Variant(1, "S", 12m), Variant(2, "M", 20m)) with { Title = "Shirt" };
        var localNow = Product(Variant(1, "S", 12m), Variant(2, "M", 25m)) with { Title = "Renamed since" };

        Assert.True(RollbackTargets.TryRestore(Base, localNow, ["variants[S].price"], stagedLocal, Base, out var target, out var error), error);

        Assert.Equal("Renamed since", target.Title);
        Assert.Equal([10m, 25m], target.Variants.Select(v => v.Price));
    }
}
