namespace SyncStudio.Data;

public class SyncSchedule
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string CronExpression { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public string SyncType { get; set; } = SyncTypes.Incremental;
    public string? Filters { get; set; }
    public bool Enabled { get; set; } = true;
    public int CreatedById { get; set; }
    public AppUser? CreatedBy { get; set; }
    public DateTime? LastFiredAt { get; set; }
    public string? LastBatchId { get; set; }
    public string? LastOutcome { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
