using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncStudio.Data;

namespace SyncStudio.Services.Webhooks;

public enum WebhookReceipt
{
    /// <summary>Recorded and queued for staging.</summary>
    Accepted,

    /// <summary>This delivery id was received before: acknowledged, nothing staged again.</summary>
    Duplicate,

    /// <summary>A topic SyncStudio does not stage: acknowledged and dropped.</summary>
    Ignored,
}

/// <summary>A recorded delivery waiting to be staged.</summary>
public sealed record WebhookNotice(long DeliveryId, string Topic, long ShopifyProductId);

/// <summary>
/// Receives verified webhooks: records each delivery (the unique index on its webhook id, not a check-then-insert,
/// decides that a redelivery is a duplicate) and queues it for <see cref="WebhookWorker"/>, so the request is
/// answered at once. A full queue loses nothing: the delivery waits in the database for the worker's next sweep.
/// </summary>
public sealed class WebhookInbox
{
    public const string ProductsCreate = "products/create";
    public const string ProductsUpdate = "products/update";
    public const string ProductsDelete = "products/delete";

    public static readonly IReadOnlySet<string> ProductTopics = new HashSet<string>(StringComparer.Ordinal) { ProductsCreate, ProductsUpdate, ProductsDelete };

    private readonly IDbContextFactory<SyncStudioDbContext> _factory;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookInbox> _logger;
    private readonly Channel<WebhookNotice> _queue;
    private int _overflowed;

    public WebhookInbox(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time, IOptions<ShopifyWebhookOptions> options,
        ILogger<WebhookInbox> logger)
    {
        _factory = factory;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<WebhookNotice>(new BoundedChannelOptions(options.Value.WebhookQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    internal ChannelReader<WebhookNotice> Queue => _queue.Reader;

    /// <summary>True once (then reset) when deliveries were left in the database because the queue was full.</summary>
    internal bool TakeOverflow() => Interlocked.Exchange(ref _overflowed, 0) == 1;

    public async Task<WebhookReceipt> ReceiveAsync(string webhookId, string topic, long shopifyProductId, CancellationToken ct)
    {
        if (!ProductTopics.Contains(topic))
            return WebhookReceipt.Ignored;
        // The common replay is answered by a read; the unique index still decides when two copies race.
        if (await IsKnownAsync(webhookId, ct))
            return WebhookReceipt.Duplicate;
        await using var db = await _factory.CreateDbContextAsync(ct);
        var delivery = new WebhookDelivery
        {
            WebhookId = webhookId,
            Topic = topic,
            ShopifyProductId = shopifyProductId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReceivedAt = _time.GetUtcNow().UtcDateTime,
        };
        db.WebhookDeliveries.Add(delivery);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await IsKnownAsync(webhookId, ct))
                return WebhookReceipt.Duplicate;
            throw;
        }
        Enqueue(new WebhookNotice(delivery.Id, topic, shopifyProductId));
        return WebhookReceipt.Accepted;
    }

    /// <summary>Queues a recorded delivery (also used to requeue what was left unprocessed).</summary>
    internal void Enqueue(WebhookNotice notice)
    {
        if (_queue.Writer.TryWrite(notice))
            return;
        Interlocked.Exchange(ref _overflowed, 1);
        _logger.LogWarning("The webhook queue is full: delivery {DeliveryId} waits in the database for the next sweep", notice.DeliveryId);
    }

    private async Task<bool> IsKnownAsync(string webhookId, CancellationToken ct)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        return await db.WebhookDeliveries.AnyAsync(w => w.WebhookId == webhookId, ct);
    }

    /// <summary>Deliveries recorded but not yet staged (after a restart, or past a full queue), oldest first.</summary>
    internal async Task<List<WebhookNotice>> UnprocessedAsync(int take, CancellationToken ct)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        var rows = await db.WebhookDeliveries.AsNoTracking().Where(w => w.ProcessedAt == null)
            .OrderBy(w => w.Id).Take(take).Select(w => new { w.Id, w.Topic, w.ShopifyProductId }).ToListAsync(ct);
        return [.. rows.Where(r => long.TryParse(r.ShopifyProductId, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(r => new WebhookNotice(r.Id, r.Topic, long.Parse(r.ShopifyProductId!, System.Globalization.CultureInfo.InvariantCulture)))];
    }
}
