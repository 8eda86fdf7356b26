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
        if (faults.Latency > TimeSpan.Zero)
            await Task.Delay(faults.Latency, aborted);
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

        var actual = execution.CostCharged ? QueryCost.Actual(result, execution.IsMutation) : 0;
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

    public static bool IsAuthorized(HttpContext http, SimulatedShop simulator)
    {
        var presented = http.Request.Headers[AccessTokenHeader].ToString();
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(simulator.Options.AccessToken));
    }

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
            if (execution.Refusal == CostRefusal.Throttled)
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
