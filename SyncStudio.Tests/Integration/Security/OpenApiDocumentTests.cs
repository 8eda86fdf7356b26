using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Security;

public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheDocumentIsAnonymousAndDescribesEveryApiRouteWithItsRole()
    {
        var ct = TestContext.Current.CancellationToken;
        using var document = await ReadDocumentAsync(_app, ct);
        var paths = document.RootElement.GetProperty("paths");

        var routes = AuthorizationMatrix.Discover(_app.Services).Where(r => !r.Pattern.StartsWith("/api/docs", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(routes);
        var missing = new List<string>();
        foreach (var route in routes)
        {
            var path = Normalize(route.Pattern);
            if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(route.Method.ToLowerInvariant(), out var operation))
            {
                missing.Add($"{route.Key} is not in the document (as {path})");
                continue;
            }
            var expected = route.AllowsAnonymous ? "anonymous" : route.RequiredRole;
            var role = operation.TryGetProperty("x-required-role", out var r) ? r.GetString() : null;
            if (role != expected)
                missing.Add($"{route.Key}: x-required-role is {role ?? "absent"}, the route needs {expected}");
            if (!operation.GetProperty("responses").TryGetProperty("400", out var bad)
                || !bad.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!.EndsWith("/ErrorResponse", StringComparison.Ordinal))
                missing.Add($"{route.Key}: no 400 answer with the ErrorResponse schema");
            if (route.Method is "POST" or "PUT" or "PATCH" && !operation.TryGetProperty("requestBody", out _))
                missing.Add($"{route.Key}: no request body");
            if (!route.AllowsAnonymous && !operation.TryGetProperty("security", out _))
                missing.Add($"{route.Key}: no security requirement");
        }
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public async Task TheDocumentSpeaksSnakeCaseAndDeclaresBearerAndTheErrorShape()
    {
        var ct = TestContext.Current.CancellationToken;
        using var document = await ReadDocumentAsync(_app, ct);
        var components = document.RootElement.GetProperty("components");

        var bearer = components.GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());

        var error = components.GetProperty("schemas").GetProperty("ErrorResponse").GetProperty("properties");
        Assert.True(error.TryGetProperty("error", out _));
        Assert.True(error.TryGetProperty("details", out _));

        var token = components.GetProperty("schemas").GetProperty("TokenResponse").GetProperty("properties");
        Assert.True(token.TryGetProperty("access_token", out _), token.ToString());

        var notSnake = components.GetProperty("schemas").EnumerateObject()
            .Where(s => s.Value.TryGetProperty("properties", out _))
            .SelectMany(s => s.Value.GetProperty("properties").EnumerateObject().Select(p => $"{s.Name}.{p.Name}"))
            .Where(name => !SnakeCase().IsMatch(name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..]))
            .ToList();
        Assert.True(notSnake.Count == 0, string.Join(", ", notSnake));
    }

    [Fact]
    public async Task TheReferencePageRendersWithoutSigningIn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = _app.CreateClient();

        using var response = await client.GetAsync("/api/docs", ct);

        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("SyncStudio API", text, StringComparison.Ordinal);

        // The page is a shell: it must be able to load its own script (also anonymously, also under /api).
        var scripts = ScriptSource().Matches(text).Select(m => m.Groups[1].Value).Where(src => !src.StartsWith("http", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scripts);
        foreach (var src in scripts)
        {
            using var script = await client.GetAsync(new Uri(response.RequestMessage!.RequestUri!, src), ct);
            Assert.True(script.StatusCode == HttpStatusCode.OK, $"{src}: {(int)script.StatusCode}");
            Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheImportRouteIsDescribedAsTheCsvItTakesWithItsErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        using var document = await ReadDocumentAsync(_app, ct);

        var import = document.RootElement.GetProperty("paths").GetProperty("/api/products/import").GetProperty("post");
        var content = import.GetProperty("requestBody").GetProperty("content");
        Assert.Equal(["text/csv"], content.EnumerateObject().Select(c => c.Name));
        Assert.Equal("string", content.GetProperty("text/csv").GetProperty("schema").GetProperty("type").GetString());
        var responses = import.GetProperty("responses");
        Assert.True(responses.TryGetProperty("415", out _), responses.ToString());
        Assert.True(responses.TryGetProperty("413", out _), responses.ToString());
    }

    public static async Task<JsonDocument> ReadDocumentAsync(SyncStudioApp app, CancellationToken ct)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json", ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    /// <summary>A route pattern as the document writes it: no constraints, no trailing slash.</summary>
    public static string Normalize(string pattern)
    {
        var path = RouteParameter().Replace(pattern, "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{\*?(\w+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex SnakeCase();
}
