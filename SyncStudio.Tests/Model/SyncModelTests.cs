using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace SyncStudio.Tests.Model;

/// <summary>
/// The model-based test of the whole sync (decision record 0011): CsCheck generates histories of local and Shopify
/// edits, pulls, reviews, pushes under faults, rollbacks and CSV imports; each runs against the real app and the
/// simulator, with the invariants checked after every step and convergence at the end. A failure prints the seed of
/// the smallest failing history CsCheck found and that history, step by step.
/// <list type="bullet">
/// <item><c>SYNC_MODEL_HISTORIES</c>: how many histories (default 200, the CI budget).</item>
/// <item><c>SYNC_MODEL_SEED</c>: re-runs one history from its printed seed (and shrinks it further).</item>
/// <item><c>SYNC_MODEL_STEPS</c>: steps per history, <c>min-max</c> (default 30-40).</item>
/// <item><c>SYNC_MODEL_REPLAY</c>: runs one history as printed (<c>catalog [2,1] ops: PullFull(0,0,0); ...</c>).</item>
/// <item><c>SYNC_MODEL_MINIMISE=1</c>: cuts the smallest failing history down step by step and prints it for replay.</item>
/// <item><c>SYNC_MODEL_KNOWN_DEFECTS</c>: the open defects to steer around (default <see cref="KnownDefects.Open"/>;
/// <c>none</c> runs the full operation set).</item>
/// </list>
/// </summary>
public sealed class SyncModelTests
{
    /// <summary>
    /// 200 histories of 30-40 steps over the full operation set (the CI budget); <c>./build.sh soak N</c> runs as many as
    /// asked, and a printed seed or history re-runs one.
    /// </summary>
    [Fact]
    public Task HistoriesOfTheWholeSyncKeepEveryPromise() => RunAsync(KnownDefects.FromEnvironment());

    private static async Task RunAsync(KnownDefects defects)
    {
        var histories = int.Parse(Environment.GetEnvironmentVariable("SYNC_MODEL_HISTORIES") ?? "200", CultureInfo.InvariantCulture);
        var seed = Environment.GetEnvironmentVariable("SYNC_MODEL_SEED");
        var steps = (Environment.GetEnvironmentVariable("SYNC_MODEL_STEPS") ?? "30-40").Split('-');
        var (min, max) = (int.Parse(steps[0], CultureInfo.InvariantCulture), int.Parse(steps[^1], CultureInfo.InvariantCulture));
        var output = TestContext.Current.TestOutputHelper;

        var replay = Environment.GetEnvironmentVariable("SYNC_MODEL_REPLAY");
        var minimise = Environment.GetEnvironmentVariable("SYNC_MODEL_MINIMISE") is "1" or "true";

        await using var model = await SyncModel.StartAsync();
        var clock = Stopwatch.StartNew();
        // CPU time too: on a shared machine wall time says more about the neighbours than about the model.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var runs = 0;
        var totalSteps = 0;
        SyncHistory? smallest = null;
        InvariantViolationException? smallestFailure = null;
        async Task RunOneAsync(SyncHistory history)
        {
            runs++;
            try
            {
                await model.RunAsync(history, defects);
                totalSteps += model.StepsRun;
            }
            catch (InvariantViolationException e)
            {
                if (smallest is null || history.Ops.Length < smallest.Ops.Length)
                    (smallest, smallestFailure) = (history, e);
                throw;
            }
        }

        try
        {
            if (replay is not null)
                await RunOneAsync(SyncHistory.Parse(replay));
            else
                await SyncOperations.Histories(min, max).SampleAsync(RunOneAsync, writeLine: Report, seed: seed, iter: histories, threads: 1, print: h => h.ToString());
        }
        catch (Exception) when (minimise && smallest is not null)
        {
            var (minimal, failure) = await HistoryMinimiser.MinimiseAsync(smallest, smallestFailure!.Invariant, async h =>
            {
                try
                {
                    await model.RunAsync(h, defects);
                    return null;
                }
                catch (InvariantViolationException e)
                {
                    return e;
                }
            }, Report);
            Report($"minimised to {minimal.Ops.Length} steps: {failure}");
            Report($"SYNC_MODEL_REPLAY=\"{minimal}\"");
            Assert.Fail($"{failure}\nminimal history (re-run with SYNC_MODEL_REPLAY): {minimal}\nfirst failure: {smallestFailure.Message}");
        }
        finally
        {
            Report(string.Create(CultureInfo.InvariantCulture,
                $"sync model: {runs} histories, {totalSteps} steps in passing histories, {clock.Elapsed.TotalSeconds:F1} s " +
                $"({model.TimeRunning.TotalMilliseconds / Math.Max(1, model.HistoriesRun):F0} ms wall and " +
                $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, model.HistoriesRun):F0} ms CPU per history run, {model.HistoriesRun} run), known defects steered around: {defects}, seed: {seed ?? "random"}"));
        }

        void Report(string line)
        {
            output?.WriteLine(line);
            Console.Error.WriteLine(line);
        }
    }
}
