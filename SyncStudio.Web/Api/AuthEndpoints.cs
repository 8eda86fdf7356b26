using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SyncStudio.Data;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record TokenRequest(string? Email, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueToken).AllowAnonymous().RequireRateLimiting(RateLimits.Token)
            .WithSummary("Exchange email and password for a bearer token");
        return api;
    }

    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<ErrorResponse>>> IssueToken(
        TokenRequest request, UserManager<AppUser> users, SignInManager<AppUser> signIn, TokenService tokens)
    {
        var validation = new Validation().Require("email", request.Email).Require("password", request.Password)
            .MaxLength("email", request.Email, 256).MaxLength("password", request.Password, 256);
        if (!validation.IsValid)
            return validation.ToResult();

        var user = await users.FindByEmailAsync(request.Email!);
        if (user is null)
            return Unauthorized();
        var check = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (check.IsLockedOut)
            return ApiErrors.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials",
                new Dictionary<string, object?> { ["account"] = "locked after repeated failures; try again later" });
        if (!check.Succeeded)
            return Unauthorized();

        var token = tokens.Issue(user, await users.GetRolesAsync(user));
        return TypedResults.Ok(new TokenResponse(token.AccessToken, "Bearer", token.ExpiresIn));
    }

    private static JsonHttpResult<ErrorResponse> Unauthorized() =>
        ApiErrors.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials",
            new Dictionary<string, object?> { ["credentials"] = "email or password is wrong" });
}
