using SyncStudio.Services.Inventory;
using SyncStudio.Services.Products;
using SyncStudio.Web.Components.Pages.Products;

namespace SyncStudio.Tests.Components;

/// <summary>The product dialog's form with several stock locations: levels per location, the total read from them, only changed levels sent.</summary>
public sealed class ProductFormTests
{
    private static readonly StockLocationView[] Locations = [new("default", "Shop", null, null), new("warehouse-2", "Back room", 102, null)];

    private static ProductDto Product() => new(7, "Mug", "Mug", "mug", "M-1", 10m, null, 9, null, null, null, 1, null, null, null, [], "active", [],
        [new VariantDto(70, 1, "M-1", 10m, null, 9, null, null, null, [], 700)
        {
            Inventory = new Dictionary<string, int> { ["default"] = 4, ["warehouse-2"] = 5 },
            OnHand = new Dictionary<string, int> { ["warehouse-2"] = 6 },
        }],
        DateTime.UnixEpoch, DateTime.UnixEpoch, null);

    [Fact]
    public void WithSeveralLocationsEachVariantShowsItsLevelsAndOnlyAChangedLevelIsSent()
    {
        var form = ProductForm.From(Product(), Locations);
        var variant = Assert.Single(form.Variants);
        Assert.Equal([("default", 4, (int?)null), ("warehouse-2", 5, 6)], variant.Levels.Select(l => (l.Key, l.Available, l.OnHand)));
        Assert.Equal(9, variant.Total);

        variant.Levels[1].Available = 8;
        var edit = form.ToUpdate(Product());

        var sent = Assert.Single(edit.Variants);
        Assert.False(sent.InventoryQuantity.IsSet);
        Assert.Equal(new Dictionary<string, int> { ["warehouse-2"] = 8 }, sent.Inventory.Value);
        Assert.Equal(12, variant.Total);
    }

    [Fact]
    public void WithOneLocationTheFormKeepsTheSingleFigure()
    {
        var form = ProductForm.From(Product(), [Locations[0]]);

        Assert.Empty(Assert.Single(form.Variants).Levels);
        form.Variants[0].InventoryQuantity = 3;
        var sent = Assert.Single(form.ToUpdate(Product()).Variants);
        Assert.Equal(3, sent.InventoryQuantity.Value);
        Assert.False(sent.Inventory.IsSet);
    }
}
