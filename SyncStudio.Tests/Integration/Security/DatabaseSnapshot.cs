using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;

namespace SyncStudio.Tests.Integration.Security;

/// <summary>Row counts of every table and a content hash of the tables a write could corrupt.</summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, string> Tables)
{
    private static readonly string[] HashedTables = ["staged_product_changes", "products", "sync_approval_rules"];

    public static async Task<DatabaseSnapshot> TakeAsync(IServiceProvider services, CancellationToken ct)
    {
        var factory = services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.All(HashedTables, t => Assert.Contains(t, tables));

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            var hashed = HashedTables.Contains(table);
#pragma warning disable CA2100 // table names come from the EF model, not from input
            command.CommandText = hashed ? $"SELECT * FROM \"{table}\" ORDER BY rowid" : $"SELECT COUNT(*) FROM \"{table}\"";
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync(ct);
            state[table] = hashed ? await HashAsync(reader, ct) : (await reader.ReadAsync(ct) ? reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture) : "?");
        }
        return new DatabaseSnapshot(state);
    }

    private static async Task<string> HashAsync(DbDataReader reader, CancellationToken ct)
    {
        var text = new StringBuilder();
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
                text.Append(reader.IsDBNull(i) ? "\u2400" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\u241F');
            text.Append('\u241E');
        }
        return $"{rows} rows, {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))}";
    }

    public IEnumerable<string> DifferencesFrom(DatabaseSnapshot before) =>
        Tables.Where(t => !before.Tables.TryGetValue(t.Key, out var old) || old != t.Value)
            .Select(t => $"{t.Key}: {before.Tables.GetValueOrDefault(t.Key) ?? "absent"} -> {t.Value}");
}
