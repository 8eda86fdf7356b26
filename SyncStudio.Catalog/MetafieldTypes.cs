using System.Globalization;
using System.Text.Json;

namespace SyncStudio.Catalog;

/// <summary>
/// Whether a metafield value (Shopify's string form) fits its type, for the types SyncStudio syncs
/// (https://shopify.dev/docs/apps/build/custom-data/metafields/list-of-data-types): text, numbers, money, boolean,
/// dates, JSON, references as GIDs, and <c>list.</c> of those. Shared by the app (a value is refused at approval, never
/// at push) and the simulator (which refuses it as Shopify does).
/// </summary>
public static class MetafieldTypes
{
    /// <summary>The reference types and the GID resource each holds (<c>file_reference</c> takes any file resource).</summary>
    private static readonly Dictionary<string, string[]> References = new(StringComparer.Ordinal)
    {
        ["product_reference"] = ["Product"],
        ["variant_reference"] = ["ProductVariant"],
        ["collection_reference"] = ["Collection"],
        ["page_reference"] = ["Page"],
        ["customer_reference"] = ["Customer"],
        ["company_reference"] = ["Company"],
        ["metaobject_reference"] = ["Metaobject"],
        ["mixed_reference"] = ["Metaobject"],
        ["file_reference"] = ["MediaImage", "GenericFile", "Video", "Model3d"],
        ["product_taxonomy_value_reference"] = ["TaxonomyValue"],
    };

    private static readonly HashSet<string> Scalars = new(StringComparer.Ordinal)
    {
        "single_line_text_field", "multi_line_text_field", "number_integer", "number_decimal", "money", "boolean",
        "date", "date_time", "json",
    };

    /// <summary>The types without a list form (https://shopify.dev/docs/apps/build/custom-data/metafields/list-of-data-types).</summary>
    private static readonly HashSet<string> NoList = new(StringComparer.Ordinal) { "multi_line_text_field", "money", "boolean", "json" };

    /// <summary>Whether SyncStudio knows the type (and so can check a value of it).</summary>
    public static bool IsKnown(string type) =>
        type.StartsWith("list.", StringComparison.Ordinal)
            ? type[5..] is var item && !NoList.Contains(item) && (Scalars.Contains(item) || References.ContainsKey(item))
            : Scalars.Contains(type) || References.ContainsKey(type);

    /// <summary>Null when <paramref name="value"/> fits <paramref name="type"/>, else what it must be.</summary>
    public static string? Check(string type, string value)
    {
        if (type.StartsWith("list.", StringComparison.Ordinal))
        {
            var item = type[5..];
            if (!IsKnown(type))
                return $"is of the type '{type}', which SyncStudio does not sync";
            JsonElement array;
            try
            {
                using var document = JsonDocument.Parse(value);
                array = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return $"must be a JSON array of {Describe(item)} values ({type})";
            }

            if (array.ValueKind != JsonValueKind.Array)
                return $"must be a JSON array of {Describe(item)} values ({type})";
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                // List items are JSON numbers for the number types and strings for every other type.
                var text = element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString()!,
                    JsonValueKind.Number when item is "number_integer" or "number_decimal" => element.GetRawText(),
                    _ => null,
                };
                if (text is null || CheckScalar(item, text) is not null)
                    return $"item {index} must be {Describe(item)} ({type})";
                index++;
            }

            return null;
        }

        if (!IsKnown(type))
            return $"is of the type '{type}', which SyncStudio does not sync";
        return CheckScalar(type, value) is { } error ? $"{error} ({type})" : null;
    }

    private static string? CheckScalar(string type, string value)
    {
        if (References.TryGetValue(type, out var resources))
            return IsGid(value, resources) ? null : $"must be a GID of a {string.Join(" or ", resources)} (gid://shopify/{resources[0]}/123)";
        return type switch
        {
            "single_line_text_field" => value.Contains('\n') || value.Contains('\r') ? "must be one line of text" : null,
            "multi_line_text_field" => null,
            "number_integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && Math.Abs(n) <= 9_007_199_254_740_991 ? null : "must be a whole number",
            "number_decimal" => IsDecimal(value) ? null : "must be a decimal number (at most 9 decimal places)",
            "boolean" => value is "true" or "false" ? null : "must be true or false",
            "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null : "must be a date (YYYY-MM-DD)",
            "date_time" => IsDateTime(value) ? null : "must be a date and time (YYYY-MM-DDTHH:MM:SS, an offset allowed)",
            "money" => IsMoney(value) ? null : "must be money as JSON: {\"amount\": \"5.99\", \"currency_code\": \"CAD\"}",
            "json" => IsJson(value) ? null : "must be valid JSON",
            _ => "is of a type SyncStudio does not sync",
        };
    }

    private static string Describe(string item) => item.Replace('_', ' ');

    private static bool IsDecimal(string value)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            return false;
        var dot = value.IndexOf('.');
        return dot < 0 || value.Length - dot - 1 <= 9;
    }

    private static bool IsDateTime(string value) =>
        DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    private static bool IsMoney(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("amount", out var amount) && amount.ValueKind is JsonValueKind.String or JsonValueKind.Number
                && IsDecimal(amount.ValueKind == JsonValueKind.String ? amount.GetString()! : amount.GetRawText())
                && root.TryGetProperty("currency_code", out var currency) && currency.ValueKind == JsonValueKind.String
                && currency.GetString() is { Length: 3 } code && code.All(char.IsAsciiLetterUpper);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJson(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsGid(string value, string[] resources)
    {
        const string prefix = "gid://shopify/";
        if (!value.StartsWith(prefix, StringComparison.Ordinal))
            return false;
        var rest = value[prefix.Length..];
        var slash = rest.IndexOf('/');
        return slash > 0 && resources.Contains(rest[..slash]) && rest[(slash + 1)..] is { Length: > 0 } id && id.All(char.IsAsciiDigit);
    }
}
