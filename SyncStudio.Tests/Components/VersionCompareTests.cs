using Bunit;
using MudBlazor;
using SyncStudio.Services.Json;
using SyncStudio.Services.Products;
using SyncStudio.Services.Sync;
using SyncStudio.Tests.Unit.Sync;
using SyncStudio.Web.Components.Pages.Products;

namespace SyncStudio.Tests.Components;

public sealed class VersionCompareTests : DashboardTestContext
{
    private static readonly DateTime Created = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static VersionDto Version(int number, ProductSnapshot snapshot) =>
        new(number, ProductHasher.ComputeHash(snapshot), "sync", "pull_from_shopify", $"chg_{number}", Created.AddDays(number), null,
            new RawJson(SnapshotJson.Serialize(snapshot)));

    private static List<string?> Paths(IRenderedComponent<VersionCompare> cut) =>
        cut.FindAll("[data-testid=diff-row]").Select(r => r.GetAttribute("data-path")).ToList();

    [Fact]
    public void ShowsWhatChangedBetweenTheNewestVersionAndTheOneBefore()
    {
        var v1 = Snapshots.Mug();
        var v2 = v1.WithPrice(34.99m);
        var v3 = v2 with { Vendor = "Camp Co" };

        var cut = Render<VersionCompare>(p => p.Add(c => c.Versions, [Version(3, v3), Version(2, v2), Version(1, v1)]));

        Assert.Equal(["3", "2", "1"], cut.FindAll("[data-testid=version-row]").Select(r => r.GetAttribute("data-version")));
        Assert.Equal(["vendor"], Paths(cut));
        Assert.Contains("v2", cut.FindAll("[data-testid=field-diff] th")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("v3", cut.FindAll("[data-testid=field-diff] th")[3].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyTwoVersionsCanBeCompared()
    {
        var v1 = Snapshots.Mug();
        var v2 = v1.WithPrice(34.99m);
        var v3 = v2 with { Vendor = "Camp Co" };
        var cut = Render<VersionCompare>(p => p.Add(c => c.Versions, [Version(3, v3), Version(2, v2), Version(1, v1)]));

        var selects = cut.FindComponents<MudSelect<int>>();
        cut.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync(1));

        Assert.Equal(["vendor", "price"], Paths(cut));
        Assert.Equal("was 29.99", cut.Find("[data-path=price] [data-testid=diff-old]").TextContent);
        Assert.Equal("now 34.99", cut.Find("[data-path=price] [data-testid=diff-new]").TextContent);
    }

    [Fact]
    public void WithOneVersionItComparesItWithTheLocalProductNow()
    {
        var v1 = Snapshots.Mug();
        var local = v1.WithInventory(60) with { Title = "Enamel Camp Mug" };

        var cut = Render<VersionCompare>(p => p
            .Add(c => c.Versions, [Version(1, v1)])
            .Add(c => c.Current, local));

        Assert.Equal(["title", "inventory_quantity"], Paths(cut));
        Assert.Equal("Local now", cut.FindAll("[data-testid=field-diff] th")[3].TextContent);
        Assert.Equal("-40%", cut.Find("[data-path=inventory_quantity] [data-testid=diff-delta]").TextContent.Trim());
    }

    [Fact]
    public void PickingTheSameVersionTwiceShowsNoDiff()
    {
        var v1 = Snapshots.Mug();
        var cut = Render<VersionCompare>(p => p.Add(c => c.Versions, [Version(2, v1.WithPrice(30m)), Version(1, v1)]));

        var selects = cut.FindComponents<MudSelect<int>>();
        cut.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync(1));

        Assert.NotNull(cut.Find("[data-testid=compare-same]"));
        Assert.Empty(cut.FindAll("[data-testid=diff-row]"));
    }

    [Fact]
    public void AProductWithNoVersionSaysWhenOneIsRecorded()
    {
        var cut = Render<VersionCompare>(p => p.Add(c => c.Versions, []).Add(c => c.Current, Snapshots.Mug()));

        Assert.NotNull(cut.Find("[data-testid=versions-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=compare-from]"));
    }
}
