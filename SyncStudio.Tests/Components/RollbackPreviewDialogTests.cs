using System.Text.Json.Nodes;
using Bunit;
using MudBlazor;
using SyncStudio.Data;
using SyncStudio.Services.Rollback;
using SyncStudio.Services.Sync;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

/// <summary>Before a rollback is confirmed, the dashboard shows what each side holds now and will hold after it.</summary>
public sealed class RollbackPreviewDialogTests : DashboardTestContext
{
    private static ProductSnapshot Product(decimal price) => new()
    {
        ShopifyProductId = 7,
        Title = "Linen Shirt",
        Handle = "linen-shirt",
        Variants = [new VariantSnapshot { ShopifyVariantId = 70, Sku = "LIN-1", Price = price }],
    };

    private static FieldChanges PriceBack() => new() { ["price"] = new FieldChange(JsonValue.Create(54.90m), JsonValue.Create(49.90m)) };

    private IRenderedComponent<MudDialogProvider> Show(RollbackPreview preview)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService<IDialogService>();
        _ = provider.InvokeAsync(() => RollbackPreviewDialog.AskAsync(dialogs!, "Roll back change 1", preview));
        return provider;
    }

    [Fact]
    public void EachSideShowsTheValueItHoldsNowAndTheOneItWillHold()
    {
        SignInAs(Roles.Admin);
        var preview = new RollbackPreview(RollbackOutcome.Ok, "", RollbackKind.RestoreFields,
            Product(54.90m), Product(49.90m), PriceBack(), Product(54.90m), Product(49.90m), PriceBack());

        var cut = Show(preview);

        cut.WaitForElement("[data-testid=rollback-preview-dialog]");
        var rows = cut.FindAll("[data-testid=rollback-preview-row]");
        Assert.Equal(["local", "shopify"], rows.Select(r => r.GetAttribute("data-side")));
        Assert.All(rows, r =>
        {
            Assert.Equal("price", r.GetAttribute("data-path"));
            Assert.Contains("54.9", r.Children[1].TextContent, StringComparison.Ordinal);
            Assert.Contains("49.9", r.Children[2].TextContent, StringComparison.Ordinal);
        });
        Assert.True(cut.Find("[data-testid=prompt-confirm]").HasAttribute("disabled"));
    }

    [Fact]
    public void UndoingAPulledCreateShowsTheLocalCopyRemovedAndShopifyUntouched()
    {
        SignInAs(Roles.Admin);
        var preview = new RollbackPreview(RollbackOutcome.Ok, "", RollbackKind.RemoveCreated,
            Product(49.90m), null, null, Product(49.90m), Product(49.90m), []);

        var cut = Show(preview);

        cut.WaitForElement("[data-testid=rollback-preview-dialog]");
        Assert.Contains("removed", cut.Find("[data-testid=rollback-preview-local]").TextContent, StringComparison.Ordinal);
        Assert.Contains("already holds", cut.Find("[data-testid=rollback-preview-shopify]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=rollback-preview-row]"));
    }
}
