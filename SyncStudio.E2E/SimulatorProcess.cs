using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncStudio.E2E;

/// <summary>
/// The Shopify simulator as a process of its own, as its README runs it
/// (<c>dotnet run --project SyncStudio.ShopifySimulator --urls ... --state store.json</c>), so its store outlives any
/// app pointed at it. Reads its mutation log and its products over HTTP, as any client would.
/// </summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    public const string AccessToken = "shpat_simulator_dev_token";

    private readonly ProjectProcess _process;
    private readonly HttpClient _http;

    private SimulatorProcess(ProjectProcess process, string folder)
    {
        _process = process;
        Folder = folder;
        _http = new HttpClient { BaseAddress = new Uri(BaseAddress + "/") };
        _http.DefaultRequestHeaders.Add("X-Shopify-Access-Token", AccessToken);
    }

    /// <summary>What the app's <c>Shopify__BaseAddress</c> is set to: <c>http://127.0.0.1:PORT/simulator</c>.</summary>
    public string BaseAddress => _process.BaseUrl + "/simulator";

    public string Folder { get; }

    public string StatePath => Path.Combine(Folder, "store.json");

    /// <summary>Settings for an app to sync with this simulator.</summary>
    public Dictionary<string, string> AppSettings() => new()
    {
        ["Shopify__BaseAddress"] = BaseAddress,
        ["Shopify__AccessToken"] = AccessToken,
    };

    /// <summary>Starts a simulator with a state file in a new temporary folder; <paramref name="seed"/> and <paramref name="plan"/> as its README says.</summary>
    public static async Task<SimulatorProcess> StartAsync(string seed, string plan, IDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "syncstudio-e2e", "simulator-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var (process, _) = await ProjectProcess.StartAsync("SyncStudio.ShopifySimulator",
            ["--state", Path.Combine(folder, "store.json"), "--seed", seed, "--plan", plan],
            environment ?? new Dictionary<string, string>(), ct: ct);
        return new SimulatorProcess(process, folder);
    }

    /// <summary>The applied writes, oldest first (<c>GET /simulator/control/log</c>).</summary>
    public async Task<List<MutationLogEntry>> MutationLogAsync(CancellationToken ct)
    {
        var body = await _http.GetFromJsonAsync<MutationLog>("control/log", Json, ct);
        return body!.Entries;
    }

    /// <summary>Every product's handle, title and variant prices, read through the Admin GraphQL API.</summary>
    public async Task<Dictionary<string, (string Title, decimal[] Prices)>> ProductsAsync(CancellationToken ct)
    {
        const string query = """
            query Products($after: String) {
              products(first: 50, after: $after, sortKey: ID) {
                pageInfo { hasNextPage endCursor }
                nodes { handle title variants(first: 10) { nodes { price } } }
              }
            }
            """;
        var products = new Dictionary<string, (string, decimal[])>();
        string? after = null;
        do
        {
            using var response = await _http.PostAsJsonAsync("admin/api/2026-07/graphql.json", new { query, variables = new { after } }, ct);
            response.EnsureSuccessStatusCode();
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            if (json["errors"] is { } errors)
                throw new InvalidOperationException("The simulator refused the products query: " + errors.ToJsonString());
            var page = json["data"]!["products"]!;
            foreach (var node in page["nodes"]!.AsArray())
            {
                products[node!["handle"]!.GetValue<string>()] = (node["title"]!.GetValue<string>(),
                    node["variants"]!["nodes"]!.AsArray().Select(v => decimal.Parse(v!["price"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            }
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);
        return products;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record MutationLogEntry(string Operation, string? ProductId, string? IdempotencyKey, long Sequence);

    private sealed record MutationLog(int Count, List<MutationLogEntry> Entries);
}
