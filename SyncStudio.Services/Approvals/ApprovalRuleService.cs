using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Json;
using SyncStudio.Services.Setup;

namespace SyncStudio.Services.Approvals;

public sealed record ApprovalRuleDto(
    int Id,
    string RuleName,
    string? RuleDescription,
    string? EntityType,
    string? ChangeType,
    IReadOnlyList<string> FieldPatterns,
    IReadOnlyDictionary<string, decimal> ValueThresholds,
    bool RequiresApproval,
    IReadOnlyDictionary<string, ConditionValue> AutoApproveConditions,
    int ApprovalLevel,
    bool IsActive,
    int Priority,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int? CreatedBy,
    bool IsDefault);

public enum RuleOutcome
{
    Ok,
    NotFound,
    Invalid,
}

public sealed record RuleResult(RuleOutcome Outcome, ApprovalRuleDto? Rule = null, IReadOnlyDictionary<string, string>? Errors = null);

/// <summary>Approval rules: stored as the spec's JSON columns, validated against the closed vocabulary on every save.</summary>
public sealed class ApprovalRuleService(IDbContextFactory<SyncStudioDbContext> factory)
{
    public async Task<IReadOnlyList<ApprovalRuleDto>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.SyncApprovalRules.AsNoTracking().OrderBy(r => r.Priority).ThenBy(r => r.Id).ToListAsync(ct);
        return rows.Select(ToDto).ToList();
    }

    public async Task<ApprovalRuleDto?> FindAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncApprovalRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return row is null ? null : ToDto(row);
    }

    /// <summary>The active rules, compiled once for a batch.</summary>
    public async Task<ApprovalEvaluator> LoadEvaluatorAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.SyncApprovalRules.AsNoTracking().Where(r => r.IsActive).ToListAsync(ct);
        return new ApprovalEvaluator(rows.Select(ToDefinition).ToList());
    }

    public async Task<RuleResult> CreateAsync(ApprovalRuleInput input, int actorId, CancellationToken ct)
    {
        var validation = ApprovalRuleValidator.Validate(input);
        if (!validation.IsValid)
            return new RuleResult(RuleOutcome.Invalid, Errors: validation.Errors);
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = new SyncApprovalRule { RuleName = "", CreatedById = actorId };
        Store(row, validation.Rule!);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SyncApprovalRules.Add(row);
        await db.SaveChangesAsync(ct);
        AuditLog.Add(db, new AuditEntry("approval_rule", Id(row.Id), "rule_created", actorId, Notes: row.RuleName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RuleResult(RuleOutcome.Ok, ToDto(row));
    }

    public async Task<RuleResult> UpdateAsync(int id, ApprovalRuleInput input, int actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncApprovalRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (row is null)
            return new RuleResult(RuleOutcome.NotFound);
        var validation = ApprovalRuleValidator.Validate(input, id);
        if (!validation.IsValid)
            return new RuleResult(RuleOutcome.Invalid, Errors: validation.Errors);
        Store(row, validation.Rule!);
        AuditLog.Add(db, new AuditEntry("approval_rule", Id(id), "rule_updated", actorId, Notes: row.RuleName));
        await db.SaveChangesAsync(ct);
        return new RuleResult(RuleOutcome.Ok, ToDto(row));
    }

    public async Task<RuleOutcome> DeleteAsync(int id, int actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncApprovalRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (row is null)
            return RuleOutcome.NotFound;
        db.SyncApprovalRules.Remove(row);
        AuditLog.Add(db, new AuditEntry("approval_rule", Id(id), "rule_deleted", actorId, Notes: row.RuleName));
        await db.SaveChangesAsync(ct);
        return RuleOutcome.Ok;
    }

    public static ApprovalRuleDefinition ToDefinition(SyncApprovalRule row) => new()
    {
        Id = row.Id,
        Name = row.RuleName,
        Description = row.RuleDescription,
        EntityType = row.EntityType,
        ChangeType = row.ChangeType,
        FieldPatterns = SyncJson.Deserialize<List<string>>(row.FieldPatterns) ?? [],
        ValueThresholds = SyncJson.Deserialize<Dictionary<string, decimal>>(row.ValueThresholds) ?? [],
        RequiresApproval = row.RequiresApproval,
        AutoApproveConditions = SyncJson.Deserialize<Dictionary<string, ConditionValue>>(row.AutoApproveConditions) ?? [],
        ApprovalLevel = row.ApprovalLevel,
        IsActive = row.IsActive,
        Priority = row.Priority,
    };

    internal static void Store(SyncApprovalRule row, ApprovalRuleDefinition rule)
    {
        row.RuleName = rule.Name;
        row.RuleDescription = rule.Description;
        row.EntityType = rule.EntityType;
        row.ChangeType = rule.ChangeType;
        row.FieldPatterns = SyncJson.Serialize(rule.FieldPatterns);
        row.ValueThresholds = SyncJson.Serialize(rule.ValueThresholds);
        row.RequiresApproval = rule.RequiresApproval;
        row.AutoApproveConditions = SyncJson.Serialize(rule.AutoApproveConditions);
        row.ApprovalLevel = rule.ApprovalLevel;
        row.IsActive = rule.IsActive;
        row.Priority = rule.Priority;
    }

    private static ApprovalRuleDto ToDto(SyncApprovalRule row)
    {
        var rule = ToDefinition(row);
        return new ApprovalRuleDto(row.Id, rule.Name, rule.Description, rule.EntityType, rule.ChangeType, rule.FieldPatterns,
            rule.ValueThresholds, rule.RequiresApproval, rule.AutoApproveConditions, rule.ApprovalLevel, rule.IsActive, rule.Priority,
            row.CreatedAt, row.UpdatedAt, row.CreatedById, row.SeedKey is not null);
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Seeds the default rules, each generation exactly once (<see cref="DefaultApprovalRules.Generations"/>): the first on
/// first start, a later one on the first start that knows it, so a database seeded before a default rule existed gets
/// it too. Each rule carries a seed key with a unique index, and a rule an Admin deleted or edited is never seeded again.
/// </summary>
public sealed class DefaultRulesSeeder(IDbContextFactory<SyncStudioDbContext> factory) : IStartupStep
{
    public int Order => 0;

    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var (marker, rules) in DefaultApprovalRules.Generations)
            await SeedAsync(marker, rules, ct);
    }

    private async Task SeedAsync(string marker, IReadOnlyList<ApprovalRuleDefinition> rules, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // The marker row records that seeding happened, so deleting a default rule later does not bring it back.
        if (await db.AuditEvents.AnyAsync(a => a.EntityType == "approval_rule" && a.Action == "defaults_seeded" && a.EntityId == marker, ct))
            return;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (rule, index) in rules.Select((r, i) => (r, i)))
        {
            var row = new SyncApprovalRule { RuleName = "", SeedKey = $"{marker}:{index}" };
            ApprovalRuleService.Store(row, rule);
            db.SyncApprovalRules.Add(row);
        }
        db.AuditEvents.Add(new AuditEvent { EntityType = "approval_rule", EntityId = marker, Action = "defaults_seeded" });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded them at the same moment: the unique seed keys kept it to once.
            await transaction.RollbackAsync(ct);
        }
    }
}

