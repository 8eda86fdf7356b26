using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Json;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Safety;

/// <summary>The safety settings as the API and the Settings page show them.</summary>
public sealed record SafetySettingsView(BreakerLimits Breaker, IReadOnlyList<FieldOwnershipEntry> FieldOwnership, DateTime? UpdatedAt);

public sealed record SafetySettingsResult(SafetySettingsView? View, IReadOnlyDictionary<string, string>? Errors);

/// <summary>Reads and saves the circuit breaker's limits (one row; the configured defaults until an Admin saves).</summary>
public sealed class SafetySettingsService(IDbContextFactory<SyncStudioDbContext> factory, IOptions<CircuitBreakerOptions> defaults)
{
    public async Task<SafetySettingsView> GetAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSafetySettings.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        return row is null ? new SafetySettingsView(defaults.Value.ToLimits(), [], null) : new SafetySettingsView(ToLimits(row), Ownership(row), row.UpdatedAt);
    }

    public async Task<BreakerLimits> LimitsAsync(CancellationToken ct) => (await GetAsync(ct)).Breaker;

    /// <summary>The saved ownership policies, compiled for the three-way diff.</summary>
    public async Task<FieldOwnership> OwnershipAsync(CancellationToken ct)
    {
        var entries = (await GetAsync(ct)).FieldOwnership;
        return entries.Count == 0 ? FieldOwnership.None : new FieldOwnership(entries);
    }

    /// <summary>
    /// Checks each limit (percentages within 0..100, a count not negative) and each ownership pattern (a rule glob, each
    /// pattern once), and saves them all, or nothing.
    /// </summary>
    public async Task<SafetySettingsResult> SaveAsync(BreakerLimits limits, IReadOnlyList<FieldOwnershipEntry> ownership, int actorId, CancellationToken ct)
    {
        var errors = Validate(limits);
        foreach (var (key, error) in ValidateOwnership(ownership))
            errors[key] = error;
        if (errors.Count > 0)
            return new SafetySettingsResult(null, errors);
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSafetySettings.OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        var before = row is null ? defaults.Value.ToLimits() : ToLimits(row);
        IReadOnlyList<FieldOwnershipEntry> ownedBefore = row is null ? [] : Ownership(row);
        if (row is null)
        {
            row = new SyncSafetySettings();
            db.SyncSafetySettings.Add(row);
        }
        row.BreakerEnabled = limits.Enabled;
        row.MaxCatalogChangedPercent = limits.MaxCatalogChangedPercent;
        row.MaxVariantsZeroed = limits.MaxVariantsZeroed;
        row.MaxDeletedPercent = limits.MaxDeletedPercent;
        row.MaxReadShrinkPercent = limits.MaxReadShrinkPercent;
        row.FieldOwnership = ownership.Count == 0 ? null : SyncJson.Serialize(ownership);
        row.UpdatedById = actorId;
        if (before != limits)
            AuditLog.Add(db, new AuditEntry("settings", "circuit_breaker", "circuit_breaker_saved", actorId,
                Data: SyncJson.Serialize(new { before, after = limits })));
        if (!ownedBefore.SequenceEqual(ownership))
            AuditLog.Add(db, new AuditEntry("settings", "field_ownership", "field_ownership_saved", actorId,
                Data: SyncJson.Serialize(new { before = ownedBefore, after = ownership })));
        await db.SaveChangesAsync(ct);
        return new SafetySettingsResult(new SafetySettingsView(ToLimits(row), Ownership(row), row.UpdatedAt), null);
    }

    public const int MaxOwnershipEntries = 200;

    /// <summary>Each pattern a glob the approval rules would accept (so a typo is refused, never a policy that never applies), and once only.</summary>
    public static Dictionary<string, string> ValidateOwnership(IReadOnlyList<FieldOwnershipEntry> ownership)
    {
        var errors = new Dictionary<string, string>();
        if (ownership.Count > MaxOwnershipEntries)
            errors["field_ownership"] = string.Create(CultureInfo.InvariantCulture, $"must hold at most {MaxOwnershipEntries} patterns");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ownership.Count; i++)
        {
            var pattern = ownership[i].Pattern;
            if (Approvals.GlobPattern.Validate(pattern) is { } error)
                errors[string.Create(CultureInfo.InvariantCulture, $"field_ownership[{i}].pattern")] = $"{error}: '{pattern}'";
            else if (!seen.Add(pattern))
                errors[string.Create(CultureInfo.InvariantCulture, $"field_ownership[{i}].pattern")] = $"'{pattern}' is listed twice";
        }
        return errors;
    }

    private static List<FieldOwnershipEntry> Ownership(SyncSafetySettings row) =>
        SyncJson.Deserialize<List<FieldOwnershipEntry>>(row.FieldOwnership) ?? [];

    public static Dictionary<string, string> Validate(BreakerLimits limits)
    {
        var errors = new Dictionary<string, string>();
        Percent("max_catalog_changed_percent", limits.MaxCatalogChangedPercent);
        Percent("max_deleted_percent", limits.MaxDeletedPercent);
        Percent("max_read_shrink_percent", limits.MaxReadShrinkPercent);
        if (limits.MaxVariantsZeroed < 0)
            errors["max_variants_zeroed"] = "must be 0 or more";
        return errors;

        void Percent(string field, decimal value)
        {
            if (value is < 0 or > 100)
                errors[field] = string.Create(CultureInfo.InvariantCulture, $"must be a percentage from 0 to 100 (got {value})");
        }
    }

    private static BreakerLimits ToLimits(SyncSafetySettings row) => new()
    {
        Enabled = row.BreakerEnabled,
        MaxCatalogChangedPercent = row.MaxCatalogChangedPercent,
        MaxVariantsZeroed = row.MaxVariantsZeroed,
        MaxDeletedPercent = row.MaxDeletedPercent,
        MaxReadShrinkPercent = row.MaxReadShrinkPercent,
    };
}
