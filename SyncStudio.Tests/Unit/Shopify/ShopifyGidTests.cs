using SyncStudio.Services.Shopify;

namespace SyncStudio.Tests.Unit.Shopify;

public sealed class ShopifyGidTests
{
    [Theory]
    [InlineData("gid://shopify/Product/123", "Product", 123)]
    [InlineData("gid://shopify/ProductVariant/9007199254740993", "ProductVariant", 9007199254740993)]
    [InlineData("gid://shopify/InventoryLevel/5?inventory_item_id=7", "InventoryLevel", 5)]
    public void AGidParsesToItsTypeAndNumericId(string gid, string type, long id)
    {
        Assert.True(ShopifyGid.TryParse(gid, out var parsedType, out var parsedId));
        Assert.Equal((type, id), (parsedType, parsedId));
        Assert.Equal(id, ShopifyGid.Parse(gid, type));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("gid://shopify/Product/")]
    [InlineData("gid://shopify/Product/abc")]
    [InlineData("gid://other/Product/1")]
    [InlineData("gid://shopify/Product/-1")]
    public void AnythingElseIsNotAGid(string? value)
    {
        Assert.False(ShopifyGid.TryParse(value, out _, out _));
        Assert.Throws<FormatException>(() => ShopifyGid.Parse(value ?? ""));
    }

    [Fact]
    public void AGidOfAnotherTypeIsRefused() =>
        Assert.Throws<FormatException>(() => ShopifyGid.Parse("gid://shopify/ProductVariant/1", "Product"));

    [Fact]
    public void FormattingRoundTrips()
    {
        Assert.Equal("gid://shopify/Product/42", ShopifyGid.Product(42));
        Assert.Equal(42, ShopifyGid.Parse(ShopifyGid.Variant(42)));
        Assert.Equal("gid://shopify/Location/7", ShopifyGid.Location(7));
    }
}
