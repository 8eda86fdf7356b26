using System.Text.RegularExpressions;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Products;

/// <summary>
/// Shopify's product CSV names a metafield column by its owner, namespace and key at the end of its header
/// (<c>Material (product.metafields.custom.material)</c>, <c>Fit (variant.metafields.custom.fit)</c>). Those of a
/// synced namespace are the metafields' values (docs/decisions/0023): import sets them (the cell is kept as well, as
/// every extra cell is), export writes the value held now where it differs from the kept cell, so an edit since wins.
/// </summary>
public static partial class CsvMetafields
{
    [GeneratedRegex(@"\((product|variant)\.metafields\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    /// <summary>The <c>namespace.key</c> a column holds for the owner (<paramref name="variant"/>), or null.</summary>
    public static string? MetafieldId(string header, bool variant)
    {
        var match = Header().Match(header);
        if (!match.Success || (match.Groups[1].Value == "variant") != variant)
            return null;
        var id = string.Concat(match.Groups[2].Value, ".", match.Groups[3].Value);
        return FieldPaths.IsMetafieldId(id) ? id : null;
    }

    /// <summary>The imported product's and variants' metafield cells of the synced namespaces, set on them (blank cells set nothing).</summary>
    public static void Import(Product product, CatalogProduct source, IReadOnlyCollection<string> namespaces)
    {
        if (namespaces.Count == 0)
            return;
        if (Values(source.Extra.Cells, false, namespaces) is { Count: > 0 } values)
            product.Metafields = LocalMetafields.Edit(product.Metafields, values);
        var variants = product.Variants.OrderBy(v => v.Position).ToList();
        for (var i = 0; i < variants.Count && i < source.Variants.Count; i++)
        {
            if (Values(source.Variants[i].Extra, true, namespaces) is { Count: > 0 } variantValues)
                variants[i].Metafields = LocalMetafields.Edit(variants[i].Metafields, variantValues);
        }
    }

    /// <summary>The kept cells with each metafield column holding the value held now (blank when it was removed since).</summary>
    public static void Export(Dictionary<string, string> cells, string? metafields, bool variant)
    {
        if (cells.Count == 0)
            return;
        var held = LocalMetafields.Read(metafields);
        foreach (var header in cells.Keys.ToList())
        {
            if (MetafieldId(header, variant) is not { } id)
                continue;
            var now = held?.GetValueOrDefault(id)?.Value ?? "";
            var kept = cells[header];
            var same = now.Length == 0 ? kept.Length == 0 : kept.Length > 0 && CanonicalMetafields.NormaliseValue(kept) == CanonicalMetafields.NormaliseValue(now);
            if (!same)
                cells[header] = now;
        }
    }

    private static Dictionary<string, string?> Values(Dictionary<string, string> cells, bool variant, IReadOnlyCollection<string> namespaces)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (header, value) in cells)
        {
            if (value.Length > 0 && MetafieldId(header, variant) is { } id && namespaces.Contains(id[..id.IndexOf('.')]))
                values[id] = value;
        }

        return values;
    }
}
