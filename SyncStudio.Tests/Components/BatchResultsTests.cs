using Bunit;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

public sealed class BatchResultsTests : DashboardTestContext
{
    private const string Summary = """
        {"total_processed":3,"successful":2,"failed":1,"skipped":0,"results":[
          {"change_id":"pull_1_a","success":true,"product_id":4,"message":"Applied update"},
          {"change_id":"pull_1_b","success":false,"product_id":5,"message":"Shopify changed since staging","reason":"stale"},
          {"change_id":"pull_1_c","success":true,"product_id":null,"message":"Applied create"}]}
        """;

    [Fact]
    public void ShowsResultsAsATableWithFailuresFirst()
    {
        var cut = Render<BatchResults>(p => p.Add(r => r.Json, Summary));

        var rows = cut.FindAll("[data-testid=result-row]");
        Assert.Equal(["false", "true", "true"], rows.Select(r => r.GetAttribute("data-success")));
        Assert.Contains("pull_1_b", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("stale", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("/review?change=pull_1_b", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("total processed", cut.Find("[data-testid=batch-summary-figures]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void FiltersResultsByOutcome()
    {
        var cut = Render<BatchResults>(p => p.Add(r => r.Json, Summary));

        cut.Find("[data-testid=results-failed]").Click();
        Assert.Single(cut.FindAll("[data-testid=result-row]"));

        cut.Find("[data-testid=results-succeeded]").Click();
        Assert.Equal(2, cut.FindAll("[data-testid=result-row]").Count);
    }

    [Fact]
    public void KeepsTheRawJsonBehindShowRaw()
    {
        var cut = Render<BatchResults>(p => p.Add(r => r.Json, Summary));

        Assert.Empty(cut.FindAll("[data-testid=batch-summary-raw]"));
        Assert.DoesNotContain("\"change_id\"", cut.Markup, StringComparison.Ordinal);

        cut.Find("[data-testid=show-raw]").Click();
        Assert.Contains("\"change_id\"", cut.Find("[data-testid=batch-summary-raw]").TextContent, StringComparison.Ordinal);
    }
}
