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

    private IRenderedComponent<MudDialogProvider> Show()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService<IDialogService>();
        _ = provider.InvokeAsync(() => RollbackMovedDialog.AskForceAsync(dialogs!, Moved));
        return provider;
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
