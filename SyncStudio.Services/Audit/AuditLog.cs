using SyncStudio.Data;

namespace SyncStudio.Services.Audit;

public sealed record AuditEntry(
    string EntityType,
    string EntityId,
    string Action,
    int? UserId,
    string? BeforeStatus = null,
    string? AfterStatus = null,
    string? Notes = null,
    string? Data = null);

/// <summary>Appends audit events. Events are written in their own short-lived context unless one is given.</summary>
public sealed class AuditLog(Microsoft.EntityFrameworkCore.IDbContextFactory<SyncStudioDbContext> factory)
{
    public async Task WriteAsync(AuditEntry entry, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        Add(db, entry);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the event to <paramref name="db"/> so it commits with the change it records.</summary>
    public static void Add(SyncStudioDbContext db, AuditEntry entry) => db.AuditEvents.Add(ToEvent(entry));

    /// <summary>The row of an event, for writers that insert many at once.</summary>
    public static AuditEvent ToEvent(AuditEntry entry) => new()
    {
        EntityType = entry.EntityType,
        EntityId = entry.EntityId,
        Action = entry.Action,
        UserId = entry.UserId,
        UserEmail = null,
        BeforeStatus = entry.BeforeStatus,
        AfterStatus = entry.AfterStatus,
        Notes = entry.Notes,
        Data = entry.Data,
    };
}
