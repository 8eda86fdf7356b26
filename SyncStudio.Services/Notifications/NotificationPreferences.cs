using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;

namespace SyncStudio.Services.Notifications;

/// <summary>What a user receives: which events, and whether by e-mail; <see cref="Available"/> are those their role allows.</summary>
public sealed record NotificationPreferenceView(string? Email, bool EmailEnabled, IReadOnlyList<string> Events, IReadOnlyList<string> Available, bool Saved);

public sealed record NotificationPreferenceResult(NotificationPreferenceView? View, IReadOnlyDictionary<string, string>? Errors, bool NotFound = false);

/// <summary>
/// Each user's choice of notifications. A user who never chose receives, by e-mail, every event their role is concerned
/// with (<see cref="NotificationKinds.LowestRole"/>); a choice outside the role is refused rather than kept unused.
/// </summary>
public sealed class NotificationPreferences(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time)
{
    public async Task<NotificationPreferenceView?> GetAsync(int userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await UserAsync(db, userId, ct);
        if (user is null)
            return null;
        var row = await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        return View(user.Value.Email, user.Value.Roles, row);
    }

    /// <summary>Saves the user's choice; a field left null keeps its value.</summary>
    public async Task<NotificationPreferenceResult> SaveAsync(int userId, bool? emailEnabled, IReadOnlyList<string>? events, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await UserAsync(db, userId, ct);
        if (user is null)
            return new NotificationPreferenceResult(null, null, NotFound: true);
        var available = NotificationKinds.AvailableTo(user.Value.Roles);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in events ?? [])
        {
            if (!NotificationKinds.All.Contains(kind))
                errors["events"] = $"'{kind}' is not an event (approval_digest, batch_failed, batch_held, store_attention)";
            else if (!available.Contains(kind))
                errors["events"] = $"'{kind}' is for {NotificationKinds.LowestRole(kind)} and above";
        }
        if (errors.Count > 0)
            return new NotificationPreferenceResult(null, errors);

        var row = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (row is null)
        {
            row = new NotificationPreference { UserId = userId, Events = string.Join(",", available) };
            db.NotificationPreferences.Add(row);
        }
        if (emailEnabled is { } enabled)
            row.EmailEnabled = enabled;
        if (events is not null)
            row.Events = string.Join(",", NotificationKinds.All.Where(events.Contains));
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new NotificationPreferenceResult(View(user.Value.Email, user.Value.Roles, row), null);
    }

    internal static NotificationPreferenceView View(string? email, IReadOnlyList<string> roles, NotificationPreference? row)
    {
        var available = NotificationKinds.AvailableTo(roles);
        var chosen = row is null ? available : [.. Split(row.Events).Where(available.Contains)];
        return new NotificationPreferenceView(email, row?.EmailEnabled ?? true, chosen, available, row is not null);
    }

    internal static IEnumerable<string> Split(string events) => events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(string? Email, IReadOnlyList<string> Roles)?> UserAsync(SyncStudioDbContext db, int userId, CancellationToken ct)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email }).FirstOrDefaultAsync(ct);
        if (email is null)
            return null;
        var roles = await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        return (email.Email, roles);
    }
}
