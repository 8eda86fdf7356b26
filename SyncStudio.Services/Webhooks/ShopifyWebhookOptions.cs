using System.ComponentModel.DataAnnotations;

namespace SyncStudio.Services.Webhooks;

/// <summary>
/// Shopify webhooks (keys in the "Shopify" section, beside the client's): the app's secret that signs them, and how
/// the receiver queues and stages them.
/// </summary>
public sealed class ShopifyWebhookOptions
{
    public const string SectionName = "Shopify";

    /// <summary>
    /// The app's client secret, with which Shopify signs each webhook (X-Shopify-Hmac-Sha256). Without it every webhook
    /// is refused: an unsigned endpoint would let anyone stage changes.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Largest webhook body read (bytes); a product's JSON is far below it.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int WebhookMaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Deliveries waiting in memory for the stager; past it they wait in the database for the next sweep.</summary>
    [Range(1, 1_000_000)]
    public int WebhookQueueCapacity { get; set; } = 10_000;

    /// <summary>How long after a first delivery others are collected into the same small batch.</summary>
    public TimeSpan WebhookBurstWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Most products staged in one webhook batch.</summary>
    [Range(1, 1_000)]
    public int WebhookBurstSize { get; set; } = 50;

    /// <summary>
    /// How long a webhook batch waits for a running push or rollback to end before staging anyway (see
    /// <see cref="WebhookStager"/>).
    /// </summary>
    public TimeSpan WebhookWriteWait { get; set; } = TimeSpan.FromMinutes(2);
}
