using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Safety;

/// <summary>The samples a breaker report names, by what they show.</summary>
public sealed record BreakerSamples(IReadOnlyList<BreakerSample> Changed, IReadOnlyList<BreakerSample> Deleted, IReadOnlyList<BreakerSample> Zeroed);

/// <summary>
/// A pull batch's circuit breaker report, stored on the batch (<see cref="SyncBatch.Breaker"/>): what it measured
/// against which limits, what tripped, examples, and, for a held batch, the Admin's decision.
/// </summary>
public sealed record BreakerReport
{
    public bool Tripped { get; init; }
    public IReadOnlyList<BreakerTrip> Trips { get; init; } = [];
    public required BreakerCounts Counts { get; init; }
    public required BreakerLimits Limits { get; init; }
    public required BreakerSamples Samples { get; init; }

    /// <summary>Null while held (or never held); <c>released</c> or <c>discarded</c> once an Admin decided.</summary>
    public string? Decision { get; init; }
    public int? DecidedById { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? Notes { get; init; }

    /// <summary>How many changes the rules' deferred verdict approved when the batch passed or was released.</summary>
    public int AutoApproved { get; init; }

    /// <summary>How many waiting changes a discard rejected.</summary>
    public int Rejected { get; init; }
}

public enum HeldBatchOutcome
{
    Done,
    NotFound,

    /// <summary>The batch is not held (never was, or already released or discarded): 409.</summary>
    NotHeld,
}

public sealed record HeldBatchResult(HeldBatchOutcome Outcome, string? Status = null, BreakerReport? Report = null);

/// <summary>
/// The circuit breaker around a pull (docs/decisions/0025): judges the batch as a whole once it has staged, holds it
/// when a limit trips, and lets an Admin release it (the rules' deferred verdict is then carried out as usual) or
/// discard it (its waiting changes rejected).
/// </summary>
public sealed class HeldBatches(IDbContextFactory<SyncStudioDbContext> factory, SafetySettingsService settings, TimeProvider time)
{
    /// <summary>The approval level of a change the rules would auto-approve, while its batch waits to be judged.</summary>
    public const int DeferredLevel = 0;

    public const string DiscardNote = "Discarded with the held batch";

    /// <summary>
    /// Judges a pull that has staged everything: held (nothing auto-approved; the report says why) or passed (the
    /// deferred auto-approvals carried out now). Either way the report is stored on the batch.
    /// </summary>
    public async Task<BreakerReport> JudgeAsync(int batchRowId, string batchId, BreakerCounts counts, BreakerTally tally, CancellationToken ct)
    {
        var limits = await settings.LimitsAsync(ct);
        var verdict = CircuitBreaker.Check(counts, limits);
        var report = new BreakerReport
        {
            Tripped = verdict.Tripped,
            Trips = verdict.Trips,
            Counts = counts,
            Limits = limits,
            Samples = new BreakerSamples([.. tally.ChangedSamples], [.. tally.DeletedSamples], [.. tally.ZeroedSamples]),
        };
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!verdict.Tripped)
            report = report with { AutoApproved = await ApproveDeferredAsync(db, batchId, ct) };
        else
            AuditLog.Add(db, new AuditEntry("batch", batchId, "batch_held", null, BatchStatuses.Running, BatchStatuses.Held,
                string.Join("; ", verdict.Trips.Select(t => t.Message)), SyncJson.Serialize(report)));
        await db.SaveChangesAsync(ct);
        await db.SyncBatches.Where(b => b.Id == batchRowId).ExecuteUpdateAsync(s => s.SetProperty(b => b.Breaker, SyncJson.Serialize(report)), ct);
        await transaction.CommitAsync(ct);
        return report;
    }

    /// <summary>
    /// Releases a held batch: it becomes completed, and its changes go on as any batch's do: those the rules would
    /// auto-approve are approved now, the rest wait for a person.
    /// </summary>
    public async Task<HeldBatchResult> ReleaseAsync(string batchId, int userId, string? notes, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await db.SyncBatches.AsNoTracking().Where(b => b.BatchId == batchId).Select(b => new { b.Id, b.Status, b.Breaker }).FirstOrDefaultAsync(ct);
        if (batch is null)
            return new HeldBatchResult(HeldBatchOutcome.NotFound);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The status moves first and conditionally: of two Admins acting at once, exactly one finds the batch held.
        if (await db.SyncBatches.Where(b => b.Id == batch.Id && b.Status == BatchStatuses.Held)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BatchStatuses.Completed), ct) == 0)
            return new HeldBatchResult(HeldBatchOutcome.NotHeld, batch.Status);
        var approved = await ApproveDeferredAsync(db, batchId, ct);
        var report = Decide(batch.Breaker, "released", userId, notes) with { AutoApproved = approved };
        await db.SyncBatches.Where(b => b.Id == batch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Breaker, SyncJson.Serialize(report)), ct);
        AuditLog.Add(db, new AuditEntry("batch", batchId, "batch_released", userId, BatchStatuses.Held, BatchStatuses.Completed, notes,
            SyncJson.Serialize(new { auto_approved = approved })));
        // What the rules did not approve now waits for an approver: a digest, as after any pull.
        Notifications.NotificationOutbox.Add(db, Notifications.NotificationKinds.ChangesWaiting, time.GetUtcNow().UtcDateTime, batchId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new HeldBatchResult(HeldBatchOutcome.Done, BatchStatuses.Completed, report);
    }

    /// <summary>
    /// Discards a held batch: every change of it still waiting (pending, or approved and never applied) is rejected,
    /// and the batch ends cancelled, by this Admin, so its read never becomes the next incremental pull's start.
    /// </summary>
    public async Task<HeldBatchResult> DiscardAsync(string batchId, int userId, string? notes, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await db.SyncBatches.AsNoTracking().Where(b => b.BatchId == batchId).Select(b => new { b.Id, b.Status, b.Breaker }).FirstOrDefaultAsync(ct);
        if (batch is null)
            return new HeldBatchResult(HeldBatchOutcome.NotFound);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.SyncBatches.Where(b => b.Id == batch.Id && b.Status == BatchStatuses.Held)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BatchStatuses.Cancelled).SetProperty(b => b.CancelledById, userId), ct) == 0)
            return new HeldBatchResult(HeldBatchOutcome.NotHeld, batch.Status);
        var now = time.GetUtcNow().UtcDateTime;
        var note = string.IsNullOrWhiteSpace(notes) ? DiscardNote : $"{DiscardNote}: {notes}";
        // Each change rejected is a decision with its own audit event, as a bulk rejection writes them: set-based, from
        // the same selection, before the update so each keeps the status it had; in this transaction, so both see one set.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO audit_events (occurred_at, user_id, entity_type, entity_id, action, before_status, after_status, notes)
            SELECT {now}, {userId}, 'staged_change', change_id, 'rejected', status, 'rejected', {note}
            FROM staged_product_changes
            WHERE batch_id = {batchId} AND (status = 'pending' OR (status = 'approved' AND applied_batch_id IS NULL))
            """, ct);
        var rejected = await db.StagedProductChanges
            .Where(c => c.BatchId == batchId && (c.Status == ChangeStatuses.Pending || (c.Status == ChangeStatuses.Approved && c.AppliedBatchId == null)))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatuses.Rejected)
                .SetProperty(c => c.AutoApproved, false)
                .SetProperty(c => c.ReviewedById, userId)
                .SetProperty(c => c.ReviewedAt, now)
                .SetProperty(c => c.ReviewNotes, note)
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        var report = Decide(batch.Breaker, "discarded", userId, notes) with { Rejected = rejected };
        await db.SyncBatches.Where(b => b.Id == batch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Breaker, SyncJson.Serialize(report)), ct);
        AuditLog.Add(db, new AuditEntry("batch", batchId, "batch_discarded", userId, BatchStatuses.Held, BatchStatuses.Cancelled, notes,
            SyncJson.Serialize(new { rejected })));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new HeldBatchResult(HeldBatchOutcome.Done, BatchStatuses.Cancelled, report);
    }

    private BreakerReport Decide(string? stored, string decision, int userId, string? notes)
    {
        var report = SyncJson.Deserialize<BreakerReport>(stored)
            ?? new BreakerReport { Tripped = true, Counts = new BreakerCounts(), Limits = new BreakerLimits(), Samples = new BreakerSamples([], [], []) };
        return report with { Decision = decision, DecidedById = userId, DecidedAt = time.GetUtcNow().UtcDateTime, Notes = notes };
    }

    /// <summary>
    /// Carries out the rules' deferred verdict on a batch's changes: each still pending at <see cref="DeferredLevel"/>
    /// (the rules would have auto-approved it; nobody decided it meanwhile) is approved by rule now.
    /// </summary>
    internal async Task<int> ApproveDeferredAsync(SyncStudioDbContext db, string batchId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.StagedProductChanges
            .Where(c => c.BatchId == batchId && c.Status == ChangeStatuses.Pending && c.RequiredApprovalLevel == DeferredLevel)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatuses.Approved)
                .SetProperty(c => c.AutoApproved, true)
                .SetProperty(c => c.ReviewedAt, now)
                .SetProperty(c => c.ReviewNotes, "Auto-approved by rule")
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
    }
}
