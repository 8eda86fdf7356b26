using System.Net;
using System.Net.Http.Json;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

public sealed class PullTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await SyncHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AFirstFullPullStagesEveryShopifyProductAsACreateWaitingForApproval()
    {
        var pull = await _h.PullAsync(new { batch_name = "First", sync_type = "full" });
        Assert.True(pull.GetProperty("success").GetBoolean());
        Assert.StartsWith("pull_", pull.GetProperty("batch_id").GetString(), StringComparison.Ordinal);
        var summary = pull.GetProperty("summary");
        Assert.Equal(12, summary.GetProperty("total_changes").GetInt32());
        Assert.Equal(12, summary.GetProperty("new_products").GetInt32());
        Assert.Equal(0, summary.GetProperty("auto_approved").GetInt32());

        var staged = await _h.StagedAsync("change_type=create");
        Assert.Equal(12, staged.Count);
        Assert.All(staged, c =>
        {
            Assert.Equal("pending", c.GetProperty("status").GetString());
            Assert.Equal("pull_from_shopify", c.GetProperty("sync_direction").GetString());
            Assert.Contains("New Products", c.GetProperty("rule_evaluation").ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task FromAnAgreedStateAPullStagesOnePullOnePushAndOneConflictingChange()
    {
        var ct = TestContext.Current.CancellationToken;
        await _h.AgreeOnEverythingAsync();
        var inShopify = _h.Product(0);
        var local = _h.Product(1);
        var both = _h.Product(2);

        await _h.MerchantRepriceAsync(inShopify.Id, inShopify.FirstVariantId, Math.Round(inShopify.FirstPrice * 1.05m, 2));
        var localId = await _h.LocalIdAsync(local.Handle);
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { title = local.Title + " (local)" }, ct));
        var bothId = await _h.LocalIdAsync(both.Handle);
        await _h.MerchantRetitleAsync(both.Id, both.Title + " (Shopify)");
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{bothId}", new { title = both.Title + " (local)" }, ct));

        var pull = await _h.PullAsync(new { batch_name = "Daily Sync", sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString();
        var staged = await _h.StagedAsync($"batch_id={batchId}");
        Assert.Equal(3, staged.Count);

        var pulled = Assert.Single(staged, c => c.GetProperty("shopify_product_id").GetString() == inShopify.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("pull_from_shopify", pulled.GetProperty("sync_direction").GetString());
        Assert.False(pulled.GetProperty("has_conflicts").GetBoolean());
        var priceChange = pulled.GetProperty("field_changes").EnumerateObject().Single();
        Assert.EndsWith("price", priceChange.Name, StringComparison.Ordinal);
        Assert.Equal(inShopify.FirstPrice, priceChange.Value.GetProperty("old").GetDecimal());
        Assert.True(pulled.GetProperty("auto_approved").GetBoolean(), "a 5% price change is auto-approved");

        var pushed = Assert.Single(staged, c => c.GetProperty("product_id").GetInt32() == localId);
        Assert.Equal("push_to_shopify", pushed.GetProperty("sync_direction").GetString());
        Assert.Equal(local.Title + " (local)", pushed.GetProperty("field_changes").GetProperty("title").GetProperty("new").GetString());

        var conflict = Assert.Single(staged, c => c.GetProperty("product_id").GetInt32() == bothId);
        Assert.True(conflict.GetProperty("has_conflicts").GetBoolean());
        Assert.Equal("title", conflict.GetProperty("conflict_fields")[0].GetString());
        Assert.Equal("pending", conflict.GetProperty("status").GetString());
        Assert.Equal(both.Title, conflict.GetProperty("field_changes").GetProperty("title").GetProperty("base").GetString());
        Assert.Equal(bothId, conflict.GetProperty("product").GetProperty("id").GetInt32());
        Assert.Equal(both.Title + " (local)", conflict.GetProperty("product").GetProperty("name").GetString());
        Assert.Equal(64, conflict.GetProperty("source_version").GetString()!.Length);

        // The same differences found again are not staged twice; a newer edit supersedes what waited before it.
        var again = await _h.PullAsync(new { sync_type = "full" });
        Assert.Equal(0, again.GetProperty("summary").GetProperty("total_changes").GetInt32());
        await _h.MerchantRetitleAsync(both.Id, both.Title + " (Shopify, again)");
        var second = await _h.PullAsync(new { sync_type = "full" });
        Assert.Equal(1, second.GetProperty("summary").GetProperty("total_changes").GetInt32());
        var old = Assert.Single(await _h.StagedAsync($"batch_id={batchId}&status=superseded"));
        Assert.Equal(bothId, old.GetProperty("product_id").GetInt32());

        // And an incremental pull with nothing edited since stages nothing.
        var quiet = await _h.PullAsync(new { sync_type = "incremental" });
        Assert.Equal(0, quiet.GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    [Fact]
    public async Task ASecondPullWhileOneRunsIsAConflictNamingTheRunningBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        _h.Simulator.Simulator.Faults.Configure(new ShopifySimulator.FaultSettings { LatencyMs = 1500 });
        var first = await _h.PullAsync(new { sync_type = "full", wait_seconds = 0 }, HttpStatusCode.Accepted);
        var running = first.GetProperty("batch_id").GetString();
        var second = await _h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full" }, ct);
        var details = await ApiAssert.ErrorAsync(second, HttpStatusCode.Conflict);
        Assert.Equal(running, details.GetProperty("batch_id").GetString());
        _h.Simulator.Simulator.Faults.Clear();
    }

    [Fact]
    public async Task APullAnswers202WithTheBatchLocationWhenItOutlastsTheWait()
    {
        _h.Simulator.Simulator.Faults.Configure(new ShopifySimulator.FaultSettings { LatencyMs = 500 });
        var response = await _h.Admin.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full", wait_seconds = 0 }, TestContext.Current.CancellationToken);
        var body = await ApiAssert.OkAsync(response, HttpStatusCode.Accepted);
        Assert.Equal($"/api/sync/batches/{body.GetProperty("batch_id").GetString()}", response.Headers.Location!.ToString());
        _h.Simulator.Simulator.Faults.Clear();
    }

    [Fact]
    public async Task AFullPullSupersedesAWaitingCreateOfAProductDeletedInShopifySince()
    {
        // Staged as a create, then deleted in Shopify: no later read returns it, so no comparison would replace the
        // waiting create, and approving it would create a local product for something Shopify no longer has.
        var first = await _h.PullAsync(new { sync_type = "full" });
        var gone = _h.Product(0);
        var sid = gone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(await _h.StagedAsync($"batch_id={first.GetProperty("batch_id").GetString()}&status=pending"),
            c => c.GetProperty("shopify_product_id").GetString() == sid);
        await _h.MerchantAsync("mutation($i: ProductDeleteInput!) { productDelete(input: $i) { deletedProductId userErrors { message } } }",
            new { i = new { id = $"gid://shopify/Product/{gone.Id}" } });

        var again = await _h.PullAsync(new { sync_type = "full" });
        Assert.Equal(1, again.GetProperty("summary").GetProperty("superseded").GetInt32());
        var create = Assert.Single(await _h.StagedAsync($"batch_id={first.GetProperty("batch_id").GetString()}"),
            c => c.GetProperty("shopify_product_id").GetString() == sid);
        Assert.Equal("superseded", create.GetProperty("status").GetString());
        Assert.Empty(await _h.StagedAsync($"batch_id={again.GetProperty("batch_id").GetString()}"));
    }

    [Fact]
    public async Task BadPullRequestsAreNamed()
    {
        var response = await _h.Admin.PostAsJsonAsync("/api/sync/shopify/pull",
            new { sync_type = "sometimes", filters = new { updated_since = "yesterday", collection_id = "abc", colour = 1 } }, TestContext.Current.CancellationToken);
        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.True(details.TryGetProperty("sync_type", out _));
        Assert.True(details.TryGetProperty("filters.updated_since", out _));
        Assert.True(details.TryGetProperty("filters.collection_id", out _));
        Assert.True(details.TryGetProperty("filters.colour", out _));
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("gid://shopify/Collection/999999999")]
    public async Task APullOfACollectionTheStoreDoesNotHaveIsNotFoundNamingTheFieldAndStartsNoBatch(string collection)
    {
        var batches = await BatchCountAsync();

        var response = await _h.Admin.PostAsJsonAsync("/api/sync/shopify/pull",
            new { sync_type = "full", filters = new { collection_id = collection } }, TestContext.Current.CancellationToken);

        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.True(details.TryGetProperty("filters.collection_id", out _), details.ToString());
        Assert.Equal(batches, await BatchCountAsync());
    }

    [Fact]
    public async Task APullOfACollectionTheStoreHasStagesThatCollectionsProducts()
    {
        var collection = _h.Simulator.Simulator.GetProducts().SelectMany(p => p.CollectionIds).Order().First();
        var members = _h.Simulator.Simulator.GetProducts().Count(p => p.CollectionIds.Contains(collection));

        var pull = await _h.PullAsync(new { sync_type = "full", filters = new { collection_id = collection.ToString(System.Globalization.CultureInfo.InvariantCulture) } });

        Assert.Equal(members, pull.GetProperty("summary").GetProperty("new_products").GetInt32());
    }

    private async Task<int> BatchCountAsync() =>
        (await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/sync/batches", TestContext.Current.CancellationToken))).GetProperty("total").GetInt32();
}
