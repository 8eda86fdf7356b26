using Bunit;
using SyncStudio.Data;
using SyncStudio.Services.Batches;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

public sealed class LiveBatchProgressTests : DashboardTestContext
{
    private static BatchDto Running(string batchId, int processed, int total) => new()
    {
        BatchId = batchId,
        SyncType = SyncTypes.Full,
        SyncDirection = SyncDirections.PullFromShopify,
        Status = BatchStatuses.Running,
        TotalItems = total,
        ProcessedItems = processed,
        SuccessfulItems = processed,
        StartedAt = Now.UtcDateTime.AddMinutes(-1),
    };

    private static BatchProgress Progress(string batchId, int processed, int total, string status = BatchStatuses.Running,
        double? rate = null, DateTime? eta = null) =>
        new(batchId, SyncDirections.PullFromShopify, status, total, processed, processed, 0, 0, rate, eta, 3, 120, null);

    [Fact]
    public async Task FollowsTheProgressEventsOfItsBatch()
    {
        var cut = Render<LiveBatchProgress>(p => p.Add(c => c.Batch, Running("pull_1", 10, 200)));
        Assert.Equal("10", cut.Find("[data-testid=batch-progress]").GetAttribute("data-processed"));

        await Publisher.PublishAsync(Progress("pull_1", 50, 200, rate: 12.5, eta: Now.UtcDateTime.AddSeconds(90)), CancellationToken.None);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("50", cut.Find("[data-testid=batch-progress]").GetAttribute("data-processed"));
            Assert.Equal("25%", cut.Find("[data-testid=batch-progress-percent]").TextContent);
            Assert.Equal("12.5 items/s", cut.Find("[data-testid=batch-progress-rate]").TextContent);
            Assert.Equal("ETA 1m 30s", cut.Find("[data-testid=batch-progress-eta]").TextContent);
        });
    }

    [Fact]
    public async Task IgnoresTheEventsOfOtherBatches()
    {
        var cut = Render<LiveBatchProgress>(p => p.Add(c => c.Batch, Running("pull_1", 10, 200)));

        await Publisher.PublishAsync(Progress("pull_2", 150, 200), CancellationToken.None);
        await Publisher.PublishAsync(Progress("pull_1", 20, 200), CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Equal("20", cut.Find("[data-testid=batch-progress]").GetAttribute("data-processed")));
    }

    [Fact]
    public async Task TellsThePageOnceWhenTheBatchEnds()
    {
        var finished = new List<BatchProgress>();
        var cut = Render<LiveBatchProgress>(p => p
            .Add(c => c.Batch, Running("pull_1", 10, 200))
            .Add(c => c.OnFinished, finished.Add));

        await Publisher.PublishAsync(Progress("pull_1", 200, 200, BatchStatuses.Completed), CancellationToken.None);
        await Publisher.PublishAsync(Progress("pull_1", 200, 200, BatchStatuses.Completed), CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Equal(BatchStatuses.Completed, cut.Find("[data-testid=batch-progress]").GetAttribute("data-status")));
        Assert.Single(finished);
        Assert.Empty(cut.FindAll("[data-testid=batch-progress-eta]"));
    }

    [Fact]
    public async Task PassesEveryEventOfItsBatchOnSoTheCountersMoveWithTheBar()
    {
        var seen = new List<int>();
        var cut = Render<LiveBatchProgress>(p => p
            .Add(c => c.Batch, Running("pull_1", 10, 200))
            .Add(c => c.OnProgress, (BatchProgress p) => seen.Add(p.ProcessedItems)));

        await Publisher.PublishAsync(Progress("pull_2", 99, 200), CancellationToken.None);
        await Publisher.PublishAsync(Progress("pull_1", 40, 200), CancellationToken.None);
        await Publisher.PublishAsync(Progress("pull_1", 80, 200), CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Equal([40, 80], seen));
    }

    [Fact]
    public async Task WhileAPullReadsShopifyItShowsProductsReadOfShopifysCountWithRateAndTimeLeft()
    {
        var cut = Render<LiveBatchProgress>(p => p.Add(c => c.Batch, Running("pull_1", 0, 300)));

        await Publisher.PublishAsync(Progress("pull_1", 0, 300) with
        {
            Reading = new ReadProgress(120, 300, 4, Now.UtcDateTime.AddSeconds(45), Done: false),
        }, CancellationToken.None);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Reading Shopify: 120 of 300 products read", cut.Find("[data-testid=batch-read-count]").TextContent);
            Assert.Equal("40%", cut.Find("[data-testid=batch-read-percent]").TextContent);
            Assert.Equal("4 products/s", cut.Find("[data-testid=batch-read-rate]").TextContent);
            Assert.Equal("ETA 45s", cut.Find("[data-testid=batch-read-eta]").TextContent);
            Assert.Equal("40", cut.Find("[data-testid=batch-progress-bar]").GetAttribute("aria-valuenow"));
        });

        // Once read, the staging count is what moves.
        await Publisher.PublishAsync(Progress("pull_1", 30, 300) with
        {
            Reading = new ReadProgress(300, 300, 6, null, Done: true),
        }, CancellationToken.None);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=batch-read-progress]")));
    }
}
