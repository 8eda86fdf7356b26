using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Users;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record CreateUserRequest(string? Email, string? Password, List<string>? Roles);

public sealed record SetRolesRequest(List<string>? Roles);

public sealed record ResetPasswordRequest(string? Password);

public sealed record UserDto(int Id, string Email, IReadOnlyList<string> Roles, bool LockedOut, DateTime CreatedAt, bool Disabled,
    bool MustChangePassword)
{
    public static UserDto From(UserSummary u) => new(u.Id, u.Email, u.Roles, u.LockedOut, u.CreatedAt, u.Disabled, u.MustChangePassword);
}

public sealed record UserList(bool Success, IReadOnlyList<UserDto> Items, int Total);

public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequireAuthorization(Roles.Admin);
        users.MapGet("/", List).WithSummary("List users and their roles (deleted users are not listed)");
        users.MapPost("/", Create).WithSummary("Create a user");
        users.MapPut("/{id:int}/roles", SetRoles).WithSummary("Replace a user's roles")
            .WithDescription("A live token of the user carries the new roles within 30 seconds (at once on this instance).");
        users.MapPost("/{id:int}/disable", Disable).WithSummary("Disable a user")
            .WithDescription("The user can no longer sign in or get a token, and their live tokens and sessions are refused. "
                + "409 for yourself or the last active Admin.");
        users.MapPost("/{id:int}/enable", Enable).WithSummary("Enable a disabled user (and lift a lockout)")
            .WithDescription("409 for yourself.");
        users.MapDelete("/{id:int}", Delete).WithSummary("Delete a user")
            .WithDescription("History keeps naming them: batches, versions, reviews and audit events still show their id and email. "
                + "The email can be registered again. 409 for yourself or the last active Admin.");
        users.MapPost("/{id:int}/reset-password", ResetPassword).WithSummary("Set another user's password; they must change it at next sign-in")
            .WithDescription("Their live tokens and sessions end. 409 for yourself (use POST /api/auth/password).");
        return api;
    }

    public static async Task<Ok<UserList>> List(UserService service, CancellationToken ct)
    {
        var items = (await service.ListAsync(ct)).Select(UserDto.From).ToList();
        return TypedResults.Ok(new UserList(true, items, items.Count));
    }

    public static async Task<Results<Created<UserDto>, JsonHttpResult<ErrorResponse>>> Create(
        CreateUserRequest request, UserService service, ClaimsPrincipal principal, CancellationToken ct)
    {
        var validation = new Validation().Require("email", request.Email).Require("password", request.Password)
            .MaxLength("email", request.Email, 256).MaxLength("password", request.Password, UserService.PasswordMaxLength);
        if (request.Email is { } email && !email.Contains('@', StringComparison.Ordinal))
            validation.Add("email", "must be an email address");
        if (!validation.IsValid)
            return validation.ToResult();

        var result = await service.CreateAsync(request.Email!, request.Password!, request.Roles ?? [Roles.Viewer],
            principal.GetUserId(), ct);
        return result.Outcome switch
        {
            UserOutcome.Ok => TypedResults.Created($"/api/users/{result.User!.Id}", UserDto.From(result.User)),
            UserOutcome.Duplicate => ApiErrors.Conflict("User already exists", Details(result)),
            _ => ApiErrors.Validation(result.Errors!),
        };
    }

    public static async Task<Results<Ok<UserDto>, JsonHttpResult<ErrorResponse>>> SetRoles(
        int id, SetRolesRequest request, UserService service, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (request.Roles is null)
            return ApiErrors.Validation(new Dictionary<string, string> { ["roles"] = "is required" });
        var result = await service.SetRolesAsync(id, request.Roles, principal.GetUserId(), ct);
        return result.Outcome == UserOutcome.Ok ? TypedResults.Ok(UserDto.From(result.User!)) : Problem(result, id);
    }

    public static async Task<Results<Ok<UserDto>, JsonHttpResult<ErrorResponse>>> Disable(
        int id, UserService service, ClaimsPrincipal principal, CancellationToken ct) =>
        ToResult(await service.DisableAsync(id, principal.RequireUserId(), ct), id);

    public static async Task<Results<Ok<UserDto>, JsonHttpResult<ErrorResponse>>> Enable(
        int id, UserService service, ClaimsPrincipal principal, CancellationToken ct) =>
        ToResult(await service.EnableAsync(id, principal.RequireUserId(), ct), id);

    public static async Task<Results<NoContent, JsonHttpResult<ErrorResponse>>> Delete(
        int id, UserService service, ClaimsPrincipal principal, CancellationToken ct)
    {
        var result = await service.DeleteAsync(id, principal.RequireUserId(), ct);
        return result.Outcome == UserOutcome.Ok ? TypedResults.NoContent() : Problem(result, id);
    }

    public static async Task<Results<Ok<UserDto>, JsonHttpResult<ErrorResponse>>> ResetPassword(
        int id, ResetPasswordRequest request, UserService service, ClaimsPrincipal principal, CancellationToken ct)
    {
        var validation = new Validation().Require("password", request.Password).MaxLength("password", request.Password, UserService.PasswordMaxLength);
        if (!validation.IsValid)
            return validation.ToResult();
        return ToResult(await service.ResetPasswordAsync(id, request.Password!, principal.RequireUserId(), ct), id);
    }

    private static Results<Ok<UserDto>, JsonHttpResult<ErrorResponse>> ToResult(UserResult result, int id) =>
        result.Outcome == UserOutcome.Ok ? TypedResults.Ok(UserDto.From(result.User!)) : Problem(result, id);

    /// <summary>A refused user operation in the error shape: 404, 409 (self, last Admin), else 400 naming the field.</summary>
    internal static JsonHttpResult<ErrorResponse> Problem(UserResult result, int id) => result.Outcome switch
    {
        UserOutcome.NotFound => ApiErrors.NotFound("User", id),
        UserOutcome.Conflict => ApiErrors.Conflict("User change refused", Details(result)),
        UserOutcome.Duplicate => ApiErrors.Conflict("User already exists", Details(result)),
        _ => ApiErrors.Validation(result.Errors ?? new Dictionary<string, string>()),
    };

    private static Dictionary<string, object?> Details(UserResult result) =>
        (result.Errors ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
}
