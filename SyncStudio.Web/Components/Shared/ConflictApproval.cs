using SyncStudio.Services.Review;

namespace SyncStudio.Web.Components.Shared;

/// <summary>What a reviewer settled for a conflicting change: a choice per conflicting path, and optional notes.</summary>
public sealed record ConflictApproval(IReadOnlyDictionary<string, ConflictChoice> Resolution, string? Notes);
