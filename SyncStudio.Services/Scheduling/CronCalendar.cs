using Quartz;

namespace SyncStudio.Services.Scheduling;

/// <summary>
/// The pure side of scheduling: reading a cron expression in a time zone, when it fires next, and whether a firing
/// was missed while the app was down. No scheduler, no database: the API, the page and the tests all call these.
/// </summary>
public static class CronCalendar
{
    public const int PreviewCount = 5;

    /// <summary>
    /// Reads Quartz's six- or seven-field form (seconds first), or a five-field crontab line, which is turned into the
    /// Quartz form that says the same thing (that is what gets stored and shown).
    /// </summary>
    public static bool TryParse(string? text, out CronExpression? expression, out string? error)
    {
        expression = null;
        error = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "is required";
            return false;
        }
        var format = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5 ? CronFormat.Unix : CronFormat.Quartz;
        try
        {
            expression = CronExpression.Parse(trimmed, format);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            error = $"is not a valid cron expression ({ex.Message})";
            return false;
        }
    }

    /// <summary>An IANA id (Europe/Paris) or a Windows id (Romance Standard Time); null when neither is known here.</summary>
    public static TimeZoneInfo? FindTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    /// <summary>The expression with its time zone, or null when either is invalid (stored rows were validated).</summary>
    public static CronExpression? Read(string cron, string timeZone) =>
        TryParse(cron, out var expression, out _) && FindTimeZone(timeZone) is { } zone ? expression!.WithTimeZone(zone) : null;

    /// <summary>The next <paramref name="count"/> fire times strictly after <paramref name="after"/>, in UTC.</summary>
    public static IReadOnlyList<DateTime> NextFireTimes(string cron, string timeZone, DateTimeOffset after, int count = PreviewCount)
    {
        var expression = Read(cron, timeZone);
        var times = new List<DateTime>(count);
        var from = after;
        while (expression is not null && times.Count < count && expression.GetNextValidTimeAfter(from) is { } next)
        {
            times.Add(next.UtcDateTime);
            from = next;
        }
        return times;
    }

    /// <summary>
    /// The misfire decision, made from the schedule row because Quartz's in-memory store forgets across restarts: the
    /// most recent slot the cron had before now, when that slot is after the schedule last fired (or, never fired,
    /// after it was created), and after its last edit (a slot passed while it was disabled or had another cron is
    /// not a missed firing). Null when nothing was missed. However many slots were missed, it is one firing.
    /// </summary>
    public static DateTime? MissedFiring(string cron, string timeZone, DateTime? lastFiredAt, DateTime createdAt, DateTime updatedAt,
        TimeProvider clock)
    {
        var expression = Read(cron, timeZone);
        if (expression is null)
            return null;
        var now = clock.GetUtcNow();
        var since = Utc(lastFiredAt ?? createdAt);
        if (Utc(updatedAt) > since)
            since = Utc(updatedAt);
        var latest = expression.GetPreviousValidTimeBefore(now.AddTicks(1));
        return latest is { } slot && slot > since ? slot.UtcDateTime : null;
    }

    /// <summary>SQLite gives back unspecified kinds; every stored time is UTC.</summary>
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
