using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>Live batch progress for API clients over SignalR (<c>/hubs/sync</c>), with the bearer token in <c>access_token</c>.</summary>
public sealed class SyncHubTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync() =>
        _h = await SyncHarness.StartAsync(settings: new Dictionary<string, string?> { ["Sync:DefaultWaitSeconds"] = "0" });

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AClientWithATokenJoinsARunningPullAndReceivesItsProgressAndCompletion()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = await _h.App.TokenAsync(SyncStudioApp.AdminEmail);
        var progress = new ConcurrentQueue<JsonElement>();
        var completed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = Connect(token);
        connection.On<JsonElement>("batch_progress", p => progress.Enqueue(p));
        connection.On<JsonElement>("batch_completed", p => completed.TrySetResult(p));
        await connection.StartAsync(ct);

        // Each Shopify request takes a second, so the pull is still running when the client joins its group.
        _h.Simulator.Simulator.Faults.Configure(new FaultSettings { LatencyMs = 1000 });
        var accepted = await _h.PullAsync(new { sync_type = "full" }, HttpStatusCode.Accepted);
        var batchId = accepted.GetProperty("batch_id").GetString()!;
        await connection.InvokeAsync("JoinBatch", batchId, ct);

        var done = await completed.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
        Assert.Equal(batchId, done.GetProperty("batch_id").GetString());
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(12, done.GetProperty("successful_items").GetInt32());
        Assert.NotEmpty(progress);
        Assert.All(progress, p =>
        {
            Assert.Equal(batchId, p.GetProperty("batch_id").GetString());
            Assert.Equal("running", p.GetProperty("status").GetString());
            Assert.Equal("pull_from_shopify", p.GetProperty("sync_direction").GetString());
        });
    }

    [Fact]
    public async Task AConnectionWithoutATokenIsRefused()
    {
        await using var connection = Connect(token: null);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task AConnectionWithAForgedTokenIsRefused()
    {
        var token = await _h.App.TokenAsync(SyncStudioApp.AdminEmail);
        await using var connection = Connect(token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>
    /// A hub connection through the test server, the token in the <c>access_token</c> query string as browsers and
    /// WebSocket clients send it (long polling, negotiated).
    /// </summary>
    private HubConnection Connect(string? token)
    {
        var server = _h.App.Server;
        var url = new Uri(server.BaseAddress, "/hubs/sync" + (token is null ? "" : "?access_token=" + Uri.EscapeDataString(token)));
        return new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.SkipNegotiation = false;
            })
            .Build();
    }
}
