using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SyncStudio.Data;

public static class ServiceRegistration
{
    /// <summary>
    /// Registers the database: SQLite in the data folder by default, SQL Server with <c>Database:Provider=SqlServer</c>.
    /// <c>ConnectionStrings:SyncStudio</c> overrides the connection string of either.
    /// </summary>
    public static IHostApplicationBuilder AddSyncStudioData(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AppDataOptions>().BindConfiguration(AppDataOptions.SectionName);
        services.AddSingleton(sp => new AppDataFolder(sp.GetRequiredService<IOptions<AppDataOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TimestampInterceptor>();

        var provider = builder.Configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"]
            ?? DatabaseOptions.Sqlite;
        var configured = builder.Configuration.GetConnectionString("SyncStudio");
        if (string.Equals(provider, DatabaseOptions.SqlServer, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(configured))
                throw new InvalidOperationException("Database:Provider=SqlServer needs ConnectionStrings:SyncStudio.");
            services.AddDbContextFactory<SqlServerSyncStudioDbContext>((sp, options) =>
                ConfigureSqlServer(options, configured).AddInterceptors(sp.GetRequiredService<TimestampInterceptor>()));
            services.AddSingleton<IDbContextFactory<SyncStudioDbContext>,
                ForwardingDbContextFactory<SqlServerSyncStudioDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<SqliteSyncStudioDbContext>((sp, options) =>
            {
                var connectionString = string.IsNullOrWhiteSpace(configured)
                    ? sp.GetRequiredService<AppDataFolder>().SqliteConnectionString()
                    : configured;
                ConfigureSqlite(options, connectionString)
                    .AddInterceptors(sp.GetRequiredService<TimestampInterceptor>());
            });
            services.AddSingleton<IDbContextFactory<SyncStudioDbContext>,
                ForwardingDbContextFactory<SqliteSyncStudioDbContext>>();
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseMigrator>();
        return builder;
    }

    // A list in a query (ids.Contains(c.Id)) goes to the database as one JSON parameter (json_each on SQLite, OPENJSON
    // on SQL Server). EF Core 10's default sends one parameter per element, and the API takes lists of up to 100,000
    // ids: SQLite refuses more than 32,766 variables in a statement, SQL Server more than 2,100 parameters.
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60)
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new SqlitePragmaInterceptor());

    public static DbContextOptionsBuilder ConfigureSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .UseSnakeCaseNamingConvention();

    private sealed class ForwardingDbContextFactory<TContext>(IDbContextFactory<TContext> inner)
        : IDbContextFactory<SyncStudioDbContext>
        where TContext : SyncStudioDbContext
    {
        public SyncStudioDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>The resolved data folder (created on first use).</summary>
public sealed class AppDataFolder
{
    public AppDataFolder(AppDataOptions options, IHostEnvironment environment)
    {
        Path = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(options.DataFolder)
            ? options.DataFolder
            : System.IO.Path.Combine(environment.ContentRootPath, options.DataFolder));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string SqliteConnectionString() => new SqliteConnectionStringBuilder
    {
        DataSource = File("syncstudio.db"),
        Pooling = true,
    }.ToString();
}
