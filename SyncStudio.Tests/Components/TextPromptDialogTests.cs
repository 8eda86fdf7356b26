using Bunit;
using MudBlazor;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

/// <summary>A required reason is asked for, not reproached: no error before the person has typed anything.</summary>
public sealed class TextPromptDialogTests : DashboardTestContext
{
    private IRenderedComponent<MudDialogProvider> Show(bool required)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService<IDialogService>()!;
        _ = provider.InvokeAsync(() => TextPromptDialog.AskAsync(dialogs, "Reject change", "Reject it?", "Reason", "Reject", required, Color.Error));
        return provider;
    }

    [Fact]
    public void ARequiredReasonOpensWithoutAnErrorEvenWhenTheFieldLosesFocus()
    {
        var cut = Show(required: true);
        cut.WaitForElement("[data-testid=prompt-dialog]");

        var field = cut.Find("[data-testid=prompt-dialog] textarea");
        field.Blur();

        Assert.DoesNotContain("is required", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll(".mud-input-error"));
        Assert.Contains("Reason (required)", cut.Find("[data-testid=prompt-dialog] label").TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid=prompt-confirm]").HasAttribute("disabled"));
    }

    [Fact]
    public void TheConfirmButtonWakesOnceAReasonIsTyped()
    {
        var cut = Show(required: true);
        cut.WaitForElement("[data-testid=prompt-dialog]");

        cut.Find("[data-testid=prompt-dialog] textarea").Input("Wrong price");

        Assert.False(cut.Find("[data-testid=prompt-confirm]").HasAttribute("disabled"));
    }
}
