namespace SyncStudio.Data;

/// <summary>A received Shopify webhook, kept by its delivery id so duplicates are dropped.</summary>
public class WebhookDelivery
{
    public long Id { get; set; }
    public required string WebhookId { get; set; }
    public required string Topic { get; set; }
    public string? ShopifyProductId { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public string? BatchId { get; set; }
}
