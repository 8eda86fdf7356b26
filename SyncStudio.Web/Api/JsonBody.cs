using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Services.Products;

namespace SyncStudio.Web.Api;

/// <summary>
/// Reads a JSON object field by field, for bodies where "absent" and "null" differ (PATCH) or where each field's
/// type error should be named. Unknown fields are errors.
/// </summary>
public sealed class JsonBody(JsonObject json, string prefix = "")
{
    private readonly HashSet<string> _read = [];

    public Validation Validation { get; init; } = new();

    public static async Task<(JsonObject? Body, Validation Validation)> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        var validation = new Validation();
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            validation.Add("content_type", "send application/json");
            return (null, validation);
        }
        var node = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
        if (node is not JsonObject obj)
        {
            validation.Add("body", "must be a JSON object");
            return (null, validation);
        }
        return (obj, validation);
    }

    /// <summary>For routes whose body is optional (approve, pull): no body reads as an empty object.</summary>
    public static async Task<(JsonObject? Body, Validation Validation)> ReadOptionalObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null))
            return (new JsonObject(), new Validation());
        return await ReadObjectAsync(request, ct);
    }

    private string Path(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    /// <summary>The full path of a field of this object, as validation errors name it.</summary>
    public string PathOf(string name) => Path(name);

    public bool Has(string name) => json.ContainsKey(name);

    public Optional<string> RequiredText(string name, int maxLength)
    {
        var value = Text(name, maxLength);
        if (value.IsSet && value.Value is null)
        {
            Validation.Add(Path(name), "must not be null");
            return default;
        }
        return value.IsSet ? Optional.Of(value.Value!) : default;
    }

    public Optional<string?> Text(string name, int maxLength)
    {
        if (!TryGet(name, out var node))
            return default;
        if (node is null)
            return Optional.Of<string?>(null);
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            if (s.Length > maxLength)
            {
                Validation.Add(Path(name), $"must be at most {maxLength} characters");
                return default;
            }
            return Optional.Of<string?>(s);
        }
        Validation.Add(Path(name), "must be a string");
        return default;
    }

    public Optional<decimal?> Money(string name)
    {
        if (!TryGet(name, out var node))
            return default;
        if (node is null)
            return Optional.Of<decimal?>(null);
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d))
        {
            if (d < 0 || d > 1_000_000_000m)
            {
                Validation.Add(Path(name), "must be between 0 and 1000000000");
                return default;
            }
            return Optional.Of<decimal?>(d);
        }
        if (node is JsonValue sv && sv.TryGetValue<string>(out var text)
            && decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= 0)
            return Optional.Of<decimal?>(parsed);
        Validation.Add(Path(name), "must be a non-negative number");
        return default;
    }

    public Optional<decimal> RequiredMoney(string name)
    {
        var value = Money(name);
        if (value.IsSet && value.Value is null)
        {
            Validation.Add(Path(name), "must not be null");
            return default;
        }
        return value.IsSet ? Optional.Of(value.Value!.Value) : default;
    }

    public Optional<int> WholeNumber(string name, int min, int max)
    {
        if (!TryGet(name, out var node))
            return default;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i))
        {
            if (i < min || i > max)
            {
                Validation.Add(Path(name), $"must be between {min} and {max}");
                return default;
            }
            return Optional.Of(i);
        }
        Validation.Add(Path(name), "must be a whole number");
        return default;
    }

    /// <summary>An object of whole numbers by key (stock per location: <c>{"default": 5, "warehouse": 2}</c>).</summary>
    public Optional<IReadOnlyDictionary<string, int>> WholeNumbers(string name, int min, int max)
    {
        if (!TryGet(name, out var node))
            return default;
        if (node is JsonObject obj)
        {
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, item) in obj)
            {
                if (item is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) && i >= min && i <= max)
                    values[key] = i;
                else
                {
                    Validation.Add($"{Path(name)}.{key}", $"must be a whole number between {min} and {max}");
                    return default;
                }
            }
            return Optional.Of<IReadOnlyDictionary<string, int>>(values);
        }
        Validation.Add(Path(name), "must be an object of whole numbers");
        return default;
    }

    /// <summary>
    /// Metafield values by <c>namespace.key</c> (<c>{"custom.material": "Linen", "custom.fit": null}</c>): a string sets
    /// one in Shopify's value form, null removes it (docs/decisions/0023).
    /// </summary>
    public Optional<IReadOnlyDictionary<string, string?>> Metafields(string name)
    {
        if (!TryGet(name, out var node))
            return default;
        if (node is not JsonObject obj || obj.Count > 250)
        {
            Validation.Add(Path(name), "must be an object of at most 250 metafields by namespace.key");
            return default;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, item) in obj)
        {
            if (!Services.Sync.FieldPaths.IsMetafieldId(key))
            {
                Validation.Add($"{Path(name)}.{key}", "is not a metafield's namespace.key");
                return default;
            }

            if (item is null || item.GetValueKind() == JsonValueKind.Null)
                values[key] = null;
            else if (item is JsonValue v && v.TryGetValue<string>(out var s) && s.Length <= 65_536)
                values[key] = s;
            else
            {
                Validation.Add($"{Path(name)}.{key}", "must be a string (Shopify's value form) or null");
                return default;
            }
        }

        return Optional.Of<IReadOnlyDictionary<string, string?>>(values);
    }

    /// <summary>A product's images (<c>[{"src": URL, "alt": text}]</c>, at most 250, Shopify's limit); null clears them.</summary>
    public Optional<IReadOnlyList<Services.Sync.ProductImage>> Images(string name)
    {
        if (!TryGet(name, out var node))
            return default;
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
            return Optional.Of<IReadOnlyList<Services.Sync.ProductImage>>([]);
        if (node is not JsonArray array || array.Count > 250)
        {
            Validation.Add(Path(name), "must be a list of at most 250 images ({\"src\": URL, \"alt\": text})");
            return default;
        }

        var images = new List<Services.Sync.ProductImage>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject o || o["src"] is not JsonValue s || !s.TryGetValue<string>(out var src) || src.Length > 2048
                || (o["alt"] is { } a && a.GetValueKind() != JsonValueKind.Null && !(a is JsonValue av && av.TryGetValue<string>(out _))))
            {
                Validation.Add($"{Path(name)}[{i}]", "must be an image: {\"src\": URL, \"alt\": text or null}");
                return default;
            }

            images.Add(new Services.Sync.ProductImage(src, o["alt"] is JsonValue alt && alt.TryGetValue<string>(out var text) ? text : null));
        }

        return Optional.Of<IReadOnlyList<Services.Sync.ProductImage>>(images);
    }

    public Optional<bool> Flag(string name)
    {
        if (!TryGet(name, out var node))
            return default;
        if (node is JsonValue v && v.TryGetValue<bool>(out var b))
            return Optional.Of(b);
        Validation.Add(Path(name), "must be true or false");
        return default;
    }

    public Optional<IReadOnlyList<string>> TextList(string name, int maxItems, int maxLength)
    {
        if (!TryGet(name, out var node))
            return default;
        if (node is JsonArray array && array.Count <= maxItems)
        {
            var items = new List<string>();
            foreach (var item in array)
            {
                if (item is JsonValue v && v.TryGetValue<string>(out var s) && s.Length <= maxLength)
                    items.Add(s);
                else
                {
                    Validation.Add(Path(name), $"must be an array of strings of at most {maxLength} characters");
                    return default;
                }
            }
            return Optional.Of<IReadOnlyList<string>>(items);
        }
        Validation.Add(Path(name), $"must be an array of at most {maxItems} strings");
        return default;
    }

    public IReadOnlyList<JsonBody> Objects(string name, int maxItems)
    {
        if (!TryGet(name, out var node))
            return [];
        if (node is JsonArray array && array.Count <= maxItems && array.All(i => i is JsonObject))
            return array.Select((item, i) => new JsonBody((JsonObject)item!, $"{Path(name)}[{i}]") { Validation = Validation }).ToList();
        Validation.Add(Path(name), $"must be an array of at most {maxItems} objects");
        return [];
    }

    public JsonNode? Node(string name) => TryGet(name, out var node) ? node : null;

    /// <summary>Call after reading every known field: anything else in the object is an error.</summary>
    public Validation RejectUnknown()
    {
        foreach (var key in json.Select(kv => kv.Key).Where(k => !_read.Contains(k)))
            Validation.Add(Path(key), "unknown field");
        return Validation;
    }

    private bool TryGet(string name, out JsonNode? node)
    {
        _read.Add(name);
        return json.TryGetPropertyValue(name, out node);
    }
}
