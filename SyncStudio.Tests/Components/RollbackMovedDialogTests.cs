using Bunit;
using MudBlazor;
using SyncStudio.Data;
using SyncStudio.Services.Rollback;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

/// <summary>A rollback stopped by a later edit is explained, and forcing it is offered to Admins only.</summary>
public sealed class RollbackMovedDialogTests : DashboardTestContext
{
    private static readonly RollbackResult Moved = new(RollbackOutcome.Moved, "The product changed after this change was applied",
        Details: new Dictionary<string, object?>
        {
            ["local"] = "the local product changed after this change was applied",
            ["later_change"] = "pull_20261125_130000_9_product_7",
        });

    private IRenderedComponent<MudDialogProvider> Show(RollbackPreview? preview = null)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService<IDialogService>();
        _ = provider.InvokeAsync(() => RollbackMovedDialog.AskForceAsync(dialogs!, Moved, preview));
        return provider;
    }

    [Fact]
    public void TheDialogShowsTheValuesEachSideHoldsNowAndWhatARollbackWouldPutBack()
    {
        SignInAs(Roles.Admin);
        var local = new SyncStudio.Services.Sync.FieldChanges
        {
            ["title"] = new(System.Text.Json.Nodes.JsonValue.Create("Edited later"), System.Text.Json.Nodes.JsonValue.Create("Oak chair")),
            ["variants[S].price"] = new(System.Text.Json.Nodes.JsonValue.Create(35m), System.Text.Json.Nodes.JsonValue.Create(29.99m)),
        };
        var preview = new RollbackPreview(RollbackOutcome.Ok, "ok", LocalChanges: local, Moved: Moved.Details);

        var cut = Show(preview);

        cut.WaitForElement("[data-testid=rollback-moved-dialog]");
        var rows = cut.FindAll("[data-testid=moved-value][data-side=local]");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Title", rows[0].QuerySelector("td")!.TextContent);
        Assert.Equal("Edited later", rows[0].QuerySelector("[data-testid=moved-now]")!.TextContent);
        Assert.Equal("Oak chair", rows[0].QuerySelector("[data-testid=moved-after]")!.TextContent);
        Assert.Equal("35", rows[1].QuerySelector("[data-testid=moved-now]")!.TextContent);
        Assert.Equal("29.99", rows[1].QuerySelector("[data-testid=moved-after]")!.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=moved-value][data-side=shopify]"));
    }

    [Fact]
    public void AnAdminIsOfferedToForceTheRollback()
    {
        SignInAs(Roles.Admin);

        var cut = Show();

        cut.WaitForElement("[data-testid=rollback-moved-dialog]");
        Assert.Single(cut.FindAll("[data-testid=rollback-force]"));
    }

    [Theory]
    [InlineData(Roles.Approver)]
    [InlineData(Roles.Operator)]
    public void BelowAdminTheMoveIsExplainedButNotForceable(string role)
    {
        SignInAs(role);

        var cut = Show();

        cut.WaitForElement("[data-testid=rollback-moved-dialog]");
        Assert.Empty(cut.FindAll("[data-testid=rollback-force]"));
        Assert.Contains("local product changed", cut.Find("[data-testid=moved-local]").TextContent, StringComparison.Ordinal);
        Assert.Contains("pull_20261125_130000_9_product_7", cut.Find("[data-testid=moved-later]").TextContent, StringComparison.Ordinal);
    }
}
