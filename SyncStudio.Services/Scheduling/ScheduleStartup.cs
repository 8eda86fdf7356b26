using SyncStudio.Services.Setup;

namespace SyncStudio.Services.Scheduling;

/// <summary>
/// Registers the enabled schedules with Quartz once the database is ready, after interrupted batches are closed (so a
/// batch left "running" by a dead process does not make the catch-up firing skip). Quartz starts firing them when
/// the app has started.
/// </summary>
public sealed class ScheduleStartup(ScheduleService schedules) : IStartupStep
{
    public int Order => 20;

    public Task RunAsync(CancellationToken ct) => schedules.RegisterAllAsync(ct);
}
