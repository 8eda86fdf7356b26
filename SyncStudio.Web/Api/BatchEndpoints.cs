using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Json;
using SyncStudio.Services.Review;
using SyncStudio.Services.Safety;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

/// <summary>What a release or discard of a held batch answers: the batch's status now and the breaker's report.</summary>
public sealed record HeldBatchResponse(bool Success, string BatchId, string Status, string Message, RawJson? Breaker);

public static class BatchEndpoints
{
    private static readonly string[] ListParameters = ["direction", "status", "page", "per_page"];

    public static RouteGroupBuilder MapBatchEndpoints(this RouteGroupBuilder api)
    {
        var batches = api.MapGroup("/sync/batches");
        batches.MapGet("/", List).WithSummary("Sync batch history, filtered and paged");
        batches.MapGet("/{batchId}", Get).WithSummary("One batch with its counters and progress");
        batches.MapPost("/{batchId}/release", Release).RequireAuthorization(Roles.Admin)
            .WithSummary("Release a pull the circuit breaker held: it completes, and its changes go on through the rules as usual");
        batches.MapPost("/{batchId}/discard", Discard).RequireAuthorization(Roles.Admin)
            .WithSummary("Discard a pull the circuit breaker held: its waiting changes are rejected and the batch ends cancelled");
        return api;
    }

    public static Task<Results<Ok<HeldBatchResponse>, JsonHttpResult<ErrorResponse>>> Release(
        string batchId, HttpRequest request, HeldBatches held, ClaimsPrincipal user, CancellationToken ct) =>
        DecideAsync(batchId, request, (notes, token) => held.ReleaseAsync(batchId, user.RequireUserId(), notes, token), "released", ct);

    public static Task<Results<Ok<HeldBatchResponse>, JsonHttpResult<ErrorResponse>>> Discard(
        string batchId, HttpRequest request, HeldBatches held, ClaimsPrincipal user, CancellationToken ct) =>
        DecideAsync(batchId, request, (notes, token) => held.DiscardAsync(batchId, user.RequireUserId(), notes, token), "discarded", ct);

    private static async Task<Results<Ok<HeldBatchResponse>, JsonHttpResult<ErrorResponse>>> DecideAsync(string batchId, HttpRequest request,
        Func<string?, CancellationToken, Task<HeldBatchResult>> decide, string verb, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadOptionalObjectAsync(request, ct);
        if (body is null)
            return ApiErrors.Validation(validation.Errors);
        var reader = new JsonBody(body) { Validation = validation };
        var notes = reader.Text("notes", 4000);
        if (batchId.Length > 100)
            validation.Add("batch_id", "must be at most 100 characters");
        if (!reader.RejectUnknown().IsValid)
            return ApiErrors.Validation(validation.Errors);
        var result = await decide(notes.IsSet ? notes.Value : null, ct);
        return result.Outcome switch
        {
            HeldBatchOutcome.Done => TypedResults.Ok(new HeldBatchResponse(true, batchId, result.Status!, $"Batch {batchId} {verb}",
                result.Report is null ? null : new RawJson(SyncJson.Serialize(result.Report)))),
            HeldBatchOutcome.NotFound => ApiErrors.NotFound("Batch", batchId),
            _ => ApiErrors.Conflict("The batch is not held", new Dictionary<string, object?> { ["batch_id"] = batchId, ["status"] = result.Status }),
        };
    }

    public static async Task<Results<Ok<PagedResult<BatchDto>>, JsonHttpResult<ErrorResponse>>> List(
        HttpRequest request, BatchQuery query, CancellationToken ct)
    {
        var reader = new QueryReader(request.Query, ListParameters);
        var filter = new BatchFilter
        {
            Direction = reader.OneOf("direction", BatchDirections.All),
            Status = reader.OneOf("status", BatchStatuses.All),
            Page = reader.Number("page", 1, PagingLimits.MaxPage) ?? 1,
            PerPage = reader.Number("per_page", 1, PagingLimits.MaxPerPage) ?? 20,
        };
        if (!reader.Validation.IsValid)
            return reader.Validation.ToResult();
        return TypedResults.Ok(await query.ListAsync(filter, ct));
    }

    public static async Task<Results<Ok<ItemResponse<BatchDto>>, JsonHttpResult<ErrorResponse>>> Get(
        string batchId, BatchQuery query, CancellationToken ct)
    {
        if (batchId.Length > 100)
            return ApiErrors.Validation(new Dictionary<string, string> { ["batch_id"] = "must be at most 100 characters" });
        var batch = await query.FindAsync(batchId, ct);
        return batch is null ? ApiErrors.NotFound("Batch", batchId) : TypedResults.Ok(new ItemResponse<BatchDto>(true, batch));
    }
}
