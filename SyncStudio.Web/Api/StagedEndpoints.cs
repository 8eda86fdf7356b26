using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Review;

namespace SyncStudio.Web.Api;

public sealed record ItemResponse<T>(bool Success, T Item);

public static class StagedEndpoints
{
    private static readonly string[] ListParameters =
        ["batch_id", "status", "change_type", "has_conflicts", "sync_direction", "product_id", "sort", "page", "per_page"];

    public static RouteGroupBuilder MapStagedEndpoints(this RouteGroupBuilder api)
    {
        var staged = api.MapGroup("/sync/staged");
        staged.MapGet("/", List).WithSummary("List staged changes, filtered and paged");
        staged.MapGet("/{id}", Get).WithSummary("One staged change, by numeric id or change_id");
        return api;
    }

    public static async Task<Results<Ok<PagedResult<StagedChangeDto>>, JsonHttpResult<ErrorResponse>>> List(
        HttpRequest request, StagedChangeQuery query, CancellationToken ct)
    {
        var reader = new QueryReader(request.Query, ListParameters);
        var filter = new StagedChangeFilter
        {
            BatchId = reader.Text("batch_id", 100),
            Status = reader.OneOf("status", ChangeStatuses.All),
            ChangeType = reader.OneOf("change_type", ChangeTypes.All),
            HasConflicts = reader.Flag("has_conflicts"),
            SyncDirection = reader.OneOf("sync_direction", SyncDirections.All),
            ProductId = reader.Number("product_id", 1, int.MaxValue),
            Sort = reader.OneOf("sort", StagedChangeFilter.Sorts) ?? "-id",
            Page = reader.Number("page", 1, PagingLimits.MaxPage) ?? 1,
            PerPage = reader.Number("per_page", 1, PagingLimits.MaxPerPage) ?? PagingLimits.DefaultPerPage,
        };
        if (!reader.Validation.IsValid)
            return reader.Validation.ToResult();
        return TypedResults.Ok(await query.ListAsync(filter, ct));
    }

    public static async Task<Results<Ok<ItemResponse<StagedChangeDto>>, JsonHttpResult<ErrorResponse>>> Get(
        string id, StagedChangeQuery query, CancellationToken ct)
    {
        if (id.Length > 100)
            return ApiErrors.Validation(new Dictionary<string, string> { ["id"] = "must be at most 100 characters" });
        var change = await query.FindAsync(id, ct);
        return change is null ? ApiErrors.NotFound("Staged change", id) : TypedResults.Ok(new ItemResponse<StagedChangeDto>(true, change));
    }
}
