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
    /// The next N requests are answered HTTP 429 Too Many Requests with a <c>Retry-After</c> header, before anything
    /// runs, as Shopify answers an app over its rate limit (https://shopify.dev/docs/api/usage/response-codes: "429 Too
    /// Many Requests: The request was not accepted because the application has exceeded the rate limit";
    /// https://shopify.dev/docs/api/usage/limits#rate-limits). Unlike <c>THROTTLED</c> (HTTP 200, the cost bucket), the
    /// answer carries no cost: the client learns only when to come back.
    /// </summary>
    public int TooManyRequestsNextRequests { get; init; }

    /// <summary>Fraction (0..1) of requests answered 429 as <see cref="TooManyRequestsNextRequests"/> does.</summary>
    public double TooManyRequestsRate { get; init; }

    /// <summary>
    /// The <c>Retry-After</c> of a 429, in seconds (Shopify sends a decimal, "2.0"). Until it has passed, every request
    /// is answered 429 again (with what is left of the wait), so a client that comes back early is refused and counted
    /// (<see cref="SimulatorFaults.TooManyRequestsAnswered"/>).
    /// </summary>
    public double RetryAfterSeconds { get; init; } = 2.0;

    /// <summary>
    /// A mutation (its root field, e.g. <c>productVariantsBulkUpdate</c>) answered with <see cref="ServerErrorStatus"/>
    /// before it runs, <see cref="FailMutationTimes"/> times once <see cref="FailMutationAfter"/> of them have run: a
    /// fault in the middle of a write that takes several calls.
    /// </summary>
    public string? FailMutation { get; init; }

    public int FailMutationAfter { get; init; }

    public int FailMutationTimes { get; init; }

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
    private DateTimeOffset _rateLimitedUntil;
    private int _tooManyRequestsAnswered;
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
        ArgumentOutOfRangeException.ThrowIfNegative(settings.RetryAfterSeconds);
        lock (_gate)
        {
            _settings = settings;
            _random = new Random(settings.Seed);
            _outage = 0;
            _rateLimitedUntil = default;
        }
    }

    /// <summary>How many requests were answered 429 so far (switched on, or back before their Retry-After had passed).</summary>
    public int TooManyRequestsAnswered
    {
        get
        {
            lock (_gate)
                return _tooManyRequestsAnswered;
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

    /// <summary>The wait to answer with a 429 at <paramref name="now"/>, or null to let the request through.</summary>
    internal TimeSpan? TakeTooManyRequests(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now < _rateLimitedUntil)
            {
                _tooManyRequestsAnswered++;
                return _rateLimitedUntil - now;
            }

            if (_settings.TooManyRequestsNextRequests > 0)
                _settings = _settings with { TooManyRequestsNextRequests = _settings.TooManyRequestsNextRequests - 1 };
            else if (!Draw(_settings.TooManyRequestsRate))
                return null;

            var wait = TimeSpan.FromSeconds(_settings.RetryAfterSeconds);
            _rateLimitedUntil = now + wait;
            _tooManyRequestsAnswered++;
            return wait;
        }
    }

    /// <summary>Whether a request running <paramref name="rootFields"/> should fail before it runs (<see cref="FaultSettings.FailMutation"/>).</summary>
    internal int? TakeMutationFailure(IReadOnlyCollection<string> rootFields)
    {
        lock (_gate)
        {
            if (_settings.FailMutation is not { } name || _settings.FailMutationTimes <= 0 || !rootFields.Contains(name))
                return null;
            if (_settings.FailMutationAfter > 0)
            {
                _settings = _settings with { FailMutationAfter = _settings.FailMutationAfter - 1 };
                return null;
            }

            _settings = _settings with { FailMutationTimes = _settings.FailMutationTimes - 1 };
            return _settings.ServerErrorStatus;
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
