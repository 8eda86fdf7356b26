using SyncStudio.Data;

namespace SyncStudio.Services.Notifications;

/// <summary>What people can be told about, and who may choose each (docs/decisions/0028-notifications.md).</summary>
public static class NotificationKinds
{
    /// <summary>Changes wait for an approver: one digest per recipient per window.</summary>
    public const string ApprovalDigest = "approval_digest";

    public const string BatchFailed = "batch_failed";

    /// <summary>The circuit breaker held a pull batch (docs/decisions/0025).</summary>
    public const string BatchHeld = "batch_held";

    /// <summary>The store connection cannot be used until an Admin acts (token refused, app uninstalled).</summary>
    public const string StoreAttention = "store_attention";

    /// <summary>The outbox event that asks for a digest: a pull ended or a held batch was released.</summary>
    public const string ChangesWaiting = "changes_waiting";

    public static readonly IReadOnlyList<string> All = [ApprovalDigest, BatchFailed, BatchHeld, StoreAttention];

    /// <summary>The lowest role concerned with each: approvers hear of what they can approve, operators of batches.</summary>
    public static string LowestRole(string kind) => kind switch
    {
        ApprovalDigest => Roles.Approver,
        StoreAttention => Roles.Admin,
        _ => Roles.Operator,
    };

    /// <summary>The kinds a user with <paramref name="roles"/> may receive.</summary>
    public static IReadOnlyList<string> AvailableTo(IEnumerable<string> roles)
    {
        var held = roles.ToHashSet(StringComparer.Ordinal);
        return [.. All.Where(kind => Roles.AtLeast(LowestRole(kind)).Any(held.Contains))];
    }

    /// <summary>The delivery kind an event makes.</summary>
    public static string DeliveryKind(string eventKind) => eventKind == ChangesWaiting ? ApprovalDigest : eventKind;
}

public static class NotificationChannels
{
    public const string Email = "email";
    public const string Webhook = "webhook";
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";

    /// <summary>Given up: a permanent refusal, or every attempt failed.</summary>
    public const string Failed = "failed";

    /// <summary>Nothing left to say when its turn came (a digest whose changes were all decided meanwhile).</summary>
    public const string Skipped = "skipped";
}
