using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

public class FieldPathsTests
{
    [Theory]
    [InlineData("title", FieldPathScope.Product, null, "title")]
    [InlineData("price", FieldPathScope.SingleVariant, null, "price")]
    [InlineData("variants[TEE-M].price", FieldPathScope.Variant, "TEE-M", "price")]
    [InlineData("variants[Small / Red].inventory_quantity", FieldPathScope.Variant, "Small / Red", "inventory_quantity")]
    [InlineData("variants[A]B].sku", FieldPathScope.Variant, "A]B", "sku")]
    [InlineData("variants[TEE-XL]", FieldPathScope.WholeVariant, "TEE-XL", null)]
    public void ParsesEveryKindOfPath(string path, FieldPathScope scope, string? key, string? field)
    {
        Assert.True(FieldPaths.TryParse(path, out var parsed));
        Assert.Equal(new FieldPath(scope, key, field), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("colour")]
    [InlineData("variants[A].colour")]
    [InlineData("variants[A]price")]
    [InlineData("variants[")]
    public void RefusesWhatIsNotAPath(string path)
    {
        Assert.False(FieldPaths.TryParse(path, out _));
    }

    [Theory]
    [InlineData("price", true, false)]
    [InlineData("variants[TEE-M].price", true, false)]
    [InlineData("variants[].price", true, false)]
    [InlineData("compare_at_price", false, false)]
    [InlineData("variants[A].compare_at_price", false, false)]
    [InlineData("inventory_quantity", false, true)]
    [InlineData("variants[A].inventory_quantity", false, true)]
    [InlineData("variants[A]", false, false)]
    public void RecognisesPriceAndInventoryPaths(string path, bool price, bool inventory)
    {
        Assert.Equal(price, FieldPaths.IsPricePath(path));
        Assert.Equal(inventory, FieldPaths.IsInventoryPath(path));
    }
}
