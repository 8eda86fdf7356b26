using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Tests.Unit.Shopify;

/// <summary>A request the client sent, as the fake Admin API saw it.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    string? AccessToken,
    string? OperationName,
    string? Query,
    JsonObject? Variables,
    DateTimeOffset At)
{
    public string VariablesJson => Variables?.ToJsonString() ?? "{}";

    public JsonNode? Variable(string name) => Variables?[name];
}

/// <summary>
/// Answers like the Admin API: scripted replies first (in order), then replies by operation name, else fails the
/// test. A reply may throw to simulate a network fault.
/// </summary>
public sealed class FakeShopifyHandler(TimeProvider time) : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, HttpResponseMessage>> _byOperation = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<RecordedRequest> GraphQLRequests => [.. _requests.Where(r => r.OperationName is not null)];

    public FakeShopifyHandler Then(Func<RecordedRequest, HttpResponseMessage> reply) =>
        ThenAsync((request, _) => Task.FromResult(reply(request)));

    public FakeShopifyHandler ThenAsync(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> reply)
    {
        _script.Enqueue(reply);
        return this;
    }

    /// <summary>A response that never comes: the request hangs until the client gives up on it.</summary>
    public FakeShopifyHandler ThenNoResponse() => ThenAsync(async (_, cancellationToken) =>
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    });

    public FakeShopifyHandler Then(Func<HttpResponseMessage> reply) => Then(_ => reply());

    public FakeShopifyHandler On(string operationName, Func<RecordedRequest, HttpResponseMessage> reply)
    {
        _byOperation[operationName] = reply;
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var json = string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body)?.AsObject();
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.TryGetValues("X-Shopify-Access-Token", out var token) ? token.Single() : null,
            json?["operationName"]?.GetValue<string>(),
            json?["query"]?.GetValue<string>(),
            json?["variables"]?.AsObject(),
            time.GetUtcNow());
        _requests.Enqueue(recorded);
        if (_script.TryDequeue(out var scripted))
        {
            return await scripted(recorded, cancellationToken);
        }

        if (recorded.OperationName is { } name && _byOperation.TryGetValue(name, out var byName))
        {
            return byName(recorded);
        }

        throw new InvalidOperationException($"No reply scripted for {recorded.OperationName ?? recorded.Uri.ToString()}");
    }
}

/// <summary>Admin API response shapes.</summary>
public static class ShopifyReplies
{
    public static HttpResponseMessage Ok(
        JsonNode data, int requested = 10, int actual = 5, double available = 990, double maximum = 1000, double restoreRate = 50)
    {
        var body = new JsonObject
        {
            ["data"] = data,
            ["extensions"] = Cost(requested, actual, available, maximum, restoreRate),
        };
        return Json(HttpStatusCode.OK, body);
    }

    /// <summary>Shopify's THROTTLED: HTTP 200, an error with extensions.code, and the bucket's state.</summary>
    public static HttpResponseMessage Throttled(int requested, double available, double maximum = 1000, double restoreRate = 50)
    {
        var body = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject
            {
                ["message"] = "Throttled",
                ["extensions"] = new JsonObject
                {
                    ["code"] = "THROTTLED",
                    ["documentation"] = "https://shopify.dev/api/usage/limits#rate-limits",
                },
            }),
            ["extensions"] = Cost(requested, null, available, maximum, restoreRate),
        };
        return Json(HttpStatusCode.OK, body);
    }

    public static HttpResponseMessage GraphQLError(string message, string code) => Json(HttpStatusCode.OK, new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject
        {
            ["message"] = message,
            ["extensions"] = new JsonObject { ["code"] = code },
        }),
    });

    public static HttpResponseMessage TooManyRequests(string retryAfter)
    {
        var response = Json(HttpStatusCode.TooManyRequests, new JsonObject { ["errors"] = "Exceeded 2 calls per second for api client." });
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode status) =>
        Json(status, new JsonObject { ["errors"] = status.ToString() });

    public static HttpResponseMessage Jsonl(string content) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(content, Encoding.UTF8, "application/jsonl"),
    };

    public static JsonObject Product(
        long id,
        string title = "Shirt",
        DateTime? updatedAt = null,
        IEnumerable<JsonObject>? variants = null,
        string? variantsEndCursor = null,
        string[]? options = null)
    {
        var optionNames = options ?? ["Title"];
        var variantNodes = variants?.ToList() ?? [Variant(id * 10, options: [("Title", "Default Title")])];
        return new JsonObject
        {
            ["id"] = ShopifyGid.Product(id),
            ["title"] = title,
            ["handle"] = title.ToLowerInvariant().Replace(' ', '-'),
            ["descriptionHtml"] = $"<p>{title}</p>",
            ["vendor"] = "Acme",
            ["productType"] = "Shirts",
            ["tags"] = new JsonArray("cotton", "summer"),
            ["status"] = "ACTIVE",
            ["updatedAt"] = (updatedAt ?? new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc)).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["options"] = new JsonArray([.. optionNames.Select((n, i) => (JsonNode)new JsonObject { ["name"] = n, ["position"] = i + 1 })]),
            ["variants"] = Connection(variantNodes, variantsEndCursor),
        };
    }

    public static JsonObject Variant(
        long id, string? sku = null, string price = "25.00", int quantity = 3, params (string Name, string Value)[] options) => new()
        {
            ["id"] = ShopifyGid.Variant(id),
            ["sku"] = sku ?? "",
            ["price"] = price,
            ["compareAtPrice"] = null,
            ["inventoryQuantity"] = quantity,
            ["barcode"] = null,
            ["selectedOptions"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject { ["name"] = o.Name, ["value"] = o.Value })]),
            ["inventoryItem"] = new JsonObject
            {
                ["id"] = ShopifyGid.InventoryItem(id + 1000),
                ["measurement"] = new JsonObject
                {
                    ["weight"] = new JsonObject { ["unit"] = "KILOGRAMS", ["value"] = 0.25 },
                },
            },
        };

    /// <summary>A connection with <c>nodes</c>; <paramref name="endCursor"/> non-null means another page follows.</summary>
    public static JsonObject Connection(IEnumerable<JsonNode> nodes, string? endCursor = null) => new()
    {
        ["pageInfo"] = new JsonObject { ["hasNextPage"] = endCursor is not null, ["endCursor"] = endCursor },
        ["nodes"] = new JsonArray([.. nodes]),
    };

    public static JsonObject UserErrors(string payloadField, params (string Field, string Message, string? Code)[] errors) => new()
    {
        [payloadField] = new JsonObject
        {
            ["userErrors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject
            {
                ["field"] = new JsonArray([.. e.Field.Split('.').Select(f => (JsonNode)f)]),
                ["message"] = e.Message,
                ["code"] = e.Code,
            })]),
        },
    };

    private static JsonObject Cost(int requested, int? actual, double available, double maximum, double restoreRate) => new()
    {
        ["cost"] = new JsonObject
        {
            ["requestedQueryCost"] = requested,
            ["actualQueryCost"] = actual,
            ["throttleStatus"] = new JsonObject
            {
                ["maximumAvailable"] = maximum,
                ["currentlyAvailable"] = available,
                ["restoreRate"] = restoreRate,
            },
        },
    };

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) => new(status)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };
}

/// <summary>
/// Fake time that reports every timer the code under test starts, so a test can advance the clock exactly when the
/// code is waiting (no real sleeps, no races).
/// </summary>
public sealed class ManualTime : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public ManualTime()
        : base(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Every non-zero wait the code started, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Started(dueTime);
        return timer;
    }

    internal void OnTimerChanged(TimeSpan dueTime) => Started(dueTime);

    private void Started(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }
    }

    /// <summary>Runs <paramref name="work"/>, moving the clock forward by each wait as soon as it starts.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var task = work();
        while (true)
        {
            var timerStarted = _timers.Reader.WaitToReadAsync(TestContext.Current.CancellationToken).AsTask();
            if (await Task.WhenAny(task, timerStarted) == task)
            {
                return await task;
            }

            while (_timers.Reader.TryRead(out var due))
            {
                if (due > TimeSpan.Zero)
                {
                    _waits.Enqueue(due);
                }

                Advance(due);
            }
        }
    }
}

/// <summary>A timer whose re-arming (CancellationTokenSource.CancelAfter does that) is reported too.</summary>
internal sealed class ObservedTimer(ITimer inner, ManualTime time) : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        var changed = inner.Change(dueTime, period);
        time.OnTimerChanged(dueTime);
        return changed;
    }

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

/// <summary>Keeps every formatted log message, to check what reaches logs.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _messages);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>The client as the app registers it, over a fake Admin API and fake time.</summary>
public sealed class ShopifyTestHost : IDisposable
{
    public const string Token = "shpat_test_0123456789abcdef";

    private readonly ServiceProvider _services;

    /// <param name="addServices">Adds services the client takes when registered (the synced metafield namespaces, say).</param>
    public ShopifyTestHost(Action<ShopifyOptions>? configure = null, Action<IServiceCollection>? addServices = null)
    {
        Time = new ManualTime();
        Handler = new FakeShopifyHandler(Time);
        Logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddShopifyClient(options =>
            {
                options.ShopDomain = "syncstudio-test";
                options.AccessToken = Token;
                options.RequestTimeout = Timeout.InfiniteTimeSpan;
                configure?.Invoke(options);
            })
            .ConfigurePrimaryHttpMessageHandler(() => Handler);
        addServices?.Invoke(services);
        _services = services.BuildServiceProvider();
        Client = _services.GetRequiredService<IShopifyClient>();
    }

    public ManualTime Time { get; }

    public FakeShopifyHandler Handler { get; }

    public CapturingLoggerProvider Logs { get; }

    public IShopifyClient Client { get; }

    public ShopifyCostBuckets Buckets => _services.GetRequiredService<ShopifyCostBuckets>();

    public Task<T> RunAsync<T>(Func<IShopifyClient, Task<T>> work) => Time.RunAsync(() => work(Client));

    /// <summary>Another client instance, as another request scope or job would get.</summary>
    public IShopifyClient CreateClient() => _services.GetRequiredService<IShopifyClient>();

    public void Dispose() => _services.Dispose();
}

internal static class JsonAssert
{
    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
