using System.Globalization;
using SyncStudio.Services.Scheduling;

namespace SyncStudio.Web.Components.Pages.Schedules;

/// <summary>Fire times as a merchant reads them: in the schedule's own time zone, with the zone named.</summary>
public static class ScheduleDisplay
{
    public static string InZone(DateTime utc, string? timeZone)
    {
        var zone = CronCalendar.FindTimeZone(timeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return local.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " " + (timeZone ?? "UTC");
    }

    public static string Filters(ScheduleFilters? filters)
    {
        if (filters is null)
            return "all products";
        var parts = new List<string>();
        if (filters.UpdatedSince is { } since)
            parts.Add($"updated since {since.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        if (filters.CollectionId is { } collection)
            parts.Add($"collection {collection}");
        return string.Join(", ", parts);
    }
}
