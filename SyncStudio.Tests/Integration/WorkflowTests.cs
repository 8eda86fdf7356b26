using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// The spec's three workflow examples, as an API client runs them, against the simulator over HTTP (Example 2
/// approves a conflict with a note alone, as the spec writes it, and field by field, as the dashboard does).
/// </summary>
public sealed class WorkflowTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync();
        await _h.AgreeOnEverythingAsync();
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DailyIncrementalSyncAppliesBothDirections()
    {
        var shopifySide = _h.Product(0);
        var localSide = _h.Product(1);
        var newPrice = Math.Round(shopifySide.FirstPrice * 1.05m, 2);
        await _h.MerchantRepriceAsync(shopifySide.Id, shopifySide.FirstVariantId, newPrice);
        var localId = await _h.LocalIdAsync(localSide.Handle);
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{localId}", new { title = "Renamed locally" }, Ct));

        // 1. Pull; 2. review the batch; 3. bulk-approve what waits; 4. apply.
        var pull = await _h.PullAsync(new { batch_name = "Daily Sync", sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var staged = await _h.StagedAsync($"batch_id={batchId}");
        Assert.Equal(2, staged.Count);
        var waiting = staged.Where(c => c.GetProperty("status").GetString() == "pending").Select(c => c.GetProperty("id").GetInt32()).ToArray();
        if (waiting.Length > 0)
            await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = waiting, notes = "ok" }, Ct));
        var push = await _h.PushAsync(new { batch_id = batchId, confirm = true });
        Assert.Equal(2, push.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.StartsWith("push_", push.GetProperty("batch_id").GetString(), StringComparison.Ordinal);
        Assert.All(push.GetProperty("summary").GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("success").GetBoolean()));

        Assert.Equal("Renamed locally", _h.Simulator.Simulator.FindProduct(localSide.Handle)!.Title);
        var local = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{await _h.LocalIdAsync(shopifySide.Handle)}", Ct));
        Assert.Equal(newPrice, local.GetProperty("variants")[0].GetProperty("price").GetDecimal());
        Assert.All(await _h.StagedAsync($"batch_id={batchId}"), c => Assert.Equal("applied", c.GetProperty("status").GetString()));

        // Both sides agree again: the next pull finds nothing.
        var quiet = await _h.PullAsync(new { sync_type = "full" });
        Assert.Equal(0, quiet.GetProperty("summary").GetProperty("total_changes").GetInt32());
    }

    [Fact]
    public async Task HandlingConflictsApprovesWithAResolutionNoteAloneAndKeepsShopifysPrice()
    {
        var product = _h.Product(6);
        var id = await _h.LocalIdAsync(product.Handle);
        var shopifyPrice = Math.Round(product.FirstPrice * 1.1m, 2);
        await _h.MerchantRepriceAsync(product.Id, product.FirstVariantId, shopifyPrice);
        var variants = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}", Ct))).GetProperty("variants").EnumerateArray();
        var variantId = variants.Single(v => v.GetProperty("shopify_variant_id").GetInt64() == product.FirstVariantId).GetProperty("id").GetInt32();
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { id = variantId, price = Math.Round(product.FirstPrice * 1.05m, 2) } } }, Ct));
        await _h.PullAsync(new { sync_type = "incremental" });

        // 1. Get changes with conflicts; 2. review the specific conflict; 3. approve with a resolution note alone.
        var conflict = Assert.Single(await _h.StagedAsync("has_conflicts=true"));
        var changeId = conflict.GetProperty("id").GetInt32();
        var detail = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct))).GetProperty("item");
        var path = Assert.Single(detail.GetProperty("conflict_fields").EnumerateArray()).GetString()!;
        Assert.EndsWith("price", path, StringComparison.Ordinal);
        var approved = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/staged/{changeId}/approve",
            new { notes = "Approved - keeping Shopify price as source of truth" }, Ct));
        Assert.Equal("Change approved successfully", approved.GetProperty("message").GetString());

        // Approved as staged: Shopify's side, recorded as the resolution, and applied as such.
        var stored = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct))).GetProperty("item");
        Assert.Equal("shopify", stored.GetProperty("conflict_resolution").GetProperty(path).GetString());
        var push = await _h.PushAsync(new { change_ids = new[] { changeId }, confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("successful").GetInt32());
        var local = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}", Ct));
        Assert.Equal(shopifyPrice, local.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("id").GetInt32() == variantId).GetProperty("price").GetDecimal());
        Assert.Equal(shopifyPrice, _h.Simulator.Simulator.FindProduct(product.Handle)!.Variants.Single(v => v.Id == product.FirstVariantId).Price);
    }

    [Fact]
    public async Task AConflictIsResolvedFieldByFieldAndApplied()
    {
        var product = _h.Product(2);
        var id = await _h.LocalIdAsync(product.Handle);
        await _h.MerchantRetitleAsync(product.Id, "Shopify title");
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}", new { title = "Local title", vendor = "Local vendor" }, Ct));
        await _h.PullAsync(new { sync_type = "incremental" });

        var conflicts = await _h.StagedAsync("has_conflicts=true&status=pending");
        var conflict = Assert.Single(conflicts);
        var changeId = conflict.GetProperty("id").GetInt32();
        var detail = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct));
        Assert.Equal("Shopify title", detail.GetProperty("item").GetProperty("field_changes").GetProperty("title").GetProperty("new").GetString());

        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/staged/{changeId}/approve",
            new { notes = "Approved - keeping Shopify title as source of truth", conflict_resolution = new { title = "shopify" } }, Ct));
        var pushChange = (await _h.StagedAsync("sync_direction=push_to_shopify")).Single(c => c.GetProperty("product_id").GetInt32() == id);
        var push = await _h.PushAsync(new { change_ids = new[] { changeId, pushChange.GetProperty("id").GetInt32() }, confirm = true });
        Assert.Equal(2, push.GetProperty("summary").GetProperty("successful").GetInt32());

        var local = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}", Ct));
        Assert.Equal("Shopify title", local.GetProperty("title").GetString());
        var inShopify = _h.Simulator.Simulator.FindProduct(product.Handle)!;
        Assert.Equal("Shopify title", inShopify.Title);
        Assert.Equal("Local vendor", inShopify.Vendor);
    }

    [Fact]
    public async Task AnAppliedChangeRollsBackOnShopifyAndRefusesWhenTheProductMovedOn()
    {
        var product = _h.Product(3);
        var id = await _h.LocalIdAsync(product.Handle);
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}", new { title = "Wrong title" }, Ct));
        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        await _h.PushAsync(new { batch_id = pull.GetProperty("batch_id").GetString(), confirm = true });
        Assert.Equal("Wrong title", _h.Simulator.Simulator.FindProduct(product.Handle)!.Title);

        // 1. Find recent applied changes; 2. roll one back.
        var applied = (await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/sync/staged?status=applied&page=1&per_page=10", Ct)))
            .GetProperty("items").EnumerateArray().ToList();
        var change = applied.First(c => c.GetProperty("product_id").GetInt32() == id && c.GetProperty("sync_direction").GetString() == "push_to_shopify");
        var changeId = change.GetProperty("id").GetInt32();

        await _h.MerchantRetitleAsync(product.Id, "Edited again in Shopify");
        var refused = await _h.Admin.PostAsJsonAsync($"/api/sync/rollback/{changeId}", new { reason = "Price was updated incorrectly" }, Ct);
        var details = await ApiAssert.ErrorAsync(refused, HttpStatusCode.Conflict);
        Assert.True(details.TryGetProperty("shopify", out _));
        Assert.Equal("Edited again in Shopify", _h.Simulator.Simulator.FindProduct(product.Handle)!.Title);

        var forced = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/rollback/{changeId}",
            new { reason = "Title was updated incorrectly", force = true }, Ct));
        Assert.StartsWith("rollback_", forced.GetProperty("rollback_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(product.Title, _h.Simulator.Simulator.FindProduct(product.Handle)!.Title);
        var rolledBack = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct));
        Assert.Equal("rolled_back", rolledBack.GetProperty("item").GetProperty("status").GetString());
    }

    [Fact]
    public async Task APushWithoutConfirmChangesNothing()
    {
        var product = _h.Product(4);
        var id = await _h.LocalIdAsync(product.Handle);
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}", new { title = "Not yet" }, Ct));
        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString();
        var response = await _h.Admin.PostAsJsonAsync("/api/sync/shopify/push", new { batch_id = batchId }, Ct);
        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.True(details.TryGetProperty("confirm", out _));
        var preview = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/shopify/push", new { batch_id = batchId, dry_run = true }, Ct));
        Assert.Equal(1, preview.GetProperty("would_apply").GetInt32());
        Assert.Equal(product.Title, _h.Simulator.Simulator.FindProduct(product.Handle)!.Title);
        Assert.Equal("approved", Assert.Single(await _h.StagedAsync($"batch_id={batchId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AStaleTargetIsNotOverwritten()
    {
        var product = _h.Product(5);
        var id = await _h.LocalIdAsync(product.Handle);
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}", new { title = "Local edit" }, Ct));
        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        await _h.MerchantRetitleAsync(product.Id, "Merchant got there first");
        var push = await _h.PushAsync(new { batch_id = pull.GetProperty("batch_id").GetString(), confirm = true });
        Assert.Equal(1, push.GetProperty("summary").GetProperty("failed").GetInt32());
        Assert.Equal("Merchant got there first", _h.Simulator.Simulator.FindProduct(product.Handle)!.Title);
        var change = Assert.Single(await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}"));
        Assert.Equal("failed", change.GetProperty("status").GetString());
        Assert.Contains("stale", change.GetProperty("application_result").ToString(), StringComparison.Ordinal);
    }

}
