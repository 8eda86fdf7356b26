using System.Globalization;
using System.Text.Json.Serialization;
using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Review;
using SyncStudio.Services.Users;

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

    /// <summary>The circuit breaker's report on a pull: measured counts, the limits tripped, samples, and the Admin's decision.</summary>
    public RawJson? Breaker { get; init; }
    public UserRef? CancelledBy { get; init; }

    /// <summary>The schedule that fired the batch, if one did.</summary>
    public int? ScheduleId { get; init; }

    [JsonIgnore]
    public string? ScheduleName { get; init; }

    /// <summary>
    /// How the batch was started: <c>user</c> (by <see cref="CreatedBy"/>), <c>webhook</c> (Shopify's webhooks) or
    /// <c>schedule</c> (<see cref="ScheduleId"/>). Read from what the batch is, so batches recorded before system
    /// actors existed read right too (docs/decisions/0012).
    /// </summary>
    public string Source => ScheduleId is not null ? BatchSources.Schedule
        : SyncType == SyncTypes.Webhook ? BatchSources.Webhook : BatchSources.User;

    /// <summary>Who or what started the batch, as a person reads it: the user's email, "Shopify webhook", or the schedule.</summary>
    public string CreatedByName => Source switch
    {
        BatchSources.Schedule => ScheduleName is null
            ? $"Schedule #{ScheduleId!.Value.ToString(CultureInfo.InvariantCulture)} (deleted)"
            : $"Schedule: {ScheduleName}",
        BatchSources.Webhook => SystemActorDirectory.Label(SystemActors.ShopifyWebhook),
        _ => CreatedBy?.Email ?? "",
    };

    /// <summary>The instance running the batch (or the last that did) and until when its lease holds.</summary>
    public string? LeaseOwner { get; init; }

    public DateTime? LeaseExpiresAt { get; init; }

    internal static IQueryable<BatchDto> Project(IQueryable<SyncBatch> query, IQueryable<SyncSchedule> schedules) => query.Select(b => new BatchDto
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
        Breaker = b.Breaker == null ? null : new RawJson(b.Breaker),
        CreatedBy = b.CreatedBy == null ? null : new UserRef(b.CreatedBy.Id, b.CreatedBy.Email),
        CancelledBy = b.CancelledBy == null ? null : new UserRef(b.CancelledBy.Id, b.CancelledBy.Email),
        ScheduleId = b.ScheduleId,
        ScheduleName = b.ScheduleId == null ? null : schedules.Where(s => s.Id == b.ScheduleId).Select(s => s.Name).FirstOrDefault(),
        LeaseOwner = b.LeaseOwner,
        LeaseExpiresAt = b.LeaseExpiresAt,
    });
}

public static class BatchSources
{
    public const string User = "user";
    public const string Webhook = "webhook";
    public const string Schedule = "schedule";
}

public sealed record BatchFilter
{
    public string? Direction { get; init; }
    public string? Status { get; init; }
    public int Page { get; init; } = 1;
    public int PerPage { get; init; } = 20;
}
