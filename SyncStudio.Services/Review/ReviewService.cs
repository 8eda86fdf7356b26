using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Json;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Review;

/// <summary>Who is deciding: their id and the highest approval level their roles give (1 Approver, 2 Admin).</summary>
public sealed record Reviewer(int UserId, int ApprovalLevel)
{
    public static int LevelOf(IEnumerable<string> roles)
    {
        var list = roles.ToList();
        return list.Contains(Roles.Admin) ? 2 : list.Contains(Roles.Approver) ? 1 : 0;
    }
}

/// <summary>How one conflicting path is settled: take Shopify's value, the local value, or a given value.</summary>
public sealed record ConflictChoice(string Kind, JsonNode? Value)
{
    public const string Shopify = "shopify";
    public const string Local = "local";
    public const string Custom = "value";

    public static ConflictChoice TakeShopify { get; } = new(Shopify, null);
    public static ConflictChoice TakeLocal { get; } = new(Local, null);

    public static ConflictChoice Of(JsonNode? value) => new(Custom, value);

    public JsonNode ToJson() => Kind == Custom ? new JsonObject { ["value"] = Value?.DeepClone() } : JsonValue.Create(Kind);
}

public enum ReviewOutcome
{
    Ok,
    NotFound,

    /// <summary>The change is not pending (decided, applied, superseded...): 409.</summary>
    NotPending,

    /// <summary>Someone else decided it at the same moment: 409.</summary>
    Concurrent,

    /// <summary>The reviewer's role is below the change's approval level, or four-eyes forbids it: 403.</summary>
    Forbidden,

    /// <summary>Bad input, such as a missing conflict resolution: 400.</summary>
    Invalid,
}

public sealed record ReviewResult(ReviewOutcome Outcome, string Message, IReadOnlyDictionary<string, object?>? Details = null);

/// <summary>Selects changes for a bulk decision: a list of ids, or a filter.</summary>
public sealed record BulkSelection
{
    public IReadOnlyList<int>? ChangeIds { get; init; }
    public string? BatchId { get; init; }
    public string? ChangeType { get; init; }
    public string? SyncDirection { get; init; }
    public bool? HasConflicts { get; init; }
}

public sealed record BulkSkip(string Reason, int Count, IReadOnlyList<int> SampleIds);

public sealed record BulkResult(int Updated, IReadOnlyList<BulkSkip> Skipped);

/// <summary>
/// Approve and reject, one or many. Only pending changes move, and the database decides it: each decision is a
/// conditional update (status still pending, concurrency token unchanged), so of two reviewers at once exactly one wins.
/// </summary>
public sealed class ReviewService(IDbContextFactory<SyncStudioDbContext> factory, IOptions<ReviewOptions> options, TimeProvider time,
    Settings.MetafieldSettings? metafieldSettings = null)
{
    public async Task<ReviewResult> ApproveAsync(string key, Reviewer reviewer, string? notes,
        IReadOnlyDictionary<string, ConflictChoice>? resolution, CancellationToken ct) =>
        await DecideAsync(key, reviewer, approve: true, notes, resolution, ct);

    public async Task<ReviewResult> RejectAsync(string key, Reviewer reviewer, string reason, CancellationToken ct) =>
        await DecideAsync(key, reviewer, approve: false, reason, null, ct);

    private async Task<ReviewResult> DecideAsync(string key, Reviewer reviewer, bool approve, string? notes,
        IReadOnlyDictionary<string, ConflictChoice>? resolution, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var change = await Find(db, key).AsNoTracking().Select(c => new
        {
            c.Id,
            c.ChangeId,
            c.Status,
            c.HasConflicts,
            c.ConflictFields,
            c.SyncDirection,
            c.RequiredApprovalLevel,
            c.AuthoredById,
            c.RowVersion,
            c.FieldChanges,
        }).FirstOrDefaultAsync(ct);
        if (change is null)
            return new ReviewResult(ReviewOutcome.NotFound, "Staged change not found", new Dictionary<string, object?> { ["id"] = key });
        if (change.Status != ChangeStatuses.Pending)
            return NotPending(change.Status);
        if (Math.Max(change.RequiredApprovalLevel, 1) > reviewer.ApprovalLevel)
            return new ReviewResult(ReviewOutcome.Forbidden, "This change needs a higher approval level",
                new Dictionary<string, object?> { ["required_level"] = change.RequiredApprovalLevel, ["required_role"] = change.RequiredApprovalLevel >= 2 ? Roles.Admin : Roles.Approver });
        if (options.Value.FourEyes && change.AuthoredById == reviewer.UserId)
            return new ReviewResult(ReviewOutcome.Forbidden, "Four-eyes rule: you made this edit, someone else must decide it",
                new Dictionary<string, object?> { ["authored_by"] = change.AuthoredById });

        string? resolutionJson = null;
        if (approve && change.HasConflicts)
        {
            var settled = ConflictSettlement.Settle(SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? [], change.SyncDirection, resolution,
                change.FieldChanges is { } staged ? FieldChanges.FromJson(staged) : null);
            if (!settled.IsValid)
                return new ReviewResult(ReviewOutcome.Invalid, "Every conflicting path needs a valid resolution", settled.Errors);
            resolutionJson = settled.Resolution!.ToJsonString();
        }
        else if (resolution is { Count: > 0 })
        {
            return new ReviewResult(ReviewOutcome.Invalid, "This change has no conflicts to resolve",
                new Dictionary<string, object?> { ["conflict_resolution"] = "only for changes with conflicts" });
        }

        if (approve && change.FieldChanges is { } fieldChanges
            && await MetafieldErrorsAsync(FieldChanges.FromJson(fieldChanges), change.SyncDirection, resolutionJson, ct) is { Count: > 0 } metafieldErrors)
        {
            return new ReviewResult(ReviewOutcome.Invalid, "A metafield value does not fit its definition in Shopify", metafieldErrors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var status = approve ? ChangeStatuses.Approved : ChangeStatuses.Rejected;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.StagedProductChanges
            .Where(c => c.Id == change.Id && c.Status == ChangeStatuses.Pending && c.RowVersion == change.RowVersion)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, status)
                .SetProperty(c => c.ReviewedById, reviewer.UserId)
                .SetProperty(c => c.ReviewedAt, now)
                .SetProperty(c => c.ReviewNotes, notes)
                .SetProperty(c => c.ConflictResolution, c => resolutionJson ?? c.ConflictResolution)
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        if (updated == 0)
        {
            await transaction.RollbackAsync(ct);
            var current = await db.StagedProductChanges.AsNoTracking().Where(c => c.Id == change.Id).Select(c => c.Status).FirstAsync(ct);
            return current == ChangeStatuses.Pending
                ? new ReviewResult(ReviewOutcome.Concurrent, "The change was modified at the same time; reload and try again")
                : NotPending(current);
        }
        AuditLog.Add(db, new AuditEntry("staged_change", change.ChangeId, approve ? "approved" : "rejected", reviewer.UserId,
            ChangeStatuses.Pending, status, notes, resolutionJson));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ReviewResult(ReviewOutcome.Ok, approve ? "Change approved successfully" : "Change rejected successfully");
    }

    /// <summary>
    /// The metafield values this approval sends to Shopify that do not fit their definitions (docs/decisions/0023): a
    /// push's values, and a pulled change's conflicts settled for the local side or a given value.
    /// </summary>
    private async Task<Dictionary<string, object?>?> MetafieldErrorsAsync(FieldChanges changes, string direction, string? resolutionJson, CancellationToken ct)
    {
        var resolution = resolutionJson is null ? null : JsonNode.Parse(resolutionJson) as JsonObject;
        var toShopify = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (path, change) in changes)
        {
            var touchesMetafields = FieldPaths.IsMetafieldPath(path) || (FieldPaths.IsWholeVariantPath(path) && path.Length > 0);
            if (!touchesMetafields)
                continue;
            var chosen = resolution?[path];
            if (chosen is JsonObject custom)
                toShopify.Add(new(path, custom["value"]));
            else if (direction == SyncDirections.PushToShopify ? chosen?.GetValue<string>() != ConflictChoice.Shopify : chosen?.GetValue<string>() == ConflictChoice.Local)
                toShopify.Add(new(path, direction == SyncDirections.PushToShopify ? change.New : change.Old));
        }

        if (toShopify.Count == 0 || metafieldSettings is null)
            return null;
        var definitions = await metafieldSettings.GetDefinitionsAsync(ct);
        var types = definitions.ToDictionary(d => (d.OwnerType == Shopify.ShopifyClient.VariantOwner, d.Id), d => d.Type);
        return MetafieldValidation.Check(toShopify, (variant, id) => types.GetValueOrDefault((variant, id)));
    }

    /// <summary>
    /// Approves (or rejects) every selected change the reviewer may decide, in one set-based update, and says how many
    /// were skipped and why. Conflicting changes are never bulk-approved (reason <c>has_conflicts</c>): each is approved
    /// on its own, so approving one as staged is a decision about that product alone (docs/decisions/0009).
    /// </summary>
    public async Task<BulkResult> BulkDecideAsync(BulkSelection selection, Reviewer reviewer, bool approve, string? notes, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var selected = Select(db, selection);
        var fourEyes = options.Value.FourEyes;
        var userId = reviewer.UserId;
        var level = reviewer.ApprovalLevel;

        // What will be skipped, and why, counted before the update (the same predicates, negated): all reasons in one
        // pass over the selection, then up to 20 sample ids for each reason
        // that has any.
        var pending = selected.Where(c => c.Status == ChangeStatuses.Pending);
        var reasons = new List<(string Reason, IQueryable<StagedProductChange> Rows)> { ("not_pending", selected.Where(c => c.Status != ChangeStatuses.Pending)) };
        if (approve)
            reasons.Add(("has_conflicts", pending.Where(c => c.HasConflicts)));
        reasons.Add(("approval_level", pending.Where(c => (!approve || !c.HasConflicts) && c.RequiredApprovalLevel > level)));
        if (fourEyes)
            reasons.Add(("own_edit", pending.Where(c => (!approve || !c.HasConflicts) && c.RequiredApprovalLevel <= level && c.AuthoredById == userId)));
        var counts = await selected.GroupBy(_ => 1).Select(g => new
        {
            NotPending = g.Count(c => c.Status != ChangeStatuses.Pending),
            Conflicts = g.Count(c => approve && c.Status == ChangeStatuses.Pending && c.HasConflicts),
            Level = g.Count(c => c.Status == ChangeStatuses.Pending && (!approve || !c.HasConflicts) && c.RequiredApprovalLevel > level),
            OwnEdit = g.Count(c => fourEyes && c.Status == ChangeStatuses.Pending && (!approve || !c.HasConflicts) && c.RequiredApprovalLevel <= level && c.AuthoredById == userId),
        }).SingleOrDefaultAsync(ct); // one group by construction: Single says so (First without an order is EF warning 10103)
        var skipped = new List<BulkSkip>();
        foreach (var (reason, rows) in reasons)
        {
            var count = counts is null ? 0 : reason switch
            {
                "not_pending" => counts.NotPending,
                "has_conflicts" => counts.Conflicts,
                "approval_level" => counts.Level,
                _ => counts.OwnEdit,
            };
            if (count > 0)
                skipped.Add(new BulkSkip(reason, count, await rows.OrderBy(c => c.Id).Select(c => c.Id).Take(20).ToListAsync(ct)));
        }
        if (selection.ChangeIds is { Count: > 0 } requested)
        {
            var found = await db.StagedProductChanges.Where(c => requested.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            var missing = requested.Except(found).ToList();
            if (missing.Count > 0)
                skipped.Add(new BulkSkip("not_found", missing.Count, missing.Take(20).ToList()));
        }

        var decidable = pending.Where(c => c.RequiredApprovalLevel <= level && (!fourEyes || c.AuthoredById == null || c.AuthoredById != userId));
        if (approve)
            decidable = decidable.Where(c => !c.HasConflicts);

        var now = time.GetUtcNow().UtcDateTime;
        var status = approve ? ChangeStatuses.Approved : ChangeStatuses.Rejected;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await decidable.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, status)
            .SetProperty(c => c.ReviewedById, userId)
            .SetProperty(c => c.ReviewedAt, now)
            .SetProperty(c => c.ReviewNotes, notes)
            .SetProperty(c => c.UpdatedAt, now)
            .SetProperty(c => c.RowVersion, c => c.RowVersion + 1), ct);
        if (updated > 0)
            await AuditBulkAsync(db, userId, now, status, notes, ct);
        await transaction.CommitAsync(ct);
        return new BulkResult(updated, skipped);
    }

    /// <summary>
    /// One audit event per decided change, written set-based (INSERT ... SELECT) in the same transaction. The rows
    /// are found by their decision stamp through the (reviewed_at, reviewed_by_id) index, never by a table scan.
    /// </summary>
    private static Task<int> AuditBulkAsync(SyncStudioDbContext db, int userId, DateTime now, string status, string? notes, CancellationToken ct)
    {
        var action = status == ChangeStatuses.Approved ? "approved" : "rejected";
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO audit_events (occurred_at, user_id, entity_type, entity_id, action, before_status, after_status, notes)
            SELECT {now}, {userId}, 'staged_change', change_id, {action}, 'pending', status, {notes}
            FROM staged_product_changes
            WHERE reviewed_at = {now} AND reviewed_by_id = {userId} AND status = {status}
            """, ct);
    }

    private static IQueryable<StagedProductChange> Find(SyncStudioDbContext db, string key) =>
        int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? db.StagedProductChanges.Where(c => c.Id == id)
            : db.StagedProductChanges.Where(c => c.ChangeId == key);

    private static IQueryable<StagedProductChange> Select(SyncStudioDbContext db, BulkSelection selection)
    {
        var query = db.StagedProductChanges.AsQueryable();
        if (selection.ChangeIds is { Count: > 0 } ids) query = query.Where(c => ids.Contains(c.Id));
        if (selection.BatchId is not null) query = query.Where(c => c.BatchId == selection.BatchId);
        if (selection.ChangeType is not null) query = query.Where(c => c.ChangeType == selection.ChangeType);
        if (selection.SyncDirection is not null) query = query.Where(c => c.SyncDirection == selection.SyncDirection);
        if (selection.HasConflicts is not null) query = query.Where(c => c.HasConflicts == selection.HasConflicts);
        return query;
    }

    private static ReviewResult NotPending(string status) =>
        new(ReviewOutcome.NotPending, $"Only pending changes can be decided; this one is {status}",
            new Dictionary<string, object?> { ["status"] = status });
}
