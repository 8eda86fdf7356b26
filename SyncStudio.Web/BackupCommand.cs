using SyncStudio.Data;
using SyncStudio.Services.Backup;

namespace SyncStudio.Web;

/// <summary>
/// <c>SyncStudio.Web backup &lt;file&gt;</c>: writes a backup zip of the database and the data folder's keys
/// (<see cref="DataFolderBackup"/>) and exits, without starting the web host. It reads the same configuration as the
/// app (appsettings, environment, the remaining command-line arguments), so it finds the same data folder, and works
/// while the app runs.
/// </summary>
public static class BackupCommand
{
    public const string Name = "backup";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || args[1].StartsWith('-'))
        {
            await Console.Error.WriteLineAsync("Usage: SyncStudio.Web backup <file.zip> [configuration overrides such as --App:DataFolder=...]");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(args[2..]);
        builder.AddSyncStudioData();
        builder.Services.AddSingleton<DataFolderBackup>();
        await using var app = builder.Build();
        var result = await app.Services.GetRequiredService<DataFolderBackup>().CreateAsync(args[1], CancellationToken.None);
        switch (result.Outcome)
        {
            case BackupOutcome.Written:
                Console.WriteLine($"Backup written to {result.Path}: {string.Join(", ", result.Entries)}");
                return 0;
            case BackupOutcome.TargetExists:
                await Console.Error.WriteLineAsync($"{result.Path} exists already; a backup never overwrites a file.");
                return 1;
            case BackupOutcome.NoDatabase:
                await Console.Error.WriteLineAsync("No database where the configuration points: check App:DataFolder (or ConnectionStrings:SyncStudio).");
                return 1;
            default:
                await Console.Error.WriteLineAsync("The database is not SQLite: back it up with SQL Server's own tools, and copy the data folder's keys beside it.");
                return 1;
        }
    }
}
