using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Audit;

namespace SyncStudio.Services.Users;

public sealed record UserSummary(int Id, string Email, IReadOnlyList<string> Roles, bool LockedOut, DateTime CreatedAt,
    bool Disabled = false, bool MustChangePassword = false);

public enum UserOutcome
{
    Ok,
    NotFound,
    Invalid,
    Duplicate,

    /// <summary>Refused for who is asking or what would be left: one's own access, the last Admin (409).</summary>
    Conflict,
}

public sealed record UserResult(UserOutcome Outcome, UserSummary? User = null, IReadOnlyDictionary<string, string>? Errors = null);

/// <summary>
/// Users and their roles, and each one's life: disable, enable, delete, own password change, Admin reset; one code
/// path for the API and the dashboard. Every change that must end a user's sessions moves their security stamp and
/// drops their cached standing (docs/decisions/0012).
/// </summary>
public sealed class UserService(UserManager<AppUser> users, SyncStudioDbContext db, AuditLog audit, UserStandingCache standing, TimeProvider time)
{
    public const int PasswordMaxLength = 256;

    /// <summary>The people who have an account: system actors and deleted users are not listed.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct)
    {
        var rows = await People().AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roleRows = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              select new { ur.UserId, r.Name }).ToListAsync(ct);
        var rolesByUser = roleRows.ToLookup(x => x.UserId, x => x.Name!);
        return rows.Select(u => Summary(u, rolesByUser[u.Id])).ToList();
    }

    public async Task<UserResult> CreateAsync(string email, string password, IReadOnlyList<string> roles, int? actorId, CancellationToken ct)
    {
        var unknown = roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
            return Invalid("roles", $"unknown role(s): {string.Join(", ", unknown)}; allowed: {string.Join(", ", Roles.All)}");
        if (await users.FindByEmailAsync(email) is not null)
            return new UserResult(UserOutcome.Duplicate, Errors: new Dictionary<string, string> { ["email"] = "is already registered" });

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return new UserResult(UserOutcome.Invalid, Errors: IdentityErrors(created));
        if (roles.Count > 0)
        {
            var added = await users.AddToRolesAsync(user, roles.Distinct());
            if (!added.Succeeded)
                return new UserResult(UserOutcome.Invalid, Errors: IdentityErrors(added));
        }
        await audit.WriteAsync(new AuditEntry("user", Id(user.Id), "user_created", actorId, Notes: $"roles: {string.Join(", ", roles)}"), ct);
        return new UserResult(UserOutcome.Ok, Summary(user, roles));
    }

    /// <summary>
    /// Replaces the roles. The stamp stays: a live token or cookie keeps working with the new roles, read within
    /// <see cref="UserStandingCache.MaxAge"/> (at once in this process), so a demoted user is refused what they lost.
    /// </summary>
    public async Task<UserResult> SetRolesAsync(int userId, IReadOnlyList<string> roles, int? actorId, CancellationToken ct)
    {
        var unknown = roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
            return Invalid("roles", $"unknown role(s): {string.Join(", ", unknown)}; allowed: {string.Join(", ", Roles.All)}");
        var user = await FindPersonAsync(userId, ct);
        if (user is null)
            return new UserResult(UserOutcome.NotFound);

        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin) && await IsLastActiveAdminAsync(user, ct))
            return Invalid("roles", "the last Admin cannot lose the Admin role");
        var remove = current.Except(roles).ToList();
        var add = roles.Distinct().Except(current).ToList();
        if (remove.Count > 0)
            await users.RemoveFromRolesAsync(user, remove);
        if (add.Count > 0)
            await users.AddToRolesAsync(user, add);
        standing.Invalidate(user.Id);
        await audit.WriteAsync(new AuditEntry("user", Id(user.Id), "roles_changed", actorId,
            Notes: $"{string.Join(", ", Order(current))} -> {string.Join(", ", Order(roles))}"), ct);
        return new UserResult(UserOutcome.Ok, Summary(user, roles));
    }

    /// <summary>Refuses every sign-in and ends every session and token of the user.</summary>
    public async Task<UserResult> DisableAsync(int userId, int actorId, CancellationToken ct)
    {
        var user = await FindPersonAsync(userId, ct);
        if (user is null)
            return new UserResult(UserOutcome.NotFound);
        if (user.Id == actorId)
            return Conflict("user", "you cannot disable yourself");
        if (user.DisabledAt is not null)
            return new UserResult(UserOutcome.Ok, await SummaryAsync(user));
        if (await IsLastActiveAdminAsync(user, ct))
            return Conflict("user", "the last active Admin cannot be disabled");

        user.DisabledAt = time.GetUtcNow().UtcDateTime;
        await users.UpdateSecurityStampAsync(user);
        standing.Invalidate(user.Id);
        await audit.WriteAsync(new AuditEntry("user", Id(user.Id), "user_disabled", actorId, "active", "disabled", user.Email), ct);
        return new UserResult(UserOutcome.Ok, await SummaryAsync(user));
    }

    public async Task<UserResult> EnableAsync(int userId, int actorId, CancellationToken ct)
    {
        var user = await FindPersonAsync(userId, ct);
        if (user is null)
            return new UserResult(UserOutcome.NotFound);
        if (user.Id == actorId)
            return Conflict("user", "you cannot change your own access");
        if (user.DisabledAt is null)
            return new UserResult(UserOutcome.Ok, await SummaryAsync(user));

        user.DisabledAt = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await users.UpdateAsync(user);
        standing.Invalidate(user.Id);
        await audit.WriteAsync(new AuditEntry("user", Id(user.Id), "user_enabled", actorId, "disabled", "active", user.Email), ct);
        return new UserResult(UserOutcome.Ok, await SummaryAsync(user));
    }

    /// <summary>
    /// Deletes the account but keeps the row (docs/decisions/0012): batches, versions, reviews and audit events keep
    /// naming the person by id and email. The row loses its password, roles and normalized names, so it cannot sign in,
    /// is found by no look-up, and its address can be registered again.
    /// </summary>
    public async Task<UserResult> DeleteAsync(int userId, int actorId, CancellationToken ct)
    {
        var user = await FindPersonAsync(userId, ct);
        if (user is null)
            return new UserResult(UserOutcome.NotFound);
        if (user.Id == actorId)
            return Conflict("user", "you cannot delete yourself");
        if (await IsLastActiveAdminAsync(user, ct))
            return Conflict("user", "the last active Admin cannot be deleted");

        var now = time.GetUtcNow().UtcDateTime;
        var stamp = Guid.NewGuid().ToString("N");
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.UserRoles.Where(ur => ur.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct);
            // Set-based, not through the user manager, which would normalize the names again on update.
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.DeletedAt, now)
                .SetProperty(u => u.DisabledAt, u => u.DisabledAt ?? now)
                .SetProperty(u => u.PasswordHash, (string?)null)
                .SetProperty(u => u.NormalizedEmail, (string?)null)
                .SetProperty(u => u.NormalizedUserName, (string?)null)
                .SetProperty(u => u.MustChangePassword, false)
                .SetProperty(u => u.SecurityStamp, stamp)
                .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString("N")), ct);
            AuditLog.Add(db, new AuditEntry("user", Id(userId), "user_deleted", actorId, user.DisabledAt is null ? "active" : "disabled",
                "deleted", user.Email));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        standing.Invalidate(userId);
        return new UserResult(UserOutcome.Ok);
    }

    /// <summary>The signed-in user changes their own password; their other sessions and tokens end.</summary>
    public async Task<UserResult> ChangeOwnPasswordAsync(int userId, string currentPassword, string newPassword, CancellationToken ct)
    {
        var user = await FindPersonAsync(userId, ct);
        if (user is null || user.DisabledAt is not null)
            return new UserResult(UserOutcome.NotFound);
        if (!await users.CheckPasswordAsync(user, currentPassword))
            return Invalid("current_password", "is wrong");
        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
            return Invalid("new_password", "must differ from the current password");

        // Checked before the change so a refused password leaves the must-change flag as it was.
        var check = await ValidatePasswordAsync(user, newPassword, "new_password");
        if (check is not null)
            return check;
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
            return new UserResult(UserOutcome.Invalid, Errors: PasswordErrors(changed, "new_password"));
        var wasForced = user.MustChangePassword;
        if (wasForced)
        {
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }
        standing.Invalidate(user.Id);
        await audit.WriteAsync(new AuditEntry("user", Id(user.Id), "password_changed", user.Id,
            Notes: wasForced ? "changed as required at sign-in" : null), ct);
        return new UserResult(UserOutcome.Ok, await SummaryAsync(user));
    }

    /// <summary>
    /// An Admin sets a new password for another user, who must change it at their next sign-in; their sessions and
    /// tokens end, and a lockout after failed attempts is lifted.
    /// </summary>
    public async Task<UserResult> ResetPasswordAsync(int userId, string newPassword, int actorId, CancellationToken ct)
    {
        var user = await FindPersonAsync(userId, ct);
        if (user is null)
            return new UserResult(UserOutcome.NotFound);
        if (user.Id == actorId)
            return Conflict("user", "change your own password with POST /api/auth/password");
        var check = await ValidatePasswordAsync(user, newPassword, "password");
        if (check is not null)
            return check;

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (!reset.Succeeded)
            return new UserResult(UserOutcome.Invalid, Errors: PasswordErrors(reset, "password"));
        user.MustChangePassword = true;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await users.UpdateAsync(user);
        standing.Invalidate(user.Id);
        await audit.WriteAsync(new AuditEntry("user", Id(user.Id), "password_reset", actorId, Notes: user.Email), ct);
        return new UserResult(UserOutcome.Ok, await SummaryAsync(user));
    }

    private async Task<UserResult?> ValidatePasswordAsync(AppUser user, string password, string field)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded)
                errors.AddRange(result.Errors);
        }
        return errors.Count == 0 ? null
            : new UserResult(UserOutcome.Invalid, Errors: new Dictionary<string, string> { [field] = string.Join(" ", errors.Select(e => e.Description)) });
    }

    private IQueryable<AppUser> People() => db.Users.Where(u => u.SystemActor == null && u.DeletedAt == null);

    private async Task<AppUser?> FindPersonAsync(int userId, CancellationToken ct) =>
        await People().FirstOrDefaultAsync(u => u.Id == userId, ct);

    /// <summary>Whether <paramref name="user"/> is an Admin and no other active (not disabled) Admin would be left.</summary>
    private async Task<bool> IsLastActiveAdminAsync(AppUser user, CancellationToken ct)
    {
        var admins = await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            join u in db.Users on ur.UserId equals u.Id
                            where r.Name == Roles.Admin && u.DisabledAt == null && u.DeletedAt == null
                            select u.Id).ToListAsync(ct);
        return admins.Contains(user.Id) && admins.Count == 1;
    }

    private async Task<UserSummary> SummaryAsync(AppUser user) => Summary(user, await users.GetRolesAsync(user));

    private UserSummary Summary(AppUser u, IEnumerable<string> roles) =>
        new(u.Id, u.Email ?? "", Order(roles), u.LockoutEnd is { } end && end > time.GetUtcNow(), u.CreatedAt,
            u.DisabledAt is not null, u.MustChangePassword);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static List<string> Order(IEnumerable<string> roles) =>
        [.. roles.Distinct().OrderBy(r => Roles.All.ToList().IndexOf(r))];

    private static UserResult Invalid(string field, string message) =>
        new(UserOutcome.Invalid, Errors: new Dictionary<string, string> { [field] = message });

    private static UserResult Conflict(string field, string message) =>
        new(UserOutcome.Conflict, Errors: new Dictionary<string, string> { [field] = message });

    private static Dictionary<string, string> PasswordErrors(IdentityResult result, string field) =>
        new() { [field] = string.Join(" ", result.Errors.Select(e => e.Description)) };

    private static Dictionary<string, string> IdentityErrors(IdentityResult result) =>
        result.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : "user")
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Description)));
}
