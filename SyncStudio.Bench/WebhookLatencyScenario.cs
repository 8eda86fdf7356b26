using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

/// <summary>
/// Webhook latency: the built app as its own process (<see cref="WebAppProcess"/>) with its built-in simulator and <c>Shopify:WebhookSecret</c> set, so the simulator posts signed webhooks to the app's own
/// route. Each edit is a merchant's <c>productUpdate</c> against the simulator; the clock stops when
/// <c>GET /api/sync/staged</c> shows the new title. Real HTTP both ways, one edit at a time.
/// </summary>
internal static class WebhookLatencyScenario
{
    private const string SimulatorToken = "shpat_simulator_dev_token";

    public static async Task RunAsync(int edits, Dictionary<string, object?> results)
    {
        var products = Math.Max(edits, 20);
        var work = Path.Combine(Path.GetTempPath(), "syncstudio-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await MeasureAsync(work, edits, products, results);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { /* a file still open: the temp folder cleans up */ }
        }
    }

    private static async Task MeasureAsync(string work, int edits, int products, Dictionary<string, object?> results)
    {
        await using var app = await WebAppProcess.StartAsync(work, new Dictionary<string, string>
        {
            ["Shopify__WebhookSecret"] = "bench-webhook-secret-" + Guid.NewGuid().ToString("N"),
            ["Simulator__Seed"] = $"synthetic:{products}:5",
            ["Simulator__Plan"] = "Plus",
        });
        using var api = await app.ClientAsAsync(StagedBench.AdminEmail);

        // Both sides agree first, so each edit stages exactly one pull change.
        var pull = await PostAsync(api, "/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 120 });
        var batchId = pull.GetProperty("batch_id").GetString();
        await PostAsync(api, "/api/sync/staged/bulk-approve", new { batch_id = batchId, notes = "bench" });
        await PostAsync(api, "/api/sync/shopify/push", new { batch_id = batchId, confirm = true, wait_seconds = 120 });

        var catalog = await GetAsync(api, $"/api/products?per_page={products}");
        var targets = catalog.GetProperty("items").EnumerateArray()
            .Where(p => p.TryGetProperty("shopify_product_id", out var sid) && sid.ValueKind != JsonValueKind.Null)
            .Select(p => (LocalId: p.GetProperty("id").GetInt32(), ShopifyId: Id(p.GetProperty("shopify_product_id"))))
            .Take(edits).ToList();
        if (targets.Count < edits)
            throw new InvalidOperationException($"Only {targets.Count} linked products to edit.");

        using var merchant = new HttpClient();
        merchant.DefaultRequestHeaders.Add("X-Shopify-Access-Token", SimulatorToken);
        var graphql = $"{app.BaseAddress}simulator/admin/api/2026-07/graphql.json";
        var latencies = new List<double>();
        var deadline = TimeSpan.FromSeconds(30);
        for (var i = 0; i < targets.Count; i++)
        {
            var (localId, shopifyId) = targets[i];
            var title = $"Webhook edit {i} {Guid.NewGuid():N}";
            var watch = Stopwatch.StartNew();
            var body = JsonSerializer.Serialize(new
            {
                query = "mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }",
                variables = new { p = new { id = $"gid://shopify/Product/{shopifyId}", title } },
            });
            using (var response = await merchant.PostAsync(graphql, new StringContent(body, Encoding.UTF8, "application/json")))
                response.EnsureSuccessStatusCode();
            while (!await StagedAsync(api, localId, title))
            {
                if (watch.Elapsed > deadline)
                    throw new TimeoutException($"Edit {i} was not staged within {deadline.TotalSeconds} s.");
                await Task.Delay(10); // polling interval: bounds the measurement error
            }
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        results["webhook_edits"] = latencies.Count;
        results["webhook_latency_p50_ms"] = Math.Round(latencies[latencies.Count / 2], 0);
        results["webhook_latency_p90_ms"] = Math.Round(latencies[(int)Math.Ceiling(latencies.Count * 0.9) - 1], 0);
        results["webhook_latency_max_ms"] = Math.Round(latencies[^1], 0);
        results["webhook_latency_min_ms"] = Math.Round(latencies[0], 0);
        var batches = await GetAsync(api, "/api/sync/batches?per_page=100");
        results["webhook_batches"] = batches.GetProperty("items").EnumerateArray().Count(b => b.GetProperty("sync_type").GetString() == "webhook");
    }

    private static long Id(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetInt64() : long.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    private static async Task<bool> StagedAsync(HttpClient api, int localId, string title)
    {
        var staged = await GetAsync(api, $"/api/sync/staged?product_id={localId}&per_page=50");
        return staged.GetProperty("items").EnumerateArray().Any(c =>
            c.GetProperty("field_changes").TryGetProperty("title", out var change) && change.GetProperty("new").GetString() == title);
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string url)
    {
        using var response = await api.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> PostAsync(HttpClient api, string url, object body)
    {
        using var response = await api.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
