using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SyncStudio.E2E;

/// <summary>
/// The app started the way the README starts it (<c>dotnet run --project SyncStudio.Web</c>, already built), on a
/// data folder of its own (or one a killed app left behind) and a free port. On a fresh folder the one-time admin
/// password is read from its console output, unless <c>Bootstrap__AdminPassword</c> sets it; a one-time password must
/// be changed before anything else, so it is changed through the API as the README shows (unless a test asks to keep
/// it, to go through the change itself).
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly ProjectProcess _process;
    private bool _keepDataFolder;

    /// <summary>What the one-time password is changed to when the test does not go through the change itself.</summary>
    public const string ChosenAdminPassword = "E2E-Admin-Password-1";

    private AppProcess(ProjectProcess process, string dataFolder, string adminPassword, string? oneTimePassword)
    {
        _process = process;
        DataFolder = dataFolder;
        AdminPassword = adminPassword;
        OneTimePassword = oneTimePassword;
    }

    public string BaseUrl => _process.BaseUrl;
    public string DataFolder { get; }
    public string AdminEmail => "admin@localhost";
    public string AdminPassword { get; private set; }

    /// <summary>The password the app generated and printed, if it did (null when the environment set one).</summary>
    public string? OneTimePassword { get; }

    public static string RepoRoot => ProjectProcess.RepoRoot;

    public string Output => _process.Output;

    /// <summary>
    /// Starts the app on a data folder (a new temporary folder unless given; the app owns it and deletes
    /// it when disposed, also a folder taken over from a killed app).
    /// </summary>
    public static Task<AppProcess> StartAsync(IDictionary<string, string>? environment = null, CancellationToken ct = default) =>
        StartAsync(environment, null, ct);

    /// <inheritdoc cref="StartAsync(IDictionary{string, string}?, CancellationToken)"/>
    /// <param name="changeOneTimePassword">False to leave a generated password as it is (the admin must change it at sign-in).</param>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string>? environment, string? dataFolder, CancellationToken ct,
        bool changeOneTimePassword = true)
    {
        dataFolder ??= Path.Combine(Path.GetTempPath(), "syncstudio-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var all = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["App__DataFolder"] = dataFolder };
        all.TryGetValue("Bootstrap__AdminPassword", out var password);
        var (process, passwordLine) = await ProjectProcess.StartAsync("SyncStudio.Web", [], all,
            password is null ? line => PasswordLine().IsMatch(line) : null, ct);
        var oneTime = password is null ? PasswordLine().Match(passwordLine!).Groups[1].Value : null;
        var app = new AppProcess(process, dataFolder, password ?? oneTime!, oneTime);
        if (oneTime is not null && changeOneTimePassword)
            await app.ChangeOneTimePasswordAsync(ct);
        return app;
    }

    /// <summary>The README's first API steps: a token for the one-time password, then the password changed with it.</summary>
    private async Task ChangeOneTimePasswordAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/auth/token", new { email = AdminEmail, password = OneTimePassword }, ct);
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString();
        using var change = new HttpRequestMessage(HttpMethod.Post, "/api/auth/password")
        {
            Content = JsonContent.Create(new { current_password = OneTimePassword, new_password = ChosenAdminPassword }),
        };
        change.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        (await http.SendAsync(change, ct)).EnsureSuccessStatusCode();
        AdminPassword = ChosenAdminPassword;
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
