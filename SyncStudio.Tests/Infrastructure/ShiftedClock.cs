namespace SyncStudio.Tests.Infrastructure;

/// <summary>
/// The system clock moved on by a chosen amount: timers and timestamps stay real (batches progress, waits end), while
/// what the app reads as "now" can be put clearly after an event, where a second's truncation would otherwise blur
/// which came first.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
