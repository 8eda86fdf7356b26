namespace SyncStudio.Data;

/// <summary>
/// Something people may be told about (a batch failed or was held, changes wait for approval, the store connection
/// needs attention), written in the same transaction as what caused it: the outbox. The sender turns each into
/// <see cref="NotificationDelivery"/> rows, one per recipient and channel, and marks it expanded
/// (docs/decisions/0028-notifications.md).
/// </summary>
public class NotificationEvent
{
    public const int KindLength = 40;

    public long Id { get; set; }

    /// <summary><c>changes_waiting</c>, <c>batch_failed</c>, <c>batch_held</c> or <c>store_attention</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>The batch it is about, if any.</summary>
    public string? BatchId { get; set; }

    /// <summary>What the event says beyond its batch (JSON): the store connection's problem, say.</summary>
    public string? Data { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the sender made its deliveries; null while it waits to be.</summary>
    public DateTime? ExpandedAt { get; set; }
}

/// <summary>
/// One message to one recipient on one channel, with every attempt's outcome. Sent at least once: the id travels with
/// the message (the webhook's <c>id</c>) so a receiver can drop a repeat.
/// </summary>
public class NotificationDelivery
{
    public const int AddressLength = 256;
    public const int ErrorLength = 1000;
    public const int SubjectLength = 300;

    public long Id { get; set; }
    public long EventId { get; set; }

    /// <summary>The event's kind; an approval digest is <c>approval_digest</c>.</summary>
    public required string Kind { get; set; }

    /// <summary><c>email</c> or <c>webhook</c>.</summary>
    public required string Channel { get; set; }

    /// <summary>The user an e-mail goes to; null for the webhook.</summary>
    public int? UserId { get; set; }

    /// <summary>The e-mail address when the delivery was made (never the webhook's address, a secret kept in settings).</summary>
    public string? Address { get; set; }

    /// <summary><c>pending</c>, <c>sent</c>, <c>failed</c> (given up) or <c>skipped</c> (nothing left to say).</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>Not sent before this time: a digest's window, or the backoff after a failed attempt.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A sender is working on it until then (another instance leaves it alone).</summary>
    public DateTime? ClaimedUntil { get; set; }

    public DateTime? LastAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    public string? Subject { get; set; }

    /// <summary>The message's facts (JSON), fixed at the first attempt so that every attempt sends the same message.</summary>
    public string? Payload { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>What one user chooses to be told. No row: every event the user's role is concerned with, by e-mail.</summary>
public class NotificationPreference
{
    public const int EventsLength = 500;

    public int UserId { get; set; }
    public bool EmailEnabled { get; set; } = true;

    /// <summary>The event kinds chosen, comma separated.</summary>
    public required string Events { get; set; }

    public DateTime UpdatedAt { get; set; }
}
