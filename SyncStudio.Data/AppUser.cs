using Microsoft.AspNetCore.Identity;

namespace SyncStudio.Data;

public class AppUser : IdentityUser<int>
{
    public DateTime CreatedAt { get; set; }
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
