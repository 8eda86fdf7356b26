using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// <c>POST {prefix}/admin/api/{version}/graphql.json</c>: Shopify's Admin GraphQL endpoint. Checks the
/// access token, applies the switched-on faults, runs the document (parse, validate, cost, execute) and
/// answers with Shopify's shapes, <c>extensions.cost</c> included.
/// </summary>
internal static class AdminApiEndpoint
{
    public const string AccessTokenHeader = "X-Shopify-Access-Token";
    private const string RateLimitsDocumentation = "https://shopify.dev/api/usage/rate-limits";

    public static async Task HandleAsync(HttpContext http, string pathPrefix)
    {
        var simulator = http.RequestServices.GetRequiredService<SimulatedShop>();
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminApiEndpoint));
        var aborted = http.RequestAborted;
        http.Response.Headers["X-Request-Id"] = Guid.NewGuid().ToString();

        if (!IsAuthorized(http, simulator))
        {
            await WriteUnauthorizedAsync(http);
            return;
        }

        var faults = simulator.Faults;
        if (faults.TakeTooManyRequests(simulator.Time.GetUtcNow()) is { } retryAfter)
        {
            await WriteTooManyRequestsAsync(http, retryAfter);
            return;
        }

        if (faults.Latency is { } latency && latency > TimeSpan.Zero)
        {
            // A timer may fire up to a tick early: every answer is at least the configured latency late.
            var delayed = Stopwatch.GetTimestamp();
            for (var left = latency; left > TimeSpan.Zero; left = latency - Stopwatch.GetElapsedTime(delayed))
                await Task.Delay(left + TimeSpan.FromMilliseconds(1), aborted);
        }
        if (faults.TakeTimeout() is { } hold)
        {
            // Held past the client's timeout; a client still waiting afterwards gets a gateway timeout.
            try
            {
                await Task.Delay(hold, aborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            http.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            await http.Response.WriteAsync("504 Gateway Time-out", aborted);
            return;
        }

        if (faults.TakeServerError() is { } status)
        {
            http.Response.StatusCode = status;
            await WriteJsonAsync(http, w => w.WriteString("errors", status == 503 ? "Service Unavailable" : "Internal Server Error"));
            return;
        }

        var request = await ReadRequestAsync(http);
        if (request?.Query is not { Length: > 0 })
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteJsonAsync(http, w =>
            {
                w.WriteStartObject("errors");
                w.WriteString("query", "Required parameter missing or invalid");
                w.WriteEndObject();
            });
            return;
        }

        if (faults.Current.FailMutation is not null && faults.TakeMutationFailure(MutationFields(request)) is { } failure)
        {
            http.Response.StatusCode = failure;
            await WriteJsonAsync(http, w => w.WriteString("errors", failure == 503 ? "Service Unavailable" : "Internal Server Error"));
            return;
        }

        var schema = AdminSchema.Instance;
        var execution = new SimulatorExecution(simulator, BaseUrl(http, pathPrefix)) { ForceThrottle = faults.TakeThrottle() };
        _ = simulator.Store; // load the store before timing anything
        var started = Stopwatch.GetTimestamp();
        var result = await schema.Executer.ExecuteAsync(options =>
        {
            options.Schema = schema.Schema;
            options.Query = request.Query;
            options.Variables = request.Variables;
            options.OperationName = request.OperationName;
            options.UserContext = execution;
            options.RequestServices = http.RequestServices;
            options.CancellationToken = aborted;
            options.Listeners.Add(schema.CostListener);
            options.UnhandledExceptionDelegate = context =>
            {
                logger.LogError(context.OriginalException, "Simulator resolver failed");
                return Task.CompletedTask;
            };
        });

        if (execution.Refusal != CostRefusal.None)
        {
            await WriteRefusalAsync(http, simulator, execution);
            return;
        }

        var actual = execution.CostCharged ? QueryCost.Actual(result, execution.IsMutation, execution.RequestedCost) : 0;
        if (execution.CostCharged)
            simulator.Bucket.Refund(execution.RequestedCost - actual);
        result.Extensions ??= [];
        result.Extensions["cost"] = CostExtension(simulator, execution.RequestedCost, actual);
        logger.LogDebug("Simulator request took {Elapsed} ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        if (execution.IsMutation && result.Executed && faults.TakeLostResponse())
        {
            // The write was applied; the client never hears so.
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            await http.Response.WriteAsync("502 Bad Gateway", aborted);
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await schema.Serializer.WriteAsync(http.Response.Body, result, aborted);
    }

    /// <summary>
    /// HTTP 429 with <c>Retry-After</c> in seconds as Shopify writes it ("2.0"), rounded up so a client that waits
    /// exactly that long is not early (https://shopify.dev/docs/api/usage/response-codes,
    /// https://shopify.dev/docs/api/usage/limits#rate-limits). Nothing ran and no cost is reported.
    /// </summary>
    private static Task WriteTooManyRequestsAsync(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Ceiling(retryAfter.TotalSeconds * 10) / 10;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        return WriteJsonAsync(http, w => w.WriteString("errors", "Exceeded the rate limit for this app and shop. Reduce request rates to resume uninterrupted service."));
    }

    /// <summary>The root fields of the request's mutation (none for a query or a document that does not parse).</summary>
    private static List<string> MutationFields(GraphQLRequest request)
    {
        try
        {
            var document = GraphQLParser.Parser.Parse(request.Query!);
            var operation = document.Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>()
                .FirstOrDefault(o => request.OperationName is null || o.Name?.StringValue == request.OperationName);
            return operation?.Operation == GraphQLParser.AST.OperationType.Mutation
                ? [.. operation.SelectionSet.Selections.OfType<GraphQLParser.AST.GraphQLField>().Select(f => f.Name.StringValue)]
                : [];
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return [];
        }
    }

    public static bool IsAuthorized(HttpContext http, SimulatedShop simulator)
    {
        // The configured token, or one the token endpoint issued and that has not expired on the simulator's clock.
        return simulator.OAuth.IsValid(http.Request.Headers[AccessTokenHeader].ToString());
    }

    /// <summary>
    /// Shopify's answer to a missing, wrong or expired token: HTTP 401 with this body
    /// (https://shopify.dev/docs/api/usage/response-codes).
    /// </summary>
    public static Task WriteUnauthorizedAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return WriteJsonAsync(http, w => w.WriteString("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"));
    }

    /// <summary>The simulator's root as this request reached it: scheme, host, path base and prefix.</summary>
    public static string BaseUrl(HttpContext http, string pathPrefix) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{pathPrefix.TrimEnd('/')}";

    private static async Task<GraphQLRequest?> ReadRequestAsync(HttpContext http)
    {
        try
        {
            if (http.Request.ContentType?.StartsWith("application/graphql", StringComparison.OrdinalIgnoreCase) == true)
            {
                using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
                return new GraphQLRequest { Query = await reader.ReadToEndAsync(http.RequestAborted) };
            }

            return await AdminSchema.Instance.Serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    private static Dictionary<string, object?> CostExtension(SimulatedShop simulator, int requested, int? actual) => new()
    {
        ["requestedQueryCost"] = requested,
        ["actualQueryCost"] = actual,
        ["throttleStatus"] = new Dictionary<string, object?>
        {
            ["maximumAvailable"] = simulator.Bucket.Capacity,
            ["currentlyAvailable"] = (int)Math.Floor(simulator.Bucket.Available),
            ["restoreRate"] = simulator.Bucket.RestoreRate,
        },
    };

    private static Task WriteRefusalAsync(HttpContext http, SimulatedShop simulator, SimulatorExecution execution)
    {
        var requested = execution.RequestedCost;
        var maxCost = simulator.Options.MaxQueryCost;
        return WriteJsonAsync(http, w =>
        {
            w.WriteStartArray("errors");
            w.WriteStartObject();
            if (execution.Refusal == CostRefusal.InputTooLarge && execution.RefusedInput is var (path, size, limit))
            {
                // The limit is documented (InputLimits); the message and code follow what Shopify answers.
                w.WriteString("message", $"The input array size of {size} is greater than the maximum allowed of {limit}.");
                w.WriteStartArray("path");
                foreach (var part in path)
                {
                    if (part is int index)
                        w.WriteNumberValue(index);
                    else
                        w.WriteStringValue(Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture));
                }

                w.WriteEndArray();
                w.WriteStartObject("extensions");
                w.WriteString("code", "MAX_INPUT_SIZE_EXCEEDED");
                w.WriteString("documentation", "https://shopify.dev/docs/api/usage/limits#input-limits");
                w.WriteEndObject();
            }
            else if (execution.Refusal == CostRefusal.Throttled)
            {
                w.WriteString("message", "Throttled");
                w.WriteStartObject("extensions");
                w.WriteString("code", "THROTTLED");
                w.WriteString("documentation", RateLimitsDocumentation);
                w.WriteEndObject();
            }
            else
            {
                w.WriteString("message",
                    $"Query cost is {requested}, which exceeds the single query max cost limit ({maxCost}).\n\n" +
                    "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
                    "cost of a query is calculated.\n\n" +
                    "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
                    "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n");
                w.WriteStartObject("extensions");
                w.WriteString("code", "MAX_COST_EXCEEDED");
                w.WriteNumber("cost", requested);
                w.WriteNumber("maxCost", maxCost);
                w.WriteString("documentation", RateLimitsDocumentation);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("extensions");
            w.WritePropertyName("cost");
            JsonSerializer.Serialize(w, CostExtension(simulator, requested, null));
            w.WriteEndObject();
        });
    }

    public static async Task WriteJsonAsync(HttpContext http, Action<Utf8JsonWriter> writeProperties)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
