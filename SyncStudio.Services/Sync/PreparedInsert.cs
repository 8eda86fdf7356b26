using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SyncStudio.Data;

namespace SyncStudio.Services.Sync;

/// <summary>
/// Inserts many new rows of one entity through one prepared statement on the context's connection and transaction,
/// with the columns, parameter types and value conversions EF's model gives. On SQLite, EF's own batching of a few
/// hundred inserts into one command binds every parameter name for every statement (quadratic in the batch): a chunk of
/// 500 staged changes took ~1 s, the prepared statement ~0.1 s. Other providers batch well and keep SaveChanges.
/// The rows are written as SaveChanges would write them (store defaults for unset values); their keys are not read back.
/// </summary>
internal static class PreparedInsert
{
    public static async Task InsertAsync<T>(SyncStudioDbContext db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
            return;
        if (!db.Database.IsSqlite())
        {
            db.Set<T>().AddRange(rows);
            await db.SaveChangesAsync(ct);
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = entity.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd || !p.IsPrimaryKey()).ToList();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Prepared inserts run inside the caller's transaction.");
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ("
            + string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))
            + ") VALUES (" + string.Join(", ", properties.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i))) + ")";
        var columns = properties.Select((p, i) => new Column(p, p.GetRelationalTypeMapping(), "p" + i)).ToArray();
        var parameters = new DbParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            parameters[i] = columns[i].Mapping.CreateParameter(command, columns[i].Name, null, columns[i].Property.IsNullable);
            command.Parameters.Add(parameters[i]);
        }
        await command.PrepareAsync(ct);

        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
                parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping, string Name)
    {
        private readonly IClrPropertyGetter _getter = Property.GetGetter();
        private readonly object? _storeDefault = Property.GetDefaultValue();

        public object? Value(object row)
        {
            // As SaveChanges: a property left at its CLR default takes the column's default value.
            var value = _getter.HasSentinelValue(row) && _storeDefault is not null ? _storeDefault : _getter.GetClrValue(row);
            return Mapping.Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value;
        }
    }
}
