using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Notifications;

/// <summary>A real SMTP server inside the test (the SmtpServer package) on a loopback port, keeping what it receives.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private SmtpTestServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>Starts listening on <paramref name="port"/> (a free one when null) and returns once it accepts connections.</summary>
    public static async Task<SmtpTestServer> StartAsync(int? port = null)
    {
        var server = new SmtpTestServer(port ?? SyncHarness.FreePort());
        await SyncHarness.WaitForAsync(async () =>
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, server.Port, TestContext.Current.CancellationToken);
                return "listening";
            }
            catch (System.Net.Sockets.SocketException)
            {
                return null;
            }
        }, "the SMTP test server to listen");
        return server;
    }

    /// <summary>Waits for a message to <paramref name="to"/> whose subject contains <paramref name="subject"/>.</summary>
    public Task<MimeMessage> WaitForAsync(string to, string subject) =>
        SyncHarness.WaitForAsync(() => Task.FromResult(Messages.FirstOrDefault(m =>
            m.To.Mailboxes.Any(a => a.Address == to) && m.Subject?.Contains(subject, StringComparison.Ordinal) == true)), $"an e-mail to {to} about '{subject}'");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>An HTTP endpoint on loopback (Kestrel) that keeps every POST it receives, as an incoming webhook would.</summary>
public sealed class WebhookTestEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookTestEndpoint(WebApplication app) => _app = app;

    public ConcurrentQueue<WebhookPost> Received { get; } = new();

    public string BaseAddress { get; private set; } = "";

    public static async Task<WebhookTestEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new WebhookTestEndpoint(app);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            endpoint.Received.Enqueue(new WebhookPost(request.Path.Value!, request.Headers["Idempotency-Key"].ToString(), body));
            // Slack answers 200 "ok".
            return Results.Text("ok");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        endpoint.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record WebhookPost(string Path, string? IdempotencyKey, JsonElement Body);
