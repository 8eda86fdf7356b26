using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;

namespace SyncStudio.Services.Backup;

public enum BackupOutcome
{
    Written,

    /// <summary>The target file exists already: a backup never overwrites one.</summary>
    TargetExists,

    /// <summary>The database is not SQLite: SQL Server is backed up with its own tools.</summary>
    NotSqlite,

    /// <summary>No database file where the configuration points (a wrong data folder): nothing is created there.</summary>
    NoDatabase,
}

public sealed record BackupResult(BackupOutcome Outcome, string Path, IReadOnlyList<string> Entries);

/// <summary>
/// A backup is one zip: <c>syncstudio.db</c>, a consistent copy of the live SQLite database taken with
/// <c>VACUUM INTO</c> (one read transaction: a pull or push running meanwhile is either in it or not, never half), and
/// every other file of the data folder as it is (the token signing key, the certificate that encrypts the Data
/// Protection keys, the built-in simulator's store), earlier backups (<c>*.zip</c>) excepted. The database alone is not enough: its saved store token opens
/// only with the certificate beside it. Restoring is unzipping into an empty data folder (README, Backups).
/// </summary>
public sealed class DataFolderBackup(IDbContextFactory<SyncStudioDbContext> factory, AppDataFolder dataFolder)
{
    public const string DatabaseEntry = "syncstudio.db";

    public async Task<BackupResult> CreateAsync(string target, CancellationToken ct)
    {
        target = Path.GetFullPath(target);
        if (File.Exists(target))
            return new BackupResult(BackupOutcome.TargetExists, target, []);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!db.Database.IsSqlite())
            return new BackupResult(BackupOutcome.NotSqlite, target, []);

        var database = Path.GetFullPath(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
        if (!File.Exists(database))
            return new BackupResult(BackupOutcome.NoDatabase, target, []);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var copy = target + ".db.tmp";
        var zip = target + ".tmp";
        try
        {
            File.Delete(copy);
            await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [copy], ct);
            var entries = new List<string>();
            await using (var stream = new FileStream(zip, FileMode.Create, FileAccess.Write))
            await using (var archive = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                await AddAsync(archive, copy, DatabaseEntry, ct);
                entries.Add(DatabaseEntry);
                foreach (var file in Directory.EnumerateFiles(dataFolder.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var full = Path.GetFullPath(file);
                    // Earlier backups kept in the data folder are not the app's state: a backup never holds another.
                    if (IsLiveDatabase(full, database) || full == target || full == copy || full == zip
                        || full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                        continue;
                    var name = Path.GetRelativePath(dataFolder.Path, full).Replace(Path.DirectorySeparatorChar, '/');
                    await AddAsync(archive, full, name, ct);
                    entries.Add(name);
                }
            }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(zip, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(zip, target, overwrite: false);
            return new BackupResult(BackupOutcome.Written, target, entries);
        }
        finally
        {
            File.Delete(copy);
            File.Delete(zip);
        }
    }

    /// <summary>The database file and SQLite's companions (WAL, shared memory, rollback journal): copied by VACUUM INTO instead.</summary>
    private static bool IsLiveDatabase(string file, string database) =>
        file == database || file == database + "-wal" || file == database + "-shm" || file == database + "-journal";

    private static async Task AddAsync(ZipArchive archive, string file, string name, CancellationToken ct)
    {
        // Shared for writing: the app may be running, and the simulator's store or a key file may be open.
        await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        await using var target = await entry.OpenAsync(ct);
        await source.CopyToAsync(target, ct);
    }
}
