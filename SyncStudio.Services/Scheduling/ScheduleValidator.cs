using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Scheduling;

/// <summary>A schedule as an API client (or the page) sends it; <c>filters</c> stays raw so each bad key can be named.</summary>
public sealed record ScheduleInput
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("cron_expression")]
    public string? CronExpression { get; init; }

    [JsonPropertyName("time_zone")]
    public string? TimeZone { get; init; }

    [JsonPropertyName("sync_type")]
    public string? SyncType { get; init; }

    [JsonPropertyName("filters")]
    public JsonElement? Filters { get; init; }

    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }
}

/// <summary>What a scheduled pull reads: the pull's own filters.</summary>
public sealed record ScheduleFilters
{
    [JsonPropertyName("updated_since")]
    public DateTime? UpdatedSince { get; init; }

    /// <summary>The Shopify collection id, digits only.</summary>
    [JsonPropertyName("collection_id")]
    public string? CollectionId { get; init; }

    [JsonIgnore]
    public bool IsEmpty => UpdatedSince is null && CollectionId is null;
}

/// <summary>A validated schedule, ready to store.</summary>
public sealed record ScheduleDefinition(string Name, string CronExpression, string TimeZone, string SyncType, ScheduleFilters? Filters, bool Enabled);

/// <summary>The validated schedule, or the errors keyed by snake_case field for the <c>details</c> of a 400.</summary>
public sealed record ScheduleValidation(ScheduleDefinition? Schedule, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Schedule is not null;
}

public static class ScheduleValidator
{
    public const int MaxNameLength = 255;
    public const int MaxCronLength = 120;
    public const int MaxTimeZoneLength = 100;
    public const string UpdatedSince = "updated_since";
    public const string CollectionId = "collection_id";

    public static readonly IReadOnlyList<string> SyncTypeChoices = [SyncTypes.Incremental, SyncTypes.Full];

    public static ScheduleValidation Validate(ScheduleInput input, TimeProvider clock)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors["name"] = "is required";
        else if (name.Length > MaxNameLength)
            errors["name"] = $"must be at most {MaxNameLength} characters";

        string? cron = null;
        if (input.CronExpression is { Length: > MaxCronLength })
            errors["cron_expression"] = $"must be at most {MaxCronLength} characters";
        else if (!CronCalendar.TryParse(input.CronExpression, out var expression, out var cronError))
            errors["cron_expression"] = cronError!;
        else
            cron = expression!.CronExpressionString;

        var timeZone = string.IsNullOrWhiteSpace(input.TimeZone) ? "UTC" : input.TimeZone.Trim();
        TimeZoneInfo? zone = null;
        if (timeZone.Length > MaxTimeZoneLength)
            errors["time_zone"] = $"must be at most {MaxTimeZoneLength} characters";
        else if ((zone = CronCalendar.FindTimeZone(timeZone)) is null)
            errors["time_zone"] = "is not a known time zone (use an IANA id such as Europe/Paris, or a Windows id)";

        // A cron that can never fire again (a year in the past) would sit enabled and do nothing.
        if (cron is not null && zone is not null && CronCalendar.NextFireTimes(cron, timeZone, clock.GetUtcNow(), 1).Count == 0)
            errors["cron_expression"] = "never fires again";

        var syncType = string.IsNullOrEmpty(input.SyncType) ? SyncTypes.Incremental : input.SyncType;
        if (!SyncTypeChoices.Contains(syncType))
            errors["sync_type"] = $"must be one of: {string.Join(", ", SyncTypeChoices)}";

        var filters = ReadFilters(input.Filters, errors);

        if (errors.Count > 0)
            return new ScheduleValidation(null, errors);
        return new ScheduleValidation(new ScheduleDefinition(name!, cron!, timeZone, syncType, filters, input.Enabled ?? true), errors);
    }

    private static ScheduleFilters? ReadFilters(JsonElement? raw, Dictionary<string, string> errors)
    {
        if (raw is null || raw.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            return null;
        if (raw.Value.ValueKind != JsonValueKind.Object)
        {
            errors["filters"] = "must be an object";
            return null;
        }

        DateTime? since = null;
        string? collection = null;
        foreach (var property in raw.Value.EnumerateObject())
        {
            var key = $"filters.{property.Name}";
            var value = property.Value;
            switch (property.Name)
            {
                case UpdatedSince when value.ValueKind == JsonValueKind.Null:
                    break;
                case UpdatedSince:
                    if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= 40 } text
                        && PullFilterValues.TryParseUpdatedSince(text, out var parsed))
                        since = parsed;
                    else
                        errors[key] = PullFilterValues.UpdatedSinceError;
                    break;
                case CollectionId when value.ValueKind == JsonValueKind.Null:
                    break;
                case CollectionId:
                    collection = ReadCollection(value);
                    if (collection is null)
                        errors[key] = PullFilterValues.CollectionIdError;
                    break;
                default:
                    errors[key] = "unknown filter (use updated_since or collection_id)";
                    break;
            }
        }
        var filters = new ScheduleFilters { UpdatedSince = since, CollectionId = collection };
        return filters.IsEmpty ? null : filters;
    }

    /// <summary>A collection id as the pull takes it: a number, digits in a string, or a Shopify gid.</summary>
    private static string? ReadCollection(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
            return value.TryGetInt64(out var number) && number > 0 ? number.ToString(CultureInfo.InvariantCulture) : null;
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: <= 100 } text)
            return null;
        return PullFilterValues.TryParseCollectionId(text, out var id) ? id.ToString(CultureInfo.InvariantCulture) : null;
    }
}
