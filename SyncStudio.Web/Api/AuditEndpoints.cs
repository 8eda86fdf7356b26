using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Review;

namespace SyncStudio.Web.Api;

public static class AuditEndpoints
{
    private static readonly string[] ListParameters = ["entity_type", "entity_id", "user_id", "action", "from", "to", "page", "per_page"];

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", List).RequireAuthorization(Roles.Admin).WithSummary("The audit trail, filtered by entity, user, action and time");
        return api;
    }

    public static async Task<Results<Ok<PagedResult<AuditEventDto>>, JsonHttpResult<ErrorResponse>>> List(
        HttpRequest request, AuditQuery audit, CancellationToken ct)
    {
        var reader = new QueryReader(request.Query, ListParameters);
        var filter = new AuditFilter(reader.Text("entity_type", 50), reader.Text("entity_id", 100), reader.Number("user_id", 1, int.MaxValue),
            reader.Text("action", 50), reader.Timestamp("from"), reader.Timestamp("to"),
            reader.Number("page", 1, PagingLimits.MaxPage) ?? 1, reader.Number("per_page", 1, PagingLimits.MaxPerPage) ?? PagingLimits.DefaultPerPage);
        if (!reader.Validation.IsValid)
            return reader.Validation.ToResult();
        return TypedResults.Ok(await audit.ListAsync(filter, ct));
    }
}
