using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Safety;

/// <summary>The safety settings as the API and the Settings page show them.</summary>
public sealed record SafetySettingsView(BreakerLimits Breaker, DateTime? UpdatedAt);

public sealed record SafetySettingsResult(SafetySettingsView? View, IReadOnlyDictionary<string, string>? Errors);

/// <summary>Reads and saves the circuit breaker's limits (one row; the configured defaults until an Admin saves).</summary>
public sealed class SafetySettingsService(IDbContextFactory<SyncStudioDbContext> factory, IOptions<CircuitBreakerOptions> defaults)
{
    public async Task<SafetySettingsView> GetAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSafetySettings.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        return row is null ? new SafetySettingsView(defaults.Value.ToLimits(), null) : new SafetySettingsView(ToLimits(row), row.UpdatedAt);
    }

    public async Task<BreakerLimits> LimitsAsync(CancellationToken ct) => (await GetAsync(ct)).Breaker;

    /// <summary>Checks each limit (percentages within 0..100, a count not negative) and saves them all, or nothing.</summary>
    public async Task<SafetySettingsResult> SaveAsync(BreakerLimits limits, int actorId, CancellationToken ct)
    {
        var errors = Validate(limits);
        if (errors.Count > 0)
            return new SafetySettingsResult(null, errors);
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSafetySettings.OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        var before = row is null ? defaults.Value.ToLimits() : ToLimits(row);
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
        row.UpdatedById = actorId;
        AuditLog.Add(db, new AuditEntry("settings", "circuit_breaker", "circuit_breaker_saved", actorId,
            Data: SyncJson.Serialize(new { before, after = limits })));
        await db.SaveChangesAsync(ct);
        return new SafetySettingsResult(new SafetySettingsView(ToLimits(row), row.UpdatedAt), null);
    }

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
