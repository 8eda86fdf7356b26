using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Review;

namespace SyncStudio.Web.Api;

public static class BatchEndpoints
{
    private static readonly string[] ListParameters = ["direction", "status", "page", "per_page"];

    public static RouteGroupBuilder MapBatchEndpoints(this RouteGroupBuilder api)
    {
        var batches = api.MapGroup("/sync/batches");
        batches.MapGet("/", List).WithSummary("Sync batch history, filtered and paged");
        batches.MapGet("/{batchId}", Get).WithSummary("One batch with its counters and progress");
        return api;
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
