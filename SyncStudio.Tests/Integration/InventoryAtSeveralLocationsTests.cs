using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Stock on a shop of three locations, where Shopify's <c>inventoryQuantity</c> is the total over them: a local total
/// is written as a difference at the primary location, the others left as they are (docs/decisions/0017); a level
/// moved in Shopify at any location pulls as the new total; a rollback restores the primary location's level.
/// </summary>
public sealed class InventoryAtSeveralLocationsTests : IAsyncLifetime
{
    private const string SetQuantity = """
        mutation($input: InventorySetQuantitiesInput!, $key: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code message } }
        }
        """;

    private SyncHarness _h = null!;
    private long[] _locations = [];

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync(simulator: o => o.Locations = 3);
        _locations = [.. _h.Simulator.Simulator.GetLocations().Select(l => l.Id)];
        Assert.Equal(SimulatorStore.LocationId, _locations[0]);
        await _h.AgreeOnEverythingAsync();
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StockEditedLocallyMovesThePrimaryLocationByTheDifferenceAndLeavesTheOtherLocationsUntouched()
    {
        var (product, variant) = await StockedAtEveryLocationAsync(0, 4, 6);
        var primary = Level(product.Handle, variant, 0);
        var id = await _h.LocalIdAsync(product.Handle);
        var local = await LocalVariantAsync(id, variant);
        var total = local.GetProperty("inventory_quantity").GetInt32();
        Assert.Equal(primary + 4 + 6, total);

        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { id = local.GetProperty("id").GetInt32(), inventory_quantity = total - 3 } } }, Ct));
        await PullApproveAndPushAsync();

        Assert.Equal((primary - 3, 4, 6), (Level(product.Handle, variant, 0), Level(product.Handle, variant, 1), Level(product.Handle, variant, 2)));
        Assert.Equal(total - 3, Shopify(product.Handle, variant).TotalAvailable);
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task StockEditedInShopifyAtTheThirdLocationPullsAsTheNewTotal()
    {
        var (product, variant) = await StockedAtEveryLocationAsync(1, 4, 6);
        var id = await _h.LocalIdAsync(product.Handle);
        var total = Shopify(product.Handle, variant).TotalAvailable;

        await SetAsync(product.Handle, variant, 2, 9, from: 6);
        await PullApproveAndPushAsync();

        Assert.Equal(total + 3, (await LocalVariantAsync(id, variant)).GetProperty("inventory_quantity").GetInt32());
        Assert.Equal((4, 9), (Level(product.Handle, variant, 1), Level(product.Handle, variant, 2)));
    }

    [Fact]
    public async Task RollingBackAPushedStockChangeRestoresThePrimaryLocationsLevel()
    {
        var (product, variant) = await StockedAtEveryLocationAsync(2, 5, 7);
        var primary = Level(product.Handle, variant, 0);
        var id = await _h.LocalIdAsync(product.Handle);
        var local = await LocalVariantAsync(id, variant);
        var total = local.GetProperty("inventory_quantity").GetInt32();
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new { variants = new[] { new { id = local.GetProperty("id").GetInt32(), inventory_quantity = total + 8 } } }, Ct));
        await PullApproveAndPushAsync();
        Assert.Equal(primary + 8, Level(product.Handle, variant, 0));
        var change = await AppliedPushAsync(id);

        var rolledBack = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/rollback/{change}", new { reason = "undo" }, Ct));

        Assert.StartsWith("rollback_", rolledBack.GetProperty("rollback_id").GetString(), StringComparison.Ordinal);
        Assert.Equal((primary, 5, 7), (Level(product.Handle, variant, 0), Level(product.Handle, variant, 1), Level(product.Handle, variant, 2)));
        Assert.Equal(total, (await LocalVariantAsync(id, variant)).GetProperty("inventory_quantity").GetInt32());
        await AssertAFullPullStagesNothingForAsync(id);
    }

    /// <summary>
    /// The first variant of a product with stock put at locations 2 and 3 by the merchant, pulled so that both sides
    /// agree on the new total.
    /// </summary>
    private async Task<(SyncHarness.SimulatedProductView Product, long Variant)> StockedAtEveryLocationAsync(int index, int second, int third)
    {
        var product = _h.Product(index);
        await SetAsync(product.Handle, product.FirstVariantId, 1, second, from: 0);
        await SetAsync(product.Handle, product.FirstVariantId, 2, third, from: 0);
        await PullApproveAndPushAsync();
        return (product, product.FirstVariantId);
    }

    private async Task SetAsync(string handle, long variantId, int location, int quantity, int from)
    {
        var item = Shopify(handle, variantId).InventoryItemId;
        var answer = await _h.MerchantAsync(SetQuantity, new
        {
            key = Guid.NewGuid().ToString("N"),
            input = new
            {
                name = "available",
                reason = "correction",
                quantities = new[]
                {
                    new
                    {
                        inventoryItemId = $"gid://shopify/InventoryItem/{item}",
                        locationId = $"gid://shopify/Location/{_locations[location]}",
                        quantity,
                        changeFromQuantity = from,
                    },
                },
            },
        });
        Assert.Empty(answer["inventorySetQuantities"]!["userErrors"]!.AsArray());
    }

    private SimulatedVariant Shopify(string handle, long variantId) =>
        _h.Simulator.Simulator.FindProduct(handle)!.Variants.Single(v => v.Id == variantId);

    private int Level(string handle, long variantId, int location) => Shopify(handle, variantId).AvailableAt(_locations[location])!.Value;

    private async Task PullApproveAndPushAsync()
    {
        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var waiting = (await _h.StagedAsync($"batch_id={batchId}&status=pending")).Select(c => c.GetProperty("id").GetInt32()).ToArray();
        if (waiting.Length > 0)
            await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = waiting, notes = "ok" }, Ct));
        var push = await _h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });
        Assert.True(push.GetProperty("summary").GetProperty("failed").GetInt32() == 0, push.ToString());
    }

    private async Task<JsonElement> LocalVariantAsync(int productId, long shopifyVariantId)
    {
        var local = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{productId}", Ct));
        return local.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("shopify_variant_id").GetInt64() == shopifyVariantId);
    }

    private async Task<int> AppliedPushAsync(int productId)
    {
        await using var db = await _h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct);
        return await db.StagedProductChanges.AsNoTracking()
            .Where(c => c.ProductId == productId && c.SyncDirection == SyncDirections.PushToShopify && c.Status == ChangeStatuses.Applied)
            .OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
    }

    private async Task AssertAFullPullStagesNothingForAsync(int productId)
    {
        var pull = await _h.PullAsync(new { sync_type = "full" });
        Assert.Empty(await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={productId}"));
    }
}
