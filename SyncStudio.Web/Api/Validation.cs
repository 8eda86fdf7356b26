namespace SyncStudio.Web.Api;

/// <summary>Collects field errors; a request with any is answered 400 naming each bad field.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, string> Errors => _errors;

    public Validation Require(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, "is required");
        return this;
    }

    public Validation MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            Add(field, $"must be at most {max} characters");
        return this;
    }

    public Validation Range(string field, long? value, long min, long max)
    {
        if (value is not null && (value < min || value > max))
            Add(field, $"must be between {min} and {max}");
        return this;
    }

    public Validation OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
            Add(field, $"must be one of: {string.Join(", ", allowed)}");
        return this;
    }

    public Validation Add(string field, string message)
    {
        _errors.TryAdd(field, message);
        return this;
    }

    public Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<ErrorResponse> ToResult() => ApiErrors.Validation(_errors);
}
