using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using SyncStudio.Data;
using SyncStudio.Services;
using SyncStudio.Services.Setup;
using SyncStudio.Services.Shopify;

/// <summary>
/// The staged-change scenarios (API latency, load, bulk-approve, Review page): a database seeded fast with direct
/// inserts after the app's own migration, then the real SyncStudio.Web process booted on it (Kestrel on loopback,
/// SQLite on disk, bearer tokens from POST /api/auth/token) and measured over HTTP. No simulator: nothing here
/// talks to Shopify.
/// </summary>
internal static class StagedBench
{
    public const string AdminEmail = "admin@bench.local";
    public const string Password = "Bench-Password-1";

    public static bool Handles(string scenario) => scenario is "api" or "load" or "bulk-approve" or "review-render" or "review-browser";

    public static async Task<int> RunAsync(string scenario, string[] args, Dictionary<string, object?> results)
    {
        var size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        results["size"] = size;
        var work = Path.Combine(Path.GetTempPath(), "syncstudio-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            switch (scenario)
            {
                case "api":
                    await ApiLatencyScenario.RunAsync(work, size, results);
                    break;
                case "load":
                    var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
                    await LoadScenario.RunAsync(work, size, seconds, results);
                    break;
                case "bulk-approve":
                    await BulkApproveScenario.RunAsync(work, size, results);
                    break;
                case "review-render":
                    await ReviewRenderScenario.RunAsync(work, size, results);
                    break;
                case "review-browser":
                    var visits = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
                    await ReviewBrowserScenario.RunAsync(work, size, visits, results);
                    break;
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            // BENCH_KEEP=1 keeps the seeded database for a look at its query plans.
            if (Environment.GetEnvironmentVariable("BENCH_KEEP") == "1")
                Console.WriteLine($"kept {work}");
            else
                try { Directory.Delete(work, recursive: true); } catch (IOException) { /* a file still open: the temp folder cleans up */ }
        }
        results["peak_working_set_mb (bench process)"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
        foreach (var (key, value) in results)
            if (value is not IDictionary<string, object?>)
                Console.WriteLine($"{key,-52} {value}");
        BenchResults.Merge(scenario, size, results);
        return 0;
    }

    /// <summary>
    /// Migrates a fresh database in <paramref name="dataFolder"/> exactly as the app does at start (roles, first Admin),
    /// and adds <paramref name="approvers"/> Approver users. Returns the services (for the in-process measurements).
    /// </summary>
    public static async Task<IHost> PrepareDatabaseAsync(string dataFolder, int approvers)
    {
        // The startup steps (scheduled pulls) resolve the sync services, which need a Shopify client; nothing here calls
        // it, so it points at a closed port.
        var host = AppHost.Build(dataFolder, "http://127.0.0.1:9", new() { ["Bootstrap:AdminEmail"] = AdminEmail, ["Bootstrap:AdminPassword"] = Password });
        await host.Services.GetRequiredService<StartupInitializer>().InitializeAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        for (var i = 1; i <= approvers; i++)
        {
            var email = ApproverEmail(i);
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
                throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, Roles.Approver);
        }
        return host;
    }

    public static string ApproverEmail(int i) => $"approver{i}@bench.local";

    public static string DatabaseFile(string dataFolder) => Path.Combine(dataFolder, "syncstudio.db");

    /// <summary>p50/p95/p99/mean/max in milliseconds (nearest-rank percentiles).</summary>
    public static Dictionary<string, object?> Stats(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double Rank(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Dictionary<string, object?>
        {
            ["n"] = sorted.Length,
            ["p50_ms"] = Math.Round(Rank(0.50), 2),
            ["p95_ms"] = Math.Round(Rank(0.95), 2),
            ["p99_ms"] = Math.Round(Rank(0.99), 2),
            ["mean_ms"] = sorted.Length == 0 ? 0 : Math.Round(sorted.Average(), 2),
            ["max_ms"] = sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 2),
        };
    }

    public static string Format(Dictionary<string, object?> stats) =>
        $"p50 {stats["p50_ms"]} ms, p95 {stats["p95_ms"]} ms, p99 {stats["p99_ms"]} ms (n={stats["n"]}, max {stats["max_ms"]} ms)";
}

/// <summary>
/// The real SyncStudio.Web, started as its own process (as deployed: <c>dotnet SyncStudio.Web.dll</c>) on a loopback
/// port with the bench's data folder, and stopped at the end.
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, string> _tokens = [];

    private WebAppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<WebAppProcess> StartAsync(string dataFolder, IDictionary<string, string>? settings = null)
    {
        // bin/<Configuration>/net10.0 of the bench, mirrored for the web app (the bench's project reference builds it).
        var binary = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = binary.Parent!.Name;
        var repository = binary.Parent.Parent!.Parent!.Parent!.FullName;
        var webFolder = Path.Combine(repository, "SyncStudio.Web", "bin", configuration, binary.Name);
        var dll = Path.Combine(webFolder, "SyncStudio.Web.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("Build SyncStudio.Web first (the bench's project reference does it)", dll);

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = webFolder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["App__DataFolder"] = dataFolder;
        start.Environment["Bootstrap__AdminEmail"] = StagedBench.AdminEmail;
        start.Environment["Bootstrap__AdminPassword"] = StagedBench.Password;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // No store configured: the built-in simulator, which Production mounts only when asked (docs/decisions/0020);
        // a scenario that points at another store overrides it through its settings.
        start.Environment["Simulator__Enabled"] = "true";
        // BENCH_SQL=1 logs every SQL command with its duration (the profile of a slow route).
        var echo = Environment.GetEnvironmentVariable("BENCH_SQL") == "1";
        if (echo)
            start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start SyncStudio.Web");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
                return;
            if (echo)
                Console.WriteLine(line);
            else
                errors.Enqueue(line);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) errors.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new WebAppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"SyncStudio.Web exited with {process.ExitCode}: {string.Join(Environment.NewLine, errors)}");
            try
            {
                using var response = await probe.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                    return app;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                await app.DisposeAsync();
                throw new TimeoutException("SyncStudio.Web did not answer /healthz within 120 s");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// A client for the API carrying a bearer token for <paramref name="email"/>: one token per user, as a real client
    /// keeps it (POST /api/auth/token is limited per address), shared by that user's clients.
    /// </summary>
    public async Task<HttpClient> ClientAsAsync(string email, int maxConnections = 16)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (!_tokens.TryGetValue(email, out var token))
        {
            using var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password = StagedBench.Password });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            token = _tokens[email] = body.GetProperty("access_token").GetString()!;
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public long PeakWorkingSetMb()
    {
        _process.Refresh();
        return _process.HasExited ? 0 : _process.PeakWorkingSet64 / 1048576;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
