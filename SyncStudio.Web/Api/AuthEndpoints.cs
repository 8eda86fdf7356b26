using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SyncStudio.Data;
using SyncStudio.Services.Users;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record TokenRequest(string? Email, string? Password);

/// <param name="PasswordChangeRequired">
/// True when the password was generated or reset by an Admin: until it is changed (POST /api/auth/password), this
/// token is refused everywhere else with 403.
/// </param>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, bool PasswordChangeRequired = false);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueToken).AllowAnonymous().RequireRateLimiting(RateLimits.Token)
            .WithSummary("Exchange email and password for a bearer token")
            .WithDescription("A disabled or deleted user gets 401. A user whose password must change (generated, or reset by an Admin) "
                + "gets a token with password_change_required: true, which only POST /api/auth/password accepts.");
        api.MapPost("/auth/password", ChangePassword).WithMetadata(new AllowedBeforePasswordChange())
            .WithSummary("Change your own password")
            .WithDescription("Needs the current password. Every other token and session of the user ends; the answer carries a new token.");
        return api;
    }

    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<ErrorResponse>>> IssueToken(
        TokenRequest request, UserManager<AppUser> users, SignInManager<AppUser> signIn, TokenService tokens)
    {
        var validation = new Validation().Require("email", request.Email).Require("password", request.Password)
            .MaxLength("email", request.Email, 256).MaxLength("password", request.Password, UserService.PasswordMaxLength);
        if (!validation.IsValid)
            return validation.ToResult();

        var user = await users.FindByEmailAsync(request.Email!);
        if (user is null)
            return Unauthorized();
        var check = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (check.IsLockedOut)
            return ApiErrors.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials",
                new Dictionary<string, object?> { ["account"] = "locked after repeated failures; try again later" });
        // Said only to whoever knows the password, so the answer tells no one else which accounts are disabled.
        if (check.IsNotAllowed && await users.CheckPasswordAsync(user, request.Password!))
            return ApiErrors.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials",
                new Dictionary<string, object?> { ["account"] = "is disabled; an Admin can enable it" });
        if (!check.Succeeded)
            return Unauthorized();

        return TypedResults.Ok(Issue(tokens, user, await users.GetRolesAsync(user)));
    }

    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<ErrorResponse>>> ChangePassword(
        ChangePasswordRequest request, UserService service, UserManager<AppUser> users, TokenService tokens, ClaimsPrincipal principal,
        CancellationToken ct)
    {
        var validation = new Validation().Require("current_password", request.CurrentPassword).Require("new_password", request.NewPassword)
            .MaxLength("current_password", request.CurrentPassword, UserService.PasswordMaxLength)
            .MaxLength("new_password", request.NewPassword, UserService.PasswordMaxLength);
        if (!validation.IsValid)
            return validation.ToResult();

        var userId = principal.RequireUserId();
        var result = await service.ChangeOwnPasswordAsync(userId, request.CurrentPassword!, request.NewPassword!, ct);
        if (result.Outcome != UserOutcome.Ok)
            return UserEndpoints.Problem(result, userId);
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(Issue(tokens, user!, await users.GetRolesAsync(user!)));
    }

    private static TokenResponse Issue(TokenService tokens, AppUser user, IEnumerable<string> roles)
    {
        var token = tokens.Issue(user, roles);
        return new TokenResponse(token.AccessToken, "Bearer", token.ExpiresIn, user.MustChangePassword);
    }

    private static JsonHttpResult<ErrorResponse> Unauthorized() =>
        ApiErrors.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials",
            new Dictionary<string, object?> { ["credentials"] = "email or password is wrong" });
}
