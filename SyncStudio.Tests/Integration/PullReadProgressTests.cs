using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Shopify;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// While a pull reads Shopify, its progress says how many products were read of Shopify's <c>productsCount</c>, with a
/// rate: the read is held after its first page (a handler on the app's Shopify client) so the test sees the read phase
/// itself, not only its end.
/// </summary>
public sealed class PullReadProgressTests : IAsyncLifetime
{
    private const int Products = 300;
    private readonly SecondPageGate _gate = new();
    private SyncHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        // On Plus the bucket holds the whole store's pages, so the full pull reads page by page (on Standard, 300
        // products would make it a bulk export: docs/decisions/0024).
        _h = await SyncHarness.StartAsync(seed: $"synthetic:{Products}:7", simulator: o => o.Plan = ShopifyPlan.Plus,
            services: s => s.AddHttpClient(ShopifyRegistration.HttpClientName).AddHttpMessageHandler(() => _gate));

    public async ValueTask DisposeAsync()
    {
        _gate.Release();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task APullReadingShopifyReportsProductsReadOfShopifysCountWithARate()
    {
        var seen = new ConcurrentQueue<BatchProgress>();
        using var subscription = _h.App.Services.GetRequiredService<BatchProgressPublisher>().Subscribe(seen.Enqueue);

        var response = await _h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 0 }, Ct);
        var batchId = (await ApiAssert.OkAsync(response, HttpStatusCode.Accepted)).GetProperty("batch_id").GetString()!;
        await _gate.SecondPageAsked.Task.WaitAsync(SyncHarness.BatchDeadline, Ct);

        // Held after the first page: a published progress shows that page read of the store's 300, with a rate.
        var reading = await SyncHarness.WaitForAsync(() => Task.FromResult(
            seen.FirstOrDefault(p => p.BatchId == batchId && p.Reading is { Read: > 0, Rate: not null })), "a read-phase progress");
        Assert.Equal(Products, reading.Reading!.Expected);
        Assert.InRange(reading.Reading.Read, 1, Products - 1);
        Assert.False(reading.Reading.Done);
        Assert.NotNull(reading.Reading.EstimatedCompletion);
        // The first page is staged (processed) while the second is still held: a paged read hands each page on as it
        // arrives (docs/decisions/0024), not only once 500 products are read.
        var processing = await SyncHarness.WaitForAsync(() => Task.FromResult(
            seen.FirstOrDefault(p => p.BatchId == batchId && p.ProcessedItems > 0)), "the first page processed during the read");
        Assert.False(processing.Reading!.Done);
        Assert.InRange(processing.ProcessedItems, 1, processing.Reading.Read);

        _gate.Release();
        var batch = await _h.WaitForBatchAsync(batchId, SyncHarness.BatchDeadline);
        Assert.Equal("completed", batch.GetProperty("status").GetString());
        var last = seen.Last(p => p.BatchId == batchId);
        Assert.Equal(new ReadProgress(Products, Products, last.Reading!.Rate, null, true), last.Reading);
    }

    /// <summary>Holds the request for the second page of products until released, and says when it was asked.</summary>
    private sealed class SecondPageGate : DelegatingHandler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SecondPageAsked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            if (body.Contains("query ProductsPage", StringComparison.Ordinal) && !body.Contains("\"after\":null", StringComparison.Ordinal))
            {
                SecondPageAsked.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
