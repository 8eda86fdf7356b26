using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Json;

namespace SyncStudio.Services.Notifications;

/// <summary>The notification channels as the API and Settings show them: never a secret, only whether one is set.</summary>
public sealed record NotificationSettingsView(
    bool EmailEnabled,
    string? SmtpHost,
    int SmtpPort,
    string SmtpSecurity,
    string? SmtpUsername,
    bool SmtpPasswordSet,
    string? FromAddress,
    string? FromName,
    bool WebhookEnabled,
    bool WebhookUrlSet,
    string? WebhookHost,
    IReadOnlyList<string> WebhookEvents,
    int DigestWindowMinutes,
    string? PublicUrl,
    DateTime? UpdatedAt);

/// <summary>
/// What an Admin saves. A secret (<see cref="SmtpPassword"/>, <see cref="WebhookUrl"/>) left null keeps the stored one;
/// an empty string clears it.
/// </summary>
public sealed record NotificationSettingsInput
{
    public bool EmailEnabled { get; init; }
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;
    public string SmtpSecurity { get; init; } = SmtpSecurityModes.StartTls;
    public string? SmtpUsername { get; init; }
    public string? SmtpPassword { get; init; }
    public string? FromAddress { get; init; }
    public string? FromName { get; init; }
    public bool WebhookEnabled { get; init; }
    public string? WebhookUrl { get; init; }
    public IReadOnlyList<string> WebhookEvents { get; init; } = NotificationKinds.All;
    public int DigestWindowMinutes { get; init; } = 60;
}

public sealed record NotificationSettingsResult(NotificationSettingsView? View, IReadOnlyDictionary<string, string>? Errors);

/// <summary>The channels with their secrets in clear, for the sender alone: never logged, never answered.</summary>
public sealed record NotificationChannelsConfig(
    SmtpChannelConfig? Email,
    Uri? Webhook,
    IReadOnlyList<string> WebhookEvents,
    TimeSpan DigestWindow,
    Uri? PublicUrl);

public sealed record SmtpChannelConfig(string Host, int Port, string Security, string? Username, string? Password, string FromAddress, string? FromName);

/// <summary>
/// The notification channels an Admin keeps in Settings (one <c>sync_settings</c> row, JSON), over the
/// <c>Notifications:*</c> configuration until then. The SMTP password and the webhook's address (a Slack or Teams
/// incoming webhook's address is its credential) are stored as Data Protection ciphertext, as the store token is.
/// </summary>
public sealed class NotificationSettingsService(
    IDbContextFactory<SyncStudioDbContext> factory,
    IDataProtectionProvider dataProtection,
    IOptions<NotificationOptions> options,
    IConfiguration configuration,
    TimeProvider time)
{
    /// <summary>The Data Protection purpose: ciphertext made for anything else does not decrypt here.</summary>
    public const string Purpose = "SyncStudio.Notifications.Secrets.v1";

    public const int HostLength = 255;
    public const int NameLength = 200;
    public const int UrlLength = 2000;

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public async Task<NotificationSettingsView> GetAsync(CancellationToken ct) => View(await LoadAsync(ct));

    /// <summary>The channels as the sender uses them, secrets decrypted.</summary>
    public async Task<NotificationChannelsConfig> ChannelsAsync(CancellationToken ct)
    {
        var (stored, _) = await LoadAsync(ct);
        SmtpChannelConfig? email = stored.EmailEnabled && stored.SmtpHost is { Length: > 0 } host && stored.FromAddress is { Length: > 0 } from
            ? new SmtpChannelConfig(host, stored.SmtpPort, stored.SmtpSecurity, stored.SmtpUsername, Secret(stored.SmtpPasswordCipher) ?? options.Value.Smtp.Password,
                from, stored.FromName)
            : null;
        var url = Secret(stored.WebhookUrlCipher) ?? options.Value.Webhook.Url;
        Uri? webhook = stored.WebhookEnabled && url is not null && WebhookUrlProblem(url) is null ? new Uri(url) : null;
        return new NotificationChannelsConfig(email, webhook, stored.WebhookEvents, TimeSpan.FromMinutes(stored.DigestWindowMinutes), PublicUrl());
    }

    /// <summary>Checks everything, then saves it all or nothing. Secrets are encrypted before they reach the database.</summary>
    public async Task<NotificationSettingsResult> SaveAsync(NotificationSettingsInput input, int actorId, CancellationToken ct)
    {
        var (current, _) = await LoadAsync(ct);
        var url = input.WebhookUrl ?? Secret(current.WebhookUrlCipher) ?? options.Value.Webhook.Url;
        var errors = Validate(input, input.WebhookUrl is null ? url : input.WebhookUrl);
        if (errors.Count > 0)
            return new NotificationSettingsResult(null, errors);

        var stored = new StoredSettings
        {
            EmailEnabled = input.EmailEnabled,
            SmtpHost = Blank(input.SmtpHost),
            SmtpPort = input.SmtpPort,
            SmtpSecurity = input.SmtpSecurity,
            SmtpUsername = Blank(input.SmtpUsername),
            SmtpPasswordCipher = input.SmtpPassword is null ? current.SmtpPasswordCipher : input.SmtpPassword.Length == 0 ? null : _protector.Protect(input.SmtpPassword),
            FromAddress = Blank(input.FromAddress),
            FromName = Blank(input.FromName),
            WebhookEnabled = input.WebhookEnabled,
            WebhookUrlCipher = input.WebhookUrl is null ? current.WebhookUrlCipher : input.WebhookUrl.Length == 0 ? null : _protector.Protect(input.WebhookUrl.Trim()),
            WebhookEvents = [.. input.WebhookEvents.Distinct(StringComparer.Ordinal)],
            DigestWindowMinutes = input.DigestWindowMinutes,
        };
        var value = SyncJson.Serialize(stored);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSettings.FirstOrDefaultAsync(s => s.Key == SyncSetting.Notifications, ct);
        if (row is null)
            db.SyncSettings.Add(new SyncSetting { Key = SyncSetting.Notifications, Value = value, UpdatedAt = now });
        else
        {
            row.Value = value;
            row.UpdatedAt = now;
        }
        // The audit names what changed, never a secret: only whether each is set.
        AuditLog.Add(db, new AuditEntry("settings", "notifications", "notification_settings_saved", actorId,
            Data: SyncJson.Serialize(View((stored, now)))));
        await db.SaveChangesAsync(ct);
        return new NotificationSettingsResult(View((stored, now)), null);
    }

    public static Dictionary<string, string> Validate(NotificationSettingsInput input, string? webhookUrl)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var host = input.SmtpHost?.Trim();
        if (host is { Length: > 0 })
        {
            if (host.Length > HostLength)
                errors["email.smtp_host"] = $"must be at most {HostLength} characters";
            else if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
                errors["email.smtp_host"] = "must be a host name or an IP address (no scheme, no port)";
        }
        else if (input.EmailEnabled)
            errors["email.smtp_host"] = "is required when e-mail is enabled";
        if (input.SmtpPort is < 1 or > 65535)
            errors["email.smtp_port"] = "must be from 1 to 65535";
        if (!SmtpSecurityModes.All.Contains(input.SmtpSecurity))
            errors["email.security"] = "must be starttls, ssl, none or auto";
        if (input.SmtpUsername is { Length: > NameLength })
            errors["email.username"] = $"must be at most {NameLength} characters";
        if (input.SmtpPassword is { Length: > NameLength })
            errors["email.password"] = $"must be at most {NameLength} characters";
        if (input.FromName is { Length: > NameLength })
            errors["email.from_name"] = $"must be at most {NameLength} characters";
        var from = input.FromAddress?.Trim();
        if (from is { Length: > 0 })
        {
            if (from.Length > NotificationDelivery.AddressLength || !MailboxAddress.TryParse(from, out var parsed) || parsed.Address != from || !from.Contains('@', StringComparison.Ordinal))
                errors["email.from_address"] = "must be an e-mail address";
        }
        else if (input.EmailEnabled)
            errors["email.from_address"] = "is required when e-mail is enabled";

        if (input.WebhookUrl is { Length: > 0 } || (input.WebhookEnabled && webhookUrl is { Length: > 0 }))
        {
            if (WebhookUrlProblem(input.WebhookUrl is { Length: > 0 } given ? given : webhookUrl!) is { } problem)
                errors["webhook.url"] = problem;
        }
        else if (input.WebhookEnabled && webhookUrl is not { Length: > 0 })
            errors["webhook.url"] = "is required when the webhook is enabled";
        foreach (var kind in input.WebhookEvents.Where(k => !NotificationKinds.All.Contains(k)))
            errors["webhook.events"] = $"'{kind}' is not an event (approval_digest, batch_failed, batch_held, store_attention)";
        if (input.DigestWindowMinutes is < 1 or > 1440)
            errors["digest_window_minutes"] = "must be from 1 to 1440 minutes";
        return errors;
    }

    /// <summary>
    /// An https address (Slack's and Teams' incoming webhooks are), or http to this machine (development and tests):
    /// the address carries its own credential, so it never goes out in clear over the network.
    /// </summary>
    public static string? WebhookUrlProblem(string url)
    {
        if (url.Length > UrlLength)
            return $"must be at most {UrlLength} characters";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "must be an absolute https address";
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            return "must be https (http only to this machine, for development and tests)";
        return null;
    }

    /// <summary>Where the links in messages point: <c>App:PublicUrl</c> (the address people reach the dashboard at).</summary>
    public Uri? PublicUrl() =>
        Uri.TryCreate(configuration["App:PublicUrl"]?.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    private async Task<(StoredSettings Settings, DateTime? UpdatedAt)> LoadAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.SyncSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SyncSetting.Notifications, ct);
        if (row is not null && SyncJson.Deserialize<StoredSettings>(row.Value) is { } saved)
            return (saved, row.UpdatedAt);
        var configured = options.Value;
        return (new StoredSettings
        {
            EmailEnabled = configured.Smtp.Host is { Length: > 0 } && configured.Smtp.From is { Length: > 0 },
            SmtpHost = configured.Smtp.Host,
            SmtpPort = configured.Smtp.Port,
            SmtpSecurity = configured.Smtp.Security,
            SmtpUsername = configured.Smtp.Username,
            FromAddress = configured.Smtp.From,
            FromName = configured.Smtp.FromName,
            WebhookEnabled = configured.Webhook.Url is { Length: > 0 },
            WebhookEvents = [.. NotificationKinds.All],
            DigestWindowMinutes = configured.DigestWindowMinutes,
        }, null);
    }

    private NotificationSettingsView View((StoredSettings Settings, DateTime? UpdatedAt) loaded)
    {
        var (s, updatedAt) = loaded;
        var url = Secret(s.WebhookUrlCipher) ?? options.Value.Webhook.Url;
        return new NotificationSettingsView(s.EmailEnabled, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpUsername,
            s.SmtpPasswordCipher is not null || options.Value.Smtp.Password is { Length: > 0 }, s.FromAddress, s.FromName,
            s.WebhookEnabled, url is { Length: > 0 }, url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null,
            s.WebhookEvents, s.DigestWindowMinutes, PublicUrl()?.ToString().TrimEnd('/'), updatedAt);
    }

    private string? Secret(string? cipher)
    {
        if (cipher is null)
            return null;
        try
        {
            return _protector.Unprotect(cipher);
        }
        catch (CryptographicException)
        {
            // The key ring changed: the secret is gone, as the store token's would be; Settings shows it unset.
            return null;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The stored shape: secrets as ciphertext only.</summary>
    private sealed record StoredSettings
    {
        public bool EmailEnabled { get; init; }
        public string? SmtpHost { get; init; }
        public int SmtpPort { get; init; } = 587;
        public string SmtpSecurity { get; init; } = SmtpSecurityModes.StartTls;
        public string? SmtpUsername { get; init; }
        public string? SmtpPasswordCipher { get; init; }
        public string? FromAddress { get; init; }
        public string? FromName { get; init; }
        public bool WebhookEnabled { get; init; }
        public string? WebhookUrlCipher { get; init; }
        public List<string> WebhookEvents { get; init; } = [];
        public int DigestWindowMinutes { get; init; } = 60;
    }
}
