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
        Assert.Equal("was Blue shirt", rows[0].QuerySelector("[data-testid=diff-old]")!.TextContent);
        Assert.Equal("now Navy shirt", rows[0].QuerySelector("[data-testid=diff-new]")!.TextContent);
        Assert.Equal("was (none)", rows[1].QuerySelector("[data-testid=diff-old]")!.TextContent);
        Assert.Equal("now Acme", rows[1].QuerySelector("[data-testid=diff-new]")!.TextContent);
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

    [Fact]
    public void NamesFieldsAsShopifysAdminDoesAndSaysWhichVariant()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges,
            """{"compare_at_price":{"old":40,"new":30},"variants[Small / Red].inventory_quantity":{"old":1,"new":2}}"""));

        var labels = cut.FindAll("[data-testid=diff-label]").Select(l => l.TextContent).ToList();
        Assert.Equal(["Compare-at price", "Quantity"], labels);
        Assert.Equal("Small / Red", cut.Find("[data-testid=diff-variant]").TextContent);
    }

    [Fact]
    public void WritesMoneyInTheShopsCurrencyWithItsMove()
    {
        var cut = Render<FieldDiff>(p => p
            .Add(d => d.FieldChanges, """{"variants[S].price":{"old":"29.99","new":"34.99"},"inventory_quantity":{"old":100,"new":75}}""")
            .Add(d => d.CurrencyCode, "EUR"));

        var price = cut.Find("[data-path='variants[S].price']");
        Assert.Equal("was €29.99", price.QuerySelector("[data-testid=diff-old]")!.TextContent);
        Assert.Equal("now €34.99", price.QuerySelector("[data-testid=diff-new]")!.TextContent);
        Assert.Equal("+16.7%", price.QuerySelector("[data-testid=diff-delta]")!.TextContent.Trim());
        // Quantities are not money: no currency on them.
        Assert.Equal("was 100", cut.Find("[data-path=inventory_quantity] [data-testid=diff-old]").TextContent);
    }

    [Fact]
    public void ShowsTagsAsChipsThatComeAndGo()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges, """{"tags":{"old":["board","home"],"new":["home","winter"]}}"""));

        Assert.Equal(["winter"], cut.FindAll("[data-testid=tag-added]").Select(t => t.TextContent.Replace("+ added: ", "", StringComparison.Ordinal)));
        Assert.Equal(["board"], cut.FindAll("[data-testid=tag-removed]").Select(t => t.TextContent.Replace("− removed: ", "", StringComparison.Ordinal)));
        Assert.Equal(["home"], cut.FindAll("[data-testid=tag-kept]").Select(t => t.TextContent));
        Assert.DoesNotContain("[", cut.Find("[data-testid=diff-tags]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsImagesAsThumbnailsAddedRemovedAndMovedInTheirNewOrder()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges, """
            {"images":{"old":[{"src":"https://cdn.example.com/a.jpg","alt":"A"},{"src":"https://cdn.example.com/b.jpg"},{"src":"https://cdn.example.com/c.jpg"}],
                       "new":[{"src":"https://cdn.example.com/c.jpg"},{"src":"https://cdn.example.com/a.jpg","alt":"A"},{"src":"https://img.example.com/d.jpg","alt":"D"}]}}
            """));

        var images = cut.FindAll("[data-testid=image-change]");
        Assert.Equal(["moved", "moved", "added", "removed"], images.Select(i => i.GetAttribute("data-fate")));
        Assert.Equal(["https://cdn.example.com/c.jpg", "https://cdn.example.com/a.jpg", "https://img.example.com/d.jpg", "https://cdn.example.com/b.jpg"],
            cut.FindAll("[data-testid=image-thumb]").Select(t => t.GetAttribute("src")));
        Assert.Equal(["c.jpg", "A", "D", "b.jpg"], cut.FindAll("[data-testid=image-thumb]").Select(t => t.GetAttribute("alt")));
        Assert.Contains("moved 3 → 1", images[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("removed from 2", images[3].TextContent, StringComparison.Ordinal);
        Assert.Equal("Media", cut.Find("[data-testid=diff-label]").TextContent);
    }

    [Fact]
    public void ShowsAnAltTextChangeBesideItsImage()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges, """{"images[https://cdn.example.com/front.jpg?v=2].alt":{"old":"Front","new":"Front view"}}"""));

        Assert.Equal("Alt text", cut.Find("[data-testid=diff-label]").TextContent);
        Assert.Equal("front.jpg", cut.Find("[data-testid=diff-variant]").TextContent);
        Assert.Equal("https://cdn.example.com/front.jpg?v=2", cut.Find("[data-testid=image-thumb]").GetAttribute("src"));
        Assert.Equal("was Front", cut.Find("[data-testid=diff-old]").TextContent.Trim());
        Assert.Equal("now Front view", cut.Find("[data-testid=diff-new]").TextContent.Trim());
    }

    [Fact]
    public void ShowsADescriptionAsAWordDiffOfItsText()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges,
            """{"body_html":{"old":"<p>Warm <b>wool</b> socks</p>","new":"<p>Warm <b>merino</b> socks</p>"}}"""));

        var words = cut.Find("[data-testid=diff-words]");
        Assert.Equal("Warm woolmerino socks", words.TextContent);
        Assert.Equal(["wool"], cut.FindAll("[data-testid=word-removed]").Select(w => w.TextContent));
        Assert.Equal(["merino"], cut.FindAll("[data-testid=word-added]").Select(w => w.TextContent));
        Assert.DoesNotContain("<p>", words.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void PreviewsADescriptionSanitisedAndShowsItsSourceOnRequest()
    {
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges,
            """{"body_html":{"old":"<p>Old</p>","new":"<p onclick='steal()'>New</p><script>alert('x')</script>"}}"""));

        cut.Find("[data-testid=description-preview]").Click();
        var preview = cut.Find("[data-testid=diff-description] [data-testid=diff-new]");
        Assert.Equal("<p>New</p>", preview.InnerHtml.Trim());
        Assert.Empty(cut.FindAll("script"));

        cut.Find("[data-testid=description-source]").Click();
        var source = cut.Find("[data-testid=diff-description] [data-testid=diff-new]");
        Assert.Equal("pre", source.LocalName);
        Assert.Contains("<script>alert('x')</script>", source.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void WrapsLongValuesInsteadOfCuttingThem()
    {
        var longTitle = new string('x', 400);
        var cut = Render<FieldDiff>(p => p.Add(d => d.FieldChanges, $$$"""{"title":{"old":"a","new":"{{{longTitle}}}"}}"""));

        Assert.Equal("now " + longTitle, cut.Find("[data-testid=diff-new]").TextContent);
    }
}
