using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;

namespace SyncStudio.E2E;

/// <summary>
/// The app started the way the README starts it (<c>dotnet run --project SyncStudio.Web</c>, already built), on a
/// fresh data folder and a free port. The one-time admin password is read from its console output.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _password = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private AppProcess(Process process, string baseUrl, string dataFolder)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataFolder = dataFolder;
    }

    public string BaseUrl { get; }
    public string DataFolder { get; }
    public string AdminEmail => "admin@localhost";
    public string AdminPassword => _password.Task.Result;

    public static string RepoRoot => Metadata("RepoRoot");

    public static async Task<AppProcess> StartAsync(IDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var port = FreePort();
        var dataFolder = Path.Combine(Path.GetTempPath(), "syncstudio-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "run", "--no-build", "-c", Metadata("Configuration"), "--project", "SyncStudio.Web", "--urls", $"http://127.0.0.1:{port}" })
            info.ArgumentList.Add(arg);
        info.Environment["App__DataFolder"] = dataFolder;
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the app.");
        var app = new AppProcess(process, $"http://127.0.0.1:{port}", dataFolder);
        process.OutputDataReceived += (_, e) => app.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var exited = process.WaitForExitAsync(timeout.Token);
        var ready = Task.WhenAll(app._listening.Task, app._password.Task);
        var first = await Task.WhenAny(ready, exited, Task.Delay(Timeout.Infinite, timeout.Token));
        if (first != ready)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("The app did not start:\n" + app.Output);
        }
        return app;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
        if (PasswordLine().Match(line) is { Success: true } match)
            _password.TrySetResult(match.Groups[1].Value);
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
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Metadata(string key) =>
        typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    [GeneratedRegex(@"one-time password (\S+)")]
    private static partial Regex PasswordLine();
}
