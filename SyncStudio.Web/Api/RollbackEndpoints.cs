using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Rollback;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record RollbackResponse(bool Success, string Message, string RollbackId);

public static class RollbackEndpoints
{
    public static RouteGroupBuilder MapRollbackEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/sync/rollback/{changeId}", Rollback).RequireAuthorization(Roles.Admin)
            .WithSummary("Undo an applied change on both sides (reason required; force to restore over later edits)");
        return api;
    }

    public static async Task<Results<Ok<RollbackResponse>, JsonHttpResult<ErrorResponse>>> Rollback(
        string changeId, HttpRequest request, RollbackService rollbacks, ClaimsPrincipal user, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (body is null)
            return validation.ToResult();
        var reader = new JsonBody(body) { Validation = validation };
        var reason = reader.Text("reason", 4000).Value;
        var force = reader.Flag("force");
        if (string.IsNullOrWhiteSpace(reason))
            validation.Add("reason", "is required");
        if (changeId.Length > 100)
            validation.Add("change_id", "must be at most 100 characters");
        if (!reader.RejectUnknown().IsValid)
            return validation.ToResult();

        var result = await rollbacks.RollbackAsync(changeId, reason!, force is { IsSet: true, Value: true }, user.RequireUserId(), ct);
        return result.Outcome switch
        {
            RollbackOutcome.Ok => TypedResults.Ok(new RollbackResponse(true, result.Message, result.RollbackId!)),
            RollbackOutcome.NotFound => ApiErrors.Problem(StatusCodes.Status404NotFound, result.Message, result.Details),
            RollbackOutcome.Failed => ApiErrors.Problem(StatusCodes.Status502BadGateway, result.Message, result.Details),
            _ => ApiErrors.Conflict(result.Message, result.Details),
        };
    }
}
