namespace SyncStudio.ShopifySimulator;

/// <summary>
/// The faults the simulator injects into Admin API requests. Counts ("next N requests") are exact;
/// rates draw from a random generator seeded with <see cref="Seed"/>, so a test that sets the same
/// seed and sends the same requests sees the same faults.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Fraction (0..1) of requests answered with <see cref="ServerErrorStatus"/> before anything runs.</summary>
    public double ServerErrorRate { get; init; }

    public int ServerErrorStatus { get; init; } = 503;

    /// <summary>The next N requests are answered THROTTLED (HTTP 200) without running.</summary>
    public int ThrottleNextRequests { get; init; }

    /// <summary>
    /// Fraction (0..1) of requests that start a burst of <see cref="ThrottleBurstLength"/> THROTTLED answers (that
    /// request and the next ones), as a shop whose bucket other apps drain now and then.
    /// </summary>
    public double ThrottleBurstRate { get; init; }

    public int ThrottleBurstLength { get; init; } = 3;

    /// <summary>Delay added to every request.</summary>
    public int LatencyMs { get; init; }

    /// <summary>The next N requests are held for <see cref="TimeoutHoldMs"/> (past a client's timeout) and not run.</summary>
    public int TimeoutNextRequests { get; init; }

    public double TimeoutRate { get; init; }

    public int TimeoutHoldMs { get; init; } = 120_000;

    /// <summary>The next N mutations are applied, then answered with a 502 as if the response were lost.</summary>
    public int LoseNextResponses { get; init; }

    public double LostResponseRate { get; init; }

    /// <summary>
    /// After each lost response, the next N requests are answered with <see cref="ServerErrorStatus"/> before anything
    /// runs: an outage that began as the write landed, so a client cannot read back what it wrote until it passes.
    /// </summary>
    public int ServerErrorsAfterLostResponse { get; init; }

    /// <summary>Seed for the rate-based faults; setting it restarts the random sequence.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>The switchable faults of one simulator (the in-process side of <c>/control/faults</c>).</summary>
public sealed class SimulatorFaults
{
    private readonly Lock _gate = new();
    private FaultSettings _settings = new();
    private Random _random = new(1);
    private int _outage;

    public FaultSettings Current
    {
        get
        {
            lock (_gate)
                return _settings;
        }
    }

    /// <summary>Replaces every fault setting (what is left out is off) and restarts the random sequence.</summary>
    public void Configure(FaultSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ServerErrorStatus, 500);
        lock (_gate)
        {
            _settings = settings;
            _random = new Random(settings.Seed);
            _outage = 0;
        }
    }

    public void Clear() => Configure(new FaultSettings());

    internal TimeSpan Latency
    {
        get
        {
            lock (_gate)
                return TimeSpan.FromMilliseconds(_settings.LatencyMs);
        }
    }

    /// <summary>Whether this request should be held past the client's timeout, and for how long.</summary>
    internal TimeSpan? TakeTimeout()
    {
        lock (_gate)
        {
            if (_settings.TimeoutNextRequests > 0)
            {
                _settings = _settings with { TimeoutNextRequests = _settings.TimeoutNextRequests - 1 };
                return TimeSpan.FromMilliseconds(_settings.TimeoutHoldMs);
            }

            return Draw(_settings.TimeoutRate) ? TimeSpan.FromMilliseconds(_settings.TimeoutHoldMs) : null;
        }
    }

    internal int? TakeServerError()
    {
        lock (_gate)
        {
            if (_outage > 0)
            {
                _outage--;
                return _settings.ServerErrorStatus;
            }

            return Draw(_settings.ServerErrorRate) ? _settings.ServerErrorStatus : null;
        }
    }

    internal bool TakeThrottle()
    {
        lock (_gate)
        {
            if (_settings.ThrottleNextRequests <= 0)
            {
                if (!Draw(_settings.ThrottleBurstRate))
                    return false;
                _settings = _settings with { ThrottleNextRequests = _settings.ThrottleBurstLength };
            }

            _settings = _settings with { ThrottleNextRequests = _settings.ThrottleNextRequests - 1 };
            return true;
        }
    }

    internal bool TakeLostResponse()
    {
        lock (_gate)
        {
            var lost = _settings.LoseNextResponses > 0 || Draw(_settings.LostResponseRate);
            if (_settings.LoseNextResponses > 0)
                _settings = _settings with { LoseNextResponses = _settings.LoseNextResponses - 1 };
            if (lost)
                _outage = _settings.ServerErrorsAfterLostResponse;
            return lost;
        }
    }

    // Draws only when the rate is on, so turning one fault on does not shift another's sequence.
    private bool Draw(double rate) => rate > 0 && _random.NextDouble() < rate;
}
