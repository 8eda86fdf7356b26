using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Notifications;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

/// <summary>The notification channels as the API shows them: never a secret, only whether one is set (docs/decisions/0028).</summary>
public sealed record NotificationSettingsResponse(
    bool Success,
    NotificationEmailResponse Email,
    NotificationWebhookResponse Webhook,
    int DigestWindowMinutes,
    string? PublicUrl,
    DateTime? UpdatedAt)
{
    public static NotificationSettingsResponse Of(NotificationSettingsView v) => new(true,
        new NotificationEmailResponse(v.EmailEnabled, v.SmtpHost, v.SmtpPort, v.SmtpSecurity, v.SmtpUsername, v.SmtpPasswordSet, v.FromAddress, v.FromName),
        new NotificationWebhookResponse(v.WebhookEnabled, v.WebhookUrlSet, v.WebhookHost, v.WebhookEvents),
        v.DigestWindowMinutes, v.PublicUrl, v.UpdatedAt);
}

public sealed record NotificationEmailResponse(bool Enabled, string? SmtpHost, int SmtpPort, string Security, string? Username, bool PasswordSet,
    string? FromAddress, string? FromName);

public sealed record NotificationWebhookResponse(bool Enabled, bool UrlSet, string? UrlHost, IReadOnlyList<string> Events);

public sealed record NotificationPreferencesResponse(bool Success, string? Email, bool EmailEnabled, IReadOnlyList<string> Events,
    IReadOnlyList<string> AvailableEvents)
{
    public static NotificationPreferencesResponse Of(NotificationPreferenceView v) => new(true, v.Email, v.EmailEnabled, v.Events, v.Available);
}

public sealed record NotificationDeliveryItem(long Id, string Kind, string Channel, int? UserId, string? Address, string Status, int Attempts,
    DateTime NextAttemptAt, DateTime? LastAttemptAt, DateTime? SentAt, string? LastError, string? Subject, DateTime CreatedAt);

public sealed record NotificationDeliveriesResponse(bool Success, IReadOnlyList<NotificationDeliveryItem> Items);

public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings/notifications").RequireAuthorization(Roles.Admin);
        settings.MapGet("/", GetSettings)
            .WithSummary("The notification channels: SMTP e-mail and a Slack/Teams webhook, the events the webhook carries, the digest window (never a secret)");
        settings.MapPut("/", PutSettings)
            .WithSummary("Save the notification channels (email: enabled, smtp_host, smtp_port, security, username, password, from_address, from_name; webhook: enabled, url, events; digest_window_minutes). A field left out keeps its value; the secrets (password, url) are write-only, null or \"\" clears one");
        settings.MapGet("/deliveries", GetDeliveries)
            .WithSummary("The latest notification deliveries, newest first, with each one's attempts and outcome");
        var me = api.MapGroup("/me/notifications");
        me.MapGet("/", GetMine).WithSummary("What the signed-in user receives: the events chosen, e-mail on or off, and the events their role allows");
        me.MapPut("/", PutMine).WithSummary("Choose what the signed-in user receives (email_enabled, events); a field left out keeps its value");
        return api;
    }

    public static async Task<Ok<NotificationSettingsResponse>> GetSettings(NotificationSettingsService service, CancellationToken ct) =>
        TypedResults.Ok(NotificationSettingsResponse.Of(await service.GetAsync(ct)));

    public static async Task<Results<Ok<NotificationSettingsResponse>, JsonHttpResult<ErrorResponse>>> PutSettings(
        HttpRequest request, NotificationSettingsService service, ClaimsPrincipal user, CancellationToken ct)
    {
        var (json, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (json is null)
            return ApiErrors.Validation(validation.Errors);
        var body = new JsonBody(json) { Validation = validation };
        var current = await service.GetAsync(ct);
        var input = new NotificationSettingsInput
        {
            EmailEnabled = current.EmailEnabled,
            SmtpHost = current.SmtpHost,
            SmtpPort = current.SmtpPort,
            SmtpSecurity = current.SmtpSecurity,
            SmtpUsername = current.SmtpUsername,
            FromAddress = current.FromAddress,
            FromName = current.FromName,
            WebhookEnabled = current.WebhookEnabled,
            WebhookEvents = current.WebhookEvents,
            DigestWindowMinutes = current.DigestWindowMinutes,
        };
        if (Section(body, "email") is { } email)
        {
            var enabled = email.Flag("enabled");
            var host = email.Text("smtp_host", NotificationSettingsService.HostLength);
            var port = email.WholeNumber("smtp_port", 1, 65535);
            var security = email.RequiredText("security", 20);
            var username = email.Text("username", NotificationSettingsService.NameLength);
            var password = email.Text("password", NotificationSettingsService.NameLength);
            var from = email.Text("from_address", NotificationDelivery.AddressLength);
            var fromName = email.Text("from_name", NotificationSettingsService.NameLength);
            email.RejectUnknown();
            input = input with
            {
                EmailEnabled = enabled.IsSet ? enabled.Value : input.EmailEnabled,
                SmtpHost = host.IsSet ? host.Value : input.SmtpHost,
                SmtpPort = port.IsSet ? port.Value : input.SmtpPort,
                SmtpSecurity = security.IsSet ? security.Value : input.SmtpSecurity,
                SmtpUsername = username.IsSet ? username.Value : input.SmtpUsername,
                SmtpPassword = password.IsSet ? password.Value ?? "" : null,
                FromAddress = from.IsSet ? from.Value : input.FromAddress,
                FromName = fromName.IsSet ? fromName.Value : input.FromName,
            };
        }
        if (Section(body, "webhook") is { } webhook)
        {
            var enabled = webhook.Flag("enabled");
            var url = webhook.Text("url", NotificationSettingsService.UrlLength);
            var events = webhook.TextList("events", NotificationKinds.All.Count * 2, 40);
            webhook.RejectUnknown();
            input = input with
            {
                WebhookEnabled = enabled.IsSet ? enabled.Value : input.WebhookEnabled,
                WebhookUrl = url.IsSet ? url.Value ?? "" : null,
                WebhookEvents = events.IsSet ? events.Value : input.WebhookEvents,
            };
        }
        var window = body.WholeNumber("digest_window_minutes", 1, 1440);
        if (window.IsSet)
            input = input with { DigestWindowMinutes = window.Value };
        body.RejectUnknown();
        if (validation.Errors.Count > 0)
            return ApiErrors.Validation(validation.Errors);
        var saved = await service.SaveAsync(input, user.RequireUserId(), ct);
        return saved.Errors is { } errors ? ApiErrors.Validation(errors) : TypedResults.Ok(NotificationSettingsResponse.Of(saved.View!));
    }

    private static JsonBody? Section(JsonBody body, string name)
    {
        if (!body.Has(name))
            return null;
        if (body.Node(name) is JsonObject section)
            return new JsonBody(section, name) { Validation = body.Validation };
        body.Validation.Add(name, "must be an object");
        return null;
    }

    public static async Task<Ok<NotificationDeliveriesResponse>> GetDeliveries(
        IDbContextFactory<SyncStudioDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var items = await db.NotificationDeliveries.OrderByDescending(d => d.Id).Take(200)
            .Select(d => new NotificationDeliveryItem(d.Id, d.Kind, d.Channel, d.UserId, d.Address, d.Status, d.Attempts, d.NextAttemptAt,
                d.LastAttemptAt, d.SentAt, d.LastError, d.Subject, d.CreatedAt)).ToListAsync(ct);
        return TypedResults.Ok(new NotificationDeliveriesResponse(true, items));
    }

    public static async Task<Results<Ok<NotificationPreferencesResponse>, JsonHttpResult<ErrorResponse>>> GetMine(
        NotificationPreferences preferences, ClaimsPrincipal user, CancellationToken ct) =>
        await preferences.GetAsync(user.RequireUserId(), ct) is { } view
            ? TypedResults.Ok(NotificationPreferencesResponse.Of(view))
            : ApiErrors.NotFound("User", user.RequireUserId());

    public static async Task<Results<Ok<NotificationPreferencesResponse>, JsonHttpResult<ErrorResponse>>> PutMine(
        HttpRequest request, NotificationPreferences preferences, ClaimsPrincipal user, CancellationToken ct)
    {
        var (json, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (json is null)
            return ApiErrors.Validation(validation.Errors);
        var body = new JsonBody(json) { Validation = validation };
        var email = body.Flag("email_enabled");
        var events = body.TextList("events", NotificationKinds.All.Count * 2, 40);
        body.RejectUnknown();
        if (validation.Errors.Count > 0)
            return ApiErrors.Validation(validation.Errors);
        var saved = await preferences.SaveAsync(user.RequireUserId(), email.IsSet ? email.Value : null, events.IsSet ? events.Value : null, ct);
        if (saved.NotFound)
            return ApiErrors.NotFound("User", user.RequireUserId());
        return saved.Errors is { } errors ? ApiErrors.Validation(errors) : TypedResults.Ok(NotificationPreferencesResponse.Of(saved.View!));
    }
}
