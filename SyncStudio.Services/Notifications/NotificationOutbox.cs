using SyncStudio.Data;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Notifications;

/// <summary>
/// Writes notification events into the outbox, in the caller's context, so that they commit (or not) with what caused
/// them: a batch's end, a held batch's release, the store connection's problem. Nothing is sent here, so no slow or
/// failing mail server or webhook can hold up or fail the work that raised the event.
/// </summary>
public static class NotificationOutbox
{
    public static NotificationEvent Add(SyncStudioDbContext db, string kind, DateTime now, string? batchId = null, object? data = null)
    {
        var row = new NotificationEvent
        {
            Kind = kind,
            BatchId = batchId,
            Data = data is null ? null : SyncJson.Serialize(data),
            CreatedAt = now,
        };
        db.NotificationEvents.Add(row);
        return row;
    }
}

/// <summary>Which notification event a batch's end raises, if any.</summary>
public static class BatchEvents
{
    public static string? Of(string direction, string status) => status switch
    {
        BatchStatuses.Failed => NotificationKinds.BatchFailed,
        BatchStatuses.Held => NotificationKinds.BatchHeld,
        // A pull that completed may have left changes waiting for an approver: a digest, if any wait.
        BatchStatuses.Completed when direction == SyncDirections.PullFromShopify => NotificationKinds.ChangesWaiting,
        _ => null,
    };
}
