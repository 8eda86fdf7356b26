using System.Net;
using System.Net.Http.Json;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A full pull by bulk export on a shop that already runs the five bulk queries an app may run at once (2026-01 on,
/// https://shopify.dev/docs/api/usage/bulk-operations/queries#limitations): refused with LIMIT_REACHED, the pull
/// waits and asks again, and runs once one of the five ends.
/// </summary>
public sealed class BulkPullLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFullPullRefusedWhileFiveBulkQueriesRunWaitsForOneToEndAndCompletes()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:6:7", settings: new Dictionary<string, string?>
        {
            ["Sync:BulkThreshold"] = "1",
            ["Shopify:BulkPollInterval"] = "00:00:00.100",
        });
        var others = new List<string>();
        var hold = h.Simulator.Simulator.HoldBulkOperations();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var started = await h.MerchantAsync(
                    "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { code } } }",
                    new { q = "{ products { nodes { id } } }" });
                others.Add(started["bulkOperationRunQuery"]!["bulkOperation"]!["id"]!.GetValue<string>());
            }

            var response = await h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 0 }, Ct);
            var batchId = (await ApiAssert.OkAsync(response, HttpStatusCode.Accepted)).GetProperty("batch_id").GetString()!;
            // The pull has been refused at least once: five are running.
            await SyncHarness.WaitForAsync(() => Task.FromResult(h.Simulator.Simulator.BulkLimitRefusals > 0 ? "refused" : null), "the pull's bulk query to be refused");
            hold.Dispose();

            var batch = await h.WaitForBatchAsync(batchId, TimeSpan.FromMinutes(2));
            Assert.True(batch.GetProperty("status").GetString() == "completed", batch.ToString());
            Assert.Equal(6, (await h.StagedAsync($"batch_id={batchId}")).Count);
            Assert.True(h.Simulator.Simulator.BulkLimitRefusals >= 1);
        }
        finally
        {
            hold.Dispose();
        }
    }
}
