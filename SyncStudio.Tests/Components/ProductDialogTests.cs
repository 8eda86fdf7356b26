using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SyncStudio.Services.Inventory;
using SyncStudio.Services.Products;
using SyncStudio.Web.Components.Pages.Products;

namespace SyncStudio.Tests.Components;

/// <summary>A product shown to someone who may not edit it reads as text: nothing in it looks editable.</summary>
public sealed class ProductDialogTests : DashboardTestContext
{
    private static readonly ProductDto Chair = new(7, "Oak chair", "Oak chair", "oak-chair", "OAK-1", 29.99m, null, 4, null, null, null, 8100000000300,
        "<p>Solid <b>oak</b></p>", "Woodworks", "Chairs", ["home", "oak"], "active", [],
        [new VariantDto(11, 1, "OAK-1", 29.99m, null, 4, null, null, null, [], 8200000000300)], DashboardTestContext.Now.UtcDateTime,
        DashboardTestContext.Now.UtcDateTime, null);

    public ProductDialogTests()
    {
        Services.AddSingleton(new ProductService(null!, TimeProvider.System));
        // Never asked: the dialog is given the locations (one, the default), as an opener that has them does.
        Services.AddSingleton(new StockLocationService(null!, null!));
    }

    private IRenderedComponent<MudDialogProvider> Show(bool readOnly)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        _ = provider.InvokeAsync(() => dialogs.ShowAsync<ProductDialog>("Product", new DialogParameters<ProductDialog>
        {
            { d => d.Product, Chair },
            { d => d.ReadOnly, readOnly },
            { d => d.Locations, [new StockLocationView("default", "Shop", null, null)] },
        }));
        provider.WaitForElement("[data-testid=product-dialog]");
        return provider;
    }

    [Fact]
    public void AViewerSeesTheProductAsTextWithNoInputToTypeIn()
    {
        var cut = Show(readOnly: true);

        Assert.Empty(cut.FindAll("[data-testid=product-dialog] input, [data-testid=product-dialog] textarea"));
        Assert.Equal("Oak chair", cut.Find("[data-testid=product-view-title]").TextContent);
        Assert.Contains("Solid oak", cut.Find("[data-testid=product-view]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=product-save]"));
    }

    [Fact]
    public void AnOperatorGetsTheFormToEdit()
    {
        var cut = Show(readOnly: false);

        Assert.Equal("Oak chair", cut.Find("input[data-testid=product-title], [data-testid=product-title] input").GetAttribute("value"));
        Assert.Single(cut.FindAll("[data-testid=product-save]"));
    }
}
