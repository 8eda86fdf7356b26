using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Stock kept per location on a shop of three locations, each mapped to a local stock location in Settings
/// (docs/decisions/0019): a level edited on either side moves that location only, written with
/// <c>changeFromQuantity</c> = the level staging saw there; a conflict is the conflicting location's path only; a
/// rollback restores each location.
/// </summary>
public sealed class InventoryPerLocationTests : IAsyncLifetime
{
    private const string SetQuantity = """
        mutation($input: InventorySetQuantitiesInput!, $key: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code message } }
        }
        """;

    private static readonly string[] Keys = [StockLocation.DefaultKey, "warehouse-2", "warehouse-3"];

    private SyncHarness _h = null!;
    private long[] _locations = [];

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync(simulator: o => o.Locations = 3);
        _locations = [.. _h.Simulator.Simulator.GetLocations().Select(l => l.Id)];
        Assert.Equal(SimulatorStore.LocationId, _locations[0]);
        await ApiAssert.OkAsync(await _h.Admin.PutAsJsonAsync("/api/settings/locations", new
        {
            locations = new object[]
            {
                new { key = Keys[0], name = "Shop floor", shopify_location_id = (long?)null },
                new { key = Keys[1], name = "Warehouse 2", shopify_location_id = (long?)_locations[1] },
                new { key = Keys[2], name = "Warehouse 3", shopify_location_id = (long?)_locations[2] },
            },
        }, Ct));
        await _h.AgreeOnEverythingAsync();
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StockEditedLocallyAtOneLocationAndInShopifyAtAnotherLandsAtBothAndLeavesTheFirstUntouched()
    {
        var (product, variant) = await StockedAtEveryLocationAsync(0, 4, 6);
        var primary = Level(product.Handle, variant, 0);
        var id = await _h.LocalIdAsync(product.Handle);
        var local = await LocalVariantAsync(id, variant);
        Assert.Equal((primary, 4, 6), LocalLevels(local));

        await SetLocalAsync(id, local, new Dictionary<string, int> { [Keys[1]] = 9 });
        await SetAsync(product.Handle, variant, 2, 2, from: 6);
        await PullApproveAndPushAsync();

        Assert.Equal((primary, 9, 2), (Level(product.Handle, variant, 0), Level(product.Handle, variant, 1), Level(product.Handle, variant, 2)));
        local = await LocalVariantAsync(id, variant);
        Assert.Equal((primary, 9, 2), LocalLevels(local));
        Assert.Equal(primary + 11, local.GetProperty("inventory_quantity").GetInt32());
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task AConflictingEditOfOneLocationsLevelIsAConflictOnThatPathOnly()
    {
        var (product, variant) = await StockedAtEveryLocationAsync(1, 4, 6);
        var id = await _h.LocalIdAsync(product.Handle);
        var local = await LocalVariantAsync(id, variant);

        await SetLocalAsync(id, local, new Dictionary<string, int> { [Keys[1]] = 7, [Keys[2]] = 1 });
        await SetAsync(product.Handle, variant, 2, 8, from: 6);
        var pull = await _h.PullAsync(new { sync_type = "incremental" });
        var staged = await _h.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}");

        var conflicts = staged.SelectMany(c => c.GetProperty("conflict_fields").EnumerateArray().Select(f => f.GetString()!)).ToList();
        var conflict = Assert.Single(conflicts);
        Assert.EndsWith($"inventory[{Keys[2]}]", conflict, StringComparison.Ordinal);
        var push = Assert.Single(staged, c => c.GetProperty("sync_direction").GetString() == "push_to_shopify");
        var pushed = Assert.Single(push.GetProperty("field_changes").EnumerateObject());
        Assert.EndsWith($"inventory[{Keys[1]}]", pushed.Name, StringComparison.Ordinal);
        Assert.Equal((4, 7), (pushed.Value.GetProperty("old").GetInt32(), pushed.Value.GetProperty("new").GetInt32()));
    }

    [Fact]
    public async Task RollingBackAPushedStockChangeRestoresEachLocation()
    {
        var (product, variant) = await StockedAtEveryLocationAsync(2, 5, 7);
        var primary = Level(product.Handle, variant, 0);
        var id = await _h.LocalIdAsync(product.Handle);
        var local = await LocalVariantAsync(id, variant);
        await SetLocalAsync(id, local, new Dictionary<string, int> { [Keys[0]] = primary + 1, [Keys[1]] = 2, [Keys[2]] = 11 });
        await PullApproveAndPushAsync();
        Assert.Equal((primary + 1, 2, 11), (Level(product.Handle, variant, 0), Level(product.Handle, variant, 1), Level(product.Handle, variant, 2)));
        var change = await AppliedPushAsync(id);

        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync($"/api/sync/rollback/{change}", new { reason = "undo" }, Ct));

        Assert.Equal((primary, 5, 7), (Level(product.Handle, variant, 0), Level(product.Handle, variant, 1), Level(product.Handle, variant, 2)));
        Assert.Equal((primary, 5, 7), LocalLevels(await LocalVariantAsync(id, variant)));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task SettingsListShopifysLocationsAndRefuseAMappingThatCannotBe()
    {
        var listed = await ApiAssert.OkAsync(await _h.Admin.GetAsync("/api/settings/locations", Ct));
        Assert.Equal(Keys, listed.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("key").GetString()).ToArray());
        Assert.Equal(_locations[0], listed.GetProperty("locations")[0].GetProperty("shopify_location_id").GetInt64());
        var primary = Assert.Single(listed.GetProperty("shopify_locations").EnumerateArray(), l => l.GetProperty("primary").GetBoolean());
        Assert.Equal(_locations[0], primary.GetProperty("id").GetInt64());

        var noDefault = await _h.Admin.PutAsJsonAsync("/api/settings/locations",
            new { locations = new[] { new { key = "warehouse-2", name = "Warehouse 2", shopify_location_id = (long?)_locations[1] } } }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, noDefault.StatusCode);
        var unknown = await _h.Admin.PutAsJsonAsync("/api/settings/locations",
            new { locations = new[] { new { key = "default", name = "Shop", shopify_location_id = (long?)999_999 } } }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        var badKey = await _h.Admin.PutAsJsonAsync("/api/settings/locations",
            new { locations = new[] { new { key = "default", name = "Shop", shopify_location_id = (long?)null }, new { key = "Back Room", name = "Back", shopify_location_id = (long?)null } } }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badKey.StatusCode);
    }

    [Fact]
    public async Task AnInventoryCsvInShopifysLayoutIsWrittenAndReadPerLocationAndTheProductCsvCarriesTheDefaultLocation()
    {
        var (product, variant) = await StockedAtEveryLocationAsync(3, 4, 6);
        var id = await _h.LocalIdAsync(product.Handle);
        var local = await LocalVariantAsync(id, variant);
        var sku = local.GetProperty("sku").GetString();
        var (primary, _, _) = LocalLevels(local);

        var exported = await _h.Admin.GetStringAsync("/api/products/inventory/export", Ct);
        var lines = exported.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Available", lines[0], StringComparison.Ordinal);
        var rows = lines.Where(l => l.StartsWith(product.Handle + ",", StringComparison.Ordinal) && l.Contains("," + sku + ",", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.EndsWith(",Warehouse 3,6", rows[2], StringComparison.Ordinal);

        var csv = "Handle,Title,Option1 Name,Option1 Value,SKU,Location,Available\n"
            + $"{product.Handle},,,,{sku},Warehouse 3,12\n"
            + $"{product.Handle},,,,{sku},Nowhere,3\n";
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var imported = await ApiAssert.OkAsync(await _h.Admin.PostAsync("/api/products/inventory/import", content, Ct));
        Assert.Equal(1, imported.GetProperty("updated").GetInt32());
        Assert.Equal("Location", Assert.Single(imported.GetProperty("errors").EnumerateArray()).GetProperty("column").GetString());
        Assert.Equal((primary, 4, 12), LocalLevels(await LocalVariantAsync(id, variant)));

        var products = await _h.Admin.GetStringAsync("/api/products/export", Ct);
        var read = SyncStudio.Catalog.ShopifyCsvReader.ReadAll(new StringReader(products));
        var exportedVariant = read.Products.Single(p => p.Handle == product.Handle).Variants.Single(v => v.Sku == sku);
        Assert.Equal(primary, exportedVariant.InventoryQuantity);
    }

    [Fact]
    public async Task AProductCreatedLocallyIsCreatedInShopifyWithItsStockAtEveryMappedLocationInOnePush()
    {
        var created = await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync("/api/products", new
        {
            title = "Trail Lantern",
            sku = "LANTERN-1",
            price = 30m,
            inventory = new Dictionary<string, int> { [Keys[0]] = 3, [Keys[2]] = 8 },
        }, Ct), System.Net.HttpStatusCode.Created);

        await PullApproveAndPushAsync();

        var shopify = _h.Simulator.Simulator.FindProduct(created.GetProperty("handle").GetString()!)!;
        var variant = Assert.Single(shopify.Variants);
        Assert.Equal((3, 8), (variant.AvailableAt(_locations[0]), variant.AvailableAt(_locations[2])));
        Assert.Null(variant.AvailableAt(_locations[1]));
        await AssertAFullPullStagesNothingForAsync(created.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task AVariantAddedLocallyIsCreatedInShopifyWithItsStockAtEveryMappedLocationInOnePush()
    {
        // A product with options of its own: the new variant takes a new value of each.
        var product = _h.Simulator.Simulator.GetProducts().OrderBy(p => p.Id).First(p => p.Options.Length > 0 && p.Options[0].Name != "Title");
        var id = await _h.LocalIdAsync(product.Handle);
        var local = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/products/{id}", Ct));
        var options = local.GetProperty("variants")[0].GetProperty("options").EnumerateArray().Select(o => o.GetString() + " new").ToArray();
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{id}", new
        {
            variants = new[] { new { sku = "ADDED-1", price = 12m, options, inventory = new Dictionary<string, int> { [Keys[1]] = 5, [Keys[2]] = 2 } } },
        }, Ct));

        await PullApproveAndPushAsync();

        var added = _h.Simulator.Simulator.FindProduct(product.Handle)!.Variants.Single(v => v.Sku == "ADDED-1");
        Assert.Equal((5, 2), (added.AvailableAt(_locations[1]), added.AvailableAt(_locations[2])));
        Assert.Equal(0, added.AvailableAt(_locations[0]));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    /// <summary>The first variant of a product with stock put at locations 2 and 3 by the merchant, pulled so that both sides agree.</summary>
    private async Task<(SyncHarness.SimulatedProductView Product, long Variant)> StockedAtEveryLocationAsync(int index, int second, int third)
    {
        var product = _h.Product(index);
        await SetAsync(product.Handle, product.FirstVariantId, 1, second, from: 0);
        await SetAsync(product.Handle, product.FirstVariantId, 2, third, from: 0);
        await PullApproveAndPushAsync();
        return (product, product.FirstVariantId);
    }

    private async Task SetLocalAsync(int productId, JsonElement variant, Dictionary<string, int> inventory) =>
        await ApiAssert.OkAsync(await _h.Admin.PatchAsJsonAsync($"/api/products/{productId}",
            new { variants = new[] { new { id = variant.GetProperty("id").GetInt32(), inventory } } }, Ct));

    private static (int, int, int) LocalLevels(JsonElement variant)
    {
        var inventory = variant.GetProperty("inventory");
        int At(string key) => inventory.TryGetProperty(key, out var q) ? q.GetInt32() : 0;
        return (At(Keys[0]), At(Keys[1]), At(Keys[2]));
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
