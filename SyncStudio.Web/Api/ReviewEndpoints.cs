using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Review;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record MessageResponse(bool Success, string Message);

public sealed record BulkResponse(bool Success, int Updated, IReadOnlyList<BulkSkip> Skipped, string Message);

public static class ReviewEndpoints
{
    public static RouteGroupBuilder MapReviewEndpoints(this RouteGroupBuilder api)
    {
        var staged = api.MapGroup("/sync/staged").RequireAuthorization(Roles.Approver);
        staged.MapPost("/{id}/approve", Approve).WithSummary("Approve one pending change; a conflicting one with a resolution for each conflicting path, or none to approve it as staged");
        staged.MapPost("/{id}/reject", Reject).WithSummary("Reject one pending change with a reason");
        staged.MapPost("/bulk-approve", BulkApprove).WithSummary("Approve many pending changes by ids or by filter");
        staged.MapPost("/bulk-reject", BulkReject).WithSummary("Reject many pending changes by ids or by filter");
        return api;
    }

    public static async Task<Results<Ok<MessageResponse>, JsonHttpResult<ErrorResponse>>> Approve(
        string id, HttpRequest request, ReviewService reviews, ClaimsPrincipal user, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadOptionalObjectAsync(request, ct);
        if (body is null)
            return validation.ToResult();
        var reader = new JsonBody(body) { Validation = validation };
        var notes = reader.Text("notes", 4000);
        var resolution = ReadResolution(reader.Node("conflict_resolution"), validation);
        if (!reader.RejectUnknown().IsValid)
            return validation.ToResult();
        return ToResult(await reviews.ApproveAsync(id, ReviewerOf(user), notes.Value, resolution, ct));
    }

    public static async Task<Results<Ok<MessageResponse>, JsonHttpResult<ErrorResponse>>> Reject(
        string id, HttpRequest request, ReviewService reviews, ClaimsPrincipal user, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (body is null)
            return validation.ToResult();
        var reader = new JsonBody(body) { Validation = validation };
        var reason = reader.Text("reason", 4000);
        if (string.IsNullOrWhiteSpace(reason.Value))
            validation.Add("reason", "is required");
        if (!reader.RejectUnknown().IsValid)
            return validation.ToResult();
        return ToResult(await reviews.RejectAsync(id, ReviewerOf(user), reason.Value!, ct));
    }

    public static Task<Results<Ok<BulkResponse>, JsonHttpResult<ErrorResponse>>> BulkApprove(
        HttpRequest request, ReviewService reviews, ClaimsPrincipal user, CancellationToken ct) =>
        BulkAsync(request, reviews, user, approve: true, ct);

    public static Task<Results<Ok<BulkResponse>, JsonHttpResult<ErrorResponse>>> BulkReject(
        HttpRequest request, ReviewService reviews, ClaimsPrincipal user, CancellationToken ct) =>
        BulkAsync(request, reviews, user, approve: false, ct);

    private static async Task<Results<Ok<BulkResponse>, JsonHttpResult<ErrorResponse>>> BulkAsync(
        HttpRequest request, ReviewService reviews, ClaimsPrincipal user, bool approve, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (body is null)
            return validation.ToResult();
        var reader = new JsonBody(body) { Validation = validation };
        var ids = ReadIds(reader.Node("change_ids"), reader.Has("change_ids"), validation);
        var selection = new BulkSelection
        {
            ChangeIds = ids,
            BatchId = reader.Text("batch_id", 100).Value,
            ChangeType = reader.Text("change_type", 20).Value,
            SyncDirection = reader.Text("sync_direction", 30).Value,
            HasConflicts = reader.Flag("has_conflicts") is { IsSet: true } flag ? flag.Value : null,
        };
        validation.OneOf("change_type", selection.ChangeType, ChangeTypes.All).OneOf("sync_direction", selection.SyncDirection, SyncDirections.All);
        var text = reader.Text(approve ? "notes" : "reason", 4000).Value;
        if (!approve && string.IsNullOrWhiteSpace(text))
            validation.Add("reason", "is required");
        if (ids is null && selection is { BatchId: null, ChangeType: null, SyncDirection: null, HasConflicts: null } && validation.IsValid)
            validation.Add("change_ids", "give change_ids, or a filter (batch_id, change_type, sync_direction, has_conflicts)");
        if (!reader.RejectUnknown().IsValid)
            return validation.ToResult();

        var result = await reviews.BulkDecideAsync(selection, ReviewerOf(user), approve, text, ct);
        var verb = approve ? "approved" : "rejected";
        return TypedResults.Ok(new BulkResponse(true, result.Updated, result.Skipped,
            $"Successfully {verb} {result.Updated} changes" + (result.Skipped.Count > 0 ? $"; skipped {result.Skipped.Sum(s => s.Count)}" : "")));
    }

    private static List<int>? ReadIds(JsonNode? node, bool present, Validation validation)
    {
        if (!present)
            return null;
        if (node is JsonArray array && array.Count is > 0 and <= 100_000
            && array.All(i => i is JsonValue v && v.TryGetValue<int>(out var n) && n > 0))
            return array.Select(i => i!.GetValue<int>()).Distinct().ToList();
        validation.Add("change_ids", "must be a non-empty array of at most 100000 positive integer ids");
        return null;
    }

    private static Dictionary<string, ConflictChoice>? ReadResolution(JsonNode? node, Validation validation)
    {
        if (node is null)
            return null;
        if (node is not JsonObject obj)
        {
            validation.Add("conflict_resolution", "must be an object of path: \"shopify\" | \"local\" | {\"value\": ...}");
            return null;
        }
        var choices = new Dictionary<string, ConflictChoice>(StringComparer.Ordinal);
        foreach (var (path, value) in obj)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var kind) && kind is ConflictChoice.Shopify or ConflictChoice.Local)
                choices[path] = kind == ConflictChoice.Shopify ? ConflictChoice.TakeShopify : ConflictChoice.TakeLocal;
            else if (value is JsonObject custom && custom.Count == 1 && custom.ContainsKey("value"))
                choices[path] = ConflictChoice.Of(custom["value"]?.DeepClone());
            else
                validation.Add($"conflict_resolution.{path}", "must be \"shopify\", \"local\" or {\"value\": ...}");
        }
        return choices;
    }

    private static Reviewer ReviewerOf(ClaimsPrincipal user) =>
        new(user.RequireUserId(), Reviewer.LevelOf(Roles.All.Where(user.IsInRole)));

    private static Results<Ok<MessageResponse>, JsonHttpResult<ErrorResponse>> ToResult(ReviewResult result) => result.Outcome switch
    {
        ReviewOutcome.Ok => TypedResults.Ok(new MessageResponse(true, result.Message)),
        ReviewOutcome.NotFound => ApiErrors.Problem(StatusCodes.Status404NotFound, result.Message, result.Details),
        ReviewOutcome.Forbidden => ApiErrors.Forbidden(result.Message, result.Details),
        ReviewOutcome.Invalid => ApiErrors.BadRequest(result.Message, result.Details),
        _ => ApiErrors.Conflict(result.Message, result.Details),
    };
}
