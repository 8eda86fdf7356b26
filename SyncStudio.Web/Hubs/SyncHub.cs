using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SyncStudio.Data;
using SyncStudio.Services.Batches;

namespace SyncStudio.Web.Hubs;

/// <summary>
/// Live batch progress for API clients (bearer token in <c>access_token</c>) and browsers (cookie). A client joins
/// a batch's group, or all batches, and receives <c>batch_progress</c> and, at the end, <c>batch_completed</c>.
/// </summary>
[Authorize(Policy = Roles.Viewer)]
public sealed class SyncHub : Hub
{
    public const string Path = "/hubs/sync";
    public const string ProgressEvent = "batch_progress";
    public const string CompletedEvent = "batch_completed";
    public const string AllBatchesGroup = "batches:all";

    public static string GroupOf(string batchId) => "batch:" + batchId;

    public Task JoinBatch(string batchId)
    {
        if (string.IsNullOrWhiteSpace(batchId) || batchId.Length > 100)
            throw new HubException("batch_id must be 1 to 100 characters.");
        return Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(batchId));
    }

    public Task LeaveBatch(string batchId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(batchId));

    public Task JoinAllBatches() => Groups.AddToGroupAsync(Context.ConnectionId, AllBatchesGroup);
}

/// <summary>Forwards batch progress to the hub's groups.</summary>
public sealed class SignalRProgressSink(IHubContext<SyncHub> hub) : IBatchProgressSink
{
    public Task PublishAsync(BatchProgress progress, CancellationToken ct)
    {
        var name = progress.IsFinished ? SyncHub.CompletedEvent : SyncHub.ProgressEvent;
        return hub.Clients.Groups(SyncHub.GroupOf(progress.BatchId), SyncHub.AllBatchesGroup).SendAsync(name, progress, ct);
    }
}
