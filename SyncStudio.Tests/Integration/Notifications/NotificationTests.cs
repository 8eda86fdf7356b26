using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Notifications;

/// <summary>
/// Notifications (docs/decisions/0028): outbox events written with what causes them, delivered in the background by
/// real SMTP (a server in the test) and a real HTTP webhook (a Kestrel endpoint in the test), retried until they go.
/// </summary>
public sealed class NotificationTests
{
    private const string PublicUrl = "https://syncstudio.example";
    private const string ApproverEmail = "approver@test.local";
    private const string DeleteProduct = "mutation($i: ProductDeleteInput!) { productDelete(input: $i) { deletedProductId userErrors { message } } }";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The app with e-mail to <paramref name="smtpPort"/> from the configuration, a fast sender and the links' base address.</summary>
    private static Task<SyncHarness> StartAsync(int? smtpPort, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["App:PublicUrl"] = PublicUrl,
            ["Notifications:PollInterval"] = "00:00:00.100",
            ["Notifications:RetryBaseDelay"] = "00:00:00.100",
            ["Notifications:RetryMaxDelay"] = "00:00:00.500",
            ["Notifications:SendTimeout"] = "00:00:10",
        };
        if (smtpPort is { } port)
        {
            settings["Notifications:Smtp:Host"] = "127.0.0.1";
            settings["Notifications:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Notifications:Smtp:Security"] = "none";
            settings["Notifications:Smtp:From"] = "syncstudio@test.local";
        }
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
            settings[key] = value;
        return SyncHarness.StartAsync("synthetic:12:7", settings: settings);
    }

    private static async Task<JsonElement> PullToTheEndAsync(SyncHarness h)
    {
        var started = await h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 0 }, Ct);
        var body = await ApiAssert.OkAsync(started, started.StatusCode == HttpStatusCode.Accepted ? HttpStatusCode.Accepted : HttpStatusCode.OK);
        return await h.WaitForBatchAsync(body.GetProperty("batch_id").GetString()!, SyncHarness.BatchDeadline);
    }

    private static async Task<List<JsonElement>> DeliveriesAsync(SyncHarness h) =>
        [.. (await ApiAssert.OkAsync(await h.Admin.GetAsync("/api/settings/notifications/deliveries", Ct))).GetProperty("items").EnumerateArray()];

    private static async Task<JsonElement> WaitForDeliveryAsync(SyncHarness h, Func<JsonElement, bool> match, string what) =>
        (await SyncHarness.WaitForAsync(async () => (await DeliveriesAsync(h)).Where(match).Select(d => new[] { d }).FirstOrDefault(), what))[0];

    [Fact]
    public async Task ADigestEmailAfterAPullCarriesTheCountsAndTheExactReviewLinks()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var h = await StartAsync(smtp.Port);
        await h.App.ClientAsAsync(Roles.Approver);

        var pull = await PullToTheEndAsync(h);

        Assert.Equal("completed", pull.GetProperty("status").GetString());
        // Every product of a first read is a create waiting for an Approver (the New Products rule).
        var pending = await h.StagedAsync("status=pending");
        Assert.NotEmpty(pending);
        var total = pending.Count;
        Assert.All(pending, c => Assert.Equal("pull_from_shopify", c.GetProperty("sync_direction").GetString()));
        foreach (var to in new[] { SyncStudioApp.AdminEmail, ApproverEmail })
        {
            var mail = await smtp.WaitForAsync(to, "wait for your approval");
            Assert.Equal($"SyncStudio: {total} changes wait for your approval", mail.Subject);
            var text = mail.TextBody;
            Assert.Contains($"{total} changes wait for approval.", text, StringComparison.Ordinal);
            Assert.Contains($"Waiting for an Approver: {total}. Waiting for an Admin: 0.", text, StringComparison.Ordinal);
            Assert.Contains($"{total} Review the pending changes: {PublicUrl}/review?status=pending", text, StringComparison.Ordinal);
            Assert.Contains($"{total} pulled from Shopify: {PublicUrl}/review?status=pending&sync_direction=pull_from_shopify&has_conflicts=false",
                text, StringComparison.Ordinal);
            Assert.DoesNotContain("with conflicts", text, StringComparison.Ordinal);
            Assert.Contains($"href=\"{PublicUrl}/review?status=pending&amp;sync_direction=pull_from_shopify&amp;has_conflicts=false\"", mail.HtmlBody,
                StringComparison.Ordinal);
        }
        // One digest per recipient: the two addresses, once each.
        Assert.Equal(2, smtp.Messages.Count);
        var sent = (await DeliveriesAsync(h)).Where(d => d.GetProperty("kind").GetString() == "approval_digest").ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, d => Assert.Equal("sent", d.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AWebhookDeliveryCarriesSlackAndTeamsTextTheCountsAndItsIdAsTheIdempotencyKey()
    {
        await using var hook = await WebhookTestEndpoint.StartAsync();
        await using var h = await StartAsync(smtpPort: null);
        var url = hook.BaseAddress + "/services/T000/B000/secret-part";
        var saved = await ApiAssert.OkAsync(await h.Admin.PutAsJsonAsync("/api/settings/notifications",
            new { webhook = new { enabled = true, url, events = new[] { "approval_digest", "batch_failed" } } }, Ct));
        // The address is a credential: never answered, never stored in clear.
        Assert.True(saved.GetProperty("webhook").GetProperty("url_set").GetBoolean());
        Assert.DoesNotContain("secret-part", saved.GetRawText(), StringComparison.Ordinal);
        await using (var scope = h.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
            var stored = await db.SyncSettings.SingleAsync(s => s.Key == SyncSetting.Notifications, Ct);
            Assert.DoesNotContain("secret-part", stored.Value, StringComparison.Ordinal);
        }

        await PullToTheEndAsync(h);

        var total = (await h.StagedAsync("status=pending")).Count;
        var (path, key, body) = await SyncHarness.WaitForAsync(() => Task.FromResult(hook.Received.TryPeek(out var r) ? r : null), "a webhook POST");
        Assert.Equal("/services/T000/B000/secret-part", path);
        Assert.Contains($"{total} changes wait for approval.", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains($"{PublicUrl}/review?status=pending", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = body.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Contains($"<{PublicUrl}/review?status=pending&sync_direction=pull_from_shopify&has_conflicts=false|pulled from Shopify>",
            blocks[2].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        var facts = body.GetProperty("syncstudio");
        Assert.Equal("approval_digest", facts.GetProperty("event").GetString());
        Assert.Equal($"{PublicUrl}/review?status=pending", facts.GetProperty("link").GetString());
        Assert.Equal(total, facts.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal(total, facts.GetProperty("counts").GetProperty("from_shopify").GetInt32());
        var delivery = Assert.Single(await DeliveriesAsync(h), d => d.GetProperty("channel").GetString() == "webhook");
        Assert.Equal(delivery.GetProperty("id").GetInt64(), facts.GetProperty("id").GetInt64());
        Assert.Equal($"syncstudio-notification-{delivery.GetProperty("id").GetInt64()}", key);
        Assert.Single(hook.Received);
    }

    [Fact]
    public async Task ABatchHeldByTheCircuitBreakerIsToldWithItsTripsAndItsPage()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var h = await StartAsync(smtp.Port, new Dictionary<string, string?> { ["CircuitBreaker:Enabled"] = "true" });
        await h.AgreeOnEverythingAsync();
        foreach (var product in h.Simulator.Simulator.GetProducts())
            await h.MerchantAsync(DeleteProduct, new { i = new { id = $"gid://shopify/Product/{product.Id}" } });

        var batch = await PullToTheEndAsync(h);

        Assert.Equal("held", batch.GetProperty("status").GetString());
        var batchId = batch.GetProperty("batch_id").GetString()!;
        var mail = await smtp.WaitForAsync(SyncStudioApp.AdminEmail, $"batch {batchId} is held");
        Assert.Contains("Tripped:", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Open the batch: {PublicUrl}/batches/{batchId}", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedBatchIsToldWithItsErrorAndItsPage()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        // Shopify refuses the token: the pull fails.
        await using var h = await StartAsync(smtp.Port, new Dictionary<string, string?> { ["Shopify:AccessToken"] = "shpat_revoked" });

        var batch = await PullToTheEndAsync(h);

        Assert.Equal("failed", batch.GetProperty("status").GetString());
        var batchId = batch.GetProperty("batch_id").GetString()!;
        var mail = await smtp.WaitForAsync(SyncStudioApp.AdminEmail, $"batch {batchId} failed");
        Assert.Contains($"Open the batch: {PublicUrl}/batches/{batchId}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("failed:", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageQueuedWhileTheMailServerIsDownIsDeliveredAfterARestartOnceItIsUp()
    {
        // Nothing listens on the port yet: every attempt fails, and is recorded.
        var port = SyncHarness.FreePort();
        await using var h = await StartAsync(port);
        await PullToTheEndAsync(h);
        var delivery = await WaitForDeliveryAsync(h, d => d.GetProperty("attempts").GetInt32() >= 2, "failed attempts");
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        Assert.Contains($"127.0.0.1:{port}", delivery.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        await h.RestartAppAsync();
        await using var smtp = await SmtpTestServer.StartAsync(port);

        var mail = await smtp.WaitForAsync(SyncStudioApp.AdminEmail, "wait for your approval");
        var id = delivery.GetProperty("id").GetInt64();
        Assert.StartsWith($"{id}.", mail.Headers["X-SyncStudio-Notification"], StringComparison.Ordinal);
        var sent = await WaitForDeliveryAsync(h, d => d.GetProperty("id").GetInt64() == id && d.GetProperty("status").GetString() == "sent", "the delivery recorded sent");
        Assert.True(sent.GetProperty("attempts").GetInt32() > delivery.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task AUserWhoOptedOutGetsNothing()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var h = await StartAsync(smtp.Port);
        var approver = await h.App.ClientAsAsync(Roles.Approver);
        var mine = await ApiAssert.OkAsync(await approver.PutAsJsonAsync("/api/me/notifications", new { email_enabled = false }, Ct));
        Assert.False(mine.GetProperty("email_enabled").GetBoolean());

        await PullToTheEndAsync(h);

        // The Admin's digest comes from the same event, expanded at once: by then every delivery of it exists.
        await smtp.WaitForAsync(SyncStudioApp.AdminEmail, "wait for your approval");
        var approverId = await h.App.EnsureUserAsync(ApproverEmail, Roles.Approver);
        Assert.DoesNotContain(await DeliveriesAsync(h), d => d.GetProperty("user_id").ValueKind == JsonValueKind.Number
            && d.GetProperty("user_id").GetInt32() == approverId);
        Assert.DoesNotContain(smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == ApproverEmail));
    }

    [Fact]
    public async Task BadNotificationSettingsAreRefusedWithEachFieldNamedAndNothingSaved()
    {
        await using var h = await StartAsync(smtpPort: null);

        var details = await ApiAssert.ErrorAsync(await h.Admin.PutAsJsonAsync("/api/settings/notifications", new
        {
            email = new { enabled = true, smtp_port = 70000, security = "tls1", from_address = "not an address" },
            webhook = new { enabled = true, url = "http://hooks.example.com/x", events = new[] { "everything" } },
            digest_window_minutes = 0,
            colour = "blue",
        }, Ct), HttpStatusCode.BadRequest);

        foreach (var field in new[] { "email.smtp_port", "digest_window_minutes", "colour" })
            Assert.True(details.TryGetProperty(field, out _), $"{field} in {details}");
        var settings = await ApiAssert.OkAsync(await h.Admin.GetAsync("/api/settings/notifications", Ct));
        Assert.False(settings.GetProperty("webhook").GetProperty("enabled").GetBoolean());
        // Then the service's own checks, once the shape passes.
        var checkedOnes = (await ApiAssert.ErrorAsync(await h.Admin.PutAsJsonAsync("/api/settings/notifications", new
        {
            email = new { enabled = true, security = "tls1", from_address = "not an address" },
            webhook = new { enabled = true, url = "http://hooks.example.com/x", events = new[] { "everything" } },
        }, Ct), HttpStatusCode.BadRequest));
        foreach (var field in new[] { "email.smtp_host", "email.security", "email.from_address", "webhook.url", "webhook.events" })
            Assert.True(checkedOnes.TryGetProperty(field, out _), $"{field} in {checkedOnes}");
        // An Operator may not see or change them; anyone signed in may choose their own.
        var operatorClient = await h.App.ClientAsAsync(Roles.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/settings/notifications", Ct)).StatusCode);
        await ApiAssert.ErrorAsync(await operatorClient.PutAsJsonAsync("/api/me/notifications", new { events = new[] { "approval_digest" } }, Ct),
            HttpStatusCode.BadRequest);
        var mine = await ApiAssert.OkAsync(await operatorClient.PutAsJsonAsync("/api/me/notifications", new { events = new[] { "batch_failed" } }, Ct));
        Assert.Equal(["batch_failed"], mine.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }
}
