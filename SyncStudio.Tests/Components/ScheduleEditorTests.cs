using Bunit;
using SyncStudio.Services.Scheduling;
using SyncStudio.Web.Components.Pages.Schedules;

namespace SyncStudio.Tests.Components;

/// <summary>The schedule form checks with the schedule validator, shows each message against its field, and previews the next runs.</summary>
public sealed class ScheduleEditorTests : DashboardTestContext
{
    private ScheduleInput? _saved;

    private IRenderedComponent<ScheduleEditor> RenderEditor(ScheduleForm form) =>
        Render<ScheduleEditor>(p => p
            .Add(e => e.Form, form)
            .Add(e => e.OnSave, input => _saved = input));

    private static Dictionary<string, string> Errors(IRenderedComponent<ScheduleEditor> cut) =>
        cut.FindAll("[data-testid=schedule-error]").ToDictionary(e => e.GetAttribute("data-field")!, e => e.TextContent);

    [Fact]
    public void ABadCronIsNotSavedAndTheMessageNamesCronExpression()
    {
        var cut = RenderEditor(new ScheduleForm { Name = "Nightly", CronExpression = "every night" });

        cut.Find("[data-testid=schedule-save]").Click();

        Assert.Null(_saved);
        Assert.Equal(["cron_expression"], Errors(cut).Keys);
        Assert.Contains("not a valid cron expression", cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=schedule-preview-empty]"));
    }

    [Fact]
    public void AScheduleWithoutANameOrWithAnUnknownZoneShowsBothMessages()
    {
        var cut = RenderEditor(new ScheduleForm { Name = " ", TimeZone = "Europe/Atlantis" });

        cut.Find("[data-testid=schedule-save]").Click();

        Assert.Null(_saved);
        var errors = Errors(cut);
        Assert.Equal("name: is required", errors["name"]);
        Assert.Contains("not a known time zone", errors["time_zone"], StringComparison.Ordinal);
    }

    [Fact]
    public void AValidScheduleIsSavedAndItsNextFiveRunsShowInItsTimeZone()
    {
        // The test clock is 25 November 2026 12:00 UTC: 06:00 in Paris comes next on the 26th.
        var cut = RenderEditor(new ScheduleForm { Name = "Morning", CronExpression = "0 0 6 * * ?", TimeZone = "Europe/Paris", CollectionId = "42" });

        var preview = cut.FindAll("[data-testid=schedule-preview-time]").Select(e => e.TextContent).ToList();
        Assert.Equal(5, preview.Count);
        Assert.Equal("Thu 26 Nov 2026 06:00 Europe/Paris", preview[0]);

        cut.Find("[data-testid=schedule-save]").Click();

        Assert.Empty(cut.FindAll("[data-testid=schedule-error]"));
        Assert.NotNull(_saved);
        var schedule = ScheduleValidator.Validate(_saved, Clock).Schedule;
        Assert.NotNull(schedule);
        Assert.Equal("Europe/Paris", schedule.TimeZone);
        Assert.Equal("42", schedule.Filters?.CollectionId);
    }
}
