using System.Globalization;
using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Batches;

namespace SyncStudio.Web.Components.Shared;

/// <summary>A batch's <c>error_summary</c>: the error that ended it (if any), counts by reason, and the first errors.</summary>
public sealed record BatchErrorsView(string? Fatal, IReadOnlyList<KeyValuePair<string, int>> Counts, IReadOnlyList<BatchErrorLine> Errors)
{
    public static BatchErrorsView Empty { get; } = new(null, [], []);

    public bool IsEmpty => Fatal is null && Counts.Count == 0 && Errors.Count == 0;
}

public sealed record BatchErrorLine(string Reason, string? ItemId, string Message);

/// <summary>How batches and their progress read on the dashboard.</summary>
public static class BatchDisplay
{
    public static BatchProgress ProgressOf(BatchDto batch) => new(
        batch.BatchId, batch.SyncDirection, batch.Status, batch.TotalItems, batch.ProcessedItems, batch.SuccessfulItems,
        batch.FailedItems, batch.SkippedItems, batch.ProcessingRate, batch.EstimatedCompletion, batch.ApiCallsMade,
        batch.ApiQuotaUsed, null);

    public static bool IsActive(string status) => BatchStatuses.Active.Contains(status);

    public static string Direction(string direction) => direction switch
    {
        SyncDirections.PullFromShopify => "Pull from Shopify",
        SyncDirections.PushToShopify => "Push to Shopify",
        BatchDirections.Rollback => "Rollback",
        _ => direction,
    };

    /// <summary>A batch named by what it did: how a pull was started, or that it applied approved changes or rolled one back.</summary>
    public static string Kind(BatchDto batch) => batch.SyncType switch
    {
        SyncTypes.Webhook => "Shopify webhook update",
        _ when batch.Source == BatchSources.Schedule => $"Scheduled {(batch.SyncType == SyncTypes.Full ? "full" : "incremental")} pull"
            + (string.IsNullOrEmpty(batch.ScheduleName) ? "" : $" ({batch.ScheduleName})"),
        SyncTypes.Full => "Full pull from Shopify",
        SyncTypes.Incremental => "Incremental pull from Shopify",
        SyncTypes.Push => "Apply approved changes",
        SyncTypes.Rollback => "Rollback",
        _ => Direction(batch.SyncDirection),
    };

    /// <summary>A batch direction, for the batch list's filter: what batches of that direction do.</summary>
    public static string BatchDirection(string direction) => direction switch
    {
        SyncDirections.PullFromShopify => "Pulls from Shopify",
        SyncDirections.PushToShopify => "Applying approved changes",
        BatchDirections.Rollback => "Rollbacks",
        _ => direction,
    };

    public static string Rate(double? itemsPerSecond) =>
        itemsPerSecond is { } rate ? rate.ToString("0.#", CultureInfo.InvariantCulture) + " items/s" : "—";

    /// <summary>Time left until <paramref name="eta"/>, as "2m 05s"; a dash when unknown or passed.</summary>
    public static string Remaining(DateTime? eta, DateTime now)
    {
        if (eta is null || eta <= now)
            return "—";
        var left = eta.Value - now;
        return left.TotalHours >= 1
            ? $"{(int)left.TotalHours}h {left.Minutes:00}m"
            : left.TotalMinutes >= 1 ? $"{(int)left.TotalMinutes}m {left.Seconds:00}s" : $"{Math.Max(1, (int)Math.Ceiling(left.TotalSeconds))}s";
    }

    public static string Duration(DateTime? started, DateTime? ended)
    {
        if (started is null || ended is null)
            return "—";
        var span = ended.Value - started.Value;
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes:00}m"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds:00}s"
            : $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s";
    }

    public static string When(DateTime? utc) =>
        utc is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    public static BatchErrorsView Errors(string? json)
    {
        var node = ChangeJson.Parse(json);
        if (node is JsonValue plain && plain.TryGetValue<string>(out var message))
            return new BatchErrorsView(message, [], []);
        if (node is not JsonObject summary)
            return BatchErrorsView.Empty;
        var counts = summary["counts"] is JsonObject c
            ? c.Select(kv => new KeyValuePair<string, int>(kv.Key, kv.Value is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0)).ToList()
            : [];
        var errors = summary["errors"] is JsonArray list
            ? list.OfType<JsonObject>().Select(e => new BatchErrorLine(
                Text(e["reason"]) ?? "error", Text(e["item_id"]), Text(e["message"]) ?? "")).ToList()
            : [];
        return new BatchErrorsView(Text(summary["error"]), counts, errors);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
}
