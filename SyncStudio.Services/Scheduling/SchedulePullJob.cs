using Quartz;

namespace SyncStudio.Services.Scheduling;

/// <summary>
/// The Quartz job of a schedule: thin, it hands the firing to <see cref="ScheduleService"/>, which starts the pull (or
/// records why it did not). Never two firings of one schedule at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SchedulePullJob(ScheduleService schedules) : IJob
{
    public const string ScheduleIdKey = "schedule_id";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.MergedJobDataMap.TryGetValue(ScheduleIdKey, out var value) && value is int scheduleId)
            await schedules.FireAsync(scheduleId, cancellationToken);
    }
}
