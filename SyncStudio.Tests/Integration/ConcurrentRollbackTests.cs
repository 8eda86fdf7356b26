using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Two rollbacks of one change sent at once: one rolls it back, the other is refused with 409 and the error shape,
/// never a 500, whichever way their starts race for the store lock.
/// </summary>
public sealed class ConcurrentRollbackTests
{
    private const int Pairs = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoRollbacksOfOneChangeAtOnceAnswerOneOkAndOneConflictEvenWhenTheWinnerEndsBeforeTheLoserLooksAtTheLock()
    {
        var race = new StartRace();
        await using var h = await SyncHarness.StartAsync("synthetic:10:5",
            // The sweep of expired leases also frees locks: kept out of the way of the staged race.
            settings: new Dictionary<string, string?> { ["Batches:LeaseDuration"] = "01:00:00" },
            services: s => s.ConfigureDbContext<SqliteSyncStudioDbContext>(o => o.AddInterceptors(race)));
        await h.AgreeOnEverythingAsync();
        await using (var db = await h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct))
            await db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, p => p.Title + " (edited)"), Ct);
        var pullId = (await h.PullAsync(new { sync_type = "full" })).GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { batch_id = pullId, sync_direction = "push_to_shopify", notes = "edits" }, Ct));
        var push = await h.PushAsync(new { batch_id = pullId, confirm = true });
        Assert.Equal(Pairs, push.GetProperty("summary").GetProperty("successful").GetInt32());
        var applied = (await h.StagedAsync($"batch_id={pullId}&status=applied")).Select(c => c.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(Pairs, applied.Count);

        foreach (var id in applied)
        {
            // Both starts see a free store; one takes the lock, the other's insert fails on the lock's unique index,
            // and the winner ends before the loser reads who holds the lock.
            race.Arm();
            var answers = await Task.WhenAll(RollbackAsync(h, id), RollbackAsync(h, id));
            race.Disarm();

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            var refused = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.OK);
            await ApiAssert.ErrorAsync(refused, HttpStatusCode.Conflict);
            Assert.Single(await h.StagedAsync($"batch_id={pullId}&status=rolled_back"), c => c.GetProperty("id").GetInt32() == id);
        }
        // Every pair went through the race, not around it.
        Assert.Equal(Pairs, race.LostInserts);
    }

    [Fact]
    public async Task AForcedRollbackWhoseTwinEndedBeforeItsBatchStartedWritesNothingAndAnswersConflict()
    {
        var overtake = new OvertakeAtBatchStart();
        await using var h = await SyncHarness.StartAsync("synthetic:2:5",
            services: s => s.ConfigureDbContext<SqliteSyncStudioDbContext>(o => o.AddInterceptors(overtake)));
        await h.AgreeOnEverythingAsync();
        await using (var db = await h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct))
            await db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, p => p.Title + " (edited)"), Ct);
        var pullId = (await h.PullAsync(new { sync_type = "full" })).GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { batch_id = pullId, sync_direction = "push_to_shopify", notes = "edits" }, Ct));
        await h.PushAsync(new { batch_id = pullId, confirm = true });
        var id = (await h.StagedAsync($"batch_id={pullId}&status=applied")).First().GetProperty("id").GetInt32();
        var logStart = h.Simulator.Simulator.GetMutationLog().Select(e => e.Sequence).DefaultIfEmpty(0).Max();

        // The second rollback passes the request's check (the change is applied); before its batch exists, the first
        // runs from start to end. Both are forced, so only the status read inside the batch can stop the second.
        overtake.Arm(() => RollbackAsync(h, id, force: true));
        var second = await RollbackAsync(h, id, force: true);

        var first = Assert.IsType<HttpResponseMessage>(overtake.Overtaker);
        await ApiAssert.OkAsync(first);
        await ApiAssert.ErrorAsync(second, HttpStatusCode.Conflict);
        var writes = h.Simulator.Simulator.GetMutationLog().Where(e => e.Sequence > logStart).ToList();
        Assert.Equal(["productUpdate"], writes.Select(e => e.Operation));
    }

    [Fact]
    public async Task ALocalEditMadeWhileARollbackRunsIsKeptAndTheRollbackAnswersConflict()
    {
        var hook = new BeforeVersionsRead();
        await using var h = await SyncHarness.StartAsync("synthetic:2:5",
            services: s => s.ConfigureDbContext<SqliteSyncStudioDbContext>(o => o.AddInterceptors(hook)));
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var localId = await h.LocalIdAsync(product.Handle);
        await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { title = "Retitled locally" }, Ct));
        var pullId = (await h.PullAsync(new { sync_type = "full" })).GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = pullId, notes = "edit" }, Ct));
        await h.PushAsync(new { batch_id = pullId, confirm = true });
        var id = Assert.Single(await h.StagedAsync($"batch_id={pullId}&status=applied")).GetProperty("id").GetInt32();

        // The rollback has read the product and found it as the apply left it when it reads the product's versions:
        // another field is edited right then, before the rollback writes the local side back.
        hook.Arm(async () => await ApiAssert.OkAsync(await h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { vendor = "Edited meanwhile" }, Ct)));
        var rollback = await RollbackAsync(h, id, force: false);
        Assert.True(hook.Fired);

        await ApiAssert.ErrorAsync(rollback, HttpStatusCode.Conflict);
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{localId}", Ct));
        Assert.Equal("Edited meanwhile", local.GetProperty("vendor").GetString());
        Assert.Single(await h.StagedAsync($"batch_id={pullId}&status=applied"));
    }

    /// <summary>At the next rollback batch's insert, runs another request to its end first (once).</summary>
    private sealed class OvertakeAtBatchStart : DbCommandInterceptor
    {
        private Func<Task<HttpResponseMessage>>? _overtaker;

        public HttpResponseMessage? Overtaker { get; private set; }

        public void Arm(Func<Task<HttpResponseMessage>> overtaker) => _overtaker = overtaker;

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("INSERT INTO \"sync_batches\"", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _overtaker, null) is { } overtaker)
                Overtaker = await overtaker();
            return result;
        }
    }

    private static Task<HttpResponseMessage> RollbackAsync(SyncHarness h, int id, bool force) =>
        h.Admin.PostAsJsonAsync($"/api/sync/rollback/{id}", new { reason = "undo", force }, Ct);

    private static Task<HttpResponseMessage> RollbackAsync(SyncHarness h, int id) =>
        h.Admin.PostAsJsonAsync($"/api/sync/rollback/{id}", new { reason = "undo" }, Ct);

    /// <summary>
    /// Stages the race of two batch starts: both read the store lock free, then both insert; the winner's end (the
    /// update that releases the lock) waits until the loser's insert failed, and the loser's next look at the lock
    /// waits until the winner released it. Each hold gives up after a while, so a path that does not race still ends.
    /// </summary>
    private sealed class StartRace : DbCommandInterceptor
    {
        private static readonly TimeSpan Hold = TimeSpan.FromSeconds(20);
        private readonly Lock _gate = new();
        private bool _armed;
        private int _reads;
        private bool _insertFailed;
        private TaskCompletionSource _bothRead = New();
        private TaskCompletionSource _lost = New();
        private TaskCompletionSource _released = New();

        public int LostInserts { get; private set; }

        public void Arm()
        {
            lock (_gate)
            {
                (_armed, _reads, _insertFailed) = (true, 0, false);
                (_bothRead, _lost, _released) = (New(), New(), New());
            }
        }

        public void Disarm()
        {
            lock (_gate)
            {
                _armed = false;
                _bothRead.TrySetResult();
                _lost.TrySetResult();
                _released.TrySetResult();
            }
        }

        /// <summary>The loser's look at the lock after its insert failed waits until the winner released it.</summary>
        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (IsHolderRead(command))
            {
                Task wait;
                lock (_gate)
                    wait = _armed && _insertFailed ? _released.Task : Task.CompletedTask;
                await Quietly(wait);
            }
            return result;
        }

        /// <summary>The first two looks at the lock both read it (free) before either goes on to insert.</summary>
        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (IsHolderRead(command))
            {
                Task wait = Task.CompletedTask;
                lock (_gate)
                {
                    if (_armed && !_insertFailed)
                    {
                        if (++_reads >= 2)
                            _bothRead.TrySetResult();
                        wait = _bothRead.Task;
                    }
                }
                await Quietly(wait);
            }
            return result;
        }

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("INSERT INTO \"sync_batches\"", StringComparison.Ordinal))
            {
                lock (_gate)
                {
                    if (_armed && !_insertFailed)
                    {
                        _insertFailed = true;
                        LostInserts++;
                        _lost.TrySetResult();
                    }
                }
            }
            return Task.CompletedTask;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (IsLockRelease(command))
            {
                Task wait;
                lock (_gate)
                    wait = _armed ? _lost.Task : Task.CompletedTask;
                await Quietly(wait);
            }
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            if (IsLockRelease(command) && result > 0)
            {
                lock (_gate)
                    _released.TrySetResult();
            }
            return ValueTask.FromResult(result);
        }

        private static bool IsHolderRead(DbCommand command) =>
            command.CommandText.Contains("FROM \"sync_batches\"", StringComparison.Ordinal)
            && command.CommandText.Contains("\"active_lock\" = 'store'", StringComparison.Ordinal)
            && !command.CommandText.Contains("UPDATE", StringComparison.Ordinal);

        private static bool IsLockRelease(DbCommand command) =>
            command.CommandText.Contains("UPDATE \"sync_batches\"", StringComparison.Ordinal)
            && command.CommandText.Contains("\"active_lock\" = NULL", StringComparison.Ordinal);

        private static async Task Quietly(Task wait)
        {
            try
            {
                await wait.WaitAsync(Hold);
            }
            catch (TimeoutException)
            {
            }
        }

        private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
