using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Review;

namespace SyncStudio.Services.Batches;

/// <summary>
/// A batch as GET /api/sync/batches shows it. <see cref="Summary"/> and <see cref="Message"/> read as in the pull or
/// push answer (docs/decisions/0015-one-shape-per-batch.md); <see cref="BatchQuery"/> shapes them.
/// </summary>
public sealed record BatchDto
{
    public int Id { get; init; }
    public required string BatchId { get; init; }
    public string? BatchName { get; init; }
    public required string SyncType { get; init; }
    public required string SyncDirection { get; init; }
    public required string Status { get; init; }
    public int TotalItems { get; init; }
    public int ProcessedItems { get; init; }
    public int SuccessfulItems { get; init; }
    public int FailedItems { get; init; }
    public int SkippedItems { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public DateTime? EstimatedCompletion { get; init; }
    public double? ProcessingRate { get; init; }
    public int ApiCallsMade { get; init; }
    public int ApiQuotaUsed { get; init; }
    public RawJson? ErrorSummary { get; init; }
    public RawJson? Warnings { get; init; }
    public RawJson? Configuration { get; init; }
    /// <summary>
    /// At one level: the outcome's summary once the batch completed (the spec's pull or push summary), else the counts
    /// so far under the same names.
    /// </summary>
    public RawJson? Summary { get; init; }

    /// <summary>The outcome's message once the batch completed; null before.</summary>
    public string? Message { get; init; }

    public UserRef? CreatedBy { get; init; }
    public UserRef? CancelledBy { get; init; }

    /// <summary>The instance running the batch (or the last that did) and until when its lease holds.</summary>
    public string? LeaseOwner { get; init; }

    public DateTime? LeaseExpiresAt { get; init; }

    internal static IQueryable<BatchDto> Project(IQueryable<SyncBatch> query) => query.Select(b => new BatchDto
    {
        Id = b.Id,
        BatchId = b.BatchId,
        BatchName = b.BatchName,
        SyncType = b.SyncType,
        SyncDirection = b.SyncDirection,
        Status = b.Status,
        TotalItems = b.TotalItems,
        ProcessedItems = b.ProcessedItems,
        SuccessfulItems = b.SuccessfulItems,
        FailedItems = b.FailedItems,
        SkippedItems = b.SkippedItems,
        CreatedAt = b.CreatedAt,
        StartedAt = b.StartedAt,
        CompletedAt = b.CompletedAt,
        EstimatedCompletion = b.EstimatedCompletion,
        ProcessingRate = b.ProcessingRate,
        ApiCallsMade = b.ApiCallsMade,
        ApiQuotaUsed = b.ApiQuotaUsed,
        ErrorSummary = b.ErrorSummary == null ? null : new RawJson(b.ErrorSummary),
        Warnings = b.Warnings == null ? null : new RawJson(b.Warnings),
        Configuration = b.Configuration == null ? null : new RawJson(b.Configuration),
        Summary = b.Summary == null ? null : new RawJson(b.Summary),
        CreatedBy = b.CreatedBy == null ? null : new UserRef(b.CreatedBy.Id, b.CreatedBy.Email),
        CancelledBy = b.CancelledBy == null ? null : new UserRef(b.CancelledBy.Id, b.CancelledBy.Email),
        LeaseOwner = b.LeaseOwner,
        LeaseExpiresAt = b.LeaseExpiresAt,
    });
}

public sealed record BatchFilter
{
    public string? Direction { get; init; }
    public string? Status { get; init; }
    public int Page { get; init; } = 1;
    public int PerPage { get; init; } = 20;
}
