using System.Globalization;

namespace SyncStudio.Web.Display;

/// <summary>
/// The time zone of the person looking at the dashboard: the browser's zone, asked once per circuit (the layout asks it
/// through JS interop on its first interactive render). Until then, and when the browser names a zone this server does
/// not know, times are shown in UTC and say so. Scoped: one per circuit.
/// </summary>
public sealed class ViewerTimeZone
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Whether the browser's zone is known (before: UTC, labelled).</summary>
    public bool Known { get; private set; }

    /// <summary>Raised once the zone is known, so times already on the page are shown again in it.</summary>
    public event Action? Changed;

    /// <summary>Takes the browser's IANA zone id (<c>Intl.DateTimeFormat().resolvedOptions().timeZone</c>).</summary>
    public bool Set(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId) || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone))
            return false;
        if (Known && zone.Id == Zone.Id)
            return true;
        Zone = zone;
        Known = true;
        Changed?.Invoke();
        return true;
    }

    /// <summary>The viewer's wall clock at <paramref name="utc"/>.</summary>
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>
    /// "2026-12-07 19:04:12" in the viewer's zone (with " UTC" while the zone is unknown); a dash for no time.
    /// </summary>
    public string Format(DateTime? utc, string format = "yyyy-MM-dd HH:mm:ss") =>
        utc is { } t ? ToLocal(t).ToString(format, CultureInfo.InvariantCulture) + (Known ? "" : " UTC") : "—";

    /// <summary>The UTC instant of midnight starting <paramref name="day"/> in the viewer's zone (for date filters).</summary>
    public DateTime StartOfDayUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a clock change starts the day an hour later.
        while (Zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }
}
