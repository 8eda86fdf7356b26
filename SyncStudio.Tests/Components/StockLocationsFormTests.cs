using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using SyncStudio.Services.Inventory;
using SyncStudio.Web.Components.Pages.Settings;

namespace SyncStudio.Tests.Components;

/// <summary>
/// The stock location mapping on Settings (docs/decisions/0019): Shopify's locations with the local key each feeds, the
/// default marked, and the list saved as a whole.
/// </summary>
public sealed class StockLocationsFormTests : DashboardTestContext
{
    private static readonly ShopifyLocationView[] Shopify =
    [
        new(101, "Shop floor", true),
        new(102, "Warehouse 2", false),
        new(103, "Warehouse 3", false),
    ];

    private static readonly StockLocationsView Saved = new(
        [new("default", "Shop", 101, "Shop floor"), new("warehouse-2", "Back room", 102, "Warehouse 2")], Shopify, null);

    private readonly List<IReadOnlyList<StockLocationInput>> _saves = [];
    private StockLocationResult? _answer;

    private IRenderedComponent<StockLocationsForm> RenderForm(StockLocationsView view) =>
        Render<StockLocationsForm>(p => p
            .Add(f => f.View, view)
            .Add(f => f.Save, input =>
            {
                _saves.Add(input);
                return Task.FromResult(_answer ?? new StockLocationResult(StockLocationOutcome.Ok, new StockLocationsView(
                    [.. input.Select(l => new StockLocationView(l.Key!, l.Name!, l.ShopifyLocationId ?? 101, null))], Shopify, null)));
            }));

    private static IElement Input(IElement scope, string testId)
    {
        var element = scope.QuerySelector($"[data-testid={testId}]")!;
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public void ShopifysLocationsShowTheLocalKeyEachFeedsAndTheDefaultIsMarked()
    {
        var cut = RenderForm(Saved);

        var rows = cut.FindAll("[data-testid=location-row]");
        Assert.Equal(["default", "warehouse-2"], rows.Select(r => r.GetAttribute("data-key")));
        Assert.NotNull(rows[0].QuerySelector("[data-testid=location-default]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=location-default]"));
        Assert.Null(rows[0].QuerySelector("[data-testid=location-remove]"));
        Assert.Equal(["default", "warehouse-2", "not synced"],
            cut.FindAll("[data-testid=shopify-location-key]").Select(c => c.TextContent.Trim()));
        Assert.Contains("primary", cut.FindAll("[data-testid=shopify-location-row]")[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAddedLocationIsSavedWithTheWholeListAndTheDefaultFollowsThePrimaryLocation()
    {
        var cut = RenderForm(Saved);

        cut.Find("[data-testid=location-add]").Click();
        var added = cut.FindAll("[data-testid=location-row]")[2];
        Input(added, "location-key").Input("warehouse-3");
        Input(cut.FindAll("[data-testid=location-row]")[2], "location-name").Change("Overflow");
        var select = cut.FindComponents<MudSelect<long?>>()[2];
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(103));
        cut.Find("[data-testid=locations-save]").Click();

        Assert.Equal(
            [new StockLocationInput("default", "Shop", null), new("warehouse-2", "Back room", 102), new("warehouse-3", "Overflow", 103)],
            Assert.Single(_saves));
        Assert.Equal(["default", "warehouse-2", "warehouse-3"], cut.FindAll("[data-testid=shopify-location-key]").Select(c => c.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=location-key]"));
    }

    [Fact]
    public void ARefusedSaveKeepsTheEditsAndSaysWhy()
    {
        _answer = new StockLocationResult(StockLocationOutcome.InUse,
            Errors: new Dictionary<string, string> { ["locations.warehouse-2"] = "still holds stock: move it to another location first" });
        var cut = RenderForm(Saved);

        cut.FindAll("[data-testid=location-row]")[1].QuerySelector("[data-testid=location-remove]")!.Click();
        cut.Find("[data-testid=locations-save]").Click();

        Assert.Equal([new StockLocationInput("default", "Shop", null)], Assert.Single(_saves));
        Assert.Contains("still holds stock", cut.Find("[data-testid=locations-errors]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["default"], cut.FindAll("[data-testid=location-row]").Select(r => r.GetAttribute("data-key")));
    }

    [Fact]
    public void WhenShopifyCannotBeReadTheMappingShowsAsSavedAndCannotBeChosen()
    {
        var cut = RenderForm(new StockLocationsView([new("default", "Shop", null, null)], null, "Shopify did not answer"));

        Assert.Contains("Shopify did not answer", cut.Find("[data-testid=locations-shopify-error]").TextContent, StringComparison.Ordinal);
        Assert.True(Assert.Single(cut.FindComponents<MudSelect<long?>>()).Instance.Disabled);
        Assert.Empty(cut.FindAll("[data-testid=shopify-location-row]"));
    }
}
