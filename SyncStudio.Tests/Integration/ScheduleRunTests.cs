using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using SyncStudio.Data;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Scheduling;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Schedules running in the real app: Quartz on a fake clock fires at the cron time, a firing while the store is held
/// is skipped and recorded, and a firing missed while the app was down runs once at the next start.
/// </summary>
public sealed class ScheduleRunTests
{
    private const string EveryMinute = "0 * * * * ?";
    private const string Hourly = "0 0 * * * ?";
    private const string NewYear = "0 0 2 1 1 ?";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AScheduleFiresAtItsCronTimeAndStartsAPullAttributedToTheSchedule()
    {
        // The fake clock starts at the real time so tokens stay valid; the cron comes due within the minute.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var firings = new JobFirings();
        await using var app = new SyncStudioApp(services: s => UseClockAndListener(s, clock, firings));
        using var client = await app.ClientAsAsync(Roles.Admin);
        var adminId = await app.EnsureUserAsync(SyncStudioApp.AdminEmail, Roles.Admin);

        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/sync/schedules",
            new { name = "Every minute", cron_expression = EveryMinute, sync_type = "full" }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var due = created.GetProperty("next_fire_times")[0].GetDateTime().ToUniversalTime();
        var triggers = app.Services.GetRequiredService<ScheduleTriggers>();
        Assert.Equal(due, (await triggers.NextFireTimeAsync(id, Ct))?.UtcDateTime);
        Assert.True(firings.IsEmpty);

        clock.SetUtcNow(new DateTimeOffset(due));

        Assert.Equal(id, await firings.NextAsync(Patience));
        var read = await ApiAssert.OkAsync(await client.GetAsync($"/api/sync/schedules/{id}", Ct));
        Assert.Equal(due, read.GetProperty("last_fired_at").GetDateTime().ToUniversalTime());
        var batchId = read.GetProperty("last_batch_id").GetString();
        Assert.StartsWith("pull_", batchId, StringComparison.Ordinal);
        Assert.DoesNotContain(ScheduleOutcomes.SkippedPrefix, read.GetProperty("last_outcome").GetString(), StringComparison.Ordinal);
        Assert.Equal(due.AddMinutes(1), (await triggers.NextFireTimeAsync(id, Ct))?.UtcDateTime);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
        var batch = await db.SyncBatches.AsNoTracking().SingleAsync(b => b.BatchId == batchId, Ct);
        Assert.Equal(id, batch.ScheduleId);
        Assert.NotEqual(adminId, batch.CreatedById);
        Assert.Equal(SystemActors.Schedule, (await db.Users.AsNoTracking().SingleAsync(u => u.Id == batch.CreatedById, Ct)).SystemActor);
        Assert.Equal(SyncTypes.Full, batch.SyncType);
        Assert.Contains("\"Every minute\"", batch.Configuration, StringComparison.Ordinal);
        var shown = (await ApiAssert.OkAsync(await client.GetAsync($"/api/sync/batches/{batchId}", Ct))).GetProperty("item");
        Assert.Equal("schedule", shown.GetProperty("source").GetString());
        Assert.Equal("Schedule: Every minute", shown.GetProperty("created_by_name").GetString());
        Assert.Equal(id, shown.GetProperty("schedule_id").GetInt32());
    }

    [Fact]
    public async Task AFiringWhileAPushHoldsTheStoreIsSkippedAndRecordedNotQueued()
    {
        var firings = new JobFirings();
        await using var app = new SyncStudioApp(services: s => s.AddQuartz(q => firings.AttachTo(q)));
        using var client = await app.ClientAsAsync(Roles.Admin);
        var adminId = await app.EnsureUserAsync(SyncStudioApp.AdminEmail, Roles.Admin);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/sync/schedules",
            new { name = "Yearly", cron_expression = NewYear }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var triggers = app.Services.GetRequiredService<ScheduleTriggers>();

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = await app.Services.GetRequiredService<BatchRunner>().StartAsync(
            new BatchRequest(SyncDirections.PushToShopify, SyncTypes.Push, "Holding the store", adminId),
            async (_, token) =>
            {
                await release.Task.WaitAsync(token);
                return null;
            }, Ct);
        Assert.Equal(BatchStartOutcome.Started, held.Outcome);

        await triggers.FireNowAsync(id, Ct);
        Assert.Equal(id, await firings.NextAsync(Patience));

        var read = await ApiAssert.OkAsync(await client.GetAsync($"/api/sync/schedules/{id}", Ct));
        Assert.Equal($"skipped: {held.BatchId} was running", read.GetProperty("last_outcome").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, read.GetProperty("last_fired_at").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("last_batch_id").ValueKind);
        await using (var db = await DbAsync(app))
        {
            var audit = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == "schedule_skipped" && a.EntityId == id.ToString(), Ct);
            Assert.Contains(held.BatchId, audit.Data, StringComparison.Ordinal);
            Assert.Equal(0, await db.SyncBatches.CountAsync(b => b.ScheduleId == id, Ct));
        }

        release.SetResult();
        Assert.Equal(BatchStatuses.Completed, (await held.Completion!).Status);
        await using (var db = await DbAsync(app))
            Assert.Equal(0, await db.SyncBatches.CountAsync(b => b.ScheduleId == id, Ct));

        // The store is free: the next firing starts its pull.
        await triggers.FireNowAsync(id, Ct);
        Assert.Equal(id, await firings.NextAsync(Patience));
        read = await ApiAssert.OkAsync(await client.GetAsync($"/api/sync/schedules/{id}", Ct));
        Assert.StartsWith("pull_", read.GetProperty("last_batch_id").GetString(), StringComparison.Ordinal);
        await using (var db = await DbAsync(app))
            Assert.Equal(1, await db.SyncBatches.CountAsync(b => b.ScheduleId == id, Ct));
    }

    [Fact]
    public async Task AFiringMissedWhileTheAppWasDownRunsOnceAtStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "syncstudio-tests", Guid.NewGuid().ToString("N"));
        // Both runs sit on one frozen clock, so no cron comes due by itself during the test.
        var now = TimeProvider.System.GetUtcNow();
        var lastSlot = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var dayAgo = now.UtcDateTime.AddDays(-1);
        int missed, upToDate, paused;
        try
        {
            await using (var first = new SyncStudioApp(folder, services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now))))
            {
                using var client = await first.ClientAsAsync(Roles.Admin);
                missed = await CreateAsync(client, "Missed three hours", Hourly, enabled: true);
                upToDate = await CreateAsync(client, "Fired at the last slot", Hourly, enabled: true);
                paused = await CreateAsync(client, "Paused", Hourly, enabled: false);
                await using var db = await DbAsync(first);
                await SetHistoryAsync(db, missed, lastFired: lastSlot.AddHours(-3), dayAgo);
                await SetHistoryAsync(db, upToDate, lastFired: lastSlot, dayAgo);
                await SetHistoryAsync(db, paused, lastFired: lastSlot.AddHours(-3), dayAgo);
            }

            var firings = new JobFirings();
            await using var second = new SyncStudioApp(folder, services: s => UseClockAndListener(s, new FakeTimeProvider(now), firings));
            using var again = await second.ClientAsAsync(Roles.Admin);

            Assert.Equal(missed, await firings.NextAsync(Patience));
            var scheduler = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
            // No further firing is waiting for the job: only its cron trigger is left.
            var left = await scheduler.QueryTriggers(new TriggerQuery { Job = ScheduleTriggers.JobKeyOf(missed) }, Ct);
            Assert.Equal([ScheduleTriggers.TriggerKeyOf(missed)], left.Items.Select(t => t.Key));
            Assert.Equal([missed], firings.All);

            await using var check = await DbAsync(second);
            var rows = await check.SyncSchedules.AsNoTracking().ToDictionaryAsync(s => s.Id, Ct);
            Assert.Equal(now.UtcDateTime, rows[missed].LastFiredAt);
            Assert.StartsWith("pull_", rows[missed].LastBatchId, StringComparison.Ordinal);
            Assert.Equal(1, await check.SyncBatches.CountAsync(b => b.ScheduleId == missed, Ct));
            Assert.Equal(lastSlot, rows[upToDate].LastFiredAt);
            Assert.Equal(lastSlot.AddHours(-3), rows[paused].LastFiredAt);
            Assert.Equal(0, await check.SyncBatches.CountAsync(b => b.ScheduleId != null && b.ScheduleId != missed, Ct));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a pooled connection: the OS temp folder cleans it up.
            }
        }
    }

    private static void UseClockAndListener(IServiceCollection services, FakeTimeProvider clock, JobFirings firings)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddQuartz(q => firings.AttachTo(q));
    }

    private static async Task<int> CreateAsync(HttpClient client, string name, string cron, bool enabled)
    {
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/sync/schedules",
            new { name, cron_expression = cron, enabled }, Ct), HttpStatusCode.Created);
        return created.GetProperty("id").GetInt32();
    }

    private static Task<int> SetHistoryAsync(SyncStudioDbContext db, int id, DateTime lastFired, DateTime createdAt) =>
        db.SyncSchedules.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastFiredAt, lastFired)
            .SetProperty(x => x.CreatedAt, createdAt)
            .SetProperty(x => x.UpdatedAt, createdAt), Ct);

    private static async Task<SyncStudioDbContext> DbAsync(SyncStudioApp app) =>
        await app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct);

    /// <summary>Quartz's own hook: a signal each time a schedule's job has run, with the schedule's id.</summary>
    private sealed class JobFirings : IJobListener
    {
        private readonly Channel<int> _fired = Channel.CreateUnbounded<int>();
        private readonly ConcurrentQueue<int> _all = new();

        public string Name { get; } = "test-firings";

        public bool IsEmpty => _all.IsEmpty;

        public IReadOnlyList<int> All => [.. _all];

        public void AttachTo(IQuartzBuilder quartz) =>
            quartz.AddJobListener(this, [GroupMatcher<JobKey>.GroupEquals(ScheduleTriggers.Group)]);

        public Task<int> NextAsync(TimeSpan patience) => _fired.Reader.ReadAsync(Ct).AsTask().WaitAsync(patience, Ct);

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => default;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => default;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
        {
            var id = (int)context.MergedJobDataMap[SchedulePullJob.ScheduleIdKey]!;
            _all.Enqueue(id);
            _fired.Writer.TryWrite(id);
            return default;
        }

        public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress,
            CancellationToken cancellationToken) => default;
    }
}
