using Microsoft.EntityFrameworkCore;

namespace SyncStudio.Data;

/// <summary>Creates and migrates the database at start; on SQLite also switches the file to WAL.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<SyncStudioDbContext> factory)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
