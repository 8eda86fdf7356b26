using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

public sealed class ShopifyWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The tee as Shopify holds it, each variant with its own SKU, price, barcode and stock.</summary>
    private static ProductSnapshot Tee() => Snapshots.Tee() with
    {
        Variants = [.. Snapshots.Tee().Variants.Select((v, i) => v with { ShopifyInventoryItemId = 9100 + i, Barcode = $"BAR-{i}" })],
    };

    [Fact]
    public async Task VariantsArePairedByShopifyIdWhateverOrderEachSideListsThemIn()
    {
        var before = Tee();
        // The target lists the variants the other way round (as after a reorder in Shopify) and changes one of them.
        var after = before with
        {
            Variants = [.. before.Variants.Reverse().Select(v => v.Sku == "TEE-M" ? v with { Price = 25m, InventoryQuantity = 3 } : v)],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        var update = Assert.Single(Assert.Single(shopify.VariantUpdates));
        Assert.Equal(6002, update.VariantId);
        Assert.Equal(25m, update.Price);
        Assert.Null(update.Sku);
        Assert.Null(update.Barcode);
        var set = Assert.Single(shopify.InventorySets);
        Assert.Equal((9101L, 3, 12), (set.InventoryItemId, set.Quantity, set.ChangeFromQuantity));
        Assert.Empty(shopify.ProductUpdates);
    }

    [Fact]
    public async Task AVariantOnOneSideOnlyIsRefusedAsUnsupportedBeforeAnythingIsSent()
    {
        var before = Tee();
        var after = before with { Variants = [before.Variants[0], before.Variants[1], before.Variants[2] with { ShopifyVariantId = 7777, Price = 1m }] };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after with { Title = "New" }, "chg_1", Ct);

        Assert.Equal(FailureReasons.Unsupported, outcome.FailureReason);
        Assert.Equal(0, shopify.Writes);
    }

    [Fact]
    public async Task AClearedWeightIsWrittenAsZeroInTheVariantsUnit()
    {
        var before = Snapshots.Mug();
        var after = before with { Variants = [before.Variants[0] with { Weight = null, WeightUnit = null }] };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        var update = Assert.Single(Assert.Single(shopify.VariantUpdates));
        Assert.Equal(new ShopifyWeight(0m, ShopifyWeightUnit.Kilograms), update.Weight);
    }

    [Fact]
    public async Task AWeightInAUnitShopifyHasNoNameForFailsTheWriteInsteadOfBeingDropped()
    {
        var before = Snapshots.Mug();
        var after = before with { Variants = [before.Variants[0] with { Weight = 2m, WeightUnit = "stone" }] };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.Equal(FailureReasons.Invalid, outcome.FailureReason);
        Assert.Contains("stone", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, shopify.Writes);
    }

    [Fact]
    public async Task AnOptionRenameAndAVariantsNewValueAreBothWritten()
    {
        var before = Tee();
        var after = before with
        {
            OptionNames = ["Talla", "Color"],
            Variants = [.. before.Variants.Select(v => v.Sku == "TEE-S" ? v with { Options = ["Pequeña", v.Options[1]] } : v)],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(new ShopifyOptionRename(2002, 41, "Talla"), Assert.Single(shopify.Renames));
        var update = Assert.Single(Assert.Single(shopify.VariantUpdates));
        Assert.Equal(6001, update.VariantId);
        Assert.Equal([new ShopifyVariantOptionValue("Talla", "Pequeña")], update.OptionValues);
    }

    /// <summary>
    /// Found by the model-based test: the look-up of the shop's location failed (a 503), and the create went out
    /// without its stock; Shopify made the product with none, and the change was marked applied.
    /// </summary>
    [Fact]
    public async Task ACreateWhoseLocationCannotBeReadFailsToBeRetriedInsteadOfCreatingTheProductWithoutStock()
    {
        var shopify = new RecordingShopify(Tee()) { LocationFailure = new ShopifyFailure(ShopifyFailureKind.Transient, "FirstLocation failed: HTTP 503") };

        var outcome = await new ShopifyWriter(shopify).CreateAsync(Tee(), "chg_1", Ct);

        Assert.Equal(FailureReasons.ShopifyUnavailable, outcome.FailureReason);
        Assert.Empty(shopify.Creates);
    }

    private static readonly StockLocationMap TwoLocations = new([new("default", 5L), new("warehouse", 6L)]);

    private static ProductSnapshot WithStock(ProductSnapshot product, string sku, Dictionary<string, int> levels) => product with
    {
        Variants = [.. product.Variants.Select(v => v.Sku == sku ? StockLevels.WithLevels(v, levels) : v)],
    };

    /// <summary>
    /// TEE-M moves at the warehouse only: one inventorySetQuantities of that location's level, compared with the level
    /// staging saw there, and nothing at the default location.
    /// </summary>
    [Fact]
    public async Task StockIsSetAtEachChangedLocationFromTheLevelStagingSawThere()
    {
        var before = WithStock(Tee(), "TEE-M", new() { ["default"] = 2, ["warehouse"] = 10 });
        var after = WithStock(before, "TEE-M", new() { ["default"] = 2, ["warehouse"] = 4 });
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify, TwoLocations).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        var set = Assert.Single(shopify.InventorySets);
        Assert.Equal((9101L, 6L, 4, 10), (set.InventoryItemId, set.LocationId, set.Quantity, set.ChangeFromQuantity));
        Assert.Equal(1, shopify.InventoryCalls);
        Assert.Empty(shopify.Activations);
    }

    [Fact]
    public async Task StockAtALocationMappedToNoShopifyLocationFailsWithNothingWritten()
    {
        var before = Tee();
        var after = WithStock(before, "TEE-M", new() { ["default"] = 2, ["pop-up"] = 3 }) with
        {
            Variants = [.. WithStock(before, "TEE-M", new() { ["default"] = 2, ["pop-up"] = 3 }).Variants.Select(v => v.Sku == "TEE-M" ? v with { Price = 25m } : v)],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify, TwoLocations).UpdateAsync(before, after, "chg_1", Ct);

        Assert.Equal(FailureReasons.Invalid, outcome.FailureReason);
        Assert.Contains("'pop-up'", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, shopify.Writes);
    }

    [Fact]
    public async Task AnItemStockedAtALocationForTheFirstTimeIsActivatedThereBeforeItsQuantityIsSet()
    {
        var before = WithStock(Tee(), "TEE-M", new() { ["default"] = 2 });
        var after = WithStock(before, "TEE-M", new() { ["default"] = 2, ["warehouse"] = 3 });
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify, TwoLocations).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal((9101L, 6L), Assert.Single(shopify.Activations));
        var set = Assert.Single(shopify.InventorySets);
        Assert.Equal((6L, 3, 0), (set.LocationId, set.Quantity, set.ChangeFromQuantity));
    }

    /// <summary>600 levels that change go in three calls of at most 250, each keyed by the change and what it sets.</summary>
    [Fact]
    public async Task StockChangesAreSentInCallsOfAtMost250Quantities()
    {
        var variants = Enumerable.Range(0, 300).Select(i => new VariantSnapshot
        {
            ShopifyVariantId = 5000 + i,
            ShopifyInventoryItemId = 9000 + i,
            Sku = $"SKU-{i}",
            Price = 1m,
            Options = [$"V{i}"],
            Inventory = new Dictionary<string, int> { ["default"] = 1, ["warehouse"] = 1 },
            InventoryQuantity = 2,
        }).ToList();
        var before = Tee() with { OptionNames = ["Size"], Variants = variants };
        var after = before with { Variants = [.. variants.Select(v => StockLevels.WithLevels(v, new Dictionary<string, int> { ["default"] = 2, ["warehouse"] = 3 }))] };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify, TwoLocations).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(600, shopify.InventorySets.Count);
        Assert.Equal(3, shopify.InventoryCalls);
        Assert.Equal(3, shopify.InventorySets.Select(s => s.ChangeId).Distinct().Count());
    }

    /// <summary>Records what the writer sends; every write succeeds, and reads answer the product as first given.</summary>
    private sealed class RecordingShopify(ProductSnapshot product) : IShopifyClient
    {
        public List<ShopifyProductUpdate> ProductUpdates { get; } = [];
        public List<IReadOnlyList<ShopifyVariantUpdate>> VariantUpdates { get; } = [];
        public List<ShopifyInventorySet> InventorySets { get; } = [];
        public int InventoryCalls { get; private set; }
        public List<ShopifyOptionRename> Renames { get; } = [];

        public int Writes => ProductUpdates.Count + VariantUpdates.Count + InventorySets.Count + Renames.Count + Activations.Count;

        public ShopifyThrottleStatus? LastThrottleStatus => null;

        private static readonly DateTime Now = new(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc);

        public Task<ShopifyResult<ShopifyProduct?>> GetProductAsync(long productId, CancellationToken cancellationToken = default) =>
            Task.FromResult(ShopifyResult.Success<ShopifyProduct?>(new ShopifyProduct(productId, product.Title, product.Handle, "", "", "", product.Tags,
                product.Status, Now, product.OptionNames, [.. product.Variants.Select(v => new ShopifyVariant(v.ShopifyVariantId!.Value,
                    v.ShopifyInventoryItemId ?? 0, v.Sku, v.Price, v.CompareAtPrice, v.InventoryQuantity, v.Barcode, v.Weight, null, v.Options))])));

        public List<ShopifyProductCreate> Creates { get; } = [];

        /// <summary>When set, the location look-up fails with it.</summary>
        public ShopifyFailure? LocationFailure { get; init; }

        public Task<ShopifyResult<ShopifyLocation?>> GetPrimaryLocationAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(LocationFailure is { } failure
                ? ShopifyResult.Fail<ShopifyLocation?>(failure)
                : ShopifyResult.Success<ShopifyLocation?>(new ShopifyLocation(5, "Shop location")));

        /// <summary>
        /// Levels at the primary location by inventory item (null: not stocked there); an item not listed is stocked there
        /// with the variant's whole quantity, as in a shop of one location.
        /// </summary>
        public Dictionary<long, int?> PrimaryLevels { get; init; } = [];

        public List<(long InventoryItemId, long LocationId)> Activations { get; } = [];

        public Task<ShopifyResult<ShopifyInventoryLevel>> GetInventoryLevelAsync(long inventoryItemId, long locationId, CancellationToken cancellationToken = default)
        {
            var level = PrimaryLevels.TryGetValue(inventoryItemId, out var known)
                ? known
                : product.Variants.First(v => v.ShopifyInventoryItemId == inventoryItemId).InventoryQuantity;
            return Task.FromResult(ShopifyResult.Success(new ShopifyInventoryLevel(inventoryItemId, locationId, level is not null, level ?? 0)));
        }

        public Task<ShopifyResult<ShopifyInventoryLevel>> ActivateInventoryAsync(long inventoryItemId, long locationId, string changeId, CancellationToken cancellationToken = default)
        {
            Activations.Add((inventoryItemId, locationId));
            return Task.FromResult(ShopifyResult.Success(new ShopifyInventoryLevel(inventoryItemId, locationId, Stocked: true, 0)));
        }

        public Task<ShopifyResult<IReadOnlyList<ShopifyProductOption>?>> GetProductOptionsAsync(long productId, CancellationToken cancellationToken = default) =>
            Task.FromResult(ShopifyResult.Success<IReadOnlyList<ShopifyProductOption>?>(
                [.. product.OptionNames.Select((name, i) => new ShopifyProductOption(41 + i, name, i + 1))]));

        public Task<ShopifyResult<ShopifyProductUpdated>> RenameOptionAsync(ShopifyOptionRename rename, CancellationToken cancellationToken = default)
        {
            Renames.Add(rename);
            return Task.FromResult(ShopifyResult.Success(new ShopifyProductUpdated(rename.ProductId, Now)));
        }

        public Task<ShopifyResult<ShopifyProductUpdated>> UpdateProductAsync(ShopifyProductUpdate update, CancellationToken cancellationToken = default)
        {
            ProductUpdates.Add(update);
            return Task.FromResult(ShopifyResult.Success(new ShopifyProductUpdated(update.ProductId, Now)));
        }

        public Task<ShopifyResult<IReadOnlyList<ShopifyVariant>>> UpdateVariantsAsync(
            long productId, IReadOnlyList<ShopifyVariantUpdate> variants, CancellationToken cancellationToken = default)
        {
            VariantUpdates.Add(variants);
            return Task.FromResult(ShopifyResult.Success<IReadOnlyList<ShopifyVariant>>([]));
        }

        public Task<ShopifyResult<ShopifyInventoryAdjustment>> SetInventoryQuantitiesAsync(
            IReadOnlyList<ShopifyInventoryQuantity> quantities, string changeId, CancellationToken cancellationToken = default)
        {
            InventoryCalls++;
            InventorySets.AddRange(quantities.Select(q => new ShopifyInventorySet(q.InventoryItemId, q.LocationId, q.Quantity, q.ChangeFromQuantity, changeId)));
            return Task.FromResult(ShopifyResult.Success(new ShopifyInventoryAdjustment("gid://shopify/InventoryAdjustmentGroup/1", [])));
        }

        public Task<ShopifyResult<IReadOnlyList<ShopifyLocation>>> GetLocationsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(ShopifyResult.Success<IReadOnlyList<ShopifyLocation>>([new ShopifyLocation(5, "Shop location")]));

        public Task<ShopifyResult<ShopifyInventoryAdjustment>> SetInventoryQuantityAsync(ShopifyInventorySet request, CancellationToken cancellationToken = default)
        {
            InventorySets.Add(request);
            return Task.FromResult(ShopifyResult.Success(new ShopifyInventoryAdjustment("gid://shopify/InventoryAdjustmentGroup/1", [])));
        }

        public Task<ShopifyResult<ShopifyProductPage>> GetProductsPageAsync(ShopifyProductQuery query, string? after, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ShopifyResult<ShopifyProductCount>> CountProductsAsync(DateTime? updatedSince = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ShopifyResult<ShopifyShop>> GetShopAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ShopifyResult<ShopifyCollectionRef?>> GetCollectionAsync(long collectionId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ShopifyResult<ShopifyBulkOperation>> StartBulkProductExportAsync(DateTime? updatedSince = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ShopifyResult<ShopifyBulkOperation>> GetBulkOperationAsync(string bulkOperationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ShopifyResult<ShopifyBulkOperation>> WaitForBulkOperationAsync(string bulkOperationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public IAsyncEnumerable<ShopifyProduct> ReadBulkProductsAsync(string url, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public IAsyncEnumerable<ShopifyProduct> ExportProductsAsync(DateTime? updatedSince = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ShopifyResult<ShopifyProduct>> CreateProductAsync(ShopifyProductCreate product, string changeId, CancellationToken cancellationToken = default)
        {
            Creates.Add(product);
            return Task.FromResult(ShopifyResult.Fail<ShopifyProduct>(new ShopifyFailure(ShopifyFailureKind.UserErrors, "not recorded as made")));
        }

        /// <summary>No product holds the handle yet.</summary>
        public Task<ShopifyResult<ShopifyProductAtHandle?>> FindProductByHandleAsync(string handle, string changeId, CancellationToken cancellationToken = default) =>
            Task.FromResult(ShopifyResult.Success<ShopifyProductAtHandle?>(null));
        public Task<ShopifyResult<long>> DeleteProductAsync(long productId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
