using System.Text.Json;
using SyncStudio.Data;
using SyncStudio.Services.Scheduling;

namespace SyncStudio.Web.Components.Pages.Schedules;

/// <summary>The editable shape of a schedule, turned into the same input the API validates.</summary>
public sealed class ScheduleForm
{
    public string? Name { get; set; }

    public string? CronExpression { get; set; } = "0 0 * * * ?";

    public string? TimeZone { get; set; } = "UTC";

    public string SyncType { get; set; } = SyncTypes.Incremental;

    /// <summary>An ISO 8601 timestamp (UTC unless it names an offset); empty for none.</summary>
    public string? UpdatedSince { get; set; }

    public string? CollectionId { get; set; }

    public bool Enabled { get; set; } = true;

    public static ScheduleForm From(ScheduleDto schedule) => new()
    {
        Name = schedule.Name,
        CronExpression = schedule.CronExpression,
        TimeZone = schedule.TimeZone,
        SyncType = schedule.SyncType,
        UpdatedSince = schedule.Filters?.UpdatedSince?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        CollectionId = schedule.Filters?.CollectionId,
        Enabled = schedule.Enabled,
    };

    public ScheduleInput ToInput()
    {
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(UpdatedSince))
            filters[ScheduleValidator.UpdatedSince] = UpdatedSince.Trim();
        if (!string.IsNullOrWhiteSpace(CollectionId))
            filters[ScheduleValidator.CollectionId] = CollectionId.Trim();
        return new ScheduleInput
        {
            Name = Name,
            CronExpression = CronExpression,
            TimeZone = TimeZone,
            SyncType = SyncType,
            Filters = filters.Count == 0 ? null : JsonSerializer.SerializeToElement(filters),
            Enabled = Enabled,
        };
    }

    public ScheduleValidation Validate(TimeProvider time) => ScheduleValidator.Validate(ToInput(), time);
}
