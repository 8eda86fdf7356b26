using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Diagnostics;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Batches;

/// <summary>
/// What a running batch reports into: counters, API usage, warnings and errors. Thread-safe; written to the batch row
/// and published at most a few times a second (see <see cref="BatchRunner"/>).
/// </summary>
public sealed class BatchContext
{
    private const int MaxMessages = 200;
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly ConcurrentDictionary<string, int> _errorCounts = new();
    private readonly ConcurrentQueue<BatchError> _errors = new();
    private int _total;
    private int _processed;
    private int _successful;
    private int _failed;
    private int _skipped;
    private int _apiCalls;
    private int _apiQuota;
    private string? _message;
    private bool _leaseLost;
    private volatile bool _held;
    private ReadPhase? _reading;
    private readonly SyncMetrics? _metrics;

    internal BatchContext(int id, string batchId, string direction, int createdById, DateTime startedAt, CancellationToken cancellation,
        SyncMetrics? metrics = null)
    {
        _metrics = metrics;
        Id = id;
        BatchId = batchId;
        Direction = direction;
        CreatedById = createdById;
        StartedAt = startedAt;
        Cancellation = cancellation;
    }

    public int Id { get; }

    /// <summary>
    /// Set by the work when the circuit breaker stopped the batch: it ends <see cref="BatchStatuses.Held"/> instead of
    /// completed (docs/decisions/0025).
    /// </summary>
    public bool Held => _held;

    public void Hold() => _held = true;
    public string BatchId { get; }
    public string Direction { get; }
    public int CreatedById { get; }
    public DateTime StartedAt { get; }

    /// <summary>Signalled when someone cancels the batch or the app stops.</summary>
    public CancellationToken Cancellation { get; }

    public int Total => Volatile.Read(ref _total);
    public int Processed => Volatile.Read(ref _processed);
    public int Successful => Volatile.Read(ref _successful);
    public int Failed => Volatile.Read(ref _failed);
    public int Skipped => Volatile.Read(ref _skipped);
    public int ApiCalls => Volatile.Read(ref _apiCalls);
    public int ApiQuota => Volatile.Read(ref _apiQuota);

    public void SetTotal(int total) => Volatile.Write(ref _total, total);

    public void AddTotal(int count) => Interlocked.Add(ref _total, count);

    public void Succeeded(int count = 1)
    {
        Interlocked.Add(ref _successful, count);
        Interlocked.Add(ref _processed, count);
        _metrics?.BatchItems(Direction, "succeeded", null, count);
    }

    public void Skip(int count = 1)
    {
        Interlocked.Add(ref _skipped, count);
        Interlocked.Add(ref _processed, count);
        _metrics?.BatchItems(Direction, "skipped", null, count);
    }

    public void Fail(string reason, string? itemId, string message)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.Increment(ref _processed);
        // Apply outcomes by reason: every item a batch settles is counted where the batch counts it.
        _metrics?.BatchItems(Direction, "failed", reason);
        _errorCounts.AddOrUpdate(reason, 1, (_, n) => n + 1);
        if (_errors.Count < MaxMessages)
            _errors.Enqueue(new BatchError(reason, itemId, message));
    }

    /// <summary>The batch's Shopify usage so far (calls made, actual query cost), as its usage scope counts it.</summary>
    public void SetApiUsage(int calls, int cost)
    {
        Volatile.Write(ref _apiCalls, calls);
        Volatile.Write(ref _apiQuota, cost);
    }

    public void AddApiUsage(int calls, int cost)
    {
        Interlocked.Add(ref _apiCalls, calls);
        Interlocked.Add(ref _apiQuota, cost);
    }

    public void Warn(string warning)
    {
        if (_warnings.Count < MaxMessages)
            _warnings.Enqueue(warning);
    }

    /// <summary>
    /// Starts the read phase of a pull: <paramref name="expected"/> is Shopify's <c>productsCount</c> (null when it could
    /// not be asked), so the read can be shown as "N of M products read" with its own rate and time left while nothing
    /// is staged yet.
    /// </summary>
    public void BeginReading(int? expected, DateTime now) => Volatile.Write(ref _reading, new ReadPhase(expected, now));

    /// <summary>How many products the read phase has read so far.</summary>
    public void ProductsRead(int read)
    {
        if (Volatile.Read(ref _reading) is { } phase)
            phase.SetRead(read);
    }

    /// <summary>Ends the read phase: its figures stay, marked done, while the batch stages what it read.</summary>
    public void EndReading()
    {
        if (Volatile.Read(ref _reading) is { } phase)
            phase.Done = true;
    }

    /// <summary>A short line on what the batch is doing now ("Reading Shopify", "Staging"...).</summary>
    public void Say(string message) => Volatile.Write(ref _message, message);

    internal string? Message => Volatile.Read(ref _message);

    /// <summary>Set when the batch stopped because it was no longer this instance's to run (its lease ran out).</summary>
    internal bool LeaseLost
    {
        get => Volatile.Read(ref _leaseLost);
        set => Volatile.Write(ref _leaseLost, value);
    }

    internal string? WarningsJson => _warnings.IsEmpty ? null : SyncJson.Serialize(_warnings.ToArray());

    internal string? ErrorSummaryJson(string? fatal) =>
        _errorCounts.IsEmpty && fatal is null
            ? null
            : SyncJson.Serialize(new ErrorSummary(fatal, new SortedDictionary<string, int>(_errorCounts), _errors.ToArray()));

    internal BatchProgress Snapshot(string status, DateTime now)
    {
        var processed = Processed;
        var elapsed = (now - StartedAt).TotalSeconds;
        double? rate = elapsed > 0.5 ? Math.Round(processed / elapsed, 2) : null;
        DateTime? eta = rate is > 0 && Total > processed ? now.AddSeconds((Total - processed) / rate.Value) : null;
        return new BatchProgress(BatchId, Direction, status, Total, processed, Successful, Failed, Skipped, rate, eta,
            ApiCalls, ApiQuota, Message, Volatile.Read(ref _reading)?.Snapshot(now));
    }

    /// <summary>The read phase's figures, written by the reading thread and read by the flusher.</summary>
    private sealed class ReadPhase(int? expected, DateTime startedAt)
    {
        private int _read;
        private volatile bool _done;

        public bool Done
        {
            get => _done;
            set => _done = value;
        }

        public void SetRead(int read) => Volatile.Write(ref _read, read);

        public ReadProgress Snapshot(DateTime now)
        {
            var read = Volatile.Read(ref _read);
            var elapsed = (now - startedAt).TotalSeconds;
            double? rate = elapsed > 0.5 ? Math.Round(read / elapsed, 2) : null;
            // Shopify's count may be passed (a product created during the read): the expected total is then what was read.
            var expectedNow = expected is { } e ? Math.Max(e, read) : (int?)null;
            DateTime? eta = !Done && rate is > 0 && expectedNow > read ? now.AddSeconds((expectedNow.Value - read) / rate.Value) : null;
            return new ReadProgress(read, expectedNow, rate, eta, Done);
        }
    }

    /// <summary>
    /// Writes the progress and renews the lease to <paramref name="leaseUntil"/>, only while the batch runs under
    /// <paramref name="owner"/>'s lease; answers 0 when it no longer does (another instance recovered it).
    /// </summary>
    internal Task<int> WriteAsync(SyncStudioDbContext db, BatchProgress p, string owner, DateTime leaseUntil, DateTime now, CancellationToken ct) =>
        db.SyncBatches.Where(b => b.Id == Id && b.LeaseOwner == owner && (b.Status == BatchStatuses.Running || b.Status == BatchStatuses.Pending))
            .ExecuteUpdateAsync(s => s
            .SetProperty(b => b.TotalItems, p.TotalItems)
            .SetProperty(b => b.ProcessedItems, p.ProcessedItems)
            .SetProperty(b => b.SuccessfulItems, p.SuccessfulItems)
            .SetProperty(b => b.FailedItems, p.FailedItems)
            .SetProperty(b => b.SkippedItems, p.SkippedItems)
            .SetProperty(b => b.ProcessingRate, p.ProcessingRate)
            .SetProperty(b => b.EstimatedCompletion, p.EstimatedCompletion)
            .SetProperty(b => b.ApiCallsMade, p.ApiCallsMade)
            .SetProperty(b => b.ApiQuotaUsed, p.ApiQuotaUsed)
            .SetProperty(b => b.Warnings, WarningsJson)
            .SetProperty(b => b.ErrorSummary, ErrorSummaryJson(null))
            .SetProperty(b => b.LeaseExpiresAt, leaseUntil)
            .SetProperty(b => b.UpdatedAt, now), ct);

    private sealed record ErrorSummary(string? Error, SortedDictionary<string, int> Counts, BatchError[] Errors);
}

public sealed record BatchError(string Reason, string? ItemId, string Message);
