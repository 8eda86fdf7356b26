using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A batch reads the same in the pull or push answer (200 or 202) and in GET /api/sync/batches/{id}: status, summary
/// at one level, message (docs/decisions/0015-one-shape-per-batch.md).
/// </summary>
public sealed class BatchShapeTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SyncHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task APullReadsTheSameInIts200AnswerAndInItsBatch()
    {
        // A generous wait so that the answer is the 200 (a dozen products).
        var answer = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 300 }, Ct));

        AssertTheSpecsFields(answer);
        Assert.Equal(12, answer.GetProperty("summary").GetProperty("total_changes").GetInt32());
        await AssertTheBatchReadsAsTheAnswerAsync(answer);
    }

    [Fact]
    public async Task APushReadsTheSameInIts200AnswerAndInItsBatch()
    {
        var pull = await _h.PullAsync();
        var batchId = pull.GetProperty("batch_id").GetString();
        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId }, Ct));

        var answer = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/shopify/push",
            new { batch_id = batchId, confirm = true, wait_seconds = 300 }, Ct));

        AssertTheSpecsFields(answer);
        Assert.Equal(12, answer.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.Equal(12, answer.GetProperty("summary").GetProperty("results").GetArrayLength());
        await AssertTheBatchReadsAsTheAnswerAsync(answer);
    }

    [Fact]
    public async Task APullThatOutlastsTheWaitAnswers202WithItsCountsSoFarUnderTheSummaryNamesItEndsWith()
    {
        _h.Simulator.Simulator.Faults.Configure(new ShopifySimulator.FaultSettings { LatencyMs = 300 });
        var response = await _h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 0 }, Ct);
        var accepted = await ApiAssert.OkAsync(response, HttpStatusCode.Accepted);
        _h.Simulator.Simulator.Faults.Clear();

        var batchId = accepted.GetProperty("batch_id").GetString()!;
        Assert.True(accepted.GetProperty("success").GetBoolean());
        Assert.Equal($"/api/sync/batches/{batchId}", accepted.GetProperty("batch_url").GetString());
        Assert.Equal(response.Headers.Location!.ToString(), accepted.GetProperty("batch_url").GetString());
        var soFar = accepted.GetProperty("summary");
        Assert.Equal(JsonValueKind.Object, soFar.ValueKind);
        Assert.InRange(soFar.GetProperty("total_changes").GetInt32(), 0, 12);

        var ended = await _h.WaitForBatchAsync(batchId, SyncHarness.BatchDeadline);
        Assert.Equal("completed", ended.GetProperty("status").GetString());
        var final = ended.GetProperty("summary");
        Assert.Equal(12, final.GetProperty("total_changes").GetInt32());
        // The counts so far are the names the completed summary has, not another shape.
        Assert.All(soFar.EnumerateObject(), p => Assert.True(final.TryGetProperty(p.Name, out _), $"{p.Name} is not in {final}"));
    }

    /// <summary>The spec's 200 fields, with the status a 202 also carries.</summary>
    private static void AssertTheSpecsFields(JsonElement answer)
    {
        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal("completed", answer.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, answer.GetProperty("summary").ValueKind);
        Assert.False(answer.GetProperty("summary").TryGetProperty("summary", out _), answer.ToString());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("message").GetString()));
    }

    private async Task AssertTheBatchReadsAsTheAnswerAsync(JsonElement answer)
    {
        var batchId = answer.GetProperty("batch_id").GetString();
        var batch = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/batches/{batchId}", Ct))).GetProperty("item");

        Assert.Equal(batchId, batch.GetProperty("batch_id").GetString());
        Assert.Equal(answer.GetProperty("status").GetString(), batch.GetProperty("status").GetString());
        Assert.Equal(answer.GetProperty("message").GetString(), batch.GetProperty("message").GetString());
        Assert.True(JsonElement.DeepEquals(answer.GetProperty("summary"), batch.GetProperty("summary")),
            $"answer {answer.GetProperty("summary")} but batch {batch.GetProperty("summary")}");
    }
}
