using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;

namespace SyncStudio.Tests.Infrastructure;

/// <summary>
/// The app and a Shopify simulator on loopback, talking real HTTP, with helpers that act as an API client (a real
/// token) and as the merchant editing in Shopify's admin (GraphQL mutations against the simulator).
/// </summary>
public sealed class SyncHarness : IAsyncDisposable
{
    private SyncHarness(SimulatorServer simulator, SyncStudioApp app, HttpClient admin, HttpClient merchant)
    {
        Simulator = simulator;
        App = app;
        Admin = admin;
        Merchant = merchant;
    }

    public SimulatorServer Simulator { get; }
    public SyncStudioApp App { get; private set; }
    public HttpClient Admin { get; private set; }
    public HttpClient Merchant { get; }

    /// <param name="appPort">When set, the app listens on this loopback port (Kestrel) instead of the in-memory test
    /// server, so the simulator can reach it (webhooks).</param>
    /// <param name="services">Replaces or adds app services after the app's own registrations (a clock or an interceptor, say).</param>
    /// <param name="simulatorClock">The simulator's clock (token expiry, rate limits, <c>updatedAt</c>); the system clock by default.</param>
    public static async Task<SyncHarness> StartAsync(string seed = "synthetic:12:7", Action<SimulatorOptions>? simulator = null,
        IDictionary<string, string?>? settings = null, int? appPort = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null,
        TimeProvider? simulatorClock = null)
    {
        var server = await SimulatorServer.StartAsync(o =>
        {
            o.Seed = seed;
            simulator?.Invoke(o);
        }, simulatorClock);
        var all = new Dictionary<string, string?>
        {
            ["Shopify:BaseAddress"] = server.BaseAddress.ToString().TrimEnd('/'),
            ["Shopify:AccessToken"] = server.AccessToken,
            // Tests save connections to simulators on loopback.
            ["Shopify:AllowBaseAddressOverride"] = "true",
            ["Shopify:RetryBaseDelay"] = "00:00:00.050",
            ["Shopify:RetryMaxDelay"] = "00:00:00.200",
            // The circuit breaker judges whole batches (docs/decisions/0025); tests of other behaviour edit many of a
            // small catalog's products at once, so it is off unless a test turns it on (CircuitBreakerTests).
            ["CircuitBreaker:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var app = new SyncStudioApp(settings: all, services: services);
        if (appPort is { } port)
            app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var admin = await app.ClientAsAsync(Roles.Admin);
        return new SyncHarness(server, app, admin, server.CreateClient());
    }

    /// <summary>A free loopback port (for an app that must be reachable before it starts).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value, failing after <paramref name="timeout"/>.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            if (await probe() is { } found)
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops the app and starts it again on the same data folder; <see cref="Admin"/> is a client of the new one.</summary>
    public async Task RestartAppAsync()
    {
        Admin.Dispose();
        App = await App.RestartAsync();
        Admin = await App.ClientAsAsync(Roles.Admin);
    }

    /// <summary>How long a test follows a batch before calling it stuck: generous, since CI runs on a loaded 2-core machine.</summary>
    public static readonly TimeSpan BatchDeadline = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs a pull to its end and answers what a 200 from the pull route holds. The request may answer 202 when the
    /// batch outlives its <c>wait_seconds</c> (a busy machine); the batch is then followed to its end, so the test
    /// waits for the outcome, never for a wall-clock bound. Other expected statuses are asserted as they come.
    /// </summary>
    public Task<JsonElement> PullAsync(object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        RunBatchAsync("/api/sync/shopify/pull", body ?? new { sync_type = "full" }, expected);

    /// <summary>Runs a push to its end and answers what a 200 from the push route holds (see <see cref="PullAsync"/>).</summary>
    public Task<JsonElement> PushAsync(object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        RunBatchAsync("/api/sync/shopify/push", body, expected);

    private async Task<JsonElement> RunBatchAsync(string route, object body, HttpStatusCode expected)
    {
        var response = await Admin.PostAsJsonAsync(route, body, TestContext.Current.CancellationToken);
        if (expected != HttpStatusCode.OK || response.StatusCode != HttpStatusCode.Accepted)
            return await ApiAssert.OkAsync(response, expected);
        var accepted = await ApiAssert.OkAsync(response, HttpStatusCode.Accepted);
        var batchId = accepted.GetProperty("batch_id").GetString()!;
        var batch = await WaitForBatchAsync(batchId, BatchDeadline);
        // A pull the circuit breaker holds ends held (decision 0025), its changes staged: the pull itself completed.
        Assert.True(batch.GetProperty("status").GetString() is "completed" || (route.EndsWith("/pull", StringComparison.Ordinal) && batch.GetProperty("status").GetString() == "held"),
            $"batch {batchId} ended {batch}");
        // A batch reads the same in the 200 answer and in GET /api/sync/batches/{id} (docs/decisions/0015): build the
        // 200 from the batch's own fields.
        var answer = new JsonObject
        {
            ["success"] = true,
            ["batch_id"] = batchId,
            ["status"] = batch.GetProperty("status").GetString(),
            ["summary"] = JsonNode.Parse(batch.GetProperty("summary").GetRawText()),
            ["message"] = JsonNode.Parse(batch.GetProperty("message").GetRawText()),
            ["batch_url"] = $"/api/sync/batches/{batchId}",
        };
        return JsonDocument.Parse(answer.ToJsonString()).RootElement.Clone();
    }

    /// <summary>
    /// Starts a push and follows its batch until it ends (polling its counters, with a deadline): the batch as
    /// <c>GET /api/sync/batches/{id}</c> answers it. For pushes longer than a request should wait.
    /// </summary>
    public async Task<JsonElement> PushToTheEndAsync(object body, TimeSpan? deadline = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/sync/shopify/push", body, TestContext.Current.CancellationToken);
        var started = response.StatusCode == HttpStatusCode.Accepted
            ? await ApiAssert.OkAsync(response, HttpStatusCode.Accepted)
            : await ApiAssert.OkAsync(response);
        return await WaitForBatchAsync(started.GetProperty("batch_id").GetString()!, deadline ?? BatchDeadline);
    }

    /// <summary>Polls a batch until it is no longer pending or running; fails past <paramref name="deadline"/>.</summary>
    public async Task<JsonElement> WaitForBatchAsync(string batchId, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var batch = (await ApiAssert.OkAsync(await Admin.GetAsync($"/api/sync/batches/{batchId}", TestContext.Current.CancellationToken))).GetProperty("item");
            var status = batch.GetProperty("status").GetString();
            if (status is not ("running" or "pending"))
                return batch;
            Assert.True(DateTime.UtcNow < until, $"batch {batchId} still {status} after {deadline}: {batch}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public async Task<List<JsonElement>> StagedAsync(string query)
    {
        var body = await ApiAssert.OkAsync(await Admin.GetAsync("/api/sync/staged?per_page=500&" + query, TestContext.Current.CancellationToken));
        return body.GetProperty("items").EnumerateArray().ToList();
    }

    /// <summary>Pulls everything, approves the creates and applies them: local and Shopify agree from here on.</summary>
    public async Task<string> AgreeOnEverythingAsync()
    {
        var pull = await PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var approve = await Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId, notes = "first sync" },
            TestContext.Current.CancellationToken);
        await ApiAssert.OkAsync(approve);
        var push = await PushAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(0, push.GetProperty("summary").GetProperty("failed").GetInt32());
        return batchId;
    }

    /// <summary>The local product's id for a handle (as the API lists it).</summary>
    public async Task<int> LocalIdAsync(string handle)
    {
        var body = await ApiAssert.OkAsync(await Admin.GetAsync($"/api/products?search={handle}", TestContext.Current.CancellationToken));
        return body.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("handle").GetString() == handle).GetProperty("id").GetInt32();
    }

    public SimulatedProductView Product(int index)
    {
        var product = Simulator.Simulator.GetProducts().OrderBy(p => p.Id).ElementAt(index);
        return new SimulatedProductView(product.Id, product.Handle, product.Title, product.Variants[0].Id, product.Variants[0].Price,
            product.Variants.Length);
    }

    public sealed record SimulatedProductView(long Id, string Handle, string Title, long FirstVariantId, decimal FirstPrice, int VariantCount);

    public async Task<JsonNode> MerchantAsync(string query, object variables)
    {
        var body = JsonSerializer.Serialize(new { query, variables });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Merchant.PostAsync(Simulator.GraphQLEndpoint, content, TestContext.Current.CancellationToken);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.True(json["errors"] is null, json.ToJsonString());
        return json["data"]!;
    }

    public Task<JsonNode> MerchantRetitleAsync(long productId, string title) => MerchantAsync(
        "mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { product { id } userErrors { message } } }",
        new { p = new { id = $"gid://shopify/Product/{productId}", title } });

    public Task<JsonNode> MerchantRepriceAsync(long productId, long variantId, decimal price) => MerchantAsync(
        "mutation($id: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $id, variants: $v) { product { id } userErrors { message } } }",
        new { id = $"gid://shopify/Product/{productId}", v = new[] { new { id = $"gid://shopify/ProductVariant/{variantId}", price = price.ToString(System.Globalization.CultureInfo.InvariantCulture) } } });

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Merchant.Dispose();
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
