using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Web.Components.Shared;
using SyncStudio.Web.Display;

namespace SyncStudio.Tests.Components;

/// <summary>Times are shown in the viewer's zone once the browser has named it, in UTC (and saying so) before.</summary>
public sealed class LocalTimeTests : DashboardTestContext
{
    private static readonly DateTime Applied = new(2026, 11, 25, 12, 0, 5, DateTimeKind.Utc);

    [Fact]
    public void ATimeIsShownInUtcUntilTheBrowserNamesItsZoneThenInThatZone()
    {
        var cut = Render<LocalTime>(p => p.Add(c => c.Value, Applied));
        Assert.Equal("2026-11-25 12:00:05 UTC", cut.Find("[data-testid=local-time]").TextContent);

        Assert.True(Services.GetRequiredService<ViewerTimeZone>().Set("Asia/Tokyo"));

        cut.WaitForAssertion(() => Assert.Equal("2026-11-25 21:00:05", cut.Find("[data-testid=local-time]").TextContent));
        Assert.Contains("12:00:05 UTC", cut.Find("[data-testid=local-time]").GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void AZoneTheServerDoesNotKnowLeavesTimesInUtc()
    {
        var viewer = Services.GetRequiredService<ViewerTimeZone>();

        Assert.False(viewer.Set("Mars/Olympus_Mons"));
        Assert.Equal("2026-11-25 12:00:05 UTC", viewer.Format(Applied));
    }

    [Fact]
    public void ADateFilterStartsAtMidnightInTheViewersZone()
    {
        var viewer = Services.GetRequiredService<ViewerTimeZone>();
        viewer.Set("America/New_York");

        Assert.Equal(new DateTime(2026, 11, 25, 5, 0, 0, DateTimeKind.Utc), viewer.StartOfDayUtc(new DateOnly(2026, 11, 25)));
    }
}
