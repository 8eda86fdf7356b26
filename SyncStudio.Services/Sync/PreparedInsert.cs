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
        await using var statement = await Statement.PrepareAsync<T>(db, returnKey: false, ct);
        foreach (var row in rows)
            await statement.InsertAsync(row, ct);
    }

    /// <summary>
    /// New products with their variants and stock levels, as <c>Products.AddRange</c> and SaveChanges would write them.
    /// On SQLite: three prepared statements, each row's generated key read back (<c>RETURNING</c>) and given to its
    /// children; other providers batch the graph well and keep SaveChanges. Stamps are the caller's
    /// (<paramref name="now"/>): no interceptor sees these rows.
    /// </summary>
    public static async Task InsertProductsAsync(SyncStudioDbContext db, IReadOnlyList<Product> products, DateTime now, CancellationToken ct)
    {
        if (products.Count == 0)
            return;
        foreach (var product in products)
        {
            if (product.CreatedAt == default)
                product.CreatedAt = now;
            product.UpdatedAt = now;
        }
        if (!db.Database.IsSqlite())
        {
            db.Products.AddRange(products);
            await db.SaveChangesAsync(ct);
            return;
        }
        await using var productRows = await Statement.PrepareAsync<Product>(db, returnKey: true, ct);
        await using var variantRows = await Statement.PrepareAsync<ProductVariant>(db, returnKey: true, ct);
        await using var levelRows = await Statement.PrepareAsync<VariantStockLevel>(db, returnKey: false, ct);
        foreach (var product in products)
        {
            await productRows.InsertAsync(product, ct);
            foreach (var variant in product.Variants)
            {
                variant.ProductId = product.Id;
                await variantRows.InsertAsync(variant, ct);
                foreach (var level in variant.StockLevels)
                {
                    level.ProductVariantId = variant.Id;
                    await levelRows.InsertAsync(level, ct);
                }
            }
        }
    }

    /// <summary>One prepared INSERT of an entity's columns (optionally reading its generated key back).</summary>
    private sealed class Statement : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly Column[] _columns;
        private readonly DbParameter[] _parameters;
        private readonly IProperty? _key;

        private Statement(DbCommand command, Column[] columns, DbParameter[] parameters, IProperty? key)
        {
            _command = command;
            _columns = columns;
            _parameters = parameters;
            _key = key;
        }

        public static async Task<Statement> PrepareAsync<T>(SyncStudioDbContext db, bool returnKey, CancellationToken ct)
        {
            var entity = db.Model.FindEntityType(typeof(T))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = entity.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd || !p.IsPrimaryKey()).ToList();
            var key = returnKey ? entity.FindPrimaryKey()!.Properties.Single() : null;
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                ?? throw new InvalidOperationException("Prepared inserts run inside the caller's transaction.");
            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ("
                + string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))
                + ") VALUES (" + string.Join(", ", properties.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i))) + ")"
                + (key is null ? "" : " RETURNING " + sql.DelimitIdentifier(key.GetColumnName(table)!));
            var columns = properties.Select((p, i) => new Column(p, p.GetRelationalTypeMapping(), "p" + i)).ToArray();
            var parameters = new DbParameter[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i] = columns[i].Mapping.CreateParameter(command, columns[i].Name, null, columns[i].Property.IsNullable);
                command.Parameters.Add(parameters[i]);
            }
            await command.PrepareAsync(ct);
            return new Statement(command, columns, parameters, key);
        }

        public Task InsertAsync(object row, CancellationToken ct)
        {
            for (var i = 0; i < _columns.Length; i++)
                _parameters[i].Value = _columns[i].Value(row) ?? DBNull.Value;
            ct.ThrowIfCancellationRequested();
            // Microsoft.Data.Sqlite runs every command synchronously; its async calls only add a task per row.
            if (_key is null)
            {
                _command.ExecuteNonQuery();
                return Task.CompletedTask;
            }
            var id = _command.ExecuteScalar();
            _key.PropertyInfo!.SetValue(row, Convert.ChangeType(id, _key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
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
