using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraphQL;

namespace SyncStudio.ShopifySimulator;

/// <summary>Reads mutation inputs as graphql-dotnet parses them: input objects are dictionaries (a key is absent when the client left the field out), lists are lists.</summary>
internal static class InputValues
{
    public static IDictionary<string, object?>? Argument(IResolveFieldContext context, string name) =>
        context.Arguments is { } arguments && arguments.TryGetValue(name, out var value) ? value.Value as IDictionary<string, object?> : null;

    public static bool Has(this IDictionary<string, object?> input, string key) => input.ContainsKey(key);

    public static string? String(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public static bool? Bool(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var value) && value is bool b ? b : null;

    public static int? Int(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var value) && value is not null ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : null;

    public static double? Double(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var value) && value is not null ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : null;

    public static IDictionary<string, object?>? Object(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var value) ? value as IDictionary<string, object?> : null;

    public static IReadOnlyList<object?>? List(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var value) && value is IEnumerable list and not string ? list.Cast<object?>().ToList() : null;

    /// <summary>A list-of-objects argument of the field; empty when absent or null.</summary>
    public static IReadOnlyList<IDictionary<string, object?>> ObjectsArgument(IResolveFieldContext context, string name) =>
        context.Arguments is { } arguments && arguments.TryGetValue(name, out var value) && value.Value is IEnumerable<object?> list
            ? list.OfType<IDictionary<string, object?>>().ToList()
            : [];

    public static IReadOnlyList<IDictionary<string, object?>> Objects(this IDictionary<string, object?> input, string key) =>
        input.List(key)?.OfType<IDictionary<string, object?>>().ToList() ?? [];

    /// <summary>Money and Decimal arrive as strings ("19.99"); a number is accepted too.</summary>
    public static bool TryMoney(object? value, out decimal amount)
    {
        amount = 0;
        return value switch
        {
            string text => decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amount),
            IConvertible convertible => TryConvert(convertible, out amount),
            _ => false,
        };

        static bool TryConvert(IConvertible convertible, out decimal amount)
        {
            try
            {
                amount = convertible.ToDecimal(CultureInfo.InvariantCulture);
                return true;
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                amount = 0;
                return false;
            }
        }
    }

    /// <summary>Tags as Shopify takes them: each entry may itself be a comma-separated list.</summary>
    public static List<string> Tags(IReadOnlyList<object?> values)
    {
        var tags = new List<string>();
        foreach (var value in values)
        {
            foreach (var tag in (Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")
                         .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                    tags.Add(tag);
            }
        }

        return tags;
    }

    /// <summary>The <c>@idempotent(key:)</c> directive on the field, if any.</summary>
    public static string? IdempotencyKey(IResolveFieldContext context) =>
        context.Directives is { } directives && directives.TryGetValue("idempotent", out var directive) &&
        directive.Arguments.TryGetValue("key", out var key)
            ? key.Value as string
            : null;

    /// <summary>A hash of the field's arguments in a canonical form, to tell a replay from a different request under the same key.</summary>
    public static string Fingerprint(IResolveFieldContext context)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in (context.Arguments ?? new Dictionary<string, GraphQL.Execution.ArgumentValue>()).OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteCanonical(writer, value.Value);
            }

            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case IDictionary<string, object?> dictionary:
                writer.WriteStartObject();
                foreach (var (key, item) in dictionary.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                    WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
