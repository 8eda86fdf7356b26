using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

/// <summary>A raw GraphQL answer: HTTP status, body, and the body parsed when it is JSON.</summary>
internal sealed record GraphQLAnswer(HttpStatusCode Status, string Body, JsonNode? Json)
{
    public JsonNode Data => Json?["data"] ?? throw new InvalidOperationException($"No data in: {Body}");

    public JsonArray? Errors => Json?["errors"] as JsonArray;

    public JsonNode Cost => Json?["extensions"]?["cost"] ?? throw new InvalidOperationException($"No cost in: {Body}");

    public string? FirstErrorCode => Errors?[0]?["extensions"]?["code"]?.GetValue<string>();

    /// <summary>Fails with the whole body when the answer is not a clean 200 with data.</summary>
    public GraphQLAnswer EnsureData()
    {
        Assert.True(Status == HttpStatusCode.OK && Errors is null && Json?["data"] is JsonObject, Body);
        return this;
    }
}

/// <summary>Posts GraphQL documents to the simulator the way any Admin API client does.</summary>
internal static class SimulatorHttp
{
    public static async Task<GraphQLAnswer> GraphQLAsync(this HttpClient client, SimulatorServer server, string query, object? variables = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(server.GraphQLEndpoint, content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
            json = JsonNode.Parse(text);
        return new GraphQLAnswer(response.StatusCode, text, json);
    }

    public static async Task<JsonNode> ControlAsync(this HttpClient client, SimulatorServer server, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"{server.BaseAddress}/control/{path}");
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The first product of the store with its first variant, read over the API.</summary>
    public static async Task<JsonNode> FirstProductAsync(this HttpClient client, SimulatorServer server, string query = "")
    {
        var answer = await client.GraphQLAsync(server, """
            query($query: String) {
              products(first: 1, query: $query) {
                nodes {
                  id handle title updatedAt
                  variants(first: 10) { nodes { id price sku inventoryQuantity inventoryItem { id } } }
                }
              }
            }
            """, new { query });
        return answer.EnsureData().Data["products"]!["nodes"]![0]!;
    }

    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("missing value");
}
