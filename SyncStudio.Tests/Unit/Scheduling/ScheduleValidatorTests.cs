using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SyncStudio.Data;
using SyncStudio.Services.Scheduling;

namespace SyncStudio.Tests.Unit.Scheduling;

public class ScheduleValidatorTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private static ScheduleInput Valid => new() { Name = "Nightly", CronExpression = "0 0 2 * * ?" };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static IReadOnlyDictionary<string, string> Errors(ScheduleInput input)
    {
        var validation = ScheduleValidator.Validate(input, Clock);
        Assert.False(validation.IsValid);
        return validation.Errors;
    }

    [Fact]
    public void AMinimalScheduleGetsTheDefaults()
    {
        var schedule = ScheduleValidator.Validate(Valid, Clock).Schedule;

        Assert.NotNull(schedule);
        Assert.Equal("UTC", schedule.TimeZone);
        Assert.Equal(SyncTypes.Incremental, schedule.SyncType);
        Assert.True(schedule.Enabled);
        Assert.Null(schedule.Filters);
    }

    [Theory]
    [InlineData("every day")]
    [InlineData("0 0 25 * * ?")]
    [InlineData("61 * * * * ?")]
    [InlineData("* * * * * * * *")]
    public void ABadCronIsAnErrorOnCronExpression(string cron)
    {
        var errors = Errors(Valid with { CronExpression = cron });

        Assert.Equal(["cron_expression"], errors.Keys);
        Assert.Contains("not a valid cron expression", errors["cron_expression"], StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingOrOverlongCronIsAnErrorOnCronExpression()
    {
        Assert.Equal("is required", Errors(Valid with { CronExpression = " " })["cron_expression"]);
        Assert.Contains("at most 120", Errors(Valid with { CronExpression = new string('*', 121) })["cron_expression"], StringComparison.Ordinal);
    }

    [Fact]
    public void ACronThatNeverFiresAgainIsRefused()
    {
        Assert.Equal("never fires again", Errors(Valid with { CronExpression = "0 0 0 1 1 ? 2020" })["cron_expression"]);
    }

    [Fact]
    public void AFiveFieldCrontabIsStoredInQuartzFormFiringAtTheSameTimes()
    {
        var stored = ScheduleValidator.Validate(Valid with { CronExpression = "0 2 * * *" }, Clock).Schedule?.CronExpression;

        Assert.NotNull(stored);
        Assert.Equal(6, stored.Split(' ').Length);
        Assert.Equal(CronCalendar.NextFireTimes("0 0 2 * * ?", "UTC", Clock.GetUtcNow()), CronCalendar.NextFireTimes(stored, "UTC", Clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("Romance Standard Time")]
    [InlineData("America/Los_Angeles")]
    [InlineData("UTC")]
    public void IanaAndWindowsTimeZonesAreAccepted(string zone)
    {
        Assert.True(ScheduleValidator.Validate(Valid with { TimeZone = zone }, Clock).IsValid);
    }

    [Theory]
    [InlineData("Europe/Atlantis")]
    [InlineData("GMT+25")]
    public void AnUnknownTimeZoneIsAnErrorOnTimeZone(string zone)
    {
        Assert.Equal(["time_zone"], Errors(Valid with { TimeZone = zone }).Keys);
    }

    [Fact]
    public void TheNameIsRequiredAndBounded()
    {
        Assert.Equal("is required", Errors(Valid with { Name = "  " })["name"]);
        Assert.Contains("at most 255", Errors(Valid with { Name = new string('n', 256) })["name"], StringComparison.Ordinal);
        Assert.True(ScheduleValidator.Validate(Valid with { Name = new string('n', 255) }, Clock).IsValid);
    }

    [Theory]
    [InlineData("webhook")]
    [InlineData("push")]
    [InlineData("FULL")]
    public void OnlyFullAndIncrementalPullsCanBeScheduled(string type)
    {
        Assert.Equal(["sync_type"], Errors(Valid with { SyncType = type }).Keys);
    }

    [Fact]
    public void FiltersTakeOnlyUpdatedSinceAndCollectionId()
    {
        var errors = Errors(Valid with { Filters = Json("""{"updated_since":"yesterday","collection_id":"abc","vendor":"Acme"}""") });

        Assert.Equal(["filters.collection_id", "filters.updated_since", "filters.vendor"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("must be an object", Errors(Valid with { Filters = Json("[1]") })["filters"]);
    }

    [Fact]
    public void FiltersAreReadAsThePullReadsThem()
    {
        var schedule = ScheduleValidator.Validate(Valid with
        {
            Filters = Json("""{"updated_since":"2026-11-01T00:00:00+01:00","collection_id":"gid://shopify/Collection/841564295"}"""),
        }, Clock).Schedule;

        Assert.NotNull(schedule?.Filters);
        Assert.Equal(new DateTime(2026, 10, 31, 23, 0, 0, DateTimeKind.Utc), schedule.Filters.UpdatedSince);
        Assert.Equal("841564295", schedule.Filters.CollectionId);
        Assert.Null(ScheduleValidator.Validate(Valid with { Filters = Json("{}") }, Clock).Schedule!.Filters);
    }
}
