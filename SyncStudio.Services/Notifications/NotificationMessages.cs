using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SyncStudio.Data;

namespace SyncStudio.Services.Notifications;

/// <summary>
/// How many changes wait for a person, as a digest counts them: pending changes that need an approver (level 1 or
/// more; a held batch's deferred verdicts wait for the breaker, which has a message of its own), by reason and by the
/// role that may decide them. <see cref="Decidable"/> is what the recipient's role may decide (all of them for the
/// webhook's channel).
/// </summary>
public sealed record DigestFacts(int Total, int Conflicts, int FromShopify, int ToShopify, int ForApprover, int ForAdmin, int Decidable);

/// <summary>A batch's end, as a message tells it.</summary>
public sealed record BatchFacts(string BatchId, string Direction, string Status, string? Error, int Processed, int Failed, IReadOnlyList<string> Trips);

public sealed record StoreFacts(string ShopDomain, string Problem, string? Reason);

/// <summary>The facts a delivery sends, fixed at its first attempt (stored as <see cref="NotificationDelivery.Payload"/>).</summary>
public sealed record MessageFacts(string Kind, DigestFacts? Digest = null, BatchFacts? Batch = null, StoreFacts? Store = null);

public sealed record MessageLink(string Label, string Url, int? Count = null);

/// <summary>A message ready for any channel: a subject, lines of text, and the links it names (the first is the main one).</summary>
public sealed record RenderedMessage(string Subject, IReadOnlyList<string> Lines, IReadOnlyList<MessageLink> Links)
{
    public string Link => Links[0].Url;
}

/// <summary>
/// Turns facts into messages (pure: no I/O). Every link is the exact Review filter or batch page the message is about,
/// under <c>App:PublicUrl</c> (a path alone when it is not set).
/// </summary>
public static class NotificationMessages
{
    public static string ReviewPath(string? syncDirection = null, bool? hasConflicts = null)
    {
        var query = new StringBuilder("/review?status=pending");
        if (syncDirection is not null)
            query.Append("&sync_direction=").Append(syncDirection);
        if (hasConflicts is { } conflicts)
            query.Append("&has_conflicts=").Append(conflicts ? "true" : "false");
        return query.ToString();
    }

    public static string BatchPath(string batchId) => "/batches/" + Uri.EscapeDataString(batchId);

    public const string SettingsPath = "/settings";

    public static string Absolute(Uri? publicUrl, string path) =>
        publicUrl is null ? path : new Uri(publicUrl, path.TrimStart('/')).ToString();

    public static RenderedMessage Render(MessageFacts facts, Uri? publicUrl, bool forRecipient)
    {
        string Url(string path) => Absolute(publicUrl, path);
        var c = CultureInfo.InvariantCulture;
        switch (facts)
        {
            case { Digest: { } d }:
                {
                    var count = forRecipient ? d.Decidable : d.Total;
                    var subject = string.Format(c, "SyncStudio: {0} {1} for {2}approval", count, count == 1 ? "change waits" : "changes wait",
                        forRecipient ? "your " : "");
                    var links = new List<MessageLink> { new("Review the pending changes", Url(ReviewPath()), d.Total) };
                    if (d.Conflicts > 0)
                        links.Add(new("with conflicts", Url(ReviewPath(hasConflicts: true)), d.Conflicts));
                    if (d.FromShopify > 0)
                        links.Add(new("pulled from Shopify", Url(ReviewPath(SyncDirections.PullFromShopify, false)), d.FromShopify));
                    if (d.ToShopify > 0)
                        links.Add(new("local edits to push to Shopify", Url(ReviewPath(SyncDirections.PushToShopify, false)), d.ToShopify));
                    var lines = new List<string>
                {
                    string.Format(c, "{0} {1} for approval.", d.Total, d.Total == 1 ? "change waits" : "changes wait"),
                    string.Format(c, "Waiting for an Approver: {0}. Waiting for an Admin: {1}.", d.ForApprover, d.ForAdmin),
                };
                    if (forRecipient && d.Decidable != d.Total)
                        lines.Add(string.Format(c, "Your role may decide {0} of them.", d.Decidable));
                    return new RenderedMessage(subject, lines, links);
                }
            case { Batch: { } b }:
                {
                    var what = b.Direction == SyncDirections.PushToShopify ? "Push" : "Pull";
                    var link = new MessageLink("Open the batch", Url(BatchPath(b.BatchId)));
                    if (facts.Kind == NotificationKinds.BatchHeld)
                    {
                        var lines = new List<string> { $"The circuit breaker held {what.ToLowerInvariant()} batch {b.BatchId}: nothing in it is applied until an Admin releases or discards it." };
                        lines.AddRange(b.Trips.Select(t => "Tripped: " + t));
                        return new RenderedMessage($"SyncStudio: {what.ToLowerInvariant()} batch {b.BatchId} is held by the circuit breaker", lines, [link]);
                    }
                    return new RenderedMessage($"SyncStudio: {what.ToLowerInvariant()} batch {b.BatchId} failed",
                    [
                        $"{what} batch {b.BatchId} failed: {b.Error ?? "see the batch for its errors"}",
                    string.Format(c, "{0} items processed, {1} failed.", b.Processed, b.Failed),
                ], [link]);
                }
            case { Store: { } s }:
                return new RenderedMessage($"SyncStudio: the store connection to {s.ShopDomain} needs attention",
                [
                    $"The store connection to {s.ShopDomain} cannot be used ({s.Problem.Replace('_', ' ')}): pulls and pushes fail until an Admin fixes it in Settings.",
                    .. s.Reason is { Length: > 0 } reason ? new[] { "Shopify said: " + reason } : [],
                ], [new MessageLink("Open Settings", Url(SettingsPath))]);
            default:
                throw new ArgumentException($"No facts to render for {facts.Kind}.", nameof(facts));
        }
    }

    public static string Text(RenderedMessage message)
    {
        var text = new StringBuilder();
        foreach (var line in message.Lines)
            text.AppendLine(line);
        text.AppendLine();
        foreach (var link in message.Links)
            text.AppendLine(link.Count is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n} {link.Label}: {link.Url}") : $"{link.Label}: {link.Url}");
        return text.ToString();
    }

    public static string Html(RenderedMessage message)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        foreach (var line in message.Lines)
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        html.Append("<ul>");
        foreach (var link in message.Links)
        {
            html.Append("<li>");
            if (link.Count is { } n)
                html.Append(n.ToString(CultureInfo.InvariantCulture)).Append(' ');
            html.Append("<a href=\"").Append(WebUtility.HtmlEncode(link.Url)).Append("\">").Append(WebUtility.HtmlEncode(link.Label)).Append("</a></li>");
        }
        return html.Append("</ul></body></html>").ToString();
    }

    /// <summary>
    /// The webhook's body. <c>text</c> is what Slack and Teams incoming webhooks both show (plain text, the addresses
    /// written out, which both make links); Slack draws <c>blocks</c> instead when present, and both ignore
    /// <c>syncstudio</c>, the machine-readable part: <c>id</c> is the delivery's id, the same on every attempt, so a
    /// receiver drops a repeat (delivery is at least once).
    /// </summary>
    public static JsonObject Webhook(long deliveryId, RenderedMessage message, MessageFacts facts)
    {
        var text = message.Subject + "\n" + Text(message).TrimEnd();
        var links = new JsonArray();
        var mrkdwn = new StringBuilder();
        foreach (var link in message.Links)
        {
            links.Add(new JsonObject { ["label"] = link.Label, ["url"] = link.Url, ["count"] = link.Count });
            mrkdwn.Append("• ");
            if (link.Count is { } n)
                mrkdwn.Append(n.ToString(CultureInfo.InvariantCulture)).Append(' ');
            mrkdwn.Append('<').Append(link.Url).Append('|').Append(SlackEscape(link.Label)).Append(">\n");
        }
        return new JsonObject
        {
            ["text"] = text,
            ["blocks"] = new JsonArray
            {
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Clip(message.Subject, 150) } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Clip(SlackEscape(string.Join("\n", message.Lines)), 3000) } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Clip(mrkdwn.ToString().TrimEnd(), 3000) } },
            },
            ["syncstudio"] = new JsonObject
            {
                ["id"] = deliveryId,
                ["event"] = facts.Kind,
                ["link"] = message.Link,
                ["links"] = links,
                ["counts"] = facts.Digest is { } d
                    ? new JsonObject
                    {
                        ["total"] = d.Total,
                        ["conflicts"] = d.Conflicts,
                        ["from_shopify"] = d.FromShopify,
                        ["to_shopify"] = d.ToShopify,
                        ["for_approver"] = d.ForApprover,
                        ["for_admin"] = d.ForAdmin,
                    }
                    : null,
                ["batch_id"] = facts.Batch?.BatchId,
            },
        };
    }

    // Slack's mrkdwn reads &, < and > as markup (https://api.slack.com/reference/surfaces/formatting#escaping).
    private static string SlackEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
