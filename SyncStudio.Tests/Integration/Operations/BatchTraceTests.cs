using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using SyncStudio.Services.Diagnostics;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Operations;

/// <summary>
/// Each batch is a trace of its own with its phases as spans: a pull's read and stage, a push's applied changes, and
/// every Shopify call with its cost. The listener hears every app of the test process, and two apps' first batches
/// can share an id (a timestamp and the row id 1), so this class runs alone, outside the parallel tests.
/// </summary>
[Collection(nameof(ProcessWideTelemetry))]
public sealed class BatchTraceTests
{
    [Fact]
    public async Task APullAndItsPushAreTracesWithTheirPhasesAndShopifyCalls()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SyncTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = await SyncHarness.StartAsync("synthetic:3:1");

        var pullId = (await h.PullAsync(new { sync_type = "full" })).GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = pullId }, TestContext.Current.CancellationToken));
        var pushId = (await h.PushAsync(new { batch_id = pullId, confirm = true })).GetProperty("batch_id").GetString()!;

        var pull = Assert.Single(stopped, a => a.OperationName == "batch pull_from_shopify" && (string?)a.GetTagItem("syncstudio.batch_id") == pullId);
        Assert.Equal(default, pull.ParentSpanId);
        var pullSpans = stopped.Where(a => a.TraceId == pull.TraceId).ToList();
        Assert.Contains(pullSpans, a => a.OperationName == "pull read" && a.ParentSpanId == pull.SpanId);
        Assert.Contains(pullSpans, a => a.OperationName == "pull stage" && a.ParentSpanId == pull.SpanId);
        Assert.Contains(pullSpans, a => a.OperationName == "shopify ProductsPage" && a.GetTagItem("syncstudio.shopify.actual_cost") is int cost && cost > 0);

        var push = Assert.Single(stopped, a => a.OperationName == "batch push_to_shopify" && (string?)a.GetTagItem("syncstudio.batch_id") == pushId);
        Assert.Equal(default, push.ParentSpanId);
        var applied = stopped.Where(a => a.TraceId == push.TraceId && a.OperationName == "apply change").ToList();
        Assert.Equal(3, applied.Count);
        Assert.All(applied, a => Assert.Equal("succeeded", a.GetTagItem("syncstudio.outcome")));
    }
}

/// <summary>Tests that listen to the process-wide <see cref="ActivitySource"/>: they run alone.</summary>
[CollectionDefinition(nameof(ProcessWideTelemetry), DisableParallelization = true)]
public sealed class ProcessWideTelemetry;
