using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SyncStudio.E2E;

/// <summary>
/// The app killed mid-push, for real: the simulator runs as its own process with a state file, the app as another,
/// pointed at it. After the kill the app starts again on the same data folder, closes the interrupted batch once its
/// lease expired, and a second push finishes the work: every change applied, each written to Shopify once, both sides
/// agreeing.
/// </summary>
public sealed class ProcessKillTests : IAsyncLifetime
{
    private const int Products = 2000;
    private const string Password = "Kill-Test-Password-7";

    private SimulatorProcess _simulator = null!;
    private AppProcess _app = null!;
    private HttpClient _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string> AppSettings()
    {
        var settings = _simulator.AppSettings();
        settings["Bootstrap__AdminPassword"] = Password;
        // The set-up edits 2,000 products through the API as one user: more than the per-user write limit allows a
        // minute. This test is about exactly-once apply, so the limit is raised here (its own tests cover it).
        settings["RateLimits__WritesPerMinute"] = "100000";
        settings["RateLimits__WriteBurst"] = "10000";
        // Every product is edited at once, which the circuit breaker holds for an Admin (decision 0025): this test is
        // about pushes, so the breaker is off here (HeldBatchTests and CircuitBreakerTests cover it).
        settings["CircuitBreaker__Enabled"] = "false";
        return settings;
    }

    public async ValueTask InitializeAsync()
    {
        // Rate limits are not the point: a Plus plan with a large bucket keeps the push from waiting on them.
        _simulator = await SimulatorProcess.StartAsync($"synthetic:{Products}:21", "plus",
            new Dictionary<string, string> { ["Simulator__BucketSize"] = "1000000" }, Ct);
        _app = await AppProcess.StartAsync(AppSettings(), Ct);
        _api = await SignInAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task APushKilledMidwayIsClosedOnRestartAndTheNextPushAppliesEveryChangeExactlyOnce()
    {
        // Both sides agree on 2,000 products; then each is edited locally (title, every variant's price) and a full
        // pull stages the edits for Shopify, approved.
        var firstSync = await PullAsync();
        await PostOkAsync("/api/sync/staged/bulk-approve", new { batch_id = firstSync, notes = "first sync" });
        Assert.Equal("completed", (await PushToTheEndAsync(firstSync)).GetProperty("status").GetString());
        var expected = await EditEveryProductAsync();
        var pullId = await PullAsync();
        await PostOkAsync("/api/sync/staged/bulk-approve", new { batch_id = pullId, notes = "catalog edits" });
        Assert.Equal(Products, await CountAsync(pullId, "approved"));

        // Push, and kill the app once some (not all) changes are applied.
        var logStart = (await _simulator.MutationLogAsync(Ct)).Select(e => e.Sequence).DefaultIfEmpty(0).Max();
        var pushId = await StartPushAsync(pullId);
        await WaitForBatchAsync(pushId, b => b.GetProperty("successful_items").GetInt32() >= 100, BatchDeadline);
        await _app.KillAsync();
        var killed = _app;
        _api.Dispose();

        _app = await AppProcess.StartAsync(AppSettings(), killed.DataFolder, Ct);
        await killed.DisposeAsync();
        _api = await SignInAsync();
        // The killed process's batch is closed once its lease expired (the restarted process is another instance).
        var closed = await WaitForBatchAsync(pushId, Ended, BatchDeadline);
        Assert.Equal("failed", closed.GetProperty("status").GetString());
        Assert.Contains("stopped while the batch was running", closed.GetProperty("error_summary").GetProperty("error").GetString(), StringComparison.Ordinal);
        var appliedBefore = await CountAsync(pullId, "applied");
        Assert.InRange(appliedBefore, 100, Products - 1);

        var resumed = await PushToTheEndAsync(pullId);
        Assert.Equal("completed", resumed.GetProperty("status").GetString());
        Assert.Equal(0, resumed.GetProperty("failed_items").GetInt32());
        Assert.Equal(Products - appliedBefore, resumed.GetProperty("successful_items").GetInt32());
        Assert.Equal(Products, await CountAsync(pullId, "applied"));

        // Each product got exactly one productUpdate and one productVariantsBulkUpdate across both pushes.
        var writes = (await _simulator.MutationLogAsync(Ct)).Where(e => e.Sequence > logStart).ToList();
        var twice = writes.GroupBy(e => (e.ProductId, e.Operation)).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(twice.Count == 0, "written more than once: " + string.Join(", ", twice.Take(20)));
        Assert.Equal(Products, writes.Count(e => e.Operation == "productUpdate"));
        Assert.Equal(Products, writes.Count(e => e.Operation == "productVariantsBulkUpdate"));
        Assert.Equal(2 * Products, writes.Count);

        // Shopify holds the edits, and a full pull finds nothing left to do: local, Shopify and the base agree.
        var shopify = await _simulator.ProductsAsync(Ct);
        Assert.Equal(expected.Count, shopify.Count);
        foreach (var (handle, (title, prices)) in expected)
        {
            Assert.Equal(title, shopify[handle].Title);
            Assert.Equal(prices, shopify[handle].Prices);
        }
        var quiet = await PullToTheEndAsync();
        Assert.Equal(0, quiet.GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    /// <summary>Edits every local product through the products API; answers what each should hold afterwards, by handle.</summary>
    private async Task<Dictionary<string, (string Title, decimal[] Prices)>> EditEveryProductAsync()
    {
        var products = new List<JsonElement>();
        for (var page = 1; products.Count < Products; page++)
        {
            var body = await GetOkAsync($"/api/products?per_page=500&page={page}");
            var items = body.GetProperty("items").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            products.AddRange(items);
        }
        var expected = new Dictionary<string, (string, decimal[])>();
        await Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (product, token) =>
        {
            var title = product.GetProperty("title").GetString() + " (edited)";
            var variants = product.GetProperty("variants").EnumerateArray()
                .Select(v => new { id = v.GetProperty("id").GetInt32(), price = v.GetProperty("price").GetDecimal() + 1 }).ToList();
            using var response = await _api.PatchAsJsonAsync($"/api/products/{product.GetProperty("id").GetInt32()}", new { title, variants }, token);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(token));
            lock (expected)
                expected[product.GetProperty("handle").GetString()!] = (title, variants.Select(v => v.price).ToArray());
        });
        return expected;
    }

    private async Task<HttpClient> SignInAsync()
    {
        var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl), Timeout = TimeSpan.FromMinutes(3) };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { email = _app.AdminEmail, password = Password }, Ct);
        response.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
        return http;
    }

    private async Task<string> PullAsync() => (await PullToTheEndAsync()).GetProperty("batch_id").GetString()!;

    /// <summary>A full pull followed to its end: the batch as <c>GET /api/sync/batches/{id}</c> answers it, completed.</summary>
    private async Task<JsonElement> PullToTheEndAsync()
    {
        var pullId = await StartAsync("/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 0 });
        var pull = await WaitForBatchAsync(pullId, Ended, BatchDeadline);
        Assert.Equal("completed", pull.GetProperty("status").GetString());
        return pull;
    }

    private Task<string> StartPushAsync(string pullId) =>
        StartAsync("/api/sync/shopify/push", new { batch_id = pullId, confirm = true, wait_seconds = 0 });

    /// <summary>Starts a pull or push that answers at once (wait_seconds 0) and answers its batch id.</summary>
    private async Task<string> StartAsync(string route, object body)
    {
        using var response = await _api.PostAsJsonAsync(route, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("batch_id").GetString()!;
    }

    private async Task<JsonElement> PushToTheEndAsync(string pullId) =>
        await WaitForBatchAsync(await StartPushAsync(pullId), Ended, BatchDeadline);

    /// <summary>How long the test follows a batch before calling it stuck: generous, since CI runs on a loaded 2-core machine.</summary>
    private static readonly TimeSpan BatchDeadline = TimeSpan.FromMinutes(10);

    private static bool Ended(JsonElement batch) => batch.GetProperty("status").GetString() is not ("running" or "pending");

    /// <summary>Polls the batch's counters until <paramref name="done"/> holds; fails past the deadline.</summary>
    private async Task<JsonElement> WaitForBatchAsync(string batchId, Func<JsonElement, bool> done, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var batch = await BatchAsync(batchId);
            if (done(batch))
                return batch;
            Assert.True(DateTime.UtcNow < until, $"batch {batchId} not there after {deadline}: {batch}");
            await Task.Delay(25, Ct);
        }
    }

    private async Task<JsonElement> BatchAsync(string batchId) =>
        (await GetOkAsync($"/api/sync/batches/{batchId}")).GetProperty("item");

    private async Task<int> CountAsync(string batchId, string status) =>
        (await GetOkAsync($"/api/sync/staged?batch_id={batchId}&status={status}&per_page=1")).GetProperty("total").GetInt32();

    private async Task<JsonElement> GetOkAsync(string path)
    {
        using var response = await _api.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> PostOkAsync(string path, object body)
    {
        using var response = await _api.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
