using System.Security.Claims;
using SyncStudio.Data;
using SyncStudio.Services.Review;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Components.Shared;

/// <summary>
/// What the signed-in user may do, read from their roles the way the authorization policies read them. The
/// dashboard offers only what this allows; the services and policies still decide.
/// </summary>
public sealed record UserAccess(int? UserId, bool IsOperator, bool IsApprover, bool IsAdmin, int ApprovalLevel)
{
    public static UserAccess Anonymous { get; } = new(null, false, false, false, 0);

    public static UserAccess Of(ClaimsPrincipal user) => new(
        user.GetUserId(),
        user.HasRoleAtLeast(Roles.Operator),
        user.HasRoleAtLeast(Roles.Approver),
        user.HasRoleAtLeast(Roles.Admin),
        Reviewer.LevelOf(Roles.All.Where(user.IsInRole)));

    /// <summary>The reviewer the review service needs; null for a user who may not decide.</summary>
    public Reviewer? Reviewer => UserId is { } id && ApprovalLevel > 0 ? new Reviewer(id, ApprovalLevel) : null;

    /// <summary>Whether this user's level reaches the change's (the service also applies the four-eyes rule).</summary>
    public bool CanDecide(StagedChangeDto change) =>
        change.Status == ChangeStatuses.Pending && ApprovalLevel > 0 && ApprovalLevel >= Math.Max(change.RequiredApprovalLevel, 1);

    public static string RoleNameOfLevel(int level) => level >= 2 ? Roles.Admin : Roles.Approver;
}
