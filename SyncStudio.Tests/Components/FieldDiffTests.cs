using Bunit;
using SyncStudio.Data;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

public sealed class FieldDiffTests : DashboardTestContext
{
    [Fact]
    public void ShowsOldAndNewValueOfEachPath()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges, """{"title":{"old":"Blue shirt","new":"Navy shirt"},"vendor":{"old":null,"new":"Acme"}}"""));

        var rows = cut.FindAll("[data-testid=diff-row]");
        Assert.Equal(["title", "vendor"], rows.Select(r => r.GetAttribute("data-path")));
        Assert.Equal("Blue shirt", rows[0].QuerySelector("[data-testid=diff-old]")!.TextContent);
        Assert.Equal("Navy shirt", rows[0].QuerySelector("[data-testid=diff-new]")!.TextContent);
        Assert.Equal("(none)", rows[1].QuerySelector("[data-testid=diff-old]")!.TextContent);
        Assert.Equal("Acme", rows[1].QuerySelector("[data-testid=diff-new]")!.TextContent);
    }

    [Theory]
    [InlineData("price", "29.99", "34.99", "+16.7%")]
    [InlineData("compare_at_price", "40", "30", "-25%")]
    [InlineData("inventory_quantity", "100", "75", "-25%")]
    [InlineData("variants[Small / Red].price", "10", "12.5", "+25%")]
    [InlineData("variants[SKU.1].inventory_quantity", "8", "10", "+25%")]
    public void ShowsMoneyAndInventoryMovesInPercentOfTheOldValue(string path, string old, string @new, string expected)
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges, $$$"""{"{{{path}}}":{"old":{{{old}}},"new":{{{@new}}}}}"""));

        Assert.Equal(expected, cut.Find("[data-testid=diff-delta]").TextContent.Trim());
    }

    [Fact]
    public void ShowsNoPercentForTextOrForAMoveFromZero()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges,
            """{"title":{"old":"A","new":"B"},"inventory_quantity":{"old":0,"new":5},"barcode":{"old":"1","new":"2"}}"""));

        var deltas = cut.FindAll("[data-testid=diff-delta]").Select(d => d.TextContent.Trim()).ToList();
        Assert.Equal(["", "from 0", ""], deltas);
    }

    [Fact]
    public void NamesTheColumnsAfterTheSidesOfAPull()
    {
        var cut = Render<FieldDiff>(p => p
            .Add(d => d.FieldChanges, """{"price":{"old":1,"new":2}}""")
            .Add(d => d.SyncDirection, SyncDirections.PullFromShopify));

        var headers = cut.FindAll("th").Select(h => h.TextContent).ToList();
        Assert.Contains("Local (old)", headers);
        Assert.Contains("Shopify (new)", headers);
    }

    [Fact]
    public void MarksConflictingPaths()
    {
        var cut = Render<FieldDiff>(p => p
            .Add(d => d.FieldChanges, """{"price":{"old":1,"new":2,"base":1.5},"title":{"old":"a","new":"b"}}""")
            .Add(d => d.ConflictPaths, ["price"]));

        var rows = cut.FindAll("[data-testid=diff-row]");
        Assert.Contains("diff-conflict", rows[0].ClassList);
        Assert.DoesNotContain("diff-conflict", rows[1].ClassList);
    }

    [Fact]
    public void SaysSoWhenNothingChanged()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges, null));

        Assert.NotNull(cut.Find("[data-testid=field-diff-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=diff-row]"));
    }
}
