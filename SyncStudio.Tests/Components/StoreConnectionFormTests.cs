using AngleSharp.Dom;
using Bunit;
using SyncStudio.Services.Shopify;
using SyncStudio.Web.Components.Pages.Settings;

namespace SyncStudio.Tests.Components;

/// <summary>The connection form checks with the service's rules before calling it, and never shows a token back.</summary>
public sealed class StoreConnectionFormTests : DashboardTestContext
{
    private readonly List<ShopifyConnectionInput> _saved = [];
    private readonly List<ShopifyConnectionInput> _tested = [];
    private ShopifyConnectionTest _testAnswer = new(ShopifyConnectionOutcome.Ok, new ShopifyShop("Trail Outfitters", "trail.myshopify.com", "Advanced", false, false));

    private IRenderedComponent<StoreConnectionForm> RenderForm(ShopifyConnectionView? saved = null) =>
        Render<StoreConnectionForm>(p => p
            .Add(f => f.Saved, saved)
            .Add(f => f.Test, input =>
            {
                _tested.Add(input);
                return Task.FromResult(_testAnswer);
            })
            .Add(f => f.Save, input =>
            {
                _saved.Add(input);
                var view = new ShopifyConnectionView(ShopifyConnectionService.NormaliseDomain(input.ShopDomain!), input.ApiVersion!, true, DateTime.UtcNow);
                return Task.FromResult(new ShopifyConnectionResult(ShopifyConnectionOutcome.Ok, view));
            }));

    private static IElement Field(IRenderedComponent<StoreConnectionForm> cut, string testId)
    {
        var element = cut.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public void AConnectionWithoutDomainOrTokenIsNeitherTestedNorSaved()
    {
        var cut = RenderForm();

        cut.Find("[data-testid=connection-save]").Click();
        cut.Find("[data-testid=connection-test]").Click();

        Assert.Empty(_saved);
        Assert.Empty(_tested);
        Assert.Contains("is required", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("mud-input-error", Field(cut, "connection-domain").ParentElement!.ParentElement!.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadApiVersionIsReportedAgainstItsField()
    {
        var cut = RenderForm();
        Field(cut, "connection-domain").Change("trail");
        Field(cut, "connection-version").Change("July");
        Field(cut, "connection-token").Change("shpat_abc");

        cut.Find("[data-testid=connection-save]").Click();

        Assert.Empty(_saved);
        Assert.Contains("must look like 2026-07", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ATestShowsTheShopsNameAndPlan()
    {
        var cut = RenderForm();
        Field(cut, "connection-domain").Change("trail");
        Field(cut, "connection-token").Change("shpat_abc");

        cut.Find("[data-testid=connection-test]").Click();

        Assert.Equal(new ShopifyConnectionInput("trail", "2026-07", "shpat_abc"), Assert.Single(_tested));
        Assert.Equal("Trail Outfitters", cut.Find("[data-testid=connection-shop-name]").TextContent);
        Assert.Equal("Advanced", cut.Find("[data-testid=connection-shop-plan]").TextContent);
    }

    [Fact]
    public void AFailedTestSaysWhy()
    {
        _testAnswer = new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed, Error: "Shop refused: HTTP 401 Unauthorized");
        var cut = RenderForm();
        Field(cut, "connection-domain").Change("trail");
        Field(cut, "connection-token").Change("shpat_abc");

        cut.Find("[data-testid=connection-test]").Click();

        Assert.Contains("HTTP 401", cut.Find("[data-testid=connection-test-failed]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void WithATokenStoredAnEmptyTokenKeepsItAndTheFieldStaysEmpty()
    {
        var cut = RenderForm(new ShopifyConnectionView("trail.myshopify.com", "2026-07", true, DateTime.UtcNow));

        Assert.Equal("trail.myshopify.com", Field(cut, "connection-domain").GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(Field(cut, "connection-token").GetAttribute("value")));
        Assert.Equal("password", Field(cut, "connection-token").GetAttribute("type"));
        Assert.Contains("leave empty to keep it", cut.Markup, StringComparison.Ordinal);
        Field(cut, "connection-version").Change("2026-10");

        cut.Find("[data-testid=connection-save]").Click();

        Assert.Equal(new ShopifyConnectionInput("trail.myshopify.com", "2026-10", null), Assert.Single(_saved));
    }

    [Fact]
    public void AfterSavingTheTokenLeavesTheForm()
    {
        var cut = RenderForm();
        Field(cut, "connection-domain").Change("trail");
        Field(cut, "connection-token").Change("shpat_secret_value");

        cut.Find("[data-testid=connection-save]").Click();

        Assert.Single(_saved);
        Assert.DoesNotContain("shpat_secret_value", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("trail.myshopify.com", Field(cut, "connection-domain").GetAttribute("value"));
    }
}
