using Bunit;
using SyncStudio.Data;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

public sealed class RuleEvaluationTests : DashboardTestContext
{
    [Fact]
    public void ListsTheMatchedRulesWithWhatEachDidAndWhy()
    {
        var cut = Render<RuleEvaluation>(p => p
            .Add(r => r.Json, """
                {"status":"pending","matches":[
                  {"rule_id":1,"rule_name":"Critical Price Changes","outcome":"held","reason":"price moves by 30%"},
                  {"rule_id":3,"rule_name":"Minor Updates","outcome":"passed","reason":"held by another rule"}]}
                """)
            .Add(r => r.RequiredApprovalLevel, 1));

        var matches = cut.FindAll("[data-testid=rule-match]");
        Assert.Equal(2, matches.Count);
        Assert.Equal("held", matches[0].GetAttribute("data-outcome"));
        Assert.Equal("Critical Price Changes", matches[0].QuerySelector("[data-testid=rule-name]")!.TextContent);
        Assert.Equal("price moves by 30%", matches[0].QuerySelector("[data-testid=rule-reason]")!.TextContent);
        Assert.Equal("passed", matches[1].GetAttribute("data-outcome"));
    }

    [Fact]
    public void ReadsAPlainListOfMatches()
    {
        var cut = Render<RuleEvaluation>(p => p.Add(r => r.Json, """[{"name":"New Products","held":true,"reason":"every create waits"}]"""));

        var match = cut.Find("[data-testid=rule-match]");
        Assert.Equal("held", match.GetAttribute("data-outcome"));
        Assert.Equal("New Products", match.QuerySelector("[data-testid=rule-name]")!.TextContent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"status":"pending","matches":[]}""")]
    [InlineData("not json")]
    public void SaysAPersonDecidesWhenNoRuleMatched(string? json)
    {
        var cut = Render<RuleEvaluation>(p => p.Add(r => r.Json, json).Add(r => r.Status, ChangeStatuses.Pending));

        Assert.Equal("No rule matched: waiting for a person.", cut.Find("[data-testid=rule-evaluation-empty]").TextContent.Trim());
    }

    [Fact]
    public void ARuleThatWouldApproveAHeldChangeIsNotShownAsApproved()
    {
        var cut = Render<RuleEvaluation>(p => p
            .Add(r => r.Json, """
                {"status":"pending","matches":[
                  {"rule_id":1,"rule_name":"Critical Price Changes","outcome":"held","reason":"price moves by 30%"},
                  {"rule_id":3,"rule_name":"Minor Updates","outcome":"auto_approved","reason":"auto-approved"}]}
                """)
            .Add(r => r.Status, ChangeStatuses.Pending)
            .Add(r => r.RequiredApprovalLevel, 1));

        var minor = cut.FindAll("[data-testid=rule-match]")[1];
        Assert.Equal("true", minor.GetAttribute("data-overruled"));
        Assert.DoesNotContain("approved", minor.QuerySelector(".mud-chip")!.TextContent.Replace("would approve", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(minor.QuerySelectorAll(".mud-chip-color-success"));
    }
}
