using System.Net;
using System.Text;
using System.Text.Json;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Security;

/// <summary>
/// Every operation of the published OpenAPI document fed bad input, as the most privileged caller so authorization
/// never hides a validation gap: each answer must be a 4xx in the error shape, and nothing may reach the database.
/// Bodies are sent in each media type the document names for the operation, which the route must then take (never
/// 415), and once in a type it does not name, which must be refused in the error shape.
/// </summary>
public sealed class BadInputSweepTests : IAsyncLifetime
{
    private static readonly string Huge = new('x', 100 * 1024);
    private static readonly string[] WrongForms = ["999999", "abc", new string('a', 200)];
    private const string Json = "application/json";
    private const string Csv = "text/csv";

    private readonly SyncStudioApp _app = new(settings: new Dictionary<string, string?> { ["Sync:DefaultWaitSeconds"] = "0" });
    private readonly List<string> _failures = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryOperationRefusesBadInputInTheErrorShapeAndLeavesTheDatabaseAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Admin);
        using var document = await OpenApiDocumentTests.ReadDocumentAsync(_app, ct);
        var root = document.RootElement;
        var before = await DatabaseSnapshot.TakeAsync(_app.Services, ct);
        var operations = 0;
        var withBody = 0;
        var swept = new HashSet<string>(StringComparer.Ordinal);

        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var method = operation.Name.ToUpperInvariant();
                swept.Add($"{method} {path.Name}");
                var url = Fill(path.Name, "1");
                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    withBody++;
                    foreach (var mediaType in body.GetProperty("content").EnumerateObject().Select(c => c.Name))
                    {
                        if (mediaType == Json)
                            await SweepBodyAsync(client, method, url, Properties(root, body), ct);
                        else if (mediaType == Csv)
                            await SweepCsvBodyAsync(client, method, url, ct);
                        else
                            _failures.Add($"{method} {url}: documents a {mediaType} body, which this sweep cannot feed");
                    }
                    await ExpectRefusedAsync(client, method, url, "<product/>", "a media type the document does not name", ct,
                        mediaType: "application/xml", documented: false);
                }
                if (method == "GET" && !path.Name.Contains('{', StringComparison.Ordinal))
                    await SweepQueryAsync(client, url, operation.Value, ct);
                if (path.Name.Contains('{', StringComparison.Ordinal))
                {
                    foreach (var id in WrongForms)
                    {
                        var content = method is "POST" or "PUT" or "PATCH" ? "{}" : null;
                        await ExpectRefusedAsync(client, method, Fill(path.Name, Uri.EscapeDataString(id)), content, $"path id {id[..Math.Min(id.Length, 10)]}", ct);
                    }
                }
            }
        }

        Assert.True(operations >= 25, $"Only {operations} operations in the document");
        foreach (var route in new[] { "POST /api/users/{id}/disable", "POST /api/users/{id}/enable", "DELETE /api/users/{id}",
                     "POST /api/users/{id}/reset-password", "POST /api/auth/password" })
            Assert.Contains(route, swept);
        Assert.True(withBody >= 12, $"Only {withBody} operations with a body");
        var after = await DatabaseSnapshot.TakeAsync(_app.Services, ct);
        _failures.AddRange(after.DifferencesFrom(before).Select(d => $"database changed: {d}"));
        Assert.True(_failures.Count == 0, string.Join(Environment.NewLine, _failures));
    }

    private async Task SweepBodyAsync(HttpClient client, string method, string url, IReadOnlyDictionary<string, string[]> properties, CancellationToken ct)
    {
        await ExpectRefusedAsync(client, method, url, "{\"a\":", "malformed JSON", ct);
        await ExpectRefusedAsync(client, method, url, "[]", "array body", ct);
        await ExpectRefusedAsync(client, method, url, "{\"no_such_field\":1}", "unknown field", ct);
        foreach (var (name, types) in properties)
        {
            var wrong = types.Contains("string") ? "12345" : "\"abc\"";
            await ExpectRefusedAsync(client, method, url, $"{{\"{name}\":{wrong}}}", $"wrong type for {name}", ct);
        }
        var strings = properties.Where(p => p.Value.Contains("string")).Select(p => p.Key).ToList();
        if (strings.Count == 0)
            strings.Add("no_such_field");
        foreach (var name in strings)
            await ExpectRefusedAsync(client, method, url, JsonSerializer.Serialize(new Dictionary<string, string> { [name] = Huge }), $"100 KB {name}", ct);
    }

    private async Task SweepCsvBodyAsync(HttpClient client, string method, string url, CancellationToken ct)
    {
        await ExpectRefusedAsync(client, method, url, "", "empty CSV", ct, Csv);
        await ExpectRefusedAsync(client, method, url, "name,price\nmug,3\n", "CSV without product columns", ct, Csv);
        await ExpectRefusedAsync(client, method, url, "{\"a\":", "JSON sent as CSV", ct, Csv);
        await ExpectRefusedAsync(client, method, url, "\"Handle,Title\nmug,Mug\n", "CSV whose header never closes its quote", ct, Csv);
        await ExpectRefusedAsync(client, method, url, Huge, "100 KB of one CSV cell", ct, Csv);
    }

    private async Task SweepQueryAsync(HttpClient client, string url, JsonElement operation, CancellationToken ct)
    {
        using var baseline = await client.GetAsync(url, ct);
        var baselineText = await baseline.Content.ReadAsStringAsync(ct);
        // No baseline to sweep a query against, and the contract's answer: a route that reads Shopify live answers 502
        // here (no shop is reachable from this app); one whose parameters are all required (Shopify's install
        // callback) refuses a plain call with 400.
        if (baseline.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.BadRequest && baselineText.Contains("\"error\"", StringComparison.Ordinal))
            return;
        if (baseline.StatusCode != HttpStatusCode.OK)
        {
            _failures.Add($"GET {url}: plain call answered {(int)baseline.StatusCode}: {Short(baselineText)}");
            return;
        }
        // Only paged lists read page/per_page; elsewhere they are unknown filters, which may legitimately be ignored.
        // A download (the CSV export) is no paged list.
        var paged = false;
        if (baseline.Content.Headers.ContentType?.MediaType == "application/json")
        {
            using var json = JsonDocument.Parse(baselineText);
            paged = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("page", out _);
        }
        string[] paging = ["page=-1", "page=0", "page=99999999999", "page=abc", "per_page=-1", "per_page=99999999999", "per_page=abc"];
        foreach (var query in paging)
            await ExpectRefusedAsync(client, "GET", $"{url}?{query}", null, query, ct, allowOk: !paged);
        await ExpectRefusedAsync(client, "GET", $"{url}?no_such_filter=1", null, "unknown filter", ct, allowOk: true);

        if (operation.TryGetProperty("parameters", out var parameters))
        {
            foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
            {
                var types = parameter.TryGetProperty("schema", out var schema) ? TypesOf(schema) : [];
                if (types.Contains("string"))
                    continue; // any text is a string
                await ExpectRefusedAsync(client, "GET", $"{url}?{parameter.GetProperty("name").GetString()}=not-a-number", null,
                    "wrong query type", ct);
            }
        }
    }

    /// <param name="documented">Whether the document names <paramref name="mediaType"/> for the operation: then the route must take it.</param>
    private async Task ExpectRefusedAsync(HttpClient client, string method, string url, string? content, string what, CancellationToken ct,
        string mediaType = Json, bool allowOk = false, bool documented = true)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (content is not null)
            request.Content = new StringContent(content, Encoding.UTF8, mediaType);
        using var response = await client.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        if (allowOk && status == 200)
            return;
        if (documented && content is not null && status == 415)
            _failures.Add($"{method} {Short(url)} ({what}): the document says it takes {mediaType}, the route answered 415");
        else if (status is < 400 or >= 500)
            _failures.Add($"{method} {Short(url)} ({what}): expected a 4xx, got {status}: {Short(await response.Content.ReadAsStringAsync(ct))}");
        else if (!await AuthorizationMatrix.IsErrorShapeAsync(response, ct))
            _failures.Add($"{method} {Short(url)} ({what}): {status} not in the error shape");
    }

    /// <summary>The body schema's properties and their JSON types, following a component reference.</summary>
    private static Dictionary<string, string[]> Properties(JsonElement root, JsonElement requestBody)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!requestBody.TryGetProperty("content", out var content) || !content.TryGetProperty("application/json", out var media)
            || !media.TryGetProperty("schema", out var schema))
            return result;
        schema = Resolve(root, schema);
        if (!schema.TryGetProperty("properties", out var properties))
            return result;
        foreach (var property in properties.EnumerateObject())
            result[property.Name] = TypesOf(Resolve(root, property.Value));
        return result;
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
            return schema;
        var name = reference.GetString()!.Split('/')[^1];
        return root.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }

    private static string[] TypesOf(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? ["object"]
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray()
        : [type.GetString()!];

    private static string Fill(string template, string id)
    {
        var url = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] != '{')
            {
                url.Append(template[i++]);
                continue;
            }
            var end = template.IndexOf('}', i);
            var name = template[(i + 1)..end];
            url.Append(id == "1" && name.Contains("batch", StringComparison.OrdinalIgnoreCase) ? "pull_x" : id);
            i = end + 1;
        }
        return url.ToString();
    }

    private static string Short(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
