using System.Diagnostics;

namespace SyncStudio.Services.Sync;

/// <summary>
/// Where a pull's time goes, phase by phase (Stopwatch ticks summed across threads), for the benchmark's breakdown.
/// Off unless <see cref="Enabled"/> is set: a timestamp costs nothing worth measuring, but nobody reads it otherwise.
/// </summary>
public static class PullProfile
{
    private static readonly string[] Names = ["read", "match", "load_locals", "load_bases", "compare", "to_rows", "dedupe_waiting", "write"];
    private static readonly long[] Ticks = new long[Names.Length];

    public static bool Enabled { get; set; }

    internal enum Phase
    {
        Read,
        Match,
        LoadLocals,
        LoadBases,
        Compare,
        ToRows,
        DedupeWaiting,
        Write,
    }

    internal static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    internal static void Stop(Phase phase, long started)
    {
        if (Enabled)
            Interlocked.Add(ref Ticks[(int)phase], Stopwatch.GetTimestamp() - started);
    }

    /// <summary>Seconds per phase since the last reset.</summary>
    public static IReadOnlyDictionary<string, double> Snapshot() =>
        Names.Select((name, i) => (name, seconds: Math.Round(Interlocked.Read(ref Ticks[i]) / (double)Stopwatch.Frequency, 2)))
            .ToDictionary(p => p.name, p => p.seconds);

    public static void Reset() => Array.Clear(Ticks);
}
