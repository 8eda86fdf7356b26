using System.Text.RegularExpressions;

namespace SyncStudio.E2E;

/// <summary>
/// The app started the way the README starts it (<c>dotnet run --project SyncStudio.Web</c>, already built), on a
/// data folder of its own (or one a killed app left behind) and a free port. On a fresh folder the one-time admin
/// password is read from its console output, unless <c>Bootstrap__AdminPassword</c> sets it.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly ProjectProcess _process;
    private bool _keepDataFolder;

    private AppProcess(ProjectProcess process, string dataFolder, string adminPassword)
    {
        _process = process;
        DataFolder = dataFolder;
        AdminPassword = adminPassword;
    }

    public string BaseUrl => _process.BaseUrl;
    public string DataFolder { get; }
    public string AdminEmail => "admin@localhost";
    public string AdminPassword { get; }

    public static string RepoRoot => ProjectProcess.RepoRoot;

    public string Output => _process.Output;

    /// <summary>
    /// Starts the app on a data folder (a new temporary folder unless given; the app owns it and deletes
    /// it when disposed, also a folder taken over from a killed app).
    /// </summary>
    public static Task<AppProcess> StartAsync(IDictionary<string, string>? environment = null, CancellationToken ct = default) =>
        StartAsync(environment, null, ct);

    /// <inheritdoc cref="StartAsync(IDictionary{string, string}?, CancellationToken)"/>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string>? environment, string? dataFolder, CancellationToken ct)
    {
        dataFolder ??= Path.Combine(Path.GetTempPath(), "syncstudio-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var all = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["App__DataFolder"] = dataFolder };
        all.TryGetValue("Bootstrap__AdminPassword", out var password);
        var (process, passwordLine) = await ProjectProcess.StartAsync("SyncStudio.Web", [], all,
            password is null ? line => PasswordLine().IsMatch(line) : null, ct);
        return new AppProcess(process, dataFolder, password ?? PasswordLine().Match(passwordLine!).Groups[1].Value);
    }

    /// <summary>
    /// Kills the app and its process tree at once (no shutdown runs: a batch in flight stays "running" in the
    /// database). The data folder is kept for an app started on it next.
    /// </summary>
    public async Task KillAsync()
    {
        _keepDataFolder = true;
        await _process.KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (_keepDataFolder)
            return;
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"one-time password (\S+)")]
    private static partial Regex PasswordLine();
}
