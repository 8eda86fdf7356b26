using System.Diagnostics.CodeAnalysis;

namespace SyncStudio.Services.Shopify;

public enum ShopifyFailureKind
{
    /// <summary>Shopify answered with <c>userErrors</c>: the request was understood and refused.</summary>
    UserErrors,

    /// <summary>The requested object does not exist.</summary>
    NotFound,

    /// <summary>GraphQL <c>errors</c> (a bad document, access denied, cost over the cap): not retried.</summary>
    GraphQLErrors,

    /// <summary>An HTTP status other than 429 and 5xx (401, 402, 403, 404, 423, ...): not retried.</summary>
    HttpStatus,

    /// <summary>Still throttled after the allowed throttle retries.</summary>
    Throttled,

    /// <summary>5xx, network faults or timeouts on a read, after the allowed retries.</summary>
    Transient,

    /// <summary>
    /// A mutation whose response was lost (5xx, timeout, broken connection after sending): it may or may not
    /// have been applied. Read the object back before re-sending.
    /// </summary>
    OutcomeUnknown,

    /// <summary>A bulk operation ended FAILED, CANCELED or EXPIRED, or did not finish in time.</summary>
    BulkOperationFailed,
}

/// <summary>One entry of a mutation's <c>userErrors</c>.</summary>
public sealed record ShopifyUserError(string Message, IReadOnlyList<string> Field, string? Code);

public sealed record ShopifyFailure(
    ShopifyFailureKind Kind,
    string Message,
    IReadOnlyList<ShopifyUserError> UserErrors,
    int? HttpStatus = null)
{
    public ShopifyFailure(ShopifyFailureKind kind, string message)
        : this(kind, message, [])
    {
    }

    /// <summary>True when the write may have landed and the caller must read back before re-sending.</summary>
    public bool MayHaveBeenApplied => Kind == ShopifyFailureKind.OutcomeUnknown;

    public bool HasUserErrorCode(string code) => UserErrors.Any(e => e.Code == code);

    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>Success with a value, or a typed failure. Expected outcomes never throw.</summary>
public sealed class ShopifyResult<T>
{
    internal ShopifyResult(T? value, ShopifyFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public ShopifyFailure? Failure { get; }

    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The value, or a <see cref="ShopifyApiException"/> for callers that treat failure as a fault.</summary>
    public T GetValueOrThrow() => Failure is null ? Value! : throw new ShopifyApiException(Failure);

    public override string ToString() => Failure is null ? $"Success: {Value}" : Failure.ToString();
}

public static class ShopifyResult
{
    public static ShopifyResult<T> Success<T>(T value) => new(value, null);

    public static ShopifyResult<T> Fail<T>(ShopifyFailure failure) => new(default, failure);
}

/// <summary>A Shopify failure raised where a return value cannot carry it (streams) or on request.</summary>
public sealed class ShopifyApiException : Exception
{
    public ShopifyApiException(ShopifyFailure failure)
        : base(failure.ToString()) => Failure = failure;

    public ShopifyApiException()
        : this(new ShopifyFailure(ShopifyFailureKind.Transient, "Shopify request failed."))
    {
    }

    public ShopifyApiException(string message)
        : this(new ShopifyFailure(ShopifyFailureKind.Transient, message))
    {
    }

    public ShopifyApiException(string message, Exception innerException)
        : base(message, innerException) => Failure = new ShopifyFailure(ShopifyFailureKind.Transient, message);

    public ShopifyFailure Failure { get; }
}
