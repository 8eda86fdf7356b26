using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// The circuit breaker (docs/decisions/0025): a pull is judged as a whole before anything in it is auto-approved; a
/// batch past a limit is held, applies nothing, until an Admin releases or discards it.
/// </summary>
public sealed class CircuitBreakerTests
{
    private const string DeleteProduct = "mutation($i: ProductDeleteInput!) { productDelete(input: $i) { deletedProductId userErrors { message } } }";

    private const string SetQuantities = """
        mutation($input: InventorySetQuantitiesInput!, $key: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code message } }
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<SyncHarness> StartAsync(string seed) =>
        SyncHarness.StartAsync(seed, settings: new Dictionary<string, string?> { ["CircuitBreaker:Enabled"] = "true" });

    [Fact]
    public async Task AnEmptyReadIsHeldAndNothingInItIsApplied()
    {
        await using var h = await StartAsync("synthetic:12:7");
        await h.AgreeOnEverythingAsync();
        foreach (var product in h.Simulator.Simulator.GetProducts())
            await h.MerchantAsync(DeleteProduct, new { i = new { id = $"gid://shopify/Product/{product.Id}" } });

        var batch = await PullToTheEndAsync(h);

        Assert.Equal("held", batch.GetProperty("status").GetString());
        var trips = Trips(batch);
        Assert.Contains("empty_read", trips.Keys);
        // Even approved by a person, nothing of a held batch is applied: the push finds nothing to apply.
        var batchId = batch.GetProperty("batch_id").GetString()!;
        await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId, notes = "looks fine" }, Ct));
        var refused = await ApiAssert.ErrorAsync(await h.Admin.PostAsJsonAsync("/api/sync/shopify/push", new { batch_id = batchId, confirm = true }, Ct), HttpStatusCode.Conflict);
        Assert.Equal("held", refused.GetProperty("batch_status").GetString());
        var products = await ApiAssert.OkAsync(await h.Admin.GetAsync("/api/products?per_page=100", Ct));
        Assert.Equal(12, products.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ATruncatedReadIsHeldUntilReleasedAndThenAppliesAsUsual()
    {
        await using var h = await StartAsync("synthetic:12:7");
        await h.AgreeOnEverythingAsync();
        // Two of twelve products missing from the read (17% fewer), and a 5% price edit the rules would auto-approve.
        var edited = h.Product(2);
        foreach (var gone in new[] { h.Product(10).Id, h.Product(11).Id })
            await h.MerchantAsync(DeleteProduct, new { i = new { id = $"gid://shopify/Product/{gone}" } });
        var price = decimal.Round(edited.FirstPrice * 1.05m, 2);
        await h.MerchantRepriceAsync(edited.Id, edited.FirstVariantId, price);

        var batch = await PullToTheEndAsync(h);

        Assert.Equal("held", batch.GetProperty("status").GetString());
        Assert.Contains("read_shrink_percent", Trips(batch).Keys);
        var batchId = batch.GetProperty("batch_id").GetString()!;
        var update = Assert.Single(await h.StagedAsync($"batch_id={batchId}&change_type=update"));
        Assert.Equal("pending", update.GetProperty("status").GetString());
        Assert.False(update.GetProperty("auto_approved").GetBoolean());
        await ApiAssert.ErrorAsync(await h.Admin.PostAsJsonAsync("/api/sync/shopify/push", new { batch_id = batchId, confirm = true }, Ct), HttpStatusCode.Conflict);

        var released = await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/batches/{batchId}/release", new { notes = "two products retired" }, Ct));
        Assert.Equal("completed", released.GetProperty("status").GetString());
        Assert.Equal(1, released.GetProperty("breaker").GetProperty("auto_approved").GetInt32());
        // Released twice: the second finds nothing held.
        await ApiAssert.ErrorAsync(await h.Admin.PostAsJsonAsync($"/api/sync/batches/{batchId}/release", new { }, Ct), HttpStatusCode.Conflict);

        var push = await h.PushAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());
        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{await h.LocalIdAsync(edited.Handle)}", Ct));
        Assert.Contains(local.GetProperty("variants").EnumerateArray(), v => v.GetProperty("price").GetDecimal() == price);
        // The deletes still wait for a person, as any delete does.
        Assert.All(await h.StagedAsync($"batch_id={batchId}&change_type=delete"), c => Assert.Equal("pending", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ABatchZeroingSixtyVariantsStockIsHeldWithTheCount()
    {
        await using var h = await StartAsync("synthetic:30:7");
        await h.AgreeOnEverythingAsync();
        var stocked = h.Simulator.Simulator.GetProducts().SelectMany(p => p.Variants).Where(v => v.Available > 0).Take(60).ToList();
        Assert.Equal(60, stocked.Count);
        var answer = await h.MerchantAsync(SetQuantities, new
        {
            key = Guid.NewGuid().ToString(),
            input = new
            {
                name = "available",
                reason = "correction",
                quantities = stocked.Select(v => new
                {
                    inventoryItemId = $"gid://shopify/InventoryItem/{v.InventoryItemId}",
                    locationId = $"gid://shopify/Location/{SimulatorStore.LocationId}",
                    quantity = 0,
                    changeFromQuantity = v.Available,
                }).ToArray(),
            },
        });
        Assert.Empty(answer["inventorySetQuantities"]!["userErrors"]!.AsArray());

        var batch = await PullToTheEndAsync(h);

        Assert.Equal("held", batch.GetProperty("status").GetString());
        var zeroed = Trips(batch)["variants_zeroed"];
        Assert.Equal(60m, zeroed.GetProperty("measured").GetDecimal());
        Assert.Equal(50m, zeroed.GetProperty("allowed").GetDecimal());
        Assert.Equal(60, batch.GetProperty("breaker").GetProperty("counts").GetProperty("variants_zeroed").GetInt32());
        Assert.NotEmpty(batch.GetProperty("breaker").GetProperty("samples").GetProperty("zeroed").EnumerateArray());
    }

    [Fact]
    public async Task ADiscardedBatchRejectsWhatWaitedAndOnlyAnAdminMayDecide()
    {
        await using var h = await StartAsync("synthetic:12:7");
        await h.AgreeOnEverythingAsync();
        foreach (var gone in new[] { h.Product(9).Id, h.Product(10).Id, h.Product(11).Id })
            await h.MerchantAsync(DeleteProduct, new { i = new { id = $"gid://shopify/Product/{gone}" } });
        var batch = await PullToTheEndAsync(h);
        var batchId = batch.GetProperty("batch_id").GetString()!;
        Assert.Equal("held", batch.GetProperty("status").GetString());

        using var approver = await h.App.ClientAsAsync(Data.Roles.Approver);
        await ApiAssert.ErrorAsync(await approver.PostAsJsonAsync($"/api/sync/batches/{batchId}/discard", new { }, Ct), HttpStatusCode.Forbidden);
        await ApiAssert.ErrorAsync(await h.Admin.PostAsJsonAsync("/api/sync/batches/pull_19990101_000000_1/discard", new { }, Ct), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await h.Admin.PostAsJsonAsync($"/api/sync/batches/{batchId}/discard", new { note = "typo" }, Ct), HttpStatusCode.BadRequest);

        var discarded = await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync($"/api/sync/batches/{batchId}/discard", new { notes = "feed glitch" }, Ct));
        Assert.Equal("cancelled", discarded.GetProperty("status").GetString());
        var rejected = await h.StagedAsync($"batch_id={batchId}");
        Assert.All(rejected, c => Assert.Equal("rejected", c.GetProperty("status").GetString()));
        var audit = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/audit?entity_id={batchId}", Ct));
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("batch_held", actions);
        Assert.Contains("batch_discarded", actions);
        // Each change the discard rejected is a decision with its own audit event, as any rejection.
        foreach (var change in rejected)
        {
            var events = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/audit?entity_id={change.GetProperty("change_id").GetString()}", Ct));
            Assert.Contains(events.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "rejected"
                && e.GetProperty("notes").GetString()!.Contains("feed glitch", StringComparison.Ordinal));
        }
    }

    /// <summary>Starts a full pull and follows its batch to its end (held included), as GET /api/sync/batches/{id} shows it.</summary>
    private static async Task<JsonElement> PullToTheEndAsync(SyncHarness h)
    {
        var response = await h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full" }, Ct);
        var started = response.StatusCode == HttpStatusCode.Accepted
            ? await ApiAssert.OkAsync(response, HttpStatusCode.Accepted)
            : await ApiAssert.OkAsync(response);
        return await h.WaitForBatchAsync(started.GetProperty("batch_id").GetString()!, SyncHarness.BatchDeadline);
    }

    private static Dictionary<string, JsonElement> Trips(JsonElement batch) =>
        batch.GetProperty("breaker").GetProperty("trips").EnumerateArray().ToDictionary(t => t.GetProperty("limit").GetString()!);
}
