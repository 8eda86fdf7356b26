using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Json;
using SyncStudio.Services.Sync;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

/// <summary>
/// The answer to a pull or push, 200 or 202 alike: the batch's <c>status</c>, its <c>summary</c> (the outcome's, or the
/// counts so far) and <c>message</c>, as <c>GET /api/sync/batches/{id}</c> shows them (docs/decisions/0015).
/// </summary>
public sealed record BatchAnswer(bool Success, string BatchId, string Status, RawJson? Summary, string? Message, string BatchUrl);

public static class SyncEndpoints
{
    public static RouteGroupBuilder MapSyncEndpoints(this RouteGroupBuilder api)
    {
        var sync = api.MapGroup("/sync").RequireAuthorization(Roles.Operator);
        sync.MapPost("/shopify/pull", Pull).WithSummary("Pull from Shopify and stage the differences for review");
        sync.MapPost("/shopify/push", Push).WithSummary("Apply approved changes (confirm: true), or preview them (dry_run: true)");
        sync.MapPost("/batches/{batchId}/cancel", Cancel).WithSummary("Cancel a running batch (what was applied stays applied)");
        return api;
    }

    public static async Task<IResult> Pull(HttpRequest request, PullService pulls, BatchQuery batches, ClaimsPrincipal user,
        IOptions<SyncOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadOptionalObjectAsync(request, ct);
        if (body is null)
            return validation.ToResult();
        var reader = new JsonBody(body) { Validation = validation };
        var name = reader.Text("batch_name", 255).Value;
        var syncType = reader.Text("sync_type", 20).Value ?? SyncTypes.Incremental;
        validation.OneOf("sync_type", syncType, [SyncTypes.Incremental, SyncTypes.Full]);
        var wait = reader.WholeNumber("wait_seconds", 0, 300);
        DateTime? since = null;
        long? collection = null;
        if (reader.Has("filters"))
        {
            if (reader.Node("filters") is System.Text.Json.Nodes.JsonObject filters)
            {
                var filterReader = new JsonBody(filters, "filters") { Validation = validation };
                since = ParseTimestamp(filterReader.Text("updated_since", 40).Value, "filters.updated_since", validation);
                collection = ParseCollection(filterReader.Node("collection_id"), validation);
                filterReader.RejectUnknown();
            }
            else if (reader.Node("filters") is not null)
            {
                validation.Add("filters", "must be an object");
            }
        }
        if (!reader.RejectUnknown().IsValid)
            return validation.ToResult();

        var pull = new PullRequest
        {
            BatchName = name,
            SyncType = syncType,
            UpdatedSince = since,
            CollectionId = collection,
            RequestedById = user.RequireUserId(),
        };
        // A filter naming what the store does not have is refused before a batch exists, never as a failed batch.
        var check = await pulls.CheckAsync(pull, ct);
        if (check.Outcome == PullCheckOutcome.CollectionNotFound)
            return ApiErrors.Problem(StatusCodes.Status404NotFound, check.Message, check.Details);
        var start = await pulls.StartAsync(pull, ct);
        return await AnswerAsync(start, wait.IsSet ? wait.Value : options.Value.DefaultWaitSeconds, batches, time, ct);
    }

    public static async Task<IResult> Push(HttpRequest request, ApplyService apply, BatchQuery batches, ClaimsPrincipal user,
        IOptions<SyncOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (body is null)
            return validation.ToResult();
        var reader = new JsonBody(body) { Validation = validation };
        var batchId = reader.Text("batch_id", 100).Value;
        var name = reader.Text("batch_name", 255).Value;
        var confirm = reader.Flag("confirm");
        var dryRun = reader.Flag("dry_run");
        var wait = reader.WholeNumber("wait_seconds", 0, 300);
        List<int>? ids = null;
        if (reader.Has("change_ids"))
        {
            if (reader.Node("change_ids") is System.Text.Json.Nodes.JsonArray array && array.Count is > 0 and <= 100_000
                && array.All(i => i is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<int>(out var n) && n > 0))
                ids = array.Select(i => i!.GetValue<int>()).Distinct().ToList();
            else
                validation.Add("change_ids", "must be a non-empty array of at most 100000 positive integer ids");
        }
        if (batchId is null && ids is null && !validation.Errors.ContainsKey("change_ids"))
            validation.Add("batch_id", "give batch_id or change_ids");
        var isDryRun = dryRun is { IsSet: true, Value: true };
        if (!isDryRun && confirm is not { IsSet: true, Value: true } && !validation.Errors.ContainsKey("confirm"))
            validation.Add("confirm", "must be true to apply changes (or send dry_run: true to preview)");
        if (!reader.RejectUnknown().IsValid)
            return validation.ToResult();

        var push = new PushRequest { FromBatchId = batchId, ChangeIds = ids, BatchName = name, RequestedById = user.RequireUserId() };
        // A request that matches nothing is refused before a batch exists, never answered with an empty success.
        var check = await apply.CheckAsync(push, ct);
        if (check.Outcome == PushCheckOutcome.NotFound)
            return ApiErrors.Problem(StatusCodes.Status404NotFound, check.Message, check.Details);
        if (check.Outcome == PushCheckOutcome.NothingToApply)
            return ApiErrors.Conflict(check.Message, check.Details);
        if (isDryRun)
        {
            var preview = await apply.PreviewAsync(push, ct);
            return TypedResults.Ok(new
            {
                success = true,
                dry_run = true,
                would_apply = preview.Count,
                items = preview.Items,
                message = $"{preview.Count} approved changes would be applied"
            });
        }
        return await AnswerAsync(await apply.StartAsync(push, ct), wait.IsSet ? wait.Value : options.Value.DefaultWaitSeconds, batches, time, ct);
    }

    /// <summary>
    /// The batch answer shared by pull and push: 409 with the running batch when the store is busy; 200 with the summary
    /// if the batch ended within the wait; else 202 with its counts so far and the batch's URL to follow. 200 and 202
    /// have one shape (<see cref="BatchAnswer"/>).
    /// </summary>
    public static async Task<IResult> AnswerAsync(BatchStart start, int waitSeconds, BatchQuery batches, TimeProvider time, CancellationToken ct)
    {
        if (start.Outcome == BatchStartOutcome.AlreadyRunning)
            return ApiErrors.Conflict("Another pull or push is running for this store",
                new Dictionary<string, object?> { ["batch_id"] = start.BatchId, ["batch_url"] = $"/api/sync/batches/{start.BatchId}" });

        var result = await start.WaitAsync(TimeSpan.FromSeconds(waitSeconds), time, ct);
        var location = $"/api/sync/batches/{start.BatchId}";
        if (result is null)
        {
            var running = await batches.FindAsync(start.BatchId, ct);
            return TypedResults.Accepted(location, new BatchAnswer(true, start.BatchId, running?.Status ?? BatchStatuses.Running, running?.Summary,
                running?.Message ?? "The batch is running; follow it at " + location + " or over SignalR (/hubs/sync)", location));
        }
        // A pull the circuit breaker held ended as it should: its answer says so (status held, and why, in the message).
        if (result.Status is not (BatchStatuses.Completed or BatchStatuses.Held))
            return ApiErrors.Problem(result.Status == BatchStatuses.Cancelled ? StatusCodes.Status409Conflict : StatusCodes.Status502BadGateway,
                result.Status == BatchStatuses.Cancelled ? "The batch was cancelled" : "The batch failed",
                new Dictionary<string, object?> { ["batch_id"] = start.BatchId, ["status"] = result.Status, ["reason"] = result.Error });

        var (summary, message) = BatchSummary.Completed(result.SummaryJson);
        return TypedResults.Ok(new BatchAnswer(true, start.BatchId, result.Status, summary, message, location));
    }

    public static async Task<Results<Ok<MessageResponse>, JsonHttpResult<ErrorResponse>>> Cancel(
        string batchId, BatchRunner runner, ClaimsPrincipal user, CancellationToken ct)
    {
        if (batchId.Length > 100)
            return ApiErrors.Validation(new Dictionary<string, string> { ["batch_id"] = "must be at most 100 characters" });
        return await runner.CancelAsync(batchId, user.RequireUserId(), ct) switch
        {
            BatchCancelOutcome.Cancelled => TypedResults.Ok(new MessageResponse(true, "Batch cancellation requested")),
            BatchCancelOutcome.NotFound => ApiErrors.NotFound("Batch", batchId),
            _ => ApiErrors.Conflict("The batch is not running", new Dictionary<string, object?> { ["batch_id"] = batchId }),
        };
    }

    private static DateTime? ParseTimestamp(string? value, string field, Validation validation)
    {
        if (value is null)
            return null;
        if (PullFilterValues.TryParseUpdatedSince(value, out var since))
            return since;
        validation.Add(field, PullFilterValues.UpdatedSinceError);
        return null;
    }

    /// <summary>A collection id as the spec sends it ("123456789"), a number, or a Shopify gid.</summary>
    private static long? ParseCollection(System.Text.Json.Nodes.JsonNode? node, Validation validation)
    {
        if (node is null)
            return null;
        if (node is System.Text.Json.Nodes.JsonValue v)
        {
            if (v.TryGetValue<long>(out var number) && number > 0)
                return number;
            if (v.TryGetValue<string>(out var text) && PullFilterValues.TryParseCollectionId(text, out number))
                return number;
        }
        validation.Add("filters.collection_id", PullFilterValues.CollectionIdError);
        return null;
    }
}
