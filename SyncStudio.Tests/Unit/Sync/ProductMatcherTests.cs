using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

public class ProductMatcherTests
{
    [Fact]
    public void MatchesByShopifyIdBeforeHandle()
    {
        var remote = new[]
        {
            Snapshots.Mug(shopifyId: 1) with { Handle = "renamed" },
            Snapshots.Mug(shopifyId: 2),
        };
        var local = new[] { Snapshots.Mug(shopifyId: 1) };

        var matches = ProductMatcher.Match(local, remote);

        Assert.Contains(new ProductMatch(0, 0, ProductMatchKind.ShopifyId), matches);
        Assert.Contains(new ProductMatch(null, 1, ProductMatchKind.None), matches);
        Assert.Equal(2, matches.Count);
    }

    [Fact]
    public void MatchesUnlinkedProductsByHandleIgnoringCase()
    {
        var remote = new[] { Snapshots.Mug(shopifyId: 7) };
        var local = new[] { Snapshots.Mug(shopifyId: null) with { Handle = "Enamel-Mug" } };

        var matches = ProductMatcher.Match(local, remote);

        Assert.Equal([new ProductMatch(0, 0, ProductMatchKind.Handle)], matches);
    }

    [Fact]
    public void MatchesBySkuOfAnyVariantWhenHandlesDiffer()
    {
        var remote = new[] { Snapshots.Tee() with { Handle = "tee-2024" } };
        var local = new[] { Snapshots.Tee(withIds: false).WithoutVariant(0) };

        var matches = ProductMatcher.Match(local, remote);

        Assert.Equal([new ProductMatch(0, 0, ProductMatchKind.Sku)], matches);
    }

    [Fact]
    public void LinkedLocalProductNeverMatchesAnotherShopifyProductByHandle()
    {
        var remote = new[] { Snapshots.Mug(shopifyId: 2) };
        var local = new[] { Snapshots.Mug(shopifyId: 1) };

        var matches = ProductMatcher.Match(local, remote);

        Assert.Equal(
            [new ProductMatch(0, null, ProductMatchKind.None), new ProductMatch(null, 0, ProductMatchKind.None)],
            matches);
    }

    [Fact]
    public void EachShopifyProductIsMatchedAtMostOnce()
    {
        var remote = new[] { Snapshots.Mug(shopifyId: 9) };
        var local = new[] { Snapshots.Mug(shopifyId: null), Snapshots.Mug(shopifyId: null) };

        var matches = ProductMatcher.Match(local, remote);

        Assert.Single(matches, m => m.RemoteIndex == 0);
        Assert.Contains(new ProductMatch(1, null, ProductMatchKind.None), matches);
    }

    [Fact]
    public void MatchesALargeCatalogPairwise()
    {
        const int Count = 100_000;
        var remote = new ProductSnapshot[Count];
        var local = new ProductSnapshot[Count];
        for (var i = 0; i < Count; i++)
        {
            var product = new ProductSnapshot
            {
                ShopifyProductId = 10_000 + i,
                Title = $"Product {i}",
                Handle = $"product-{i}",
                Variants = [new VariantSnapshot { Sku = $"SKU-{i}", Price = 1m }],
            };
            remote[i] = product;

            // A third linked by id, a third by handle only, a third by SKU only.
            local[Count - 1 - i] = (i % 3) switch
            {
                0 => product,
                1 => product with { ShopifyProductId = null },
                _ => product with { ShopifyProductId = null, Handle = $"local-{i}" },
            };
        }

        var matches = ProductMatcher.Match(local, remote);

        Assert.Equal(Count, matches.Count);
        Assert.All(matches, m => Assert.Equal(Count - 1 - m.LocalIndex!.Value, m.RemoteIndex));
        Assert.Equal(Count / 3 + 1, matches.Count(m => m.MatchedBy == ProductMatchKind.ShopifyId));
        Assert.Equal(Count / 3, matches.Count(m => m.MatchedBy == ProductMatchKind.Sku));
    }
}
