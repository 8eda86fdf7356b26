using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SyncStudio.Services.Diagnostics;

namespace SyncStudio.Services.Shopify;

/// <summary>
/// Sends one GraphQL document to the Admin API: waits for the shop's cost bucket, posts it, reads
/// <c>extensions.cost</c>, and retries what is safe to retry (Polly, on the injected <see cref="TimeProvider"/>).
/// <list type="bullet">
/// <item>THROTTLED (HTTP 200 with an error) and HTTP 429: Shopify ran nothing, so any document is sent again, after the
/// bucket has refilled to the request's cost (restore rate from the response) or after Retry-After.</item>
/// <item>A connection that could not be opened: nothing was sent, so any document is sent again, with backoff.</item>
/// <item>5xx, timeouts, a connection broken after sending: the outcome is unknown. Reads and mutations with an
/// idempotency key are sent again with backoff and jitter; other mutations stop with
/// <see cref="ShopifyFailureKind.OutcomeUnknown"/> so the caller reads back before re-sending.</item>
/// <item>Other 4xx, GraphQL errors and userErrors: never retried.</item>
/// </list>
/// </summary>
internal sealed class ShopifyGraphQLTransport
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly ResiliencePropertyKey<CallState> CallKey = new("SyncStudio.Shopify.Call");

    private readonly HttpClient _http;
    private readonly ShopifyOptions _options;
    private readonly ShopifyCostBuckets _buckets;
    private readonly Func<CancellationToken, ValueTask<ShopifyEndpoint>> _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SyncMetrics? _metrics;
    private readonly ResiliencePipeline<Attempt> _retry;
    private readonly ResiliencePipeline _timeout;

    /// <param name="endpoint">Where each call goes, asked once per call (the saved connection may change at any time).</param>
    public ShopifyGraphQLTransport(
        HttpClient http,
        ShopifyOptions options,
        ShopifyCostBuckets buckets,
        Func<CancellationToken, ValueTask<ShopifyEndpoint>> endpoint,
        TimeProvider time,
        ILogger logger,
        SyncMetrics? metrics = null)
    {
        _http = http;
        _metrics = metrics;
        _options = options;
        _buckets = buckets;
        _endpoint = endpoint;
        _time = time;
        _logger = logger;
        _timeout = options.RequestTimeout == Timeout.InfiniteTimeSpan
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(options.RequestTimeout).Build();

        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = time };
        var maxRetries = options.MaxFaultRetries + options.MaxThrottleRetries;
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                // Rate limits are waited out by the cost bucket before the next send; faults back off.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Result?.Kind is AttemptKind.Throttled or AttemptKind.RateLimited ? TimeSpan.Zero : null),
                OnRetry = args =>
                {
                    var attempt = args.Outcome.Result!;
                    var call = args.Context.Properties.GetValue(CallKey, null!);
                    ShopifyUsage.RecordRetry(attempt.IsRateLimit);
                    _metrics?.ShopifyRetry(call.Document.Name, attempt.IsRateLimit);
                    _logger.LogInformation(
                        "Shopify {Operation} attempt {Attempt} {Outcome}: {Detail}; retrying after {Delay} ms",
                        call.Document.Name, args.AttemptNumber + 1, attempt.Kind, attempt.Detail,
                        (long)args.RetryDelay.TotalMilliseconds);
                    attempt.Body?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        _retry = builder.Build();
    }

    /// <summary>Where a call made now would go (and with which token).</summary>
    public ValueTask<ShopifyEndpoint> EndpointAsync(CancellationToken cancellationToken) => _endpoint(cancellationToken);

    /// <summary>The cost bucket of the shop the last call went to (for the dashboard's throttle status).</summary>
    public ShopifyCostBucket? LastBucket { get; private set; }

    /// <summary>Sends <paramref name="document"/> and deserializes its <c>data</c>.</summary>
    public async Task<ShopifyResult<TData>> ExecuteAsync<TData>(
        ShopifyDocument document, JsonObject variables, int estimatedCost, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["query"] = document.Text,
            ["operationName"] = document.Name,
            ["variables"] = variables,
        };
        var endpoint = await _endpoint(cancellationToken);
        var bucket = _buckets.For(endpoint.ShopKey);
        LastBucket = bucket;
        var call = new CallState(this, endpoint, bucket, document, payload.ToJsonString(), estimatedCost, bucket.CostOf(document.Name, estimatedCost));
        using var activity = SyncTelemetry.Source.StartActivity($"shopify {document.Name}", ActivityKind.Client)
            ?.SetTag("syncstudio.shopify.operation", document.Name);
        call.Activity = activity;

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        Attempt attempt;
        try
        {
            attempt = await _retry.ExecuteAsync(
                static (ctx, state) => new ValueTask<Attempt>(state.Transport.SendOnceAsync(state, ctx.CancellationToken)),
                context,
                call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        activity?.SetTag("syncstudio.shopify.outcome", attempt.Kind.ToString());
        using (attempt.Body)
        {
            if (attempt.Kind == AttemptKind.Success)
            {
                var data = attempt.Body!.RootElement.GetProperty("data").Deserialize<TData>(JsonOptions);
                return data is null
                    ? ShopifyResult.Fail<TData>(new(ShopifyFailureKind.GraphQLErrors, $"{document.Name} returned no data."))
                    : ShopifyResult.Success(data);
            }

            var failure = ToFailure(document, attempt);
            _logger.LogWarning("Shopify {Operation} failed: {Failure}", document.Name, failure);
            return ShopifyResult.Fail<TData>(failure);
        }
    }

    private static ShopifyFailure ToFailure(ShopifyDocument document, Attempt attempt) => attempt.Kind switch
    {
        AttemptKind.Throttled or AttemptKind.RateLimited =>
            new(ShopifyFailureKind.Throttled, $"{document.Name} still throttled: {attempt.Detail}", [], attempt.HttpStatus),
        AttemptKind.NotSent =>
            new(ShopifyFailureKind.Transient, $"{document.Name} could not be sent: {attempt.Detail}", [], attempt.HttpStatus),
        AttemptKind.Unknown when document.Kind == ShopifyDocumentKind.Mutation =>
            new(ShopifyFailureKind.OutcomeUnknown,
                $"{document.Name} may or may not have been applied: {attempt.Detail}", [], attempt.HttpStatus),
        AttemptKind.Unknown =>
            new(ShopifyFailureKind.Transient, $"{document.Name} failed: {attempt.Detail}", [], attempt.HttpStatus),
        AttemptKind.HttpError =>
            new(ShopifyFailureKind.HttpStatus, $"{document.Name} refused: {attempt.Detail}", [], attempt.HttpStatus),
        _ => new(ShopifyFailureKind.GraphQLErrors, $"{document.Name} refused: {attempt.Detail}", [], attempt.HttpStatus),
    };

    private bool ShouldRetry(Outcome<Attempt> outcome, ResilienceContext context)
    {
        if (outcome.Result is not { } attempt)
        {
            return false;
        }

        var call = context.Properties.GetValue(CallKey, null!);
        switch (attempt.Kind)
        {
            case AttemptKind.Throttled or AttemptKind.RateLimited:
                return ++call.ThrottleRetries <= _options.MaxThrottleRetries;
            case AttemptKind.NotSent:
                return ++call.FaultRetries <= _options.MaxFaultRetries;
            case AttemptKind.Unknown:
                return call.Document.RetryAfterUnknownOutcome && ++call.FaultRetries <= _options.MaxFaultRetries;
            default:
                return false;
        }
    }

    private async Task<Attempt> SendOnceAsync(CallState call, CancellationToken cancellationToken)
    {
        // Pacing sits outside the per-attempt timeout: waiting for the bucket is not a slow response.
        var waited = await call.Bucket.WaitForCapacityAsync(call.Cost, cancellationToken);
        if (waited > TimeSpan.Zero)
            _metrics?.ThrottleWait(call.Document.Name, waited);
        ShopifyUsage.RecordCall();
        _metrics?.ShopifyCall(call.Document.Name);
        try
        {
            return await _timeout.ExecuteAsync(
                static (state, token) => new ValueTask<Attempt>(state.Transport.PostAsync(state, token)),
                call,
                cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            return new Attempt(AttemptKind.Unknown, $"no response within {_options.RequestTimeout}");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError
            or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError)
        {
            return new Attempt(AttemptKind.NotSent, e.Message);
        }
        catch (HttpRequestException e)
        {
            return new Attempt(AttemptKind.Unknown, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(AttemptKind.Unknown, "the request timed out");
        }
        catch (JsonException e)
        {
            return new Attempt(AttemptKind.Unknown, "unreadable response: " + e.Message);
        }
    }

    private async Task<Attempt> PostAsync(CallState call, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await call.Endpoint.Token.GetAsync(cancellationToken);
        }
        catch (ShopifyTokenException e)
        {
            // The GraphQL request was not sent: safe to try again when the shop could not be reached.
            return new Attempt(e.Transient ? AttemptKind.NotSent : AttemptKind.HttpError, e.Message, HttpStatus: 401);
        }

        var response = await SendAsync(call, token, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized && !call.RenewedToken)
        {
            // An expired or revoked token: Shopify ran nothing, so the request goes once more with a renewed token
            // (one renewal for every call that saw the same token refused).
            call.RenewedToken = true;
            string? renewed;
            try
            {
                renewed = await call.Endpoint.Token.RenewAfterRejectionAsync(token, cancellationToken);
            }
            catch (ShopifyTokenException e)
            {
                response.Dispose();
                return new Attempt(e.Transient ? AttemptKind.NotSent : AttemptKind.HttpError, e.Message, HttpStatus: 401);
            }

            if (renewed is not null)
            {
                response.Dispose();
                response = await SendAsync(call, renewed, cancellationToken);
            }
        }

        using var _ = response;
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            var retryAfter = RetryAfter(response);
            call.Bucket.PauseUntil(_time.GetUtcNow() + retryAfter);
            return new Attempt(AttemptKind.RateLimited, $"HTTP 429, Retry-After {retryAfter.TotalSeconds:0.###} s", HttpStatus: status);
        }

        if (status >= 500)
        {
            return new Attempt(AttemptKind.Unknown, $"HTTP {status}", HttpStatus: status);
        }

        if (!response.IsSuccessStatusCode)
        {
            return new Attempt(AttemptKind.HttpError, $"HTTP {status} {response.ReasonPhrase}", HttpStatus: status);
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var body = JsonDocument.Parse(bytes);
        var attempt = Interpret(call, body);
        if (attempt.Kind != AttemptKind.Success)
        {
            body.Dispose();
            return attempt;
        }

        return attempt with { Body = body };
    }

    private async Task<HttpResponseMessage> SendAsync(CallState call, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Endpoint.GraphQLEndpoint)
        {
            Content = new StringContent(call.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Shopify-Access-Token", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private Attempt Interpret(CallState call, JsonDocument body)
    {
        var root = body.RootElement;
        if (root.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("cost", out var cost))
        {
            ObserveCost(call, cost);
        }

        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var codes = errors.EnumerateArray()
                .Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() : null)
                .ToList();
            var messages = string.Join("; ", errors.EnumerateArray()
                .Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : null)
                .Where(m => !string.IsNullOrEmpty(m)));
            if (codes.Contains("THROTTLED"))
            {
                return new Attempt(AttemptKind.Throttled, "THROTTLED");
            }

            if (codes.Contains("INTERNAL_SERVER_ERROR"))
            {
                return new Attempt(AttemptKind.Unknown, "INTERNAL_SERVER_ERROR: " + messages);
            }

            var codeList = string.Join(",", codes.Where(c => c is not null).Distinct());
            return new Attempt(AttemptKind.GraphQLError, codeList.Length > 0 ? $"{codeList}: {messages}" : messages);
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return new Attempt(AttemptKind.GraphQLError, "the response has no data");
        }

        return new Attempt(AttemptKind.Success, "ok");
    }

    private void ObserveCost(CallState call, JsonElement cost)
    {
        var requested = ReadInt(cost, "requestedQueryCost");
        var actual = ReadInt(cost, "actualQueryCost");
        if (requested is { } r)
        {
            // A THROTTLED request is re-sent once the bucket holds what Shopify says it costs.
            call.Bucket.LearnCost(call.Document.Name, call.EstimatedCost, r);
            call.Cost = r;
        }

        ShopifyUsage.RecordCost(requested ?? 0, actual ?? 0);
        _metrics?.ShopifyCost(call.Document.Name, requested ?? 0, actual ?? 0);
        call.Activity?.SetTag("syncstudio.shopify.requested_cost", requested).SetTag("syncstudio.shopify.actual_cost", actual);
        if (cost.TryGetProperty("throttleStatus", out var throttle) && throttle.ValueKind == JsonValueKind.Object)
        {
            var status = new ShopifyThrottleStatus(
                ReadDouble(throttle, "maximumAvailable"),
                ReadDouble(throttle, "currentlyAvailable"),
                ReadDouble(throttle, "restoreRate"),
                _time.GetUtcNow());
            call.Bucket.Observe(status);
            _logger.LogDebug(
                "Shopify {Operation}: requested {Requested}, actual {Actual}, available {Available}/{Maximum} (+{Rate}/s)",
                call.Document.Name, requested, actual, status.CurrentlyAvailable, status.MaximumAvailable, status.RestoreRate);
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        // Shopify sends seconds as a decimal ("2.0"), which the typed header parser rejects.
        if (response.Headers.TryGetValues("Retry-After", out var values) && values.FirstOrDefault() is { } raw)
        {
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - _time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return _options.RetryBaseDelay;
    }

    private static int? ReadInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? (int)Math.Round(value.GetDouble())
            : null;

    private static double ReadDouble(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private enum AttemptKind
    {
        Success,
        Throttled,
        RateLimited,
        NotSent,
        Unknown,
        HttpError,
        GraphQLError,
    }

    private sealed record Attempt(AttemptKind Kind, string Detail, JsonDocument? Body = null, int? HttpStatus = null)
    {
        public bool IsRateLimit => Kind is AttemptKind.Throttled or AttemptKind.RateLimited;
    }

    private sealed class CallState(
        ShopifyGraphQLTransport transport,
        ShopifyEndpoint endpoint,
        ShopifyCostBucket bucket,
        ShopifyDocument document,
        string body,
        int estimatedCost,
        int cost)
    {
        public ShopifyGraphQLTransport Transport { get; } = transport;

        public ShopifyEndpoint Endpoint { get; } = endpoint;

        public ShopifyCostBucket Bucket { get; } = bucket;

        public ShopifyDocument Document { get; } = document;

        public string Body { get; } = body;

        public int EstimatedCost { get; } = estimatedCost;

        public int Cost { get; set; } = cost;

        public int ThrottleRetries { get; set; }

        public int FaultRetries { get; set; }

        /// <summary>The token was renewed once after a 401 in this call: a second 401 is an answer, not a stale token.</summary>
        public bool RenewedToken { get; set; }

        /// <summary>The call's span, when someone listens, to carry the cost Shopify reports.</summary>
        public Activity? Activity { get; set; }
    }
}
