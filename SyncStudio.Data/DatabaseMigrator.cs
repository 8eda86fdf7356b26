using Microsoft.EntityFrameworkCore;

namespace SyncStudio.Data;

/// <summary>
/// Creates and migrates the database at start; on SQLite also switches the file to WAL and refreshes the planner's
/// statistics.
/// </summary>
public sealed class DatabaseMigrator(IDbContextFactory<SyncStudioDbContext> factory)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Without statistics SQLite cannot tell a batch's 5,000 changes from a status's 400,000 and may walk the
            // wrong index. optimize with 0x10002 analyses every table that has none or has changed a lot since, and
            // the analysis limit keeps that to a sample of each index: milliseconds, even at a million rows.
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", cancellationToken);
        }
    }
}
