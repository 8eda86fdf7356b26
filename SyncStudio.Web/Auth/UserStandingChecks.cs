using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SyncStudio.Data;
using SyncStudio.Services.Users;
using SyncStudio.Web.Api;

namespace SyncStudio.Web.Auth;

/// <summary>
/// Where a signed-in request meets the user's standing now (docs/decisions/0012): a bearer token whose stamp no longer
/// matches (disabled, deleted, password changed or reset) is refused, its roles are the user's current ones, and a user
/// whose password must change may do nothing else.
/// </summary>
public static class UserStandingChecks
{
    /// <summary>The JWT claim carrying a hash of the user's security stamp at issue.</summary>
    public const string StampClaim = "sst";

    /// <summary>Present on a principal whose password must be changed before anything else.</summary>
    public const string PasswordChangeClaim = "pwd_change";

    public const string PasswordRoute = "/api/auth/password";
    public const string PasswordPage = "/account/password";

    /// <summary><see cref="JwtBearerEvents.OnTokenValidated"/>: checks the stamp and puts the current roles in.</summary>
    public static async Task ValidateTokenAsync(TokenValidatedContext context)
    {
        var principal = context.Principal;
        var identity = principal?.Identity as ClaimsIdentity;
        var userId = principal?.GetUserId();
        if (identity is null || userId is null)
        {
            context.Fail(new TokenRevokedException());
            return;
        }
        var standing = await context.HttpContext.RequestServices.GetRequiredService<UserStandingCache>()
            .GetAsync(userId.Value, context.HttpContext.RequestAborted);
        if (standing is null || !UserStandingCache.SameStamp(principal!.FindFirstValue(StampClaim), standing.StampHash))
        {
            context.Fail(new TokenRevokedException());
            return;
        }
        foreach (var role in identity.FindAll(identity.RoleClaimType).ToList())
            identity.RemoveClaim(role);
        identity.AddClaims(standing.Roles.Select(r => new Claim(identity.RoleClaimType, r)));
        if (standing.MustChangePassword)
            identity.AddClaim(new Claim(PasswordChangeClaim, "required"));
    }

    public static bool MustChangePassword(this ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == PasswordChangeClaim);

    /// <summary>
    /// Until the password is changed, every /api route and hub but the password route answers 403 in the error shape.
    /// (Dashboard pages send the user to the change-password page instead: see PasswordChangeGate.)
    /// </summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.MustChangePassword()
            && (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
            && context.GetEndpoint()?.Metadata.GetMetadata<AllowedBeforePasswordChange>() is null)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "Password change required",
                new Dictionary<string, object?>
                {
                    ["password"] = $"must be changed before anything else: POST {PasswordRoute} with current_password and new_password",
                });
            return;
        }
        await next(context);
    });
}

/// <summary>Endpoint metadata: the route may be used while the caller's password must change.</summary>
public sealed class AllowedBeforePasswordChange;

/// <summary>A token that was valid when issued but whose user's standing has moved on.</summary>
public sealed class TokenRevokedException() : SecurityTokenException(
    "The bearer token was revoked: its user was disabled or deleted, or their password changed. Request a new token.");

/// <summary>Refuses sign-in to disabled and deleted users and to system actors.</summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user) =>
        user.DisabledAt is null && user.DeletedAt is null && user.SystemActor is null && await base.CanSignInAsync(user);
}

/// <summary>The dashboard's cookie principal: Identity's, plus the must-change-password mark.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
            identity.AddClaim(new Claim(UserStandingChecks.PasswordChangeClaim, "required"));
        return identity;
    }
}

/// <summary>
/// A live dashboard circuit checks its user's stamp as often as a cookie is checked, so a disabled user's open page
/// stops working within <see cref="UserStandingCache.MaxAge"/>, not only at its next full load.
/// </summary>
public sealed class RevalidatingAuthenticationState(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => UserStandingCache.MaxAge;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.GetUserId() is not { } id)
            return false;
        await using var scope = scopes.CreateAsyncScope();
        var standing = await scope.ServiceProvider.GetRequiredService<UserStandingCache>().GetAsync(id, cancellationToken);
        // The cookie's principal carries the stamp itself (Identity's claim), not the token's hash of it.
        var stamp = user.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return standing is not null && stamp is not null && UserStandingCache.SameStamp(UserStandingCache.HashStamp(stamp), standing.StampHash);
    }
}
