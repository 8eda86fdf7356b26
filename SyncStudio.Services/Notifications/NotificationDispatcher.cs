using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Review;
using SyncStudio.Services.Safety;

namespace SyncStudio.Services.Notifications;

/// <summary>
/// The outbox's two steps (docs/decisions/0028-notifications.md): <see cref="ExpandAsync"/> turns each new event into
/// deliveries (one per recipient who chose it, and one for the webhook), and <see cref="SendDueAsync"/> sends what is
/// due, recording each attempt, backing off after a failure. Both claim rows with conditional updates, so instances
/// sharing a database never send a message twice on purpose; a crash between sending and recording may, hence at least
/// once and the delivery id in every message.
/// </summary>
public sealed class NotificationDispatcher(
    IDbContextFactory<SyncStudioDbContext> factory,
    NotificationSettingsService settings,
    WebhookSender webhook,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger)
{
    private const int EventsPerRound = 50;
    private const int DeliveriesPerRound = 50;

    /// <summary>Makes the deliveries of events not yet expanded; answers how many events it expanded.</summary>
    public async Task<int> ExpandAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var events = await db.NotificationEvents.AsNoTracking().Where(e => e.ExpandedAt == null).OrderBy(e => e.Id).Take(EventsPerRound).ToListAsync(ct);
        if (events.Count == 0)
            return 0;
        var channels = await settings.ChannelsAsync(ct);
        var expanded = 0;
        foreach (var ev in events)
        {
            await using var context = await factory.CreateDbContextAsync(ct);
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            if (await context.NotificationEvents.Where(e => e.Id == ev.Id && e.ExpandedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.ExpandedAt, now), ct) == 0)
                continue;
            var deliveries = await DeliveriesAsync(context, ev, channels, now, ct);
            context.NotificationDeliveries.AddRange(deliveries);
            await context.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            expanded++;
            if (deliveries.Count > 0)
                logger.LogInformation("Notification event {EventId} ({Kind}) makes {Count} deliveries", ev.Id, ev.Kind, deliveries.Count);
        }
        return expanded;
    }

    private static async Task<List<NotificationDelivery>> DeliveriesAsync(SyncStudioDbContext db, NotificationEvent ev, NotificationChannelsConfig channels,
        DateTime now, CancellationToken ct)
    {
        var kind = NotificationKinds.DeliveryKind(ev.Kind);
        string? payload = null;
        if (ev.Kind == NotificationKinds.ChangesWaiting)
        {
            // Nothing waits (every change of the pull was approved by rule, say): no digest to schedule.
            if ((await DigestAsync(db, level: 2, ct)).Total == 0)
                return [];
        }
        else if (await FactsAsync(db, ev, ct) is { } facts)
            payload = SyncJson.Serialize(facts);
        else
            return [];

        var deliveries = new List<NotificationDelivery>();
        if (channels.Email is not null)
        {
            foreach (var user in await RecipientsAsync(db, kind, ct))
                deliveries.Add(New(NotificationChannels.Email, user.Id, user.Email));
        }
        if (channels.Webhook is not null && channels.WebhookEvents.Contains(kind))
            deliveries.Add(New(NotificationChannels.Webhook, null, null));
        if (kind != NotificationKinds.ApprovalDigest)
            return deliveries;

        // A digest per recipient per window: one still waiting covers this event too (its counts are taken when it is
        // sent); otherwise the next goes a window after the last one went.
        var kept = new List<NotificationDelivery>();
        foreach (var delivery in deliveries)
        {
            var waiting = await db.NotificationDeliveries.AnyAsync(d => d.Kind == NotificationKinds.ApprovalDigest && d.Channel == delivery.Channel
                && d.UserId == delivery.UserId && d.Status == DeliveryStatuses.Pending, ct);
            if (waiting)
                continue;
            var lastSent = await db.NotificationDeliveries
                .Where(d => d.Kind == NotificationKinds.ApprovalDigest && d.Channel == delivery.Channel && d.UserId == delivery.UserId && d.SentAt != null)
                .MaxAsync(d => d.SentAt, ct);
            if (lastSent is { } last && last + channels.DigestWindow > now)
                delivery.NextAttemptAt = last + channels.DigestWindow;
            kept.Add(delivery);
        }
        return kept;

        NotificationDelivery New(string channel, int? userId, string? address) => new()
        {
            EventId = ev.Id,
            Kind = kind,
            Channel = channel,
            UserId = userId,
            Address = address,
            Status = DeliveryStatuses.Pending,
            NextAttemptAt = now,
            Payload = payload,
            CreatedAt = now,
        };
    }

    private static async Task<MessageFacts?> FactsAsync(SyncStudioDbContext db, NotificationEvent ev, CancellationToken ct)
    {
        if (ev.Kind == NotificationKinds.StoreAttention)
            return SyncJson.Deserialize<StoreFacts>(ev.Data) is { } store ? new MessageFacts(ev.Kind, Store: store) : null;
        var batch = await db.SyncBatches.AsNoTracking().Where(b => b.BatchId == ev.BatchId)
            .Select(b => new { b.BatchId, b.SyncDirection, b.Status, b.ErrorSummary, b.ProcessedItems, b.FailedItems, b.Breaker }).FirstOrDefaultAsync(ct);
        if (batch is null)
            return null;
        var error = SyncJson.Deserialize<ErrorSummaryView>(batch.ErrorSummary)?.Error;
        var trips = SyncJson.Deserialize<BreakerReport>(batch.Breaker)?.Trips.Select(t => t.Message).ToList() ?? [];
        return new MessageFacts(ev.Kind, Batch: new BatchFacts(batch.BatchId, batch.SyncDirection, batch.Status, error, batch.ProcessedItems, batch.FailedItems, trips));
    }

    private sealed record ErrorSummaryView(string? Error);

    private sealed record Recipient(int Id, string Email, IReadOnlyList<string> Roles);

    /// <summary>Active users with an address who chose <paramref name="kind"/> by e-mail (or never chose: the role's default).</summary>
    private static async Task<List<Recipient>> RecipientsAsync(SyncStudioDbContext db, string kind, CancellationToken ct)
    {
        var concerned = Roles.AtLeast(NotificationKinds.LowestRole(kind));
        var users = await db.Users.AsNoTracking()
            .Where(u => u.DisabledAt == null && u.DeletedAt == null && u.Email != null)
            .Select(u => new { u.Id, Email = u.Email! }).ToListAsync(ct);
        var roles = (await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, Role = r.Name! }).ToListAsync(ct))
            .ToLookup(r => r.UserId, r => r.Role);
        var preferences = await db.NotificationPreferences.AsNoTracking().ToDictionaryAsync(p => p.UserId, ct);
        return [.. users
            .Where(u => roles[u.Id].Any(concerned.Contains))
            .Select(u => (User: u, View: NotificationPreferences.View(u.Email, [.. roles[u.Id]], preferences.GetValueOrDefault(u.Id))))
            .Where(x => x.View.EmailEnabled && x.View.Events.Contains(kind))
            .Select(x => new Recipient(x.User.Id, x.User.Email, [.. roles[x.User.Id]]))];
    }

    /// <summary>The pending changes that wait for a person, counted for a reviewer of <paramref name="level"/> (1 Approver, 2 Admin).</summary>
    internal static async Task<DigestFacts> DigestAsync(SyncStudioDbContext db, int level, CancellationToken ct)
    {
        var groups = await db.StagedProductChanges.AsNoTracking()
            .Where(c => c.Status == ChangeStatuses.Pending && c.RequiredApprovalLevel > HeldBatches.DeferredLevel)
            .GroupBy(c => new { c.HasConflicts, c.SyncDirection, Admin = c.RequiredApprovalLevel >= 2 })
            .Select(g => new { g.Key.HasConflicts, g.Key.SyncDirection, g.Key.Admin, Count = g.Count() })
            .ToListAsync(ct);
        var forApprover = groups.Where(g => !g.Admin).Sum(g => g.Count);
        var forAdmin = groups.Where(g => g.Admin).Sum(g => g.Count);
        return new DigestFacts(
            Total: forApprover + forAdmin,
            Conflicts: groups.Where(g => g.HasConflicts).Sum(g => g.Count),
            FromShopify: groups.Where(g => !g.HasConflicts && g.SyncDirection == SyncDirections.PullFromShopify).Sum(g => g.Count),
            ToShopify: groups.Where(g => !g.HasConflicts && g.SyncDirection == SyncDirections.PushToShopify).Sum(g => g.Count),
            ForApprover: forApprover,
            ForAdmin: forAdmin,
            Decidable: level >= 2 ? forApprover + forAdmin : level == 1 ? forApprover : 0);
    }

    /// <summary>Sends what is due, each channel on its own so a slow mail server never holds up the webhook; answers how many it tried.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<NotificationDelivery> due;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            due = await db.NotificationDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatuses.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(DeliveriesPerRound).ToListAsync(ct);
        }
        if (due.Count == 0)
            return 0;
        var channels = await settings.ChannelsAsync(ct);
        var tried = await Task.WhenAll(due.GroupBy(d => d.Channel).Select(async group =>
        {
            var count = 0;
            foreach (var delivery in group)
            {
                if (await AttemptAsync(delivery, channels, ct))
                    count++;
            }
            return count;
        }));
        return tried.Sum();
    }

    private async Task<bool> AttemptAsync(NotificationDelivery delivery, NotificationChannelsConfig channels, CancellationToken ct)
    {
        var timeout = options.Value.SendTimeout;
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        // The claim outlasts one attempt; a sender that dies mid-attempt leaves the delivery to be taken again after it.
        var claimedUntil = now + timeout * 2 + TimeSpan.FromSeconds(5);
        if (await db.NotificationDeliveries
                .Where(d => d.Id == delivery.Id && d.Status == DeliveryStatuses.Pending && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, claimedUntil), ct) == 0)
            return false;

        var (facts, skip) = await FactsForAsync(db, delivery, ct);
        if (skip is not null)
        {
            await RecordAsync(db, delivery, DeliveryStatuses.Skipped, skip, delivery.NextAttemptAt, null, null, delivery.Attempts, now, null, ct);
            return true;
        }

        var message = NotificationMessages.Render(facts!, channels.PublicUrl, forRecipient: delivery.Channel == NotificationChannels.Email);
        SendOutcome outcome;
        try
        {
            if (delivery.Channel == NotificationChannels.Email)
                outcome = channels.Email is { } smtp
                    ? await EmailSender.SendAsync(smtp, delivery.Address!, message,
                        string.Create(CultureInfo.InvariantCulture, $"{delivery.Id}.{delivery.CreatedAt.Ticks}"), timeout, ct)
                    : new SendOutcome(false, "E-mail is not configured (Settings, Notifications)");
            else
                outcome = channels.Webhook is { } url
                    ? await webhook.SendAsync(url, NotificationMessages.Webhook(delivery.Id, message, facts!), delivery.Id, timeout, ct)
                    : new SendOutcome(false, "The webhook is not configured (Settings, Notifications)");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The app is stopping mid-attempt: the claim is let go, so the next start tries at once (it may repeat a
            // message that did go out: at least once).
            await db.NotificationDeliveries.Where(d => d.Id == delivery.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            throw;
        }

        var attempts = delivery.Attempts + 1;
        var after = time.GetUtcNow().UtcDateTime;
        string status;
        var next = delivery.NextAttemptAt;
        if (outcome.Sent)
            status = DeliveryStatuses.Sent;
        else if (outcome.Permanent || attempts >= options.Value.MaxAttempts)
            status = DeliveryStatuses.Failed;
        else
        {
            status = DeliveryStatuses.Pending;
            next = after + Backoff(attempts, options.Value);
        }
        if (outcome.Sent)
            logger.LogInformation("Notification {DeliveryId} ({Kind}) sent by {Channel}", delivery.Id, delivery.Kind, delivery.Channel);
        else
            logger.LogWarning("Notification {DeliveryId} ({Kind}) by {Channel}, attempt {Attempt}: {Error}; {Status}",
                delivery.Id, delivery.Kind, delivery.Channel, attempts, outcome.Error, status == DeliveryStatuses.Pending ? "tried again at " + next.ToString("O", CultureInfo.InvariantCulture) : "given up");
        await RecordAsync(db, delivery, status, outcome.Error, next, SyncJson.Serialize(facts), message.Subject, attempts, after, outcome.Sent ? after : null, ct);
        return true;
    }

    /// <summary>The wait after the <paramref name="attempts"/>th failed attempt: the base delay doubled each time, up to the most.</summary>
    public static TimeSpan Backoff(int attempts, NotificationOptions options)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryBaseDelay.Ticks * factor, options.RetryMaxDelay.Ticks));
        return delay;
    }

    /// <summary>
    /// The facts this delivery sends: those fixed at its first attempt, or for a digest, the counts now. A digest with
    /// nothing for its recipient to decide, or an e-mail to someone who since opted out or lost access, is skipped.
    /// </summary>
    private static async Task<(MessageFacts? Facts, string? Skip)> FactsForAsync(SyncStudioDbContext db, NotificationDelivery delivery, CancellationToken ct)
    {
        var level = 2;
        if (delivery.Channel == NotificationChannels.Email)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == delivery.UserId && u.DisabledAt == null && u.DeletedAt == null)
                .Select(u => new { u.Email }).FirstOrDefaultAsync(ct);
            if (user is null)
                return (null, "The recipient was disabled or deleted");
            var roles = await db.UserRoles.Where(r => r.UserId == delivery.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
            var choice = NotificationPreferences.View(user.Email, roles,
                await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == delivery.UserId, ct));
            if (!choice.EmailEnabled || !choice.Events.Contains(delivery.Kind))
                return (null, "The recipient no longer chooses this by e-mail");
            level = Reviewer.LevelOf(roles);
        }
        if (SyncJson.Deserialize<MessageFacts>(delivery.Payload) is { } fixedFacts)
            return (fixedFacts, null);
        var digest = await DigestAsync(db, level, ct);
        return digest.Decidable == 0 ? (null, "Nothing waits for this recipient any more") : (new MessageFacts(NotificationKinds.ApprovalDigest, Digest: digest), null);
    }

    private static Task<int> RecordAsync(SyncStudioDbContext db, NotificationDelivery delivery, string status, string? error, DateTime next, string? payload,
        string? subject, int attempts, DateTime attemptedAt, DateTime? sentAt, CancellationToken ct)
    {
        var clipped = error is { Length: > NotificationDelivery.ErrorLength } ? error[..NotificationDelivery.ErrorLength] : error;
        return db.NotificationDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.LastAttemptAt, attemptedAt)
            .SetProperty(d => d.SentAt, sentAt)
            .SetProperty(d => d.LastError, clipped)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.Payload, d => payload ?? d.Payload)
            .SetProperty(d => d.Subject, d => subject ?? d.Subject)
            .SetProperty(d => d.ClaimedUntil, (DateTime?)null), ct);
    }
}
