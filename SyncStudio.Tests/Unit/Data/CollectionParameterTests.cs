using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;

namespace SyncStudio.Tests.Unit.Data;

/// <summary>
/// A list of ids in a query (<c>ids.Contains(c.Id)</c>) reaches the database as one JSON parameter on both providers,
/// so its length is bounded by the request limit, not by the provider's parameter limit (SQLite 32,766, SQL Server 2,100).
/// No SQL Server runs here: the statement is built offline with ToQueryString.
/// </summary>
public sealed class CollectionParameterTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(100_000)]
    public void OnSqlServerAnIdListIsOneParameterReadWithOpenJson(int count)
    {
        var options = new DbContextOptionsBuilder<SqlServerSyncStudioDbContext>();
        ServiceRegistration.ConfigureSqlServer(options, "Server=none;Database=SyncStudio;Trusted_Connection=True;TrustServerCertificate=True");
        using var db = new SqlServerSyncStudioDbContext(options.Options);

        // A local, as the services' lists are: EF Core inlines a static readonly array as constants.
        var ids = Enumerable.Range(1, count).ToList();
        var sql = db.StagedProductChanges.Where(c => ids.Contains(c.Id) && c.Status == ChangeStatuses.Pending).ToQueryString();

        Assert.Contains("OPENJSON(@", sql, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(sql, "DECLARE @"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(100_000)]
    public void OnSqliteAnIdListIsOneParameterReadWithJsonEach(int count)
    {
        var options = new DbContextOptionsBuilder<SqliteSyncStudioDbContext>();
        ServiceRegistration.ConfigureSqlite(options, "Data Source=:memory:");
        using var db = new SqliteSyncStudioDbContext(options.Options);

        // A local, as the services' lists are: EF Core inlines a static readonly array as constants.
        var ids = Enumerable.Range(1, count).ToList();
        var sql = db.StagedProductChanges.Where(c => ids.Contains(c.Id) && c.Status == ChangeStatuses.Pending).ToQueryString();

        Assert.Contains("json_each(@", sql, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(sql, ".param set @"));
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
