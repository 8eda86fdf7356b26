using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Batches;

/// <summary>What a pull batch has staged so far, counted from its staged changes.</summary>
public sealed record StagedSoFar(int TotalChanges, int NewProducts, int UpdatedProducts, int DeletedProducts, int Conflicts, int AutoApproved, int PendingReview)
{
    public static StagedSoFar None { get; } = new(0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// One shape for a batch's outcome wherever it is read (docs/decisions/0015-one-shape-per-batch.md): <c>summary</c> at
/// one level and <c>message</c>. The stored result of a batch is <c>{"summary": {...}, "message": "..."}</c>; a batch
/// that has not completed (running, failed, cancelled) has no stored summary and shows its counts so far instead,
/// under the same names as the summary its direction ends with.
/// </summary>
public static class BatchSummary
{
    /// <summary>Whether <see cref="Shape"/> needs a pull's staged counts: a pull with no stored outcome summary.</summary>
    public static bool NeedsStagedCounts(BatchDto batch) =>
        batch.SyncDirection == SyncDirections.PullFromShopify && OutcomeOf(batch.Summary?.Text).Summary is null;

    /// <summary>
    /// The batch with <see cref="BatchDto.Summary"/> at one level and <see cref="BatchDto.Message"/> set from its stored
    /// result; <paramref name="staged"/> is what a pull without a stored summary has staged so far.
    /// </summary>
    public static BatchDto Shape(BatchDto batch, StagedSoFar? staged)
    {
        var (summary, message, others) = OutcomeOf(batch.Summary?.Text);
        if (summary is null)
        {
            summary = batch.SyncDirection == SyncDirections.PullFromShopify
                ? PullSoFar(staged ?? StagedSoFar.None)
                : new JsonObject
                {
                    ["total_processed"] = batch.ProcessedItems,
                    ["successful"] = batch.SuccessfulItems,
                    ["failed"] = batch.FailedItems,
                    ["skipped"] = batch.SkippedItems,
                };
            // What else the outcome carries (a rollback's details) stays in the summary rather than being lost.
            foreach (var (key, value) in others)
                summary.TryAdd(key, value?.DeepClone());
        }
        return batch with { Summary = new RawJson(summary.ToJsonString(SyncJson.Options)), Message = message };
    }

    /// <summary>A completed batch's stored result as the answers show it: its summary (one level) and message.</summary>
    public static (RawJson? Summary, string? Message) Completed(string? stored)
    {
        var (summary, message, _) = OutcomeOf(stored);
        return (summary is null ? null : new RawJson(summary.ToJsonString(SyncJson.Options)), message);
    }

    private static JsonObject PullSoFar(StagedSoFar s) => new()
    {
        ["total_changes"] = s.TotalChanges,
        ["new_products"] = s.NewProducts,
        ["updated_products"] = s.UpdatedProducts,
        ["deleted_products"] = s.DeletedProducts,
        ["conflicts"] = s.Conflicts,
        ["auto_approved"] = s.AutoApproved,
        ["pending_review"] = s.PendingReview,
    };

    private static (JsonObject? Summary, string? Message, IReadOnlyList<KeyValuePair<string, JsonNode?>> Others) OutcomeOf(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored) || JsonNode.Parse(stored) is not JsonObject outcome)
            return (null, null, []);
        var message = outcome["message"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var others = outcome.Where(p => p.Key is not ("message" or "summary")).ToList();
        return (outcome["summary"] as JsonObject, message, others);
    }
}
