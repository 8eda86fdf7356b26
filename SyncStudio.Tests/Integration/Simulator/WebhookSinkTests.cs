using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

public class WebhookSinkTests
{
    [Fact]
    public async Task EveryWriteNotifiesTheSinkWithItsTopicAndProduct()
    {
        var sink = new RecordingSink();
        await using var server = await SimulatorServer.StartAsync(services: s => s.AddSingleton<ISimulatorWebhookSink>(sink));
        using var client = server.CreateClient();
        var existing = server.Simulator.GetProducts()[0];

        (await client.GraphQLAsync(server, """
            mutation($id: ID!) { productUpdate(product: { id: $id, title: "Hooked" }) { userErrors { message } } }
            """, new { id = existing.Gid })).EnsureData();
        var created = (await client.GraphQLAsync(server, """
            mutation { productSet(input: { title: "Fresh" }) { product { id } } }
            """)).EnsureData().Data["productSet"]!["product"]!["id"].Text();
        (await client.GraphQLAsync(server, """
            mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }
            """, new { id = created })).EnsureData();

        Assert.Equal(
            [("products/update", existing.Gid, "Hooked"), ("products/create", created, "Fresh"), ("products/delete", created, null)],
            sink.Events.Select(e => (e.Topic, e.ProductGid, e.Product?.Title)));
    }

    [Fact]
    public async Task AFailedWriteNotifiesNothing()
    {
        var sink = new RecordingSink();
        await using var server = await SimulatorServer.StartAsync(services: s => s.AddSingleton<ISimulatorWebhookSink>(sink));
        using var client = server.CreateClient();

        (await client.GraphQLAsync(server, """
            mutation { productDelete(input: { id: "gid://shopify/Product/1" }) { userErrors { message } } }
            """)).EnsureData();

        Assert.Empty(sink.Events);
    }

    private sealed class RecordingSink : ISimulatorWebhookSink
    {
        private readonly ConcurrentQueue<SimulatorProductEvent> _events = new();

        public IReadOnlyList<SimulatorProductEvent> Events => [.. _events];

        public void Publish(SimulatorProductEvent productEvent) => _events.Enqueue(productEvent);
    }
}
