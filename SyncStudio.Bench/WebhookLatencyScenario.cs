using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

/// <summary>
/// Webhook latency: the app started as a user starts it (<c>dotnet run --project SyncStudio.Web</c>, already built) with
/// its built-in simulator and <c>Shopify:WebhookSecret</c> set, so the simulator posts signed webhooks to the app's own
/// route. Each edit is a merchant's <c>productUpdate</c> against the simulator; the clock stops when
/// <c>GET /api/sync/staged</c> shows the new title. Real HTTP both ways, one edit at a time.
/// </summary>
internal static class WebhookLatencyScenario
{
    private const string Password = "Bench-Password-1";
    private const string SimulatorToken = "shpat_simulator_dev_token";

    public static async Task RunAsync(int edits, Dictionary<string, object?> results)
    {
        var products = Math.Max(edits, 20);
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Bootstrap__AdminPassword"] = Password,
            ["Shopify__WebhookSecret"] = "bench-webhook-secret-" + Guid.NewGuid().ToString("N"),
            ["Simulator__Seed"] = $"synthetic:{products}:5",
            ["Simulator__Plan"] = "Plus",
        });
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await PostAsync(api, "/api/auth/token", new { email = "admin@localhost", password = Password });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());

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
        var graphql = $"{app.BaseUrl}/simulator/admin/api/2026-07/graphql.json";
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

    /// <summary>The web app as its own process on a free loopback port, with a fresh data folder.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _dataFolder;
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StringBuilder _output = new();

        private AppProcess(Process process, string baseUrl, string dataFolder)
        {
            _process = process;
            BaseUrl = baseUrl;
            _dataFolder = dataFolder;
        }

        public string BaseUrl { get; }

        public static async Task<AppProcess> StartAsync(IDictionary<string, string> environment)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            var dataFolder = Path.Combine(Path.GetTempPath(), "syncstudio-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dataFolder);
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Metadata("RepoRoot"), RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "run", "--no-build", "-c", Metadata("Configuration"), "--project", "SyncStudio.Web", "--urls", $"http://127.0.0.1:{port}" })
                info.ArgumentList.Add(arg);
            info.Environment["App__DataFolder"] = dataFolder;
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
            foreach (var (key, value) in environment)
                info.Environment[key] = value;
            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the app.");
            var app = new AppProcess(process, $"http://127.0.0.1:{port}", dataFolder);
            process.OutputDataReceived += (_, e) => app.OnOutput(e.Data);
            process.ErrorDataReceived += (_, e) => app.OnOutput(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var started = await Task.WhenAny(app._listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(120)));
            if (started != app._listening.Task)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException("The app did not start:\n" + app._output);
            }
            return app;
        }

        private void OnOutput(string? line)
        {
            if (line is null)
                return;
            lock (_output)
                _output.AppendLine(line);
            if (line.Contains("Now listening on", StringComparison.Ordinal))
                _listening.TrySetResult();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static string Metadata(string key) =>
            typeof(WebhookLatencyScenario).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
    }
}
