using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace SyncStudio.E2E;

/// <summary>
/// A project of this repository started as its README starts it (<c>dotnet run --no-build --project ...</c>, built
/// already in this test run's configuration) on a free loopback port, as a real process with its console captured.
/// </summary>
public sealed class ProjectProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Seen)> _watches = [];

    private ProjectProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; }

    public static string RepoRoot => Metadata("RepoRoot");

    public static string Configuration => Metadata("Configuration");

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    /// <summary>
    /// Starts <paramref name="project"/> with <paramref name="arguments"/> and <paramref name="environment"/>, and
    /// waits until it listens (and, when given, until a console line matches <paramref name="readyWhen"/>).
    /// </summary>
    public static async Task<(ProjectProcess Process, string? ReadyLine)> StartAsync(string project, IEnumerable<string> arguments,
        IDictionary<string, string> environment, Func<string, bool>? readyWhen = null, CancellationToken ct = default)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "run", "--no-build", "-c", Configuration, "--project", project, "--urls", $"http://127.0.0.1:{port}" }.Concat(arguments))
            info.ArgumentList.Add(arg);
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}.");
        var started = new ProjectProcess(process, $"http://127.0.0.1:{port}");
        var ready = readyWhen is null ? null : started.WaitForLine(readyWhen);
        process.OutputDataReceived += (_, e) => started.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => started.OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3)); // a deadline for the start, generous: CI runs the suite at load 15-26
        var exited = process.WaitForExitAsync(timeout.Token);
        var up = ready is null ? started._listening.Task : Task.WhenAll(started._listening.Task, ready);
        var first = await Task.WhenAny(up, exited, Task.Delay(Timeout.Infinite, timeout.Token));
        if (first != up)
        {
            await started.DisposeAsync();
            throw new InvalidOperationException($"{project} did not start:\n" + started.Output);
        }
        return (started, ready is null ? null : await ready);
    }

    /// <summary>The first console line (from now on) that matches.</summary>
    public Task<string> WaitForLine(Func<string, bool> matches)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
            _watches.Add((matches, seen));
        return seen.Task;
    }

    /// <summary>Ends the process and its children at once, as a crash or an operator's kill -9 would: no shutdown runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
            return;
        List<TaskCompletionSource<string>> matched;
        lock (_output)
        {
            _output.Add(line);
            matched = _watches.Where(w => w.Matches(line)).Select(w => w.Seen).ToList();
            _watches.RemoveAll(w => matched.Contains(w.Seen));
        }
        foreach (var seen in matched)
            seen.TrySetResult(line);
        if (line.Contains("Now listening on", StringComparison.Ordinal))
            _listening.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Metadata(string key) =>
        typeof(ProjectProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
}
