using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Scheduling;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record ScheduleList(bool Success, IReadOnlyList<ScheduleDto> Items, int Total);

public static class ScheduleEndpoints
{
    public static RouteGroupBuilder MapScheduleEndpoints(this RouteGroupBuilder api)
    {
        var schedules = api.MapGroup("/sync/schedules").RequireAuthorization(Roles.Admin);
        schedules.MapGet("/", List).WithSummary("Scheduled pulls, each with its next five fire times");
        schedules.MapGet("/{id:int}", Get).WithSummary("One scheduled pull");
        schedules.MapPost("/", Create).WithSummary("Create a scheduled pull (Quartz cron in a time zone)");
        schedules.MapPut("/{id:int}", Update).WithSummary("Replace a scheduled pull; it is rescheduled at once");
        schedules.MapDelete("/{id:int}", Delete).WithSummary("Delete a scheduled pull");
        return api;
    }

    public static async Task<Ok<ScheduleList>> List(ScheduleService schedules, CancellationToken ct)
    {
        var items = await schedules.ListAsync(ct);
        return TypedResults.Ok(new ScheduleList(true, items, items.Count));
    }

    public static async Task<Results<Ok<ScheduleDto>, JsonHttpResult<ErrorResponse>>> Get(int id, ScheduleService schedules, CancellationToken ct) =>
        await schedules.FindAsync(id, ct) is { } schedule ? TypedResults.Ok(schedule) : ApiErrors.NotFound("Schedule", id);

    public static async Task<Results<Created<ScheduleDto>, JsonHttpResult<ErrorResponse>>> Create(
        ScheduleInput input, ScheduleService schedules, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await schedules.CreateAsync(input, user.RequireUserId(), ct);
        return result.Outcome == ScheduleOutcome.Ok
            ? TypedResults.Created($"/api/sync/schedules/{result.Schedule!.Id}", result.Schedule)
            : ApiErrors.Validation(result.Errors!);
    }

    public static async Task<Results<Ok<ScheduleDto>, JsonHttpResult<ErrorResponse>>> Update(
        int id, ScheduleInput input, ScheduleService schedules, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await schedules.UpdateAsync(id, input, user.RequireUserId(), ct);
        return result.Outcome switch
        {
            ScheduleOutcome.Ok => TypedResults.Ok(result.Schedule!),
            ScheduleOutcome.NotFound => ApiErrors.NotFound("Schedule", id),
            _ => ApiErrors.Validation(result.Errors!),
        };
    }

    public static async Task<Results<NoContent, JsonHttpResult<ErrorResponse>>> Delete(
        int id, ScheduleService schedules, ClaimsPrincipal user, CancellationToken ct) =>
        await schedules.DeleteAsync(id, user.RequireUserId(), ct) == ScheduleOutcome.Ok
            ? TypedResults.NoContent()
            : ApiErrors.NotFound("Schedule", id);
}
