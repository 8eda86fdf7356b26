namespace SyncStudio.Data;

public class SyncApprovalRule
{
    public int Id { get; set; }
    public required string RuleName { get; set; }
    public string? RuleDescription { get; set; }
    public string? EntityType { get; set; }
    public string? ChangeType { get; set; }
    public string? FieldPatterns { get; set; }
    public string? ValueThresholds { get; set; }
    public bool RequiresApproval { get; set; } = true;
    public string? AutoApproveConditions { get; set; }
    public int ApprovalLevel { get; set; } = 1;
    public bool IsActive { get; set; } = true;
    public int Priority { get; set; } = 3;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int? CreatedById { get; set; }
    public AppUser? CreatedBy { get; set; }

    /// <summary>Set for the rules seeded on first start, so seeding runs exactly once.</summary>
    public string? SeedKey { get; set; }
}
