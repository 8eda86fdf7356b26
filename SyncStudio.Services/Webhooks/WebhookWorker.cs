using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncStudio.Services.Setup;

namespace SyncStudio.Services.Webhooks;

/// <summary>
/// Drains the webhook queue in bursts: after a first delivery it collects what else arrives within a short window (or up
/// to a burst size), and stages them in one small batch, so a merchant's bulk edit becomes a few batches, not hundreds.
/// </summary>
public sealed class WebhookWorker(
    WebhookInbox inbox,
    WebhookStager stager,
    IOptions<ShopifyWebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = inbox.Queue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var burst = await CollectBurstAsync(reader, stoppingToken);
                await stager.StageAsync(burst, stoppingToken);
                // Deliveries left in the database by a full queue come back once it has drained.
                if (reader.Count == 0 && inbox.TakeOverflow())
                {
                    foreach (var notice in await inbox.UnprocessedAsync(options.Value.WebhookQueueCapacity, stoppingToken))
                        inbox.Enqueue(notice);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The deliveries stay unprocessed in the database (retried at the next start); scheduled pulls reconcile.
                logger.LogError(ex, "A burst of Shopify webhooks could not be staged");
            }
        }
    }

    private async Task<List<WebhookNotice>> CollectBurstAsync(ChannelReader<WebhookNotice> reader, CancellationToken stop)
    {
        var settings = options.Value;
        var burst = new List<WebhookNotice> { await reader.ReadAsync(stop) };
        using var window = new CancellationTokenSource(settings.WebhookBurstWindow, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, window.Token);
        while (burst.Count < settings.WebhookBurstSize)
        {
            if (reader.TryRead(out var next))
            {
                burst.Add(next);
                continue;
            }
            try
            {
                if (!await reader.WaitToReadAsync(linked.Token))
                    break;
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                break;
            }
        }
        return burst;
    }
}

/// <summary>At start, deliveries recorded but never staged (the process stopped first) are queued again.</summary>
public sealed class WebhookRecovery(WebhookInbox inbox, IOptions<ShopifyWebhookOptions> options, ILogger<WebhookRecovery> logger) : IStartupStep
{
    public int Order => 20;

    public async Task RunAsync(CancellationToken ct)
    {
        var pending = await inbox.UnprocessedAsync(options.Value.WebhookQueueCapacity, ct);
        foreach (var notice in pending)
            inbox.Enqueue(notice);
        if (pending.Count > 0)
            logger.LogInformation("Queued {Count} Shopify webhook deliveries received before the last stop", pending.Count);
    }
}
