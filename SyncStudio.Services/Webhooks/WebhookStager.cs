using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;
using SyncStudio.Services.Users;

namespace SyncStudio.Services.Webhooks;

/// <summary>
/// Stages a burst of webhook deliveries in one small batch (sync_type <c>webhook</c>, direction pull_from_shopify),
/// through the same matching and three-way diff as a pull. A webhook's body is only a hint (design §10): the product
/// is read from Shopify now, and hashes decide whether anything changed; a <c>products/delete</c> stages the product
/// with Shopify's side absent. Nobody asked for such a batch: it is recorded as created by the "Shopify webhook" system
/// actor (docs/decisions/0012).
/// </summary>
public sealed class WebhookStager(
    IDbContextFactory<SyncStudioDbContext> factory,
    IShopifyClient shopify,
    BatchRunner runner,
    ApprovalRuleService rules,
    IOptions<ShopifyWebhookOptions> options,
    SystemActorDirectory actors,
    Safety.SafetySettingsService safety,
    TimeProvider time)
{
    private static readonly TimeSpan WritePollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<BatchResult> StageAsync(IReadOnlyList<WebhookNotice> burst, CancellationToken ct)
    {
        await WaitForWritesAsync(ct);
        var actor = await actors.IdOfAsync(SystemActors.ShopifyWebhook, ct);
        var configuration = new Dictionary<string, object?>
        {
            ["sync_type"] = SyncTypes.Webhook,
            ["deliveries"] = burst.Count,
            ["topics"] = burst.GroupBy(n => n.Topic).ToDictionary(g => g.Key, g => g.Count()),
        };
        // Webhook batches take no store lock: staging supersedes, so one running beside a pull is harmless (whichever
        // compares a product last leaves the pending change, the other's is superseded), and a webhook must neither
        // wait for a long pull nor make a user's pull fail with 409. Pushes are different; see WaitForWritesAsync.
        var start = await runner.StartAsync(
            new BatchRequest(SyncDirections.PullFromShopify, SyncTypes.Webhook, $"Shopify webhooks ({burst.Count})", actor, configuration,
                TakesStoreLock: false),
            (batch, token) => RunAsync(burst, batch, token), ct);
        var result = await start.Completion!;

        var ids = burst.Select(n => n.DeliveryId).ToList();
        var processed = result.Status == BatchStatuses.Completed ? time.GetUtcNow().UtcDateTime : (DateTime?)null;
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        await db.WebhookDeliveries.Where(w => ids.Contains(w.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.BatchId, result.BatchId).SetProperty(w => w.ProcessedAt, processed), CancellationToken.None);
        return result;
    }

    private async Task<object?> RunAsync(IReadOnlyList<WebhookNotice> burst, BatchContext batch, CancellationToken ct)
    {
        using var usage = ShopifyUsage.Begin();
        var evaluator = await rules.LoadEvaluatorAsync(ct);
        var session = new StagingSession(factory, batch, evaluator, time) { Ownership = await safety.OwnershipAsync(ct) };

        // Deliveries arrive in any order and more than once per product: its latest delivery says whether it is gone.
        var latest = burst.GroupBy(n => n.ShopifyProductId).Select(g => g.Last()).ToList();
        batch.SetTotal(latest.Count);
        batch.Say("Reading the products the webhooks named");
        var present = new List<ShopifyProduct>();
        var absent = new List<long>();
        foreach (var notice in latest)
        {
            if (notice.Topic == WebhookInbox.ProductsDelete)
            {
                absent.Add(notice.ShopifyProductId);
                continue;
            }
            var read = await shopify.GetProductAsync(notice.ShopifyProductId, ct);
            if (!read.Succeeded)
            {
                // Left to the next scheduled pull, which reconciles whatever webhooks miss.
                batch.Fail("shopify_read_failed", notice.ShopifyProductId.ToString(CultureInfo.InvariantCulture), read.Failure!.Message);
                continue;
            }
            if (read.Value is { } product)
                present.Add(product);
            else
                absent.Add(notice.ShopifyProductId);
        }
        batch.SetApiUsage((int)usage.Calls, (int)usage.ActualCost);

        LocalIndex index;
        await using (var db = await factory.CreateDbContextAsync(ct))
            index = await LocalIndex.LoadAsync(db, ct);
        var claimed = new HashSet<int>();
        batch.Say("Staging");
        await session.StageShopifyProductsAsync(present, index, claimed, ct);
        await session.StageRemoteAbsentAsync(absent, index, claimed, ct);

        var t = session.Tally;
        return new PullResult(new PullSummary(t.TotalChanges, t.NewProducts, t.UpdatedProducts, t.DeletedProducts, t.Conflicts,
                t.AutoApproved, t.PendingReview, t.Superseded, t.ProductsCompared, t.Unchanged, present.Count, SyncTypes.Webhook, null),
            $"Staged {latest.Count} products from Shopify webhooks: {t.TotalChanges} changes staged, {t.AutoApproved} auto-approved, {t.Conflicts} with conflicts");
    }

    /// <summary>
    /// While a push or rollback writes Shopify, the webhooks its own writes cause would be compared before it records the
    /// new agreed version, and stage the push's values back as a spurious pull. So a burst waits for the write to end
    /// (the echo then compares equal to the new base and stages nothing), but not forever: past the bound it stages
    /// anyway, and the reviewer sees a change that a later pull supersedes.
    /// </summary>
    private async Task WaitForWritesAsync(CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.Value.WebhookWriteWait;
        while (time.GetUtcNow() < deadline)
        {
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                if (!await db.SyncBatches.AnyAsync(b => b.ActiveLock != null && b.SyncDirection != SyncDirections.PullFromShopify, ct))
                    return;
            }
            await Task.Delay(WritePollInterval, time, ct);
        }
    }
}
