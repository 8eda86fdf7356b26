using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SyncStudio.Data;

// Used by `dotnet ef` only: migrations are generated from the one model, once per provider.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSyncStudioDbContext>
{
    public SqliteSyncStudioDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteSyncStudioDbContext>();
        ServiceRegistration.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteSyncStudioDbContext(options.Options);
    }
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerSyncStudioDbContext>
{
    public SqlServerSyncStudioDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerSyncStudioDbContext>();
        ServiceRegistration.ConfigureSqlServer(options, "Server=none;Database=SyncStudio;Trusted_Connection=True;TrustServerCertificate=True");
        return new SqlServerSyncStudioDbContext(options.Options);
    }
}
