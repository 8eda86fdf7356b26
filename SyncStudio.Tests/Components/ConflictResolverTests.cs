using System.Text.Json.Nodes;
using Bunit;
using SyncStudio.Services.Review;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

public sealed class ConflictResolverTests : DashboardTestContext
{
    private const string Changes = """
        {"price":{"old":29.99,"new":34.99,"base":25},"title":{"old":"Local title","new":"Shopify title","base":"Old title"},"vendor":{"old":"A","new":"B"}}
        """;

    private ConflictApproval? _approved;

    private IRenderedComponent<ConflictResolver> RenderResolver(params string[] paths) => Render<ConflictResolver>(p => p
        .Add(r => r.FieldChanges, Changes)
        .Add(r => r.ConflictPaths, paths)
        .Add(r => r.OnApprove, approval => _approved = approval));

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ConflictResolver> cut, string path, string choice) =>
        cut.Find($"[data-testid=conflict][data-path='{path}'] [data-testid=choose-{choice}]");

    private static bool ApproveDisabled(IRenderedComponent<ConflictResolver> cut) =>
        cut.Find("[data-testid=approve-resolution]").HasAttribute("disabled");

    [Fact]
    public void ShowsBaseLocalAndShopifySideBySide()
    {
        var cut = RenderResolver("title");

        var conflict = cut.Find("[data-testid=conflict][data-path='title']");
        Assert.Equal("Old title", conflict.QuerySelector("[data-testid=conflict-base]")!.TextContent);
        Assert.Equal("Local title", conflict.QuerySelector("[data-testid=conflict-local]")!.TextContent);
        Assert.Equal("Shopify title", conflict.QuerySelector("[data-testid=conflict-shopify]")!.TextContent);
    }

    [Fact]
    public void ADeletePushedToShopifyShowsShopifysValueOnTheShopifySide()
    {
        var cut = Render<ConflictResolver>(p => p
            .Add(r => r.FieldChanges, """{"title":{"old":"Retitled in Shopify","new":null,"base":"Old title"}}""")
            .Add(r => r.ConflictPaths, ["title"])
            .Add(r => r.SyncDirection, "push_to_shopify"));

        var conflict = cut.Find("[data-testid=conflict][data-path='title']");
        Assert.Equal("Retitled in Shopify", conflict.QuerySelector("[data-testid=conflict-shopify]")!.TextContent);
        Assert.NotEqual("Retitled in Shopify", conflict.QuerySelector("[data-testid=conflict-local]")!.TextContent);
    }

    [Fact]
    public void ApproveStaysDisabledUntilEveryPathHasAChoice()
    {
        var cut = RenderResolver("price", "title");
        Assert.True(ApproveDisabled(cut));

        Button(cut, "price", "shopify").Click();
        Assert.True(ApproveDisabled(cut));
        Assert.Equal("1 of 2 conflicts resolved", cut.Find("[data-testid=resolution-progress]").TextContent);

        Button(cut, "title", "local").Click();
        Assert.False(ApproveDisabled(cut));
    }

    [Fact]
    public void EmitsTheChoiceMadeForEachPath()
    {
        var cut = RenderResolver("price", "title");
        Button(cut, "price", "shopify").Click();
        Button(cut, "title", "local").Click();
        cut.Find("textarea[data-testid=resolution-notes]").Change("Shopify has the sale price");

        cut.Find("[data-testid=approve-resolution]").Click();

        Assert.NotNull(_approved);
        Assert.Equal(ConflictChoice.TakeShopify, _approved.Resolution["price"]);
        Assert.Equal(ConflictChoice.TakeLocal, _approved.Resolution["title"]);
        Assert.Equal("Shopify has the sale price", _approved.Notes);
    }

    [Fact]
    public void ReadsACustomValueForANumberAsJson()
    {
        var cut = RenderResolver("price");
        Button(cut, "price", "custom").Click();

        cut.Find("input[data-testid=custom-value]").Input("thirty");
        Assert.True(ApproveDisabled(cut));

        cut.Find("input[data-testid=custom-value]").Input("31.5");
        Assert.False(ApproveDisabled(cut));
        cut.Find("[data-testid=approve-resolution]").Click();

        Assert.Equal("""{"value":31.5}""", _approved!.Resolution["price"].ToJson().ToJsonString());
    }

    [Fact]
    public void TakesACustomValueForTextAsText()
    {
        var cut = RenderResolver("title");
        Button(cut, "title", "custom").Click();
        cut.Find("input[data-testid=custom-value]").Input("Merged title");

        cut.Find("[data-testid=approve-resolution]").Click();

        var choice = _approved!.Resolution["title"];
        Assert.Equal(ConflictChoice.Custom, choice.Kind);
        Assert.Equal("Merged title", choice.Value!.GetValue<string>());
    }

    [Fact]
    public void ChangingAChoiceReplacesTheEarlierOne()
    {
        var cut = RenderResolver("vendor");
        Button(cut, "vendor", "shopify").Click();
        Button(cut, "vendor", "local").Click();

        Assert.Equal("false", Button(cut, "vendor", "shopify").GetAttribute("aria-pressed"));
        Assert.Equal("true", Button(cut, "vendor", "local").GetAttribute("aria-pressed"));
        cut.Find("[data-testid=approve-resolution]").Click();
        Assert.Equal(JsonValue.Create("local").ToJsonString(), _approved!.Resolution["vendor"].ToJson().ToJsonString());
    }

    [Fact]
    public void ADeleteGoingToShopifyShowsShopifysTitleOnTheShopifySide()
    {
        // A delete staged toward Shopify: the product is gone locally, the merchant retitled it in Shopify. Its
        // field_changes hold Shopify's value as old and the deleted local side (null) as new.
        var cut = Render<ConflictResolver>(p => p
            .Add(r => r.FieldChanges, """{"title":{"old":"Retitled in Shopify","new":null,"base":"Original"}}""")
            .Add(r => r.ConflictPaths, ["title"])
            .Add(r => r.SyncDirection, "push_to_shopify")
            .Add(r => r.ChangeType, "delete"));

        var conflict = cut.Find("[data-testid=conflict][data-path='title']");
        Assert.Equal("Retitled in Shopify", conflict.QuerySelector("[data-testid=conflict-shopify]")!.TextContent);
        Assert.Equal("(deleted)", conflict.QuerySelector("[data-testid=conflict-local]")!.TextContent);
        Assert.Equal("Original", conflict.QuerySelector("[data-testid=conflict-base]")!.TextContent);
    }

    [Fact]
    public void AnUpdateGoingToShopifyShowsTheLocalValueOnTheLocalSide()
    {
        // In a push change old is Shopify's value and new the local one, whatever the change type.
        var cut = Render<ConflictResolver>(p => p
            .Add(r => r.FieldChanges, """{"vendor":{"old":"Shopify vendor","new":"Local vendor","base":"Old vendor"}}""")
            .Add(r => r.ConflictPaths, ["vendor"])
            .Add(r => r.SyncDirection, "push_to_shopify")
            .Add(r => r.ChangeType, "update"));

        var conflict = cut.Find("[data-testid=conflict][data-path='vendor']");
        Assert.Equal("Local vendor", conflict.QuerySelector("[data-testid=conflict-local]")!.TextContent);
        Assert.Equal("Shopify vendor", conflict.QuerySelector("[data-testid=conflict-shopify]")!.TextContent);
    }

    [Fact]
    public void ADeletePulledFromShopifyShowsTheLocalValueOnTheLocalSide()
    {
        var cut = Render<ConflictResolver>(p => p
            .Add(r => r.FieldChanges, """{"title":{"old":"Edited locally","new":null,"base":"Original"}}""")
            .Add(r => r.ConflictPaths, ["title"])
            .Add(r => r.SyncDirection, "pull_from_shopify")
            .Add(r => r.ChangeType, "delete"));

        var conflict = cut.Find("[data-testid=conflict][data-path='title']");
        Assert.Equal("Edited locally", conflict.QuerySelector("[data-testid=conflict-local]")!.TextContent);
        Assert.Equal("(deleted)", conflict.QuerySelector("[data-testid=conflict-shopify]")!.TextContent);
    }

    [Fact]
    public void ReadOnlyShowsTheSidesWithoutChoices()
    {
        var cut = Render<ConflictResolver>(p => p
            .Add(r => r.FieldChanges, Changes)
            .Add(r => r.ConflictPaths, ["price"])
            .Add(r => r.ReadOnly, true));

        Assert.NotNull(cut.Find("[data-testid=conflict-local]"));
        Assert.Empty(cut.FindAll("[data-testid=choose-shopify]"));
        Assert.Empty(cut.FindAll("[data-testid=approve-resolution]"));
    }

    [Fact]
    public void AWeightAndItsUnitAreResolvedToTheSameSide()
    {
        var cut = Render<ConflictResolver>(p => p
            .Add(r => r.FieldChanges, """{"variants[S].weight":{"old":1.5,"new":2,"base":1},"variants[S].weight_unit":{"old":"KILOGRAMS","new":"POUNDS","base":"KILOGRAMS"}}""")
            .Add(r => r.ConflictPaths, ["variants[S].weight", "variants[S].weight_unit"])
            .Add(r => r.OnApprove, approval => _approved = approval));

        cut.Find("[data-testid=conflict][data-path='variants[S].weight'] [data-testid=choose-shopify]").Click();
        Assert.Equal("2 of 2 conflicts resolved", cut.Find("[data-testid=resolution-progress]").TextContent);
        cut.Find("[data-testid=conflict][data-path='variants[S].weight_unit'] [data-testid=choose-local]").Click();
        cut.Find("[data-testid=approve-resolution]").Click();

        Assert.NotNull(_approved);
        Assert.Equal(ConflictChoice.Local, _approved.Resolution["variants[S].weight"].Kind);
        Assert.Equal(ConflictChoice.Local, _approved.Resolution["variants[S].weight_unit"].Kind);
        Assert.Equal(2, cut.FindAll("[data-testid=conflict-paired]").Count);
    }
}
