using System.ComponentModel.DataAnnotations;

namespace SyncStudio.Services.Notifications;

/// <summary>
/// The sender's pace, and the channels' defaults until an Admin saves them in Settings. Secrets (the SMTP password, the
/// webhook's address) belong in the environment (<c>Notifications__Smtp__Password</c>), never in a committed file.
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>How often the sender looks for due messages when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The wait after a first failed attempt; it doubles with each further failure up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a delivery is given up (about a day at the default delays).</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 30;

    /// <summary>How long one attempt may take (connect, send) before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default digest window: at most one approval digest per recipient in this many minutes.</summary>
    [Range(1, 1440)]
    public int DigestWindowMinutes { get; set; } = 60;

    public SmtpDefaults Smtp { get; set; } = new();

    public WebhookDefaults Webhook { get; set; } = new();

    public sealed class SmtpDefaults
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;

        /// <summary><c>starttls</c>, <c>ssl</c>, <c>none</c> or <c>auto</c>.</summary>
        public string Security { get; set; } = SmtpSecurityModes.StartTls;

        public string? Username { get; set; }
        public string? Password { get; set; }
        public string? From { get; set; }
        public string? FromName { get; set; }
    }

    public sealed class WebhookDefaults
    {
        public string? Url { get; set; }
    }
}

public static class SmtpSecurityModes
{
    public const string None = "none";
    public const string StartTls = "starttls";
    public const string Ssl = "ssl";
    public const string Auto = "auto";

    public static readonly IReadOnlyList<string> All = [None, StartTls, Ssl, Auto];
}
