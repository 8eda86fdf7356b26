using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SyncStudio.E2E;

/// <summary>
/// Two app processes on one SQLite file, as several instances share one database in production: the second starting
/// leaves the first's push alone and refuses a push of its own while the first holds the store; once the first is
/// killed, the second closes its batch only after the lease expired, and a push from the second finishes the work,
/// every change written to Shopify exactly once (docs/decisions/0010-batch-leases.md).
/// </summary>
public sealed class SharedDatabaseTests : IAsyncLifetime
{
    private const int Products = 40;
    private const string Password = "Shared-Db-Password-7";

    /// <summary>Short, so the kill's aftermath is quick to see; long enough for renewals on a loaded machine.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(6);

    /// <summary>How long the test follows a batch before calling it stuck: generous, since CI runs on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    /// <summary>Added to every Shopify request while a push must still be running when the test looks at it.</summary>
    private const int SlowShopifyMs = 2500;

    private SimulatorProcess _simulator = null!;
    private AppProcess _first = null!;
    private AppProcess? _second;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _simulator = await SimulatorProcess.StartAsync($"synthetic:{Products}:31", "plus",
            new Dictionary<string, string> { ["Simulator__BucketSize"] = "1000000" }, Ct);
        _first = await AppProcess.StartAsync(AppSettings(), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_second is not null)
            await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    private Dictionary<string, string> AppSettings()
    {
        var settings = _simulator.AppSettings();
        settings["Bootstrap__AdminPassword"] = Password;
        settings["RateLimits__WritesPerMinute"] = "100000";
        settings["RateLimits__WriteBurst"] = "10000";
        settings["Batches__LeaseDuration"] = Lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        // Every product is edited at once, which the circuit breaker holds for an Admin (decision 0025): this test is
        // about pushes, so the breaker is off here (HeldBatchTests and CircuitBreakerTests cover it).
        settings["CircuitBreaker__Enabled"] = "false";
        return settings;
    }

    [Fact]
    public async Task ASecondInstanceLeavesALivePushAloneAndRecoversItOnlyAfterTheKilledInstancesLeaseExpired()
    {
        using var first = await Api.SignInAsync(_first);
        var firstSync = await first.PullAsync();
        await first.PostOkAsync("/api/sync/staged/bulk-approve", new { batch_id = firstSync, notes = "first sync" });
        Assert.Equal("completed", (await first.WaitForEndAsync(await first.StartPushAsync(firstSync))).GetProperty("status").GetString());

        // One instance pushes 40 edits against a slow Shopify; a second starts on the same data folder meanwhile.
        var edits = await StageEditsAsync(first, " (one)");
        var logStart = await LastSequenceAsync();
        await SetShopifyLatencyAsync(SlowShopifyMs);
        var pushId = await first.StartPushAsync(edits);
        _second = await AppProcess.StartAsync(AppSettings(), _first.DataFolder, Ct);
        using var second = await Api.SignInAsync(_second);

        var seen = await second.BatchAsync(pushId);
        Assert.True(seen.GetProperty("status").GetString() == "running", $"the push no longer runs once the second instance is up: {seen}");
        var refused = await second.PostAsync("/api/sync/shopify/push", new { batch_id = edits, confirm = true, wait_seconds = 0 });
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(pushId, refused.Body.GetProperty("details").GetProperty("batch_id").GetString());
        Assert.False(string.IsNullOrEmpty(refused.Body.GetProperty("error").GetString()));

        // The first renews its lease for more than two lease lengths while the second sweeps every half lease: still
        // running, then completed, never closed by the second.
        var renewedUntil = seen.GetProperty("lease_expires_at").GetDateTime() + 2 * Lease;
        var renewed = await second.WaitForAsync(pushId, b => b.GetProperty("status").GetString() != "running"
            || b.GetProperty("lease_expires_at").GetDateTime() >= renewedUntil);
        Assert.True(renewed.GetProperty("status").GetString() == "running", $"the push ended before it outlived two leases: {renewed}");
        await SetShopifyLatencyAsync(0);
        var pushed = await second.WaitForEndAsync(pushId);
        Assert.Equal("completed", pushed.GetProperty("status").GetString());
        Assert.Equal(Products, pushed.GetProperty("successful_items").GetInt32());
        Assert.Equal(Products, await second.CountAsync(edits, "applied"));
        await AssertEachProductWrittenOnceAsync(logStart);

        // The first is killed mid-push: its batch stays running until its lease expired, then the second closes it and
        // frees the store, and a push from the second applies the rest.
        var more = await StageEditsAsync(first, " (two)");
        logStart = await LastSequenceAsync();
        await SetShopifyLatencyAsync(SlowShopifyMs);
        var killedPush = await first.StartPushAsync(more);
        await first.WaitForAsync(killedPush, b => b.GetProperty("successful_items").GetInt32() >= 4);
        await _first.KillAsync();

        var closed = await second.WaitForEndAsync(killedPush);
        Assert.Equal("failed", closed.GetProperty("status").GetString());
        Assert.Contains("lease expired", closed.GetProperty("error_summary").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(closed.GetProperty("completed_at").GetDateTime() >= closed.GetProperty("lease_expires_at").GetDateTime(),
            $"closed before its lease expired: {closed}");
        var appliedBefore = await second.CountAsync(more, "applied");
        Assert.InRange(appliedBefore, 4, Products - 1);

        await SetShopifyLatencyAsync(0);
        var resumed = await second.WaitForEndAsync(await second.StartPushAsync(more));
        Assert.Equal("completed", resumed.GetProperty("status").GetString());
        Assert.Equal(0, resumed.GetProperty("failed_items").GetInt32());
        Assert.Equal(Products - appliedBefore, resumed.GetProperty("successful_items").GetInt32());
        Assert.Equal(Products, await second.CountAsync(more, "applied"));
        await AssertEachProductWrittenOnceAsync(logStart);
    }

    /// <summary>Edits every product's title and prices through the API, pulls and approves: answers the pull batch.</summary>
    private static async Task<string> StageEditsAsync(Api api, string suffix)
    {
        var products = (await api.GetOkAsync($"/api/products?per_page={Products}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Products, products.Count);
        foreach (var product in products)
        {
            var variants = product.GetProperty("variants").EnumerateArray()
                .Select(v => new { id = v.GetProperty("id").GetInt32(), price = v.GetProperty("price").GetDecimal() + 1 }).ToList();
            using var response = await api.Http.PatchAsJsonAsync($"/api/products/{product.GetProperty("id").GetInt32()}",
                new { title = product.GetProperty("title").GetString() + suffix, variants }, Ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        var pullId = await api.PullAsync();
        await api.PostOkAsync("/api/sync/staged/bulk-approve", new { batch_id = pullId, notes = "catalog edits" + suffix });
        Assert.Equal(Products, await api.CountAsync(pullId, "approved"));
        return pullId;
    }

    /// <summary>Since <paramref name="logStart"/>, every product got exactly one productUpdate and one productVariantsBulkUpdate.</summary>
    private async Task AssertEachProductWrittenOnceAsync(long logStart)
    {
        var writes = (await _simulator.MutationLogAsync(Ct)).Where(e => e.Sequence > logStart).ToList();
        var twice = writes.GroupBy(e => (e.ProductId, e.Operation)).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(twice.Count == 0, "written more than once: " + string.Join(", ", twice.Take(20)));
        Assert.Equal(Products, writes.Count(e => e.Operation == "productUpdate"));
        Assert.Equal(Products, writes.Count(e => e.Operation == "productVariantsBulkUpdate"));
        Assert.Equal(2 * Products, writes.Count);
    }

    private async Task<long> LastSequenceAsync() => (await _simulator.MutationLogAsync(Ct)).Select(e => e.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>Every Admin API request waits this long first (the simulator's latency fault).</summary>
    private async Task SetShopifyLatencyAsync(int milliseconds)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Shopify-Access-Token", SimulatorProcess.AccessToken);
        using var response = await http.PostAsJsonAsync(_simulator.BaseAddress + "/control/faults", new { latencyMs = milliseconds }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>One instance's API as an admin client sees it.</summary>
    private sealed class Api(HttpClient http) : IDisposable
    {
        public HttpClient Http { get; } = http;

        public static async Task<Api> SignInAsync(AppProcess app)
        {
            var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(3) };
            using var response = await http.PostAsJsonAsync("/api/auth/token", new { email = app.AdminEmail, password = Password }, Ct);
            response.EnsureSuccessStatusCode();
            using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
            return new Api(http);
        }

        public async Task<string> PullAsync()
        {
            var pullId = await StartAsync("/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 0 });
            Assert.Equal("completed", (await WaitForEndAsync(pullId)).GetProperty("status").GetString());
            return pullId;
        }

        public Task<string> StartPushAsync(string pullId) =>
            StartAsync("/api/sync/shopify/push", new { batch_id = pullId, confirm = true, wait_seconds = 0 });

        private async Task<string> StartAsync(string route, object body)
        {
            var started = await PostAsync(route, body);
            Assert.True(started.Status == HttpStatusCode.Accepted, $"{route}: {(int)started.Status} {started.Body}");
            return started.Body.GetProperty("batch_id").GetString()!;
        }

        public Task<JsonElement> WaitForEndAsync(string batchId) =>
            WaitForAsync(batchId, b => b.GetProperty("status").GetString() is not ("running" or "pending"));

        /// <summary>Polls the batch until <paramref name="done"/> holds; fails past the deadline.</summary>
        public async Task<JsonElement> WaitForAsync(string batchId, Func<JsonElement, bool> done)
        {
            var until = DateTime.UtcNow + Deadline;
            while (true)
            {
                var batch = await BatchAsync(batchId);
                if (done(batch))
                    return batch;
                Assert.True(DateTime.UtcNow < until, $"batch {batchId} not there after {Deadline}: {batch}");
                await Task.Delay(100, Ct);
            }
        }

        public async Task<JsonElement> BatchAsync(string batchId) => (await GetOkAsync($"/api/sync/batches/{batchId}")).GetProperty("item");

        public async Task<int> CountAsync(string batchId, string status) =>
            (await GetOkAsync($"/api/sync/staged?batch_id={batchId}&status={status}&per_page=1")).GetProperty("total").GetInt32();

        public async Task<JsonElement> GetOkAsync(string path)
        {
            using var response = await Http.GetAsync(path, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        public async Task<JsonElement> PostOkAsync(string path, object body)
        {
            var answer = await PostAsync(path, body);
            Assert.True(answer.Status == HttpStatusCode.OK, $"POST {path}: {(int)answer.Status} {answer.Body}");
            return answer.Body;
        }

        public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body)
        {
            using var response = await Http.PostAsJsonAsync(path, body, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }

        public void Dispose() => Http.Dispose();
    }
}
