using Microsoft.Extensions.Time.Testing;
using SyncStudio.Services.Scheduling;

namespace SyncStudio.Tests.Unit.Scheduling;

public class CronCalendarTests
{
    private const string Hourly = "0 0 * * * ?";

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static FakeTimeProvider ClockAt(DateTime utc) => new(new DateTimeOffset(utc));

    [Fact]
    public void NextFiveFireTimesFollowTheScheduleTimeZoneAcrossADaylightSavingChange()
    {
        // New York moves to daylight time on 8 March 2026: six in the morning is 11:00 UTC before, 10:00 UTC after.
        var times = CronCalendar.NextFireTimes("0 0 6 * * ?", "America/New_York", new DateTimeOffset(Utc(3, 6, 12)));

        Assert.Equal([Utc(3, 7, 11), Utc(3, 8, 10), Utc(3, 9, 10), Utc(3, 10, 10), Utc(3, 11, 10)], times);
        Assert.All(times, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public void AWindowsTimeZoneIdGivesTheSameTimesAsItsIanaId()
    {
        var after = new DateTimeOffset(Utc(3, 6, 12));

        Assert.Equal(CronCalendar.NextFireTimes("0 0 6 * * ?", "America/New_York", after),
            CronCalendar.NextFireTimes("0 0 6 * * ?", "Eastern Standard Time", after));
    }

    [Fact]
    public void NextFireTimesAreStrictlyAfterTheGivenInstant()
    {
        var times = CronCalendar.NextFireTimes(Hourly, "UTC", new DateTimeOffset(Utc(12, 1, 9)), 2);

        Assert.Equal([Utc(12, 1, 10), Utc(12, 1, 11)], times);
    }

    [Fact]
    public void AnInvalidCronOrTimeZoneHasNoFireTimes()
    {
        Assert.Empty(CronCalendar.NextFireTimes("not a cron", "UTC", DateTimeOffset.UnixEpoch));
        Assert.Empty(CronCalendar.NextFireTimes(Hourly, "Mars/Olympus_Mons", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void AFiveFieldCrontabLineIsReadAsTheQuartzExpressionThatSaysTheSame()
    {
        Assert.True(CronCalendar.TryParse("30 4 * * 1", out var expression, out _));

        Assert.Equal("0 30 4 ? * MON", expression!.CronExpressionString);
    }

    [Fact]
    public void ASlotPassedWhileTheAppWasDownIsMissed()
    {
        var missed = CronCalendar.MissedFiring(Hourly, "UTC", lastFiredAt: Utc(12, 1, 9), createdAt: Utc(11, 1, 0), updatedAt: Utc(11, 1, 0),
            ClockAt(Utc(12, 1, 10, 20)));

        Assert.Equal(Utc(12, 1, 10), missed);
    }

    [Fact]
    public void ManySlotsMissedAreOneFiringAtTheLatestSlot()
    {
        // Down from 08:30 to 12:30: 09:00, 10:00, 11:00 and 12:00 all passed. One firing, not four.
        var missed = CronCalendar.MissedFiring(Hourly, "UTC", Utc(12, 1, 8), Utc(11, 1, 0), Utc(11, 1, 0), ClockAt(Utc(12, 1, 12, 30)));

        Assert.Equal(Utc(12, 1, 12), missed);
    }

    [Fact]
    public void NothingIsMissedWhenTheLastSlotAlreadyFired()
    {
        var clock = ClockAt(Utc(12, 1, 10, 20));

        Assert.Null(CronCalendar.MissedFiring(Hourly, "UTC", Utc(12, 1, 10), Utc(11, 1, 0), Utc(11, 1, 0), clock));

        // The clock moving past the next slot, with no firing recorded, is a miss.
        clock.Advance(TimeSpan.FromMinutes(45));
        Assert.Equal(Utc(12, 1, 11), CronCalendar.MissedFiring(Hourly, "UTC", Utc(12, 1, 10), Utc(11, 1, 0), Utc(11, 1, 0), clock));
    }

    [Fact]
    public void ANeverFiredScheduleMissesOnlySlotsAfterItWasCreated()
    {
        Assert.Null(CronCalendar.MissedFiring(Hourly, "UTC", null, Utc(12, 1, 10, 5), Utc(12, 1, 10, 5), ClockAt(Utc(12, 1, 10, 50))));
        Assert.Equal(Utc(12, 1, 11),
            CronCalendar.MissedFiring(Hourly, "UTC", null, Utc(12, 1, 10, 5), Utc(12, 1, 10, 5), ClockAt(Utc(12, 1, 11, 1))));
    }

    [Fact]
    public void SlotsBeforeTheLastEditAreNotMissedFirings()
    {
        // Disabled at 08:00 after firing, re-enabled at 10:30: the 09:00 and 10:00 slots were not missed by a restart.
        Assert.Null(CronCalendar.MissedFiring(Hourly, "UTC", Utc(12, 1, 8), Utc(11, 1, 0), Utc(12, 1, 10, 30), ClockAt(Utc(12, 1, 10, 45))));
    }

    [Fact]
    public void TheMissedSlotIsReadInTheScheduleTimeZone()
    {
        // Nine in the morning in Paris is 08:00 UTC in December.
        var missed = CronCalendar.MissedFiring("0 0 9 * * ?", "Europe/Paris", Utc(11, 30, 8), Utc(11, 1, 0), Utc(11, 1, 0),
            ClockAt(Utc(12, 1, 8, 30)));

        Assert.Equal(Utc(12, 1, 8), missed);
        Assert.Null(CronCalendar.MissedFiring("0 0 9 * * ?", "Europe/Paris", Utc(11, 30, 8), Utc(11, 1, 0), Utc(11, 1, 0),
            ClockAt(Utc(12, 1, 7, 59))));
    }
}
