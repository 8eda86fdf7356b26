using System.Net.Http.Json;
using System.Text.Json;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A shop of more locations than a product read carries levels for (10 an item): the levels past the first 10 are
/// paged, so stock at the twelfth location pulls like any other (docs/decisions/0019).
/// </summary>
public sealed class StockAtManyLocationsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StockEditedInShopifyAtTheTwelfthLocationIsPulledByAnIncrementalPull()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:3:7", simulator: o => o.Locations = 12);
        var locations = h.Simulator.Simulator.GetLocations().Select(l => l.Id).ToArray();
        Assert.Equal(12, locations.Length);
        await ApiAssert.OkAsync(await h.Admin.PutAsJsonAsync("/api/settings/locations", new
        {
            locations = new object[]
            {
                new { key = StockLocation.DefaultKey, name = "Shop floor", shopify_location_id = (long?)null },
                new { key = "far", name = "Far warehouse", shopify_location_id = (long?)locations[11] },
            },
        }, Ct));
        await h.AgreeOnEverythingAsync();
        var product = h.Product(0);
        var item = h.Simulator.Simulator.FindProduct(product.Handle)!.Variants.Single(v => v.Id == product.FirstVariantId).InventoryItemId;

        var answer = await h.MerchantAsync("""
            mutation($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code message } }
            }
            """, new
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
                        locationId = $"gid://shopify/Location/{locations[11]}",
                        quantity = 7,
                        changeFromQuantity = 0,
                    },
                },
            },
        });
        Assert.Empty(answer["inventorySetQuantities"]!["userErrors"]!.AsArray());

        var pull = await h.PullAsync(new { sync_type = "incremental" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        var id = await h.LocalIdAsync(product.Handle);
        var change = Assert.Single(await h.StagedAsync($"batch_id={batchId}&product_id={id}"));
        Assert.EndsWith("inventory[far]", Assert.Single(change.GetProperty("field_changes").EnumerateObject()).Name, StringComparison.Ordinal);
        if (change.GetProperty("status").GetString() == ChangeStatuses.Pending)
            await ApiAssert.OkAsync(await h.Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { change_ids = new[] { change.GetProperty("id").GetInt32() }, notes = "ok" }, Ct));
        await h.PushToTheEndAsync(new { batch_id = batchId, confirm = true });

        var local = await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", Ct));
        var variant = local.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("shopify_variant_id").GetInt64() == product.FirstVariantId);
        Assert.Equal(7, variant.GetProperty("inventory").GetProperty("far").GetInt32());
    }
}
