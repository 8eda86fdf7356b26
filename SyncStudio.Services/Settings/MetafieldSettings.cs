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

    private static List<string> Split(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
