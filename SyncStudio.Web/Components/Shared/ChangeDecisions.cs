using System.Globalization;
using MudBlazor;
using SyncStudio.Services.Review;

namespace SyncStudio.Web.Components.Shared;

/// <summary>
/// The dashboard's side of a review decision: ask for notes or a reason, call the review service (the same method
/// the API calls), and tell the person how it went. Pages create one with their injected services.
/// </summary>
public sealed class ChangeDecisions(ReviewService reviews, IDialogService dialogs, ISnackbar snackbar)
{
    public async Task<bool> ApproveAsync(StagedChangeDto change, UserAccess access, CancellationToken ct)
    {
        if (RequireReviewer(access) is not { } reviewer)
            return false;
        var notes = await TextPromptDialog.AskAsync(dialogs, "Approve change", $"Approve {Describe(change)}?",
            "Notes (optional)", "Approve", required: false, Color.Success);
        if (notes is null)
            return false;
        return Report(await reviews.ApproveAsync(Key(change), reviewer, EmptyToNull(notes), null, ct));
    }

    /// <summary>Approves a conflicting change with the reviewer's choice for each conflicting path.</summary>
    public async Task<bool> ResolveAsync(StagedChangeDto change, ConflictApproval approval, UserAccess access, CancellationToken ct)
    {
        if (RequireReviewer(access) is not { } reviewer)
            return false;
        return Report(await reviews.ApproveAsync(Key(change), reviewer, approval.Notes, approval.Resolution, ct));
    }

    public async Task<bool> RejectAsync(StagedChangeDto change, UserAccess access, CancellationToken ct)
    {
        if (RequireReviewer(access) is not { } reviewer)
            return false;
        var reason = await TextPromptDialog.AskAsync(dialogs, "Reject change",
            $"Reject {Describe(change)}? A rejected change is not applied; the next pull stages it again if the difference remains.",
            "Reason", "Reject", required: true, Color.Error);
        if (reason is null)
            return false;
        return Report(await reviews.RejectAsync(Key(change), reviewer, reason, ct));
    }

    /// <summary>Approves or rejects every change the selection covers; null when the person cancelled.</summary>
    public async Task<BulkResult?> BulkAsync(BulkSelection selection, string description, bool approve, UserAccess access, CancellationToken ct)
    {
        if (RequireReviewer(access) is not { } reviewer)
            return null;
        var text = approve
            ? await TextPromptDialog.AskAsync(dialogs, "Approve changes",
                $"Approve {description}? Changes with conflicts, or above your approval level, are skipped.",
                "Notes (optional)", "Approve all", required: false, Color.Success)
            : await TextPromptDialog.AskAsync(dialogs, "Reject changes",
                $"Reject {description}? Changes above your approval level are skipped.",
                "Reason", "Reject all", required: true, Color.Error);
        if (text is null)
            return null;
        var result = await reviews.BulkDecideAsync(selection, reviewer, approve, EmptyToNull(text), ct);
        var verb = approve ? "Approved" : "Rejected";
        var message = $"{verb} {Count(result.Updated, "change")}";
        // A filter selects the pending changes it matches; the others it also matches were never in question.
        var skipped = result.Skipped.Where(s => selection.ChangeIds is not null || s.Reason != "not_pending").ToList();
        if (skipped.Count > 0)
            message += "; skipped " + string.Join(", ", skipped.Select(s => $"{s.Count.ToString("N0", CultureInfo.InvariantCulture)} {SkipReason(s.Reason)}"));
        snackbar.Add(message, skipped.Count > 0 || result.Updated == 0 ? Severity.Warning : Severity.Success);
        return result;
    }

    private Reviewer? RequireReviewer(UserAccess access)
    {
        if (access.Reviewer is { } reviewer)
            return reviewer;
        snackbar.Add("Your role cannot approve or reject changes.", Severity.Error);
        return null;
    }

    private bool Report(ReviewResult result)
    {
        if (result.Outcome == ReviewOutcome.Ok)
        {
            snackbar.Add(result.Message, Severity.Success);
            return true;
        }
        var details = result.Details is { Count: > 0 } d
            ? " (" + string.Join("; ", d.Select(kv => $"{kv.Key}: {kv.Value}")) + ")"
            : "";
        snackbar.Add(result.Message + details, result.Outcome == ReviewOutcome.Concurrent ? Severity.Warning : Severity.Error);
        return false;
    }

    public static string Describe(StagedChangeDto change) =>
        $"the {change.ChangeType} of {change.Product?.Name ?? change.ShopifyProductId ?? "a product"} (#{change.Id})";

    public static string Count(int n, string noun) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    private static string SkipReason(string reason) => reason switch
    {
        "not_pending" => "not pending",
        "has_conflicts" => "with conflicts (resolve each one)",
        "approval_level" => "above your approval level",
        "own_edit" => "made from your own edits (four-eyes rule)",
        "not_found" => "no longer found",
        _ => reason.Replace('_', ' '),
    };

    private static string Key(StagedChangeDto change) => change.Id.ToString(CultureInfo.InvariantCulture);

    private static string? EmptyToNull(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
