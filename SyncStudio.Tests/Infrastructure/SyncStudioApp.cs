using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SyncStudio.Data;

namespace SyncStudio.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file in a temporary data folder. Tests authenticate as a client does: with a
/// token from POST /api/auth/token.
/// </summary>
public sealed class SyncStudioApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string Password = "Test-Password-123";

    private readonly Dictionary<string, string?> _settings;
    private readonly Dictionary<string, string> _tokens = [];
    private readonly Action<IServiceCollection>? _services;
    private bool _ownsDataFolder;

    /// <param name="services">Replaces app services after the app's own registrations (a fake clock, say).</param>
    public SyncStudioApp(string? dataFolder = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _ownsDataFolder = dataFolder is null;
        DataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "syncstudio-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
        _settings = new Dictionary<string, string?>
        {
            ["App:DataFolder"] = DataFolder,
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = Password,
            ["RateLimits:TokenPerMinute"] = "1000",
            // The security sweeps write many times as the same users; the per-user write limit has its own tests.
            ["RateLimits:WritesPerMinute"] = "1000000",
            ["RateLimits:WriteBurst"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public string DataFolder { get; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5)));
        if (_services is not null)
            builder.ConfigureServices(_services);
    }

    /// <summary>Creates a user with <paramref name="role"/> (once) and returns a client carrying its bearer token.</summary>
    public async Task<HttpClient> ClientAsAsync(string role)
    {
        var email = role == Roles.Admin ? AdminEmail : $"{role.ToLowerInvariant()}@test.local";
        if (role != Roles.Admin)
            await EnsureUserAsync(email, role);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(email));
        return client;
    }

    public async Task<int> EnsureUserAsync(string email, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        }
        return user.Id;
    }

    public async Task<string> TokenAsync(string email)
    {
        if (_tokens.TryGetValue(email, out var cached))
            return cached;
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("access_token").GetString()!;
        _tokens[email] = token;
        return token;
    }

    /// <summary>
    /// Stops this app and starts another on the same data folder and settings, as a process started again on its data
    /// would be (the start-up steps run again). The new app owns the folder from here on.
    /// </summary>
    public async Task<SyncStudioApp> RestartAsync()
    {
        var owns = _ownsDataFolder;
        _ownsDataFolder = false;
        await DisposeAsync();
        return new SyncStudioApp(DataFolder, _settings, _services) { _ownsDataFolder = owns };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDataFolder)
        {
            GC.SuppressFinalize(this);
            return;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection: the OS temp folder cleans it up.
        }
        GC.SuppressFinalize(this);
    }
}
