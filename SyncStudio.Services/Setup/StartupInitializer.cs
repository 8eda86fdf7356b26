using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Users;

namespace SyncStudio.Services.Setup;

/// <summary>
/// Brings a database to a usable state at start: migrated, roles present, a first Admin, the default rules, and
/// no batch left "running" by a process that died.
/// </summary>
public sealed class StartupInitializer(
    IServiceProvider services,
    DatabaseMigrator migrator,
    IOptions<BootstrapOptions> bootstrap,
    SystemActorDirectory systemActors,
    FirstAdminNotice notice,
    ILogger<StartupInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await migrator.MigrateAsync(ct);
        await using var scope = services.CreateAsyncScope();
        await EnsureRolesAsync(scope.ServiceProvider, ct);
        await EnsureAdminAsync(scope.ServiceProvider, ct);
        await systemActors.EnsureAsync(ct);
        foreach (var step in scope.ServiceProvider.GetServices<IStartupStep>().OrderBy(s => s.Order))
            await step.RunAsync(ct);
    }

    private static async Task EnsureRolesAsync(IServiceProvider sp, CancellationToken ct)
    {
        var roles = sp.GetRequiredService<RoleManager<AppRole>>();
        foreach (var name in Roles.All)
        {
            ct.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(name))
                await roles.CreateAsync(new AppRole(name));
        }
    }

    private async Task EnsureAdminAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<SyncStudioDbContext>();
        if (await db.Users.AnyAsync(u => u.SystemActor == null, ct))
            return;
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var email = bootstrap.Value.AdminEmail;
        var generated = string.IsNullOrEmpty(bootstrap.Value.AdminPassword);
        var password = generated ? GeneratePassword() : bootstrap.Value.AdminPassword!;
        // A generated password has been in a console: it only lets its holder choose their own (docs/decisions/0012).
        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true, MustChangePassword = generated };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not create the bootstrap admin: "
                + string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Admin);
        if (generated)
        {
            notice.Show(email, password);
            logger.LogInformation("Created the first Admin {Email} with a one-time password, printed once to standard output; it must be changed at first sign-in", email);
        }
        else
            logger.LogInformation("Created the first Admin {Email} from Bootstrap settings", email);
    }

    private static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        // Identity's defaults want a digit, an upper- and a lower-case letter: make sure of each.
        return new string(chars) + "a7Z";
    }
}

/// <summary>
/// Shows the first Admin's generated password once, on standard output and not through logging: log sinks (files,
/// exporters) keep what they receive, and a password must not be kept. <c>docker logs</c> shows standard output.
/// </summary>
public sealed class FirstAdminNotice(TextWriter output)
{
    public void Show(string email, string password)
    {
        output.WriteLine($"Created the first Admin {email} with the one-time password {password} (shown once; it must be changed at first sign-in, at /login or POST /api/auth/password)");
        output.Flush();
    }
}

/// <summary>A step run once at start, after migration and the first Admin (seeding, recovering interrupted work).</summary>
public interface IStartupStep
{
    int Order { get; }

    Task RunAsync(CancellationToken ct);
}
