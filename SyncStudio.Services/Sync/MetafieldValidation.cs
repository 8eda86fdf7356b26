using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Catalog;

namespace SyncStudio.Services.Sync;

/// <summary>
/// Checks the metafield values a change will write to Shopify against their definitions (docs/decisions/0023), before
/// it is approved rather than at push: a value that does not fit its definition's type is refused with its path named.
/// Pure: the values and a lookup of the definitions' types in, the errors by path out.
/// </summary>
public static class MetafieldValidation
{
    /// <param name="values">What the change writes to Shopify, by path (whole variants carry their metafields inside).</param>
    /// <param name="typeOf">The definition's type of a product's (<c>false</c>) or variant's (<c>true</c>) <c>namespace.key</c>; null when Shopify has none.</param>
    public static Dictionary<string, object?> Check(IEnumerable<KeyValuePair<string, JsonNode?>> values, Func<bool, string, string?> typeOf)
    {
        var errors = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (path, value) in values)
        {
            if (!FieldPaths.TryParse(path, out var parsed))
                continue;
            if (parsed.Metafield is { } id)
            {
                if (CheckOne(parsed.Scope != FieldPathScope.Product, id, value, typeOf) is { } error)
                    errors[path] = error;
            }
            else if (parsed.Scope == FieldPathScope.WholeVariant && value is JsonObject variant && variant[FieldPaths.Metafields] is JsonObject metafields)
            {
                foreach (var (variantId, variantValue) in metafields)
                {
                    if (CheckOne(true, variantId, variantValue, typeOf) is { } error)
                        errors[FieldPaths.VariantMetafield(parsed.VariantKey!, variantId)] = error;
                }
            }
        }

        return errors;
    }

    private static string? CheckOne(bool variant, string id, JsonNode? value, Func<bool, string, string?> typeOf)
    {
        // Removing a metafield needs no definition.
        if (value is null || value.GetValueKind() == JsonValueKind.Null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0))
            return null;
        if (value.GetValueKind() != JsonValueKind.String)
            return "must be a string (Shopify's value form)";
        if (typeOf(variant, id) is not { } type)
            return $"has no metafield definition in Shopify for {(variant ? "variants" : "products")} (create one, or pull to read the definitions again)";
        return MetafieldTypes.Check(type, value.GetValue<string>()) is { } error ? $"the value {error}" : null;
    }
}
