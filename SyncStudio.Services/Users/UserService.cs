using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Audit;

namespace SyncStudio.Services.Users;

public sealed record UserSummary(int Id, string Email, IReadOnlyList<string> Roles, bool LockedOut, DateTime CreatedAt);

public enum UserOutcome
{
    Ok,
    NotFound,
    Invalid,
    Duplicate,
}

public sealed record UserResult(UserOutcome Outcome, UserSummary? User = null, IReadOnlyDictionary<string, string>? Errors = null);

/// <summary>Users and their roles; one code path for the API and the dashboard.</summary>
public sealed class UserService(UserManager<AppUser> users, SyncStudioDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roleRows = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              select new { ur.UserId, r.Name }).ToListAsync(ct);
        var rolesByUser = roleRows.ToLookup(x => x.UserId, x => x.Name!);
        var now = time.GetUtcNow();
        return rows.Select(u => new UserSummary(u.Id, u.Email ?? "", Order(rolesByUser[u.Id]),
            u.LockoutEnd is { } end && end > now, u.CreatedAt)).ToList();
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
        await audit.WriteAsync(new AuditEntry("user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "user_created", actorId, Notes: $"roles: {string.Join(", ", roles)}"), ct);
        return new UserResult(UserOutcome.Ok, new UserSummary(user.Id, email, Order(roles), false, user.CreatedAt));
    }

    public async Task<UserResult> SetRolesAsync(int userId, IReadOnlyList<string> roles, int? actorId, CancellationToken ct)
    {
        var unknown = roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
            return Invalid("roles", $"unknown role(s): {string.Join(", ", unknown)}; allowed: {string.Join(", ", Roles.All)}");
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
            return new UserResult(UserOutcome.NotFound);

        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin) && await IsLastAdminAsync(user.Id, ct))
            return Invalid("roles", "the last Admin cannot lose the Admin role");
        var remove = current.Except(roles).ToList();
        var add = roles.Distinct().Except(current).ToList();
        if (remove.Count > 0)
            await users.RemoveFromRolesAsync(user, remove);
        if (add.Count > 0)
            await users.AddToRolesAsync(user, add);
        await audit.WriteAsync(new AuditEntry("user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "roles_changed", actorId, Notes: $"{string.Join(", ", Order(current))} -> {string.Join(", ", Order(roles))}"), ct);
        var now = time.GetUtcNow();
        return new UserResult(UserOutcome.Ok, new UserSummary(user.Id, user.Email ?? "", Order(roles),
            user.LockoutEnd is { } end && end > now, user.CreatedAt));
    }

    private async Task<bool> IsLastAdminAsync(int userId, CancellationToken ct)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        await Task.CompletedTask.WaitAsync(ct);
        return admins.Count == 1 && admins[0].Id == userId;
    }

    private static List<string> Order(IEnumerable<string> roles) =>
        [.. roles.Distinct().OrderBy(r => Roles.All.ToList().IndexOf(r))];

    private static UserResult Invalid(string field, string message) =>
        new(UserOutcome.Invalid, Errors: new Dictionary<string, string> { [field] = message });

    private static Dictionary<string, string> IdentityErrors(IdentityResult result) =>
        result.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : "user")
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Description)));
}
