using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Settings;

/// <summary>
/// Which metafield namespaces are synced (docs/decisions/0023): <c>custom</c> (the namespace of the definitions a
/// merchant makes in Shopify's admin) until an Admin chooses otherwise; an empty list syncs none.
/// </summary>
public sealed class MetafieldSettings(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time) : IMetafieldNamespaceSource
{
    public const string DefaultNamespace = "custom";

    /// <summary>At most this many namespaces: each is a definitions read per owner type before every pull.</summary>
    public const int MaxNamespaces = 20;

    public async ValueTask<IReadOnlyList<string>> GetNamespacesAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.SyncSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SyncSetting.MetafieldNamespaces, cancellationToken);
        return row is null ? [DefaultNamespace] : Split(row.Value);
    }

    /// <summary>Saves the namespaces; what does not fit answers the field's errors and saves nothing.</summary>
    public async Task<(IReadOnlyList<string>? Saved, IReadOnlyDictionary<string, string>? Errors)> SetNamespacesAsync(
        IReadOnlyList<string> namespaces, CancellationToken cancellationToken)
    {
        var cleaned = namespaces.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (cleaned.Count > MaxNamespaces)
            return (null, new Dictionary<string, string> { ["namespaces"] = $"at most {MaxNamespaces} namespaces" });
        // A namespace is 2 to 255 letters, digits, dashes and underscores; app-reserved ($app:...) ones are never synced.
        if (cleaned.FirstOrDefault(n => !FieldPaths.IsMetafieldId(n + ".xx")) is { } bad)
            return (null, new Dictionary<string, string> { ["namespaces"] = $"'{bad}' is not a namespace (2 to 255 letters, digits, dashes and underscores)" });

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.SyncSettings.FirstOrDefaultAsync(s => s.Key == SyncSetting.MetafieldNamespaces, cancellationToken);
        var value = string.Join(",", cleaned);
        if (row is null)
            db.SyncSettings.Add(new SyncSetting { Key = SyncSetting.MetafieldNamespaces, Value = value, UpdatedAt = time.GetUtcNow().UtcDateTime });
        else
        {
            row.Value = value;
            row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(cancellationToken);
        return (cleaned, null);
    }

    /// <summary>
    /// Keeps the definitions a pull read from Shopify (docs/decisions/0023): approval checks values against them without
    /// asking Shopify, and the product dialog shows their names and types.
    /// </summary>
    public async Task SaveDefinitionsAsync(ShopifyMetafieldScope scope, CancellationToken cancellationToken)
    {
        var stored = scope.Product.Concat(scope.Variant)
            .Select(d => new StoredDefinition(d.OwnerType, d.Namespace, d.Key, d.Name, d.Type)).ToList();
        var value = System.Text.Json.JsonSerializer.Serialize(stored, Json.SyncJson.Options);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.SyncSettings.Where(s => s.Key == SyncSetting.MetafieldDefinitions)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Value, value).SetProperty(s => s.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            db.SyncSettings.Add(new SyncSetting { Key = SyncSetting.MetafieldDefinitions, Value = value, UpdatedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another pull saved them at the same moment: theirs are as fresh.
            }
        }
    }

    /// <summary>The definitions the last pull read, by owner (<c>PRODUCT</c> or <c>PRODUCTVARIANT</c>) and <c>namespace.key</c>.</summary>
    public async Task<IReadOnlyList<StoredDefinition>> GetDefinitionsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.SyncSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SyncSetting.MetafieldDefinitions, cancellationToken);
        return row is null ? [] : Json.SyncJson.Deserialize<List<StoredDefinition>>(row.Value) ?? [];
    }

    private static List<string> Split(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>A metafield definition as the last pull read it.</summary>
public sealed record StoredDefinition(string OwnerType, string Namespace, string Key, string Name, string Type)
{
    public string Id => string.Concat(Namespace, ".", Key);
}
