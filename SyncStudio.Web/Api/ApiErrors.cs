using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace SyncStudio.Web.Api;

/// <summary>The contract's error shape: <c>{"error": "...", "details": {...}}</c>.</summary>
public sealed record ErrorResponse(string Error, IReadOnlyDictionary<string, object?> Details);

/// <summary>The error convention in one place: every /api error goes through here.</summary>
public static class ApiErrors
{
    private static readonly Dictionary<string, object?> NoDetails = [];

    public static JsonHttpResult<ErrorResponse> Problem(int status, string error, IReadOnlyDictionary<string, object?>? details = null) =>
        TypedResults.Json(new ErrorResponse(error, details ?? NoDetails), statusCode: status);

    public static JsonHttpResult<ErrorResponse> BadRequest(string error, IReadOnlyDictionary<string, object?>? details = null) =>
        Problem(StatusCodes.Status400BadRequest, error, details);

    public static JsonHttpResult<ErrorResponse> Validation(IReadOnlyDictionary<string, string> fields) =>
        Problem(StatusCodes.Status400BadRequest, "Validation failed",
            fields.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));

    public static JsonHttpResult<ErrorResponse> NotFound(string what, object? id) =>
        Problem(StatusCodes.Status404NotFound, $"{what} not found", new Dictionary<string, object?> { ["id"] = id });

    public static JsonHttpResult<ErrorResponse> Conflict(string error, IReadOnlyDictionary<string, object?>? details = null) =>
        Problem(StatusCodes.Status409Conflict, error, details);

    public static JsonHttpResult<ErrorResponse> Forbidden(string error, IReadOnlyDictionary<string, object?>? details = null) =>
        Problem(StatusCodes.Status403Forbidden, error, details);

    public static async Task WriteAsync(HttpContext context, int status, string error, IReadOnlyDictionary<string, object?>? details = null)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = status;
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await context.Response.WriteAsJsonAsync(new ErrorResponse(error, details ?? NoDetails), options,
            contentType: "application/json; charset=utf-8");
    }

    /// <summary>
    /// Turns what goes wrong below it into the error shape: unreadable bodies and bad parameters (400, or 413 for an
    /// oversized body), and any other fault (500, logged, no stack trace to the client). Also answers empty 404/405s
    /// under /api in the same shape.
    /// </summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.Use(async (context, next) =>
        {
            // Kestrel enforces the body size limit as the body is read. A handler whose body is bound for it (the
            // token route's TokenRequest) has that read failure swallowed by the binder, and Kestrel then answers an
            // empty 413: the body is watched here so the answer is the error shape whoever read it.
            var body = new BodyLimitWatch(context.Request.Body);
            context.Request.Body = body;
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex)
            {
                await WriteBadRequestAsync(context, ex);
                return;
            }
            catch (JsonException ex)
            {
                await WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed request",
                    new Dictionary<string, object?> { ["body"] = ex.Message, ["path"] = ex.Path });
                return;
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SyncStudio.Api")
                    .LogError(ex, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                await WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal server error",
                    new Dictionary<string, object?> { ["trace_id"] = context.TraceIdentifier });
                return;
            }

            if (context.Response.HasStarted || context.Response.ContentLength > 0 || context.Response.ContentType is not null)
                return;
            if (body.Rejected is { } rejected)
            {
                await WriteBadRequestAsync(context, rejected);
                return;
            }
            switch (context.Response.StatusCode)
            {
                case StatusCodes.Status404NotFound:
                    await WriteAsync(context, 404, "Not found", new Dictionary<string, object?> { ["path"] = context.Request.Path.Value });
                    break;
                case StatusCodes.Status405MethodNotAllowed:
                    await WriteAsync(context, 405, "Method not allowed", new Dictionary<string, object?> { ["method"] = context.Request.Method });
                    break;
                case StatusCodes.Status415UnsupportedMediaType:
                    await WriteAsync(context, 415, "Unsupported media type",
                        new Dictionary<string, object?> { ["content_type"] = "Send application/json." });
                    break;
            }
        }));

    private static Task WriteBadRequestAsync(HttpContext context, BadHttpRequestException ex) =>
        WriteAsync(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Malformed request",
            DescribeBadRequest(context, ex));

    private static Dictionary<string, object?> DescribeBadRequest(HttpContext context, BadHttpRequestException ex)
    {
        var details = new Dictionary<string, object?> { ["request"] = ex.Message };
        if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max)
            details["max_bytes"] = max;
        if (ex.InnerException is JsonException json)
        {
            details["body"] = json.Message;
            details["path"] = json.Path;
        }
        return details;
    }

    /// <summary>The request body, remembering a rejection (an oversized body) that whoever read it may have swallowed.</summary>
    private sealed class BodyLimitWatch(Stream inner) : Stream
    {
        public BadHttpRequestException? Rejected { get; private set; }

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (BadHttpRequestException ex)
            {
                Rejected ??= ex;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (BadHttpRequestException ex)
            {
                Rejected ??= ex;
                throw;
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
