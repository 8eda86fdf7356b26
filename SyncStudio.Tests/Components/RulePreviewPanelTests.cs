using Bunit;
using SyncStudio.Services.Approvals;
using SyncStudio.Web.Components.Pages.Rules;

namespace SyncStudio.Tests.Components;

/// <summary>Trying a rule on pending changes says what it would do, and says so when nothing is pending.</summary>
public sealed class RulePreviewPanelTests : DashboardTestContext
{
    [Fact]
    public void WithNothingPendingThePreviewSaysNothingIsPending()
    {
        var cut = Render<RulePreviewPanel>(p => p.Add(c => c.Preview, new RulePreviewResult(0, 0, 0, 0, [])));

        Assert.StartsWith("Nothing is pending", cut.Find("[data-testid=rule-preview-summary]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("0 pending", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void WithPendingChangesItCountsWhatTheRuleMatches()
    {
        var cut = Render<RulePreviewPanel>(p => p.Add(c => c.Preview, new RulePreviewResult(3, 1, 1, 0,
        [
            new RulePreviewItem(7, "c7", "Oak chair", "update", true, ApprovalRuleOutcome.Held, "price moved 25%"),
            new RulePreviewItem(8, "c8", "Pine desk", "update", false, null, null),
        ])));

        Assert.Equal("Of the first 3 pending changes, this rule matches 1 change: 1 held, 0 approved automatically.",
            cut.Find("[data-testid=rule-preview-summary]").TextContent.Trim());
        Assert.Contains("Oak chair", Assert.Single(cut.FindAll("[data-testid=rule-preview-row]")).TextContent, StringComparison.Ordinal);
    }
}
