using Microsoft.AspNetCore.Identity;

namespace SyncStudio.Data;

public class AppUser : IdentityUser<int>
{
    public DateTime CreatedAt { get; set; }

    /// <summary>When an Admin disabled the account; null while it may sign in (docs/decisions/0012).</summary>
    public DateTime? DisabledAt { get; set; }

    /// <summary>
    /// When the account was deleted. The row stays, with its email, so every batch, audit event and change that names
    /// the person still does; it has no password, no roles and no normalized name, so it cannot sign in and the
    /// address can be registered again.
    /// </summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>The password was generated or set by an Admin: it must be changed before anything else.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// Set on the rows that stand for what starts work without a person (<see cref="SystemActors"/>); null for people.
    /// Such a row never signs in and is not listed as a user.
    /// </summary>
    public string? SystemActor { get; set; }

    public const int SystemActorMaxLength = 30;
}

/// <summary>The non-person actors a batch can be recorded as created by (docs/decisions/0012).</summary>
public static class SystemActors
{
    public const string ShopifyWebhook = "shopify_webhook";
    public const string Schedule = "schedule";

    public static readonly IReadOnlyList<string> All = [ShopifyWebhook, Schedule];
}

public class AppRole : IdentityRole<int>
{
    public AppRole()
    {
    }

    public AppRole(string name) : base(name)
    {
    }
}

public static class Roles
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";
    public const string Approver = "Approver";
    public const string Admin = "Admin";

    /// <summary>Lowest to highest; each role may do everything the ones before it may.</summary>
    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Approver, Admin];

    /// <summary>The roles that include <paramref name="role"/>'s permissions.</summary>
    public static IReadOnlyList<string> AtLeast(string role)
    {
        var index = All.ToList().IndexOf(role);
        if (index < 0)
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role.");
        return All.Skip(index).ToArray();
    }
}
