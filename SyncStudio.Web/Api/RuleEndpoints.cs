using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record RuleList(bool Success, IReadOnlyList<ApprovalRuleDto> Items, int Total);

public static class RuleEndpoints
{
    public static RouteGroupBuilder MapRuleEndpoints(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/sync/rules").RequireAuthorization(Roles.Admin);
        rules.MapGet("/", List).WithSummary("Approval rules in priority order");
        rules.MapGet("/{id:int}", Get).WithSummary("One approval rule");
        rules.MapPost("/", Create).WithSummary("Create an approval rule (closed vocabulary)");
        rules.MapPut("/{id:int}", Update).WithSummary("Replace an approval rule");
        rules.MapDelete("/{id:int}", Delete).WithSummary("Delete an approval rule");
        return api;
    }

    public static async Task<Ok<RuleList>> List(ApprovalRuleService rules, CancellationToken ct)
    {
        var items = await rules.ListAsync(ct);
        return TypedResults.Ok(new RuleList(true, items, items.Count));
    }

    public static async Task<Results<Ok<ApprovalRuleDto>, JsonHttpResult<ErrorResponse>>> Get(int id, ApprovalRuleService rules, CancellationToken ct) =>
        await rules.FindAsync(id, ct) is { } rule ? TypedResults.Ok(rule) : ApiErrors.NotFound("Rule", id);

    public static async Task<Results<Created<ApprovalRuleDto>, JsonHttpResult<ErrorResponse>>> Create(
        ApprovalRuleInput input, ApprovalRuleService rules, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await rules.CreateAsync(input, user.RequireUserId(), ct);
        return result.Outcome == RuleOutcome.Ok
            ? TypedResults.Created($"/api/sync/rules/{result.Rule!.Id}", result.Rule)
            : ApiErrors.Validation(result.Errors!);
    }

    public static async Task<Results<Ok<ApprovalRuleDto>, JsonHttpResult<ErrorResponse>>> Update(
        int id, ApprovalRuleInput input, ApprovalRuleService rules, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await rules.UpdateAsync(id, input, user.RequireUserId(), ct);
        return result.Outcome switch
        {
            RuleOutcome.Ok => TypedResults.Ok(result.Rule!),
            RuleOutcome.NotFound => ApiErrors.NotFound("Rule", id),
            _ => ApiErrors.Validation(result.Errors!),
        };
    }

    public static async Task<Results<NoContent, JsonHttpResult<ErrorResponse>>> Delete(
        int id, ApprovalRuleService rules, ClaimsPrincipal user, CancellationToken ct) =>
        await rules.DeleteAsync(id, user.RequireUserId(), ct) == RuleOutcome.Ok ? TypedResults.NoContent() : ApiErrors.NotFound("Rule", id);
}
