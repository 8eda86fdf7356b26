using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// <c>{prefix}/control/*</c>: switch faults, read the mutation log, reset to the seed, see a summary.
/// They take the same access token as the Admin API. And <c>{prefix}/bulk/{id}.jsonl</c>, the bulk
/// results (no token, like Shopify's signed result URLs).
/// </summary>
internal static class ControlEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IResult GetFaults(SimulatedShop simulator) => Results.Json(simulator.Faults.Current, Json);

    public static async Task<Results<JsonHttpResult<FaultSettings>, BadRequest<string>>> SetFaults(HttpContext http, SimulatedShop simulator)
    {
        FaultSettings? settings;
        try
        {
            settings = await JsonSerializer.DeserializeAsync<FaultSettings>(http.Request.Body, Json, http.RequestAborted);
        }
        catch (JsonException e)
        {
            return TypedResults.BadRequest(e.Message);
        }

        if (settings is null || settings.ServerErrorRate is < 0 or > 1 || settings.TimeoutRate is < 0 or > 1 ||
            settings.LostResponseRate is < 0 or > 1 || settings.ThrottleBurstRate is < 0 or > 1 || settings.ThrottleBurstLength < 1
            || settings.TooManyRequestsRate is < 0 or > 1 || settings.RetryAfterSeconds < 0
            || settings.FailMutationAfter < 0 || settings.FailMutationTimes < 0
            || settings.ServerErrorStatus is < 500 or > 599 || settings.ServerErrorsAfterLostResponse < 0)
            return TypedResults.BadRequest("Rates are fractions between 0 and 1; serverErrorStatus is a 5xx code; retryAfterSeconds and the counts are not negative.");

        simulator.Faults.Configure(settings);
        return TypedResults.Json(simulator.Faults.Current, Json);
    }

    public static IResult GetLog(SimulatedShop simulator)
    {
        var entries = simulator.GetMutationLog();
        return Results.Json(new { count = entries.Count, entries }, Json);
    }

    public static IResult Reset(SimulatedShop simulator)
    {
        simulator.Reset();
        return Results.Json(simulator.GetState(), Json);
    }

    public static IResult GetState(SimulatedShop simulator) => Results.Json(simulator.GetState(), Json);

    public static IResult GetBulkResult(long id, SimulatedShop simulator) =>
        simulator.Bulk.ResultPath(id) is { } path && File.Exists(path)
            ? Results.File(path, "application/jsonl", enableRangeProcessing: true)
            : Results.NotFound();

    /// <summary>Refuses control requests without the simulator's access token, with Shopify's 401.</summary>
    public static async ValueTask<object?> RequireAccessToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var simulator = http.RequestServices.GetService(typeof(SimulatedShop)) as SimulatedShop;
        if (simulator is null || !AdminApiEndpoint.IsAuthorized(http, simulator))
        {
            await AdminApiEndpoint.WriteUnauthorizedAsync(http);
            return Results.Empty;
        }

        return await next(context);
    }
}
