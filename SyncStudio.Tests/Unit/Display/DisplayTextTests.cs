using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Review;
using SyncStudio.Web.Display;

namespace SyncStudio.Tests.Unit.Display;

public sealed class FieldLabelsTests
{
    [Theory]
    [InlineData("compare_at_price", "Compare-at price", null)]
    [InlineData("body_html", "Description", null)]
    [InlineData("inventory_quantity", "Quantity", null)]
    [InlineData("handle", "URL handle", null)]
    [InlineData("variants[Small / Red].price", "Price", "Small / Red")]
    [InlineData("variants[A].B].sku", "SKU", "A].B")]
    [InlineData("variants[SKU-1]", "Variant", "SKU-1")]
    [InlineData("something_new", "something_new", null)]
    public void NamesAPathAsShopifysAdminNamesTheField(string path, string name, string? variant) =>
        Assert.Equal(new FieldLabel(name, variant), FieldLabels.Of(path));
}

public sealed class PluralTests
{
    [Theory]
    [InlineData(0, "change", "0 changes")]
    [InlineData(1, "change", "1 change")]
    [InlineData(2, "change", "2 changes")]
    [InlineData(3, "batch", "3 batches")]
    [InlineData(2, "entry", "2 entries")]
    [InlineData(12500, "product", "12,500 products")]
    public void CountsWithTheRightNoun(int count, string noun, string expected) => Assert.Equal(expected, Plural.Count(count, noun));
}

public sealed class MoneyTests
{
    [Theory]
    [InlineData(29.99, "USD", "$29.99")]
    [InlineData(1250, "EUR", "€1,250.00")]
    [InlineData(1500, "JPY", "¥1,500")]
    [InlineData(10, "CHF", "CHF 10.00")]
    [InlineData(29.99, null, "29.99")]
    [InlineData(-5, "GBP", "-£5.00")]
    public void WritesAnAmountInTheShopsCurrency(decimal amount, string? currency, string expected) =>
        Assert.Equal(expected, Money.Format(amount, currency));

    [Theory]
    [InlineData(29.99, 34.99, "+16.7%")]
    [InlineData(40, 30, "-25%")]
    [InlineData(10, 10, "0%")]
    public void WritesAMoveInPercentOfTheOldAmount(decimal old, decimal @new, string expected) =>
        Assert.Equal(expected, Money.Percent(Money.PercentChange(old, @new)!.Value));

    [Fact]
    public void AMoveFromZeroHasNoPercent() => Assert.Null(Money.PercentChange(0, 5));
}

public sealed class TagChangesTests
{
    [Fact]
    public void SplitsTagsIntoAddedRemovedAndKeptIgnoringCase()
    {
        var tags = TagChanges.Of(JsonNode.Parse("""["board","Home","sale"]"""), JsonNode.Parse("""["home","winter","board"]"""));

        Assert.Equal(["winter"], tags.Added);
        Assert.Equal(["sale"], tags.Removed);
        Assert.Equal(["home", "board"], tags.Kept);
    }

    [Fact]
    public void ReadsShopifysCommaSeparatedTagsAndNothingAsNone()
    {
        var tags = TagChanges.Of(null, JsonValue.Create("a, b ,,c"));

        Assert.Equal(["a", "b", "c"], tags.Added);
        Assert.Empty(tags.Removed);
    }
}

public sealed class TextDiffTests
{
    [Fact]
    public void MarksOnlyTheWordsThatChanged()
    {
        var segments = TextDiff.Words("Warm wool socks for winter", "Warm merino socks for winter");

        Assert.Equal(
            [new(DiffKind.Same, "Warm "), new(DiffKind.Removed, "wool"), new(DiffKind.Added, "merino"), new DiffSegment(DiffKind.Same, " socks for winter")],
            segments);
    }

    [Fact]
    public void TheSegmentsGiveBackBothTexts()
    {
        const string old = "One two  three\nfour";
        const string @new = "One three\nfour five";
        var segments = TextDiff.Words(old, @new);

        Assert.Equal(old, string.Concat(segments.Where(s => s.Kind != DiffKind.Added).Select(s => s.Text)));
        Assert.Equal(@new, string.Concat(segments.Where(s => s.Kind != DiffKind.Removed).Select(s => s.Text)));
    }

    [Fact]
    public void AnEmptySideIsAllAddedOrAllRemoved()
    {
        Assert.Equal([new DiffSegment(DiffKind.Added, "new text")], TextDiff.Words(null, "new text"));
        Assert.Equal([new DiffSegment(DiffKind.Removed, "old")], TextDiff.Words("old", ""));
    }
}

public sealed class HtmlTextTests
{
    [Fact]
    public void ReadsTheTextOfHtmlOneLinePerBlock() =>
        Assert.Equal("Soft & warm\nWool\nMerino", HtmlText.ToPlainText("<p>Soft &amp; <b>warm</b></p><ul><li>Wool</li><li>Merino</li></ul><script>alert(1)</script>"));

    [Fact]
    public void SanitisingRemovesScriptsHandlersAndJavascriptLinks()
    {
        var html = HtmlText.Sanitize("""<p onclick="steal()" style="position:fixed">Hi</p><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src="https://cdn.shopify.com/a.png" onerror="steal()">""");

        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("position", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<p>Hi</p>", html, StringComparison.Ordinal);
        Assert.Contains("https://cdn.shopify.com/a.png", html, StringComparison.Ordinal);
    }
}

public sealed class ChangeSubjectTests
{
    [Fact]
    public void NamesANewProductFromTheSnapshotItProposes()
    {
        var change = new StagedChangeDto
        {
            ChangeId = "c1",
            ChangeType = ChangeTypes.Create,
            SyncDirection = SyncDirections.PullFromShopify,
            Status = ChangeStatuses.Pending,
            ShopifyProductId = "8100000000300",
            ProposedData = new RawJson("""{"title":"The Complete Snowboard","vendor":"Snowboard Vendor","variants":[{"sku":null},{"sku":"SB-ICE"}]}"""),
        };

        var subject = ChangeSubject.Of(change);

        Assert.Equal(new ChangeSubject("The Complete Snowboard", "Snowboard Vendor", "SB-ICE", IsNew: true), subject);
        Assert.Equal("Snowboard Vendor · SB-ICE", subject.Details);
    }

    [Fact]
    public void NamesAKnownProductByItsLocalNameAndFallsBackToTheShopifyId()
    {
        var known = new StagedChangeDto
        {
            ChangeId = "c2",
            ChangeType = ChangeTypes.Update,
            SyncDirection = SyncDirections.PullFromShopify,
            Status = ChangeStatuses.Pending,
            Product = new ProductRef(1, "SKU-1", "Blue shirt"),
            ProposedData = new RawJson("""{"title":"Navy shirt"}"""),
        };
        var unknown = known with { Product = null, ProposedData = null, ShopifyProductId = "81" };

        Assert.Equal("Blue shirt", ChangeSubject.Of(known).Title);
        Assert.Equal("Shopify product 81", ChangeSubject.Of(unknown).Title);
    }
}
