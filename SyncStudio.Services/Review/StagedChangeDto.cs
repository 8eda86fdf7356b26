using SyncStudio.Data;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Review;

public sealed record ProductRef(int Id, string? Sku, string Name);

public sealed record UserRef(int Id, string? Email);

/// <summary>A staged change as the contract shows it (GET /api/sync/staged), with the review fields beside it.</summary>
public sealed record StagedChangeDto
{
    public int Id { get; init; }
    public required string ChangeId { get; init; }
    public int? ProductId { get; init; }
    public string? ShopifyProductId { get; init; }
    public required string ChangeType { get; init; }
    public required string SyncDirection { get; init; }
    public required string Status { get; init; }
    public bool HasConflicts { get; init; }
    public RawJson? ConflictFields { get; init; }
    public RawJson? FieldChanges { get; init; }
    public RawJson? CurrentData { get; init; }
    public RawJson? ProposedData { get; init; }
    public bool AutoApproved { get; init; }
    public DateTime CreatedAt { get; init; }
    public ProductRef? Product { get; init; }
    public string? BatchId { get; init; }
    public int Priority { get; init; }
    public int RequiredApprovalLevel { get; init; }
    public RawJson? RuleEvaluation { get; init; }
    public string? SourceVersion { get; init; }
    public string? TargetVersion { get; init; }
    public RawJson? ConflictResolution { get; init; }
    public UserRef? ReviewedBy { get; init; }
    public DateTime? ReviewedAt { get; init; }
    public string? ReviewNotes { get; init; }
    public UserRef? AppliedBy { get; init; }
    public DateTime? AppliedAt { get; init; }
    public RawJson? ApplicationResult { get; init; }
    public DateTime UpdatedAt { get; init; }
}

public sealed record PagedResult<T>(bool Success, IReadOnlyList<T> Items, int Total, int Page, int PerPage, int TotalPages);

public static class PagedResult
{
    public static PagedResult<T> Of<T>(IReadOnlyList<T> items, int total, int page, int perPage) =>
        new(true, items, total, page, perPage, total == 0 ? 0 : (int)Math.Ceiling(total / (double)perPage));
}

public static class PagingLimits
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 500;
    public const int MaxPage = 1_000_000;
}

internal static class StagedChangeProjection
{
    /// <summary>One SQL projection for lists and details: no entity tracking, JSON columns passed through as text.</summary>
    public static IQueryable<StagedChangeDto> Project(IQueryable<StagedProductChange> query) => query.Select(c => new StagedChangeDto
    {
        Id = c.Id,
        ChangeId = c.ChangeId,
        ProductId = c.ProductId,
        ShopifyProductId = c.ShopifyProductId,
        ChangeType = c.ChangeType,
        SyncDirection = c.SyncDirection,
        Status = c.Status,
        HasConflicts = c.HasConflicts,
        ConflictFields = c.ConflictFields == null ? null : new RawJson(c.ConflictFields),
        FieldChanges = c.FieldChanges == null ? null : new RawJson(c.FieldChanges),
        CurrentData = c.CurrentData == null ? null : new RawJson(c.CurrentData),
        ProposedData = c.ProposedData == null ? null : new RawJson(c.ProposedData),
        AutoApproved = c.AutoApproved,
        CreatedAt = c.CreatedAt,
        Product = c.Product == null ? null : new ProductRef(c.Product.Id,
            c.Product.Variants.OrderBy(v => v.Position).Select(v => v.Sku).FirstOrDefault(), c.Product.Title),
        BatchId = c.BatchId,
        Priority = c.Priority,
        RequiredApprovalLevel = c.RequiredApprovalLevel,
        RuleEvaluation = c.RuleEvaluation == null ? null : new RawJson(c.RuleEvaluation),
        SourceVersion = c.SourceVersion,
        TargetVersion = c.TargetVersion,
        ConflictResolution = c.ConflictResolution == null ? null : new RawJson(c.ConflictResolution),
        ReviewedBy = c.ReviewedBy == null ? null : new UserRef(c.ReviewedBy.Id, c.ReviewedBy.Email),
        ReviewedAt = c.ReviewedAt,
        ReviewNotes = c.ReviewNotes,
        AppliedBy = c.AppliedBy == null ? null : new UserRef(c.AppliedBy.Id, c.AppliedBy.Email),
        AppliedAt = c.AppliedAt,
        ApplicationResult = c.ApplicationResult == null ? null : new RawJson(c.ApplicationResult),
        UpdatedAt = c.UpdatedAt,
    });
}
