using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Json;
using SyncStudio.Services.Sync;
using SyncStudio.Services.Users;

namespace SyncStudio.Services.Scheduling;

public sealed record ScheduleDto(
    int Id,
    string Name,
    string CronExpression,
    string TimeZone,
    string SyncType,
    ScheduleFilters? Filters,
    bool Enabled,
    int CreatedBy,
    DateTime? LastFiredAt,
    string? LastBatchId,
    string? LastOutcome,
    IReadOnlyList<DateTime> NextFireTimes,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public enum ScheduleOutcome
{
    Ok,
    NotFound,
    Invalid,
}

public sealed record ScheduleResult(ScheduleOutcome Outcome, ScheduleDto? Schedule = null, IReadOnlyDictionary<string, string>? Errors = null);

public enum FireOutcome
{
    Started,

    /// <summary>A pull or push held the store: nothing was queued; the schedule's outcome names the running batch.</summary>
    Skipped,
    NotFound,
    Disabled,
}

public sealed record ScheduleFiring(FireOutcome Outcome, string? BatchId = null, Task<BatchResult>? Completion = null);

/// <summary>What <see cref="SyncSchedule.LastOutcome"/> says.</summary>
public static class ScheduleOutcomes
{
    public const string Started = "started";
    public const string SkippedPrefix = "skipped";

    public static string Skipped(string runningBatchId) => $"{SkippedPrefix}: {runningBatchId} was running";

    public static string Finished(BatchResult result) =>
        result.Error is null ? result.Status : $"{result.Status}: {result.Error}";
}

/// <summary>
/// Scheduled pulls: the schedules' CRUD (one code path for the API and the page, validated on every save and
/// rescheduled in Quartz at once), and what a firing does: start a pull as the schedule's owner, or, when a pull or
/// push already holds the store, skip and record it (never queue).
/// </summary>
public sealed class ScheduleService(
    IDbContextFactory<SyncStudioDbContext> factory,
    PullService pulls,
    ScheduleTriggers triggers,
    SystemActorDirectory actors,
    TimeProvider time,
    ILogger<ScheduleService> logger)
{
    private const string EntityType = "sync_schedule";
    private const int OutcomeLength = 255;

    public async Task<IReadOnlyList<ScheduleDto>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.SyncSchedules.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct);
        return rows.Select(ToDto).ToList();
    }

    public async Task<ScheduleDto?> FindAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return row is null ? null : ToDto(row);
    }

    public ScheduleValidation Validate(ScheduleInput input) => ScheduleValidator.Validate(input, time);

    public async Task<ScheduleResult> CreateAsync(ScheduleInput input, int actorId, CancellationToken ct)
    {
        var validation = Validate(input);
        if (!validation.IsValid)
            return new ScheduleResult(ScheduleOutcome.Invalid, Errors: validation.Errors);
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = new SyncSchedule { Name = "", CronExpression = "", CreatedById = actorId };
        Store(row, validation.Schedule!);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SyncSchedules.Add(row);
        await db.SaveChangesAsync(ct);
        AuditLog.Add(db, new AuditEntry(EntityType, Id(row.Id), "schedule_created", actorId, Notes: Describe(row)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await triggers.ApplyAsync(row, ct);
        return new ScheduleResult(ScheduleOutcome.Ok, ToDto(row));
    }

    public async Task<ScheduleResult> UpdateAsync(int id, ScheduleInput input, int actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSchedules.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (row is null)
            return new ScheduleResult(ScheduleOutcome.NotFound);
        var validation = Validate(input);
        if (!validation.IsValid)
            return new ScheduleResult(ScheduleOutcome.Invalid, Errors: validation.Errors);
        Store(row, validation.Schedule!);
        AuditLog.Add(db, new AuditEntry(EntityType, Id(id), "schedule_updated", actorId, Notes: Describe(row)));
        await db.SaveChangesAsync(ct);
        await triggers.ApplyAsync(row, ct);
        return new ScheduleResult(ScheduleOutcome.Ok, ToDto(row));
    }

    /// <summary>The dashboard's switch: the same save as an update, of one field.</summary>
    public async Task<ScheduleResult> SetEnabledAsync(int id, bool enabled, int actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSchedules.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (row is null)
            return new ScheduleResult(ScheduleOutcome.NotFound);
        row.Enabled = enabled;
        AuditLog.Add(db, new AuditEntry(EntityType, Id(id), enabled ? "schedule_enabled" : "schedule_disabled", actorId, Notes: row.Name));
        await db.SaveChangesAsync(ct);
        await triggers.ApplyAsync(row, ct);
        return new ScheduleResult(ScheduleOutcome.Ok, ToDto(row));
    }

    public async Task<ScheduleOutcome> DeleteAsync(int id, int actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSchedules.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (row is null)
            return ScheduleOutcome.NotFound;
        db.SyncSchedules.Remove(row);
        AuditLog.Add(db, new AuditEntry(EntityType, Id(id), "schedule_deleted", actorId, Notes: row.Name));
        await db.SaveChangesAsync(ct);
        await triggers.RemoveAsync(id, ct);
        return ScheduleOutcome.Ok;
    }

    /// <summary>
    /// At start: every enabled schedule gets its trigger, and one whose cron passed a slot while the app was down fires
    /// once now (Quartz's in-memory store remembers nothing across a restart, so the row decides).
    /// </summary>
    public async Task<int> RegisterAllAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.SyncSchedules.AsNoTracking().Where(s => s.Enabled).ToListAsync(ct);
        var caughtUp = 0;
        foreach (var row in rows)
        {
            await triggers.ApplyAsync(row, ct);
            if (CronCalendar.MissedFiring(row.CronExpression, row.TimeZone, row.LastFiredAt, row.CreatedAt, row.UpdatedAt, time) is { } missed)
            {
                logger.LogInformation("Schedule {ScheduleId} ({Name}) missed its firing at {Missed:o} while the app was down; firing once now",
                    row.Id, row.Name, missed);
                await triggers.FireNowAsync(row.Id, ct);
                caughtUp++;
            }
        }
        return caughtUp;
    }

    /// <summary>
    /// A firing: starts the pull named for the schedule, recorded as created by the scheduler's system actor and carrying
    /// the schedule's id, so it reads as started by its schedule, not by whoever made the schedule (docs/decisions/0012). When a pull or push holds the store,
    /// the firing is skipped and recorded (outcome, audit event, log), never queued.
    /// </summary>
    public async Task<ScheduleFiring> FireAsync(int id, CancellationToken ct)
    {
        SyncSchedule? row;
        await using (var db = await factory.CreateDbContextAsync(ct))
            row = await db.SyncSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (row is null)
            return new ScheduleFiring(FireOutcome.NotFound);
        if (!row.Enabled)
            return new ScheduleFiring(FireOutcome.Disabled);

        var firedAt = time.GetUtcNow().UtcDateTime;
        var filters = ReadFilters(row.Filters);
        var start = await pulls.StartAsync(new PullRequest
        {
            BatchName = Truncate($"Scheduled: {row.Name}", 255),
            SyncType = row.SyncType,
            UpdatedSince = filters?.UpdatedSince,
            CollectionId = filters?.CollectionId is { } collection ? long.Parse(collection, CultureInfo.InvariantCulture) : null,
            RequestedById = await actors.IdOfAsync(SystemActors.Schedule, ct),
            ScheduleId = row.Id,
            ScheduleName = row.Name,
        }, ct);

        await using var record = await factory.CreateDbContextAsync(ct);
        if (start.Outcome == BatchStartOutcome.AlreadyRunning)
        {
            var outcome = Truncate(ScheduleOutcomes.Skipped(start.BatchId), OutcomeLength);
            await record.SyncSchedules.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LastFiredAt, firedAt)
                .SetProperty(x => x.LastOutcome, outcome), ct);
            AuditLog.Add(record, new AuditEntry(EntityType, Id(id), "schedule_skipped", null, Notes: outcome,
                Data: SyncJson.Serialize(new { running_batch_id = start.BatchId, fired_at = firedAt })));
            await record.SaveChangesAsync(ct);
            logger.LogWarning("Schedule {ScheduleId} ({Name}) skipped: batch {BatchId} holds the store", id, row.Name, start.BatchId);
            return new ScheduleFiring(FireOutcome.Skipped, start.BatchId);
        }

        // Recorded with ExecuteUpdate so a firing does not count as an edit (updated_at is the last edit).
        await record.SyncSchedules.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastFiredAt, firedAt)
            .SetProperty(x => x.LastBatchId, start.BatchId)
            .SetProperty(x => x.LastOutcome, ScheduleOutcomes.Started), ct);
        logger.LogInformation("Schedule {ScheduleId} ({Name}) started pull {BatchId}", id, row.Name, start.BatchId);
        var completion = start.Completion is null ? null : RecordFinishAsync(id, start.Completion);
        return new ScheduleFiring(FireOutcome.Started, start.BatchId, completion);
    }

    /// <summary>When the pull ends, its status becomes the schedule's outcome (unless a later firing replaced it).</summary>
    private async Task<BatchResult> RecordFinishAsync(int id, Task<BatchResult> completion)
    {
        var result = await completion;
        try
        {
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            var outcome = Truncate(ScheduleOutcomes.Finished(result), OutcomeLength);
            await db.SyncSchedules.Where(s => s.Id == id && s.LastBatchId == result.BatchId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastOutcome, outcome), CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The app stopped with the pull: the batch row records how it ended.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not record the end of scheduled pull {BatchId}", result.BatchId);
        }
        return result;
    }

    private static void Store(SyncSchedule row, ScheduleDefinition schedule)
    {
        row.Name = schedule.Name;
        row.CronExpression = schedule.CronExpression;
        row.TimeZone = schedule.TimeZone;
        row.SyncType = schedule.SyncType;
        row.Filters = schedule.Filters is null ? null : SyncJson.Serialize(schedule.Filters);
        row.Enabled = schedule.Enabled;
    }

    private static ScheduleFilters? ReadFilters(string? json) => SyncJson.Deserialize<ScheduleFilters>(json);

    private ScheduleDto ToDto(SyncSchedule row) => new(
        row.Id, row.Name, row.CronExpression, row.TimeZone, row.SyncType, ReadFilters(row.Filters), row.Enabled, row.CreatedById,
        row.LastFiredAt, row.LastBatchId, row.LastOutcome,
        row.Enabled ? CronCalendar.NextFireTimes(row.CronExpression, row.TimeZone, time.GetUtcNow()) : [],
        row.CreatedAt, row.UpdatedAt);

    private static string Describe(SyncSchedule row) => $"{row.Name}: {row.SyncType} pull at \"{row.CronExpression}\" ({row.TimeZone})";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
