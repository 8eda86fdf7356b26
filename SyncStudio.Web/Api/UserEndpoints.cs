using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Users;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record CreateUserRequest(string? Email, string? Password, List<string>? Roles);

public sealed record SetRolesRequest(List<string>? Roles);

public sealed record UserDto(int Id, string Email, IReadOnlyList<string> Roles, bool LockedOut, DateTime CreatedAt)
{
    public static UserDto From(UserSummary u) => new(u.Id, u.Email, u.Roles, u.LockedOut, u.CreatedAt);
}

public sealed record UserList(bool Success, IReadOnlyList<UserDto> Items, int Total);

public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequireAuthorization(Roles.Admin);
        users.MapGet("/", List).WithSummary("List users and their roles");
        users.MapPost("/", Create).WithSummary("Create a user");
        users.MapPut("/{id:int}/roles", SetRoles).WithSummary("Replace a user's roles");
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
            .MaxLength("email", request.Email, 256).MaxLength("password", request.Password, 256);
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
        return result.Outcome switch
        {
            UserOutcome.Ok => TypedResults.Ok(UserDto.From(result.User!)),
            UserOutcome.NotFound => ApiErrors.NotFound("User", id),
            _ => ApiErrors.Validation(result.Errors!),
        };
    }

    private static Dictionary<string, object?> Details(UserResult result) =>
        (result.Errors ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
}
