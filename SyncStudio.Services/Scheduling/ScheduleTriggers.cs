using Microsoft.Extensions.Logging;
using Quartz;
using SyncStudio.Data;

namespace SyncStudio.Services.Scheduling;

/// <summary>
/// Keeps Quartz in step with the <c>sync_schedules</c> rows: one durable job and one cron trigger per enabled
/// schedule, replaced on every save so an edit takes effect at once, removed when the schedule is disabled or deleted.
/// </summary>
public sealed class ScheduleTriggers(ISchedulerFactory factory, ILogger<ScheduleTriggers> logger)
{
    public const string Group = "sync-schedules";

    public static JobKey JobKeyOf(int scheduleId) => new($"schedule-{scheduleId}", Group);

    public static TriggerKey TriggerKeyOf(int scheduleId) => new($"schedule-{scheduleId}", Group);

    public async Task ApplyAsync(SyncSchedule schedule, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var zone = CronCalendar.FindTimeZone(schedule.TimeZone);
        if (!schedule.Enabled || zone is null || !CronCalendar.TryParse(schedule.CronExpression, out var expression, out _))
        {
            await scheduler.DeleteJob(JobKeyOf(schedule.Id), ct);
            return;
        }

        var job = JobBuilder.Create<SchedulePullJob>()
            .WithIdentity(JobKeyOf(schedule.Id))
            .WithDescription(schedule.Name)
            .UsingJobData(SchedulePullJob.ScheduleIdKey, schedule.Id)
            .StoreDurably()
            .Build();
        // A slot missed inside a running process (a long pause) fires once, as a slot missed while down does.
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(TriggerKeyOf(schedule.Id))
            .ForJob(job)
            .WithSchedule(CronScheduleBuilder.Create(expression!.WithTimeZone(zone)).InTimeZone(zone)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        var first = await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, ct);
        logger.LogInformation("Schedule {ScheduleId} ({Name}) next fires at {FirstFire:o}", schedule.Id, schedule.Name, first);
    }

    public async Task RemoveAsync(int scheduleId, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        await scheduler.DeleteJob(JobKeyOf(scheduleId), ct);
    }

    /// <summary>Fires the schedule's job once, now (the catch-up for a firing missed while the app was down).</summary>
    public async Task FireNowAsync(int scheduleId, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        await scheduler.TriggerJob(JobKeyOf(scheduleId), new JobDataMap(), ct);
    }

    /// <summary>When Quartz will next fire the schedule; null when it holds no trigger for it.</summary>
    public async Task<DateTimeOffset?> NextFireTimeAsync(int scheduleId, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var trigger = await scheduler.GetTrigger(TriggerKeyOf(scheduleId), ct);
        return trigger?.NextFireTimeUtc;
    }
}
