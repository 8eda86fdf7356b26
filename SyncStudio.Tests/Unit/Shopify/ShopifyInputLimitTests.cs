using SyncStudio.Services.Shopify;

namespace SyncStudio.Tests.Unit.Shopify;

/// <summary>The client never sends a list longer than Shopify takes, and estimates productSet at Shopify's cost.</summary>
public sealed class ShopifyInputLimitTests
{
    [Fact]
    public async Task UpdatingMoreVariantsThanOneCallTakesIsRefusedBeforeAnythingIsSent()
    {
        using var host = new ShopifyTestHost();
        var updates = Enumerable.Range(1, ShopifyLimits.MaxInputArray + 1)
            .Select(i => new ShopifyVariantUpdate(i) { Price = 10m })
            .ToList();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => host.RunAsync(c => c.UpdateVariantsAsync(1, updates)));

        Assert.Equal("variants", refused.ParamName);
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public void ChunksHoldAtMost250ItemsInOrder()
    {
        var chunks = ShopifyLimits.Chunks(Enumerable.Range(1, 600).ToList()).ToList();

        Assert.Equal([250, 250, 100], chunks.Select(c => c.Count));
        Assert.Equal(Enumerable.Range(1, 600), chunks.SelectMany(c => c));
    }

    [Theory]
    [InlineData(1, 11)]
    [InlineData(100, 30)]
    [InlineData(600, 130)]
    [InlineData(2048, 420)]
    public void ProductSetIsEstimatedAtTenPointsAndAFifthPerVariantRoundedUp(int variants, int cost) =>
        Assert.Equal(cost, ShopifyQueryCost.ProductSet(variants));
}
