using System.Globalization;

namespace SyncStudio.Web.Api;

/// <summary>Reads query parameters with the error convention: a bad value is a validation error naming the parameter.</summary>
public sealed class QueryReader(IQueryCollection query, IReadOnlyCollection<string> known)
{
    public Validation Validation { get; } = CheckUnknown(query, known);

    public string? Text(string name, int maxLength = 200)
    {
        var value = Single(name);
        if (value is not null && value.Length > maxLength)
        {
            Validation.Add(name, $"must be at most {maxLength} characters");
            return null;
        }
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var value = Text(name);
        Validation.OneOf(name, value, allowed);
        return value is not null && allowed.Contains(value) ? value : null;
    }

    public int? Number(string name, int min, int max)
    {
        var value = Single(name);
        if (string.IsNullOrEmpty(value))
            return null;
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            Validation.Add(name, "must be a whole number");
            return null;
        }
        if (parsed < min || parsed > max)
        {
            Validation.Add(name, $"must be between {min} and {max}");
            return null;
        }
        return parsed;
    }

    public bool? Flag(string name)
    {
        var value = Single(name);
        if (string.IsNullOrEmpty(value))
            return null;
        if (bool.TryParse(value, out var parsed))
            return parsed;
        Validation.Add(name, "must be true or false");
        return null;
    }

    public DateTime? Timestamp(string name)
    {
        var value = Single(name);
        if (string.IsNullOrEmpty(value))
            return null;
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        Validation.Add(name, "must be an ISO 8601 timestamp");
        return null;
    }

    private string? Single(string name)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            Validation.Add(name, "must be given once");
            return null;
        }
        return values.Count == 0 ? null : values[0];
    }

    private static Validation CheckUnknown(IQueryCollection query, IReadOnlyCollection<string> known)
    {
        var validation = new Validation();
        foreach (var key in query.Keys.Where(k => !known.Contains(k)))
            validation.Add(key, $"unknown query parameter; known: {string.Join(", ", known)}");
        return validation;
    }
}
