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
    public async Task AVariantWhoseShopifyIdShopifyNoLongerHoldsIsStaleBeforeAnythingIsSent()
    {
        var before = Tee();
        var after = before with { Variants = [before.Variants[0], before.Variants[1], before.Variants[2] with { ShopifyVariantId = 7777, Price = 1m }] };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after with { Title = "New" }, "chg_1", Ct);

        Assert.Equal(FailureReasons.Stale, outcome.FailureReason);
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
            Variants = [.. before.Variants.Select(v => v.Sku == "TEE-S" ? v with { Options = [v.Options[0], "Blue"] } : v)],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        var rename = Assert.Single(shopify.Renames);
        Assert.Equal((2002L, 41L, "Talla"), (rename.ProductId, rename.OptionId, rename.Name));
        Assert.Empty(rename.Values);
        var update = Assert.Single(Assert.Single(shopify.VariantUpdates));
        Assert.Equal(6001, update.VariantId);
        Assert.Equal([new ShopifyVariantOptionValue("Color", "Blue")], update.OptionValues);
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

    [Fact]
    public async Task AVariantAddedIsCreatedWithItsValuesAndItsStockAtThePrimaryLocation()
    {
        var before = Tee();
        var added = Snapshots.TeeVariant("XL", 24m, 4) with { Barcode = "BAR-XL" };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, before with { Variants = [.. before.Variants, added] }, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        var (names, variants, location) = Assert.Single(shopify.VariantCreates);
        Assert.Equal(["Size", "Color"], names);
        Assert.Null(location);
        var create = Assert.Single(variants);
        Assert.Equal(("TEE-XL", 24m, "BAR-XL"), (create.Sku, create.Price, create.Barcode));
        Assert.Equal(new Dictionary<long, int> { [5] = 4 }, create.Levels);
        Assert.Equal(["XL", "Red"], create.OptionValues);
        Assert.Equal(["productVariantsBulkCreate"], shopify.Sent);
    }

    [Fact]
    public async Task VariantsAddedAndRemovedGoInChunksOf250()
    {
        var before = Tee() with
        {
            Variants = [.. Enumerable.Range(0, 600).Select(i => Snapshots.TeeVariant($"S{i}", 20m, 1, id: 10_000 + i) with { ShopifyInventoryItemId = 20_000 + i })],
        };
        var after = before with
        {
            Variants = [.. before.Variants.Take(300), .. Enumerable.Range(0, 260).Select(i => Snapshots.TeeVariant($"N{i}", 21m, 0))],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal([250, 50], shopify.VariantDeletes.Select(d => d.Count));
        Assert.Equal(before.Variants.Skip(300).Select(v => v.ShopifyVariantId!.Value), shopify.VariantDeletes.SelectMany(d => d));
        Assert.Equal([250, 10], shopify.VariantCreates.Select(c => c.Variants.Count));
    }

    [Fact]
    public async Task WhenNoVariantStaysTheLastGoesOnlyOnceTheNewOnesExist()
    {
        var before = Tee();
        var after = before with { Variants = [Snapshots.TeeVariant("XS", 18m, 0), Snapshots.TeeVariant("XL", 24m, 0)] };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(["productVariantsBulkDelete", "productVariantsBulkCreate", "productVariantsBulkDelete"], shopify.Sent);
        Assert.Equal([[6001L, 6002L], [6003L]], shopify.VariantDeletes);
    }

    [Fact]
    public async Task OptionsKeptInAnotherOrderAreReorderedInShopifyAndTheirValuesMoveWithThem()
    {
        var before = Tee();
        var after = before with
        {
            OptionNames = ["Color", "Size"],
            Variants = [.. before.Variants.Reverse().Select(v => v with { Options = [v.Options[1], v.Options[0]] })],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(["productOptionsReorder"], shopify.Sent);
        Assert.Equal([42L, 41L], Assert.Single(shopify.OptionReorders));
    }

    [Fact]
    public async Task AReorderComesBeforeAnOptionAddedBetweenTheReorderedOnes()
    {
        var before = Tee();
        var after = before with
        {
            OptionNames = ["Color", "Fit", "Size"],
            Variants = [.. before.Variants.Select(v => v with { Options = [v.Options[1], "Slim", v.Options[0]] })],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(["productOptionsReorder", "productOptionsCreate"], shopify.Sent);
        var option = Assert.Single(Assert.Single(shopify.OptionCreates));
        Assert.Equal(("Fit", 2), (option.Name, option.Position));
    }

    /// <summary>
    /// S/Red and S/Blue become S and M with Color removed: deleting Color first would leave two variants "S"
    /// (CANNOT_USE_NON_DESTRUCTIVE_STRATEGY), so the Size values are written first.
    /// </summary>
    [Fact]
    public async Task ValuesThatKeepVariantsApartAreWrittenBeforeTheOptionThatDidGoes()
    {
        var before = Tee() with
        {
            Variants = [Snapshots.TeeVariant("S", 20m, 1, id: 6001), Snapshots.TeeVariant("S", 20m, 1, id: 6002) with { Sku = "TEE-S-BLUE", Options = ["S", "Blue"] }],
        };
        var after = before with
        {
            OptionNames = ["Size"],
            Variants = [before.Variants[0] with { Options = ["S"] }, before.Variants[1] with { Options = ["M"] }],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(["productVariantsBulkUpdate", "productOptionsDelete"], shopify.Sent);
        var update = Assert.Single(Assert.Single(shopify.VariantUpdates));
        Assert.Equal(6002L, update.VariantId);
        Assert.Equal([new ShopifyVariantOptionValue("Size", "M")], update.OptionValues!);
    }

    [Fact]
    public async Task AnOptionAddedIsCreatedAndEachVariantThenTakesItsOwnValue()
    {
        var before = Tee();
        var after = before with
        {
            OptionNames = ["Size", "Fit", "Color"],
            Variants = [.. before.Variants.Select(v => v with { Options = [v.Options[0], v.Sku == "TEE-L" ? "Loose" : "Slim", v.Options[1]] })],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(["productOptionsCreate", "productVariantsBulkUpdate"], shopify.Sent);
        var option = Assert.Single(Assert.Single(shopify.OptionCreates));
        Assert.Equal(("Fit", 2), (option.Name, option.Position));
        Assert.Equal(["Slim", "Loose"], option.Values);
        // The existing variants took "Slim", the first value: only TEE-L moves.
        var update = Assert.Single(Assert.Single(shopify.VariantUpdates));
        Assert.Equal(6003, update.VariantId);
        Assert.Equal([new ShopifyVariantOptionValue("Fit", "Loose")], update.OptionValues);
    }

    [Fact]
    public async Task AnOptionRemovedIsDeletedAfterTheVariantsItKeptApart()
    {
        var before = Tee() with
        {
            Variants = [.. Tee().Variants, Snapshots.TeeVariant("S", 20m, 1, id: 6004) with { Sku = "TEE-S-BLUE", Options = ["S", "Blue"], ShopifyInventoryItemId = 9104 }],
        };
        var after = before with
        {
            OptionNames = ["Size"],
            Variants = [.. before.Variants.Take(3).Select(v => v with { Options = [v.Options[0]] })],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(["productVariantsBulkDelete", "productOptionsDelete"], shopify.Sent);
        Assert.Equal([6004L], Assert.Single(shopify.VariantDeletes));
        Assert.Equal([42L], Assert.Single(shopify.OptionDeletes));
    }

    [Fact]
    public async Task AValueEveryVariantThatHasItTakesAnewIsRenamedOnTheOption()
    {
        var before = Tee();
        var after = before with { Variants = [.. before.Variants.Select(v => v with { Options = [v.Options[0], "Crimson"] })] };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        var rename = Assert.Single(shopify.Renames);
        Assert.Equal((42L, "Color"), (rename.OptionId, rename.Name));
        Assert.Equal([new ShopifyOptionValueRename(4200, "Crimson")], rename.Values);
        Assert.Empty(shopify.VariantUpdates);
    }

    [Fact]
    public async Task TwoVariantsWithOneCombinationOfValuesAreRefusedBeforeAnythingIsSent()
    {
        var before = Tee();
        var after = before with { Variants = [.. before.Variants, Snapshots.TeeVariant("M", 20m, 0) with { Sku = "TEE-M2" }] };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after with { Title = "New" }, "chg_1", Ct);

        Assert.Equal(FailureReasons.Invalid, outcome.FailureReason);
        Assert.Contains("M / Red", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, shopify.Writes);
    }

    [Fact]
    public async Task ASingleDefaultVariantGivenOptionsIsRenamedInPlaceAndTheNewVariantsAdded()
    {
        var before = Snapshots.Mug() with { OptionNames = ["Title"] };
        before = before with { Variants = [before.Variants[0] with { Options = ["Default Title"], ShopifyInventoryItemId = 9300 }] };
        var after = before with
        {
            OptionNames = ["Size"],
            Variants = [before.Variants[0] with { Options = ["Small"] }, before.Variants[0] with { ShopifyVariantId = null, ShopifyInventoryItemId = null, Sku = "MUG-L", Options = ["Large"] }],
        };
        var shopify = new RecordingShopify(before);

        var outcome = await new ShopifyWriter(shopify).UpdateAsync(before, after, "chg_1", Ct);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(["productOptionUpdate", "productVariantsBulkCreate"], shopify.Sent);
        var rename = Assert.Single(shopify.Renames);
        Assert.Equal("Size", rename.Name);
        Assert.Equal([new ShopifyOptionValueRename(4100, "Small")], rename.Values);
        Assert.Equal(["Large"], Assert.Single(Assert.Single(shopify.VariantCreates).Variants).OptionValues);
    }

    /// <summary>Records what the writer sends; every write succeeds, and reads answer the product as first given.</summary>
    private sealed class RecordingShopify(ProductSnapshot product) : IShopifyClient
    {
        public List<ShopifyProductUpdate> ProductUpdates { get; } = [];
        public List<IReadOnlyList<ShopifyVariantUpdate>> VariantUpdates { get; } = [];
        public List<ShopifyInventorySet> InventorySets { get; } = [];
        public int InventoryCalls { get; private set; }
        public List<ShopifyOptionRename> Renames { get; } = [];

        public List<(IReadOnlyList<string> OptionNames, IReadOnlyList<ShopifyVariantCreate> Variants, long? LocationId)> VariantCreates { get; } = [];
        public List<IReadOnlyList<long>> VariantDeletes { get; } = [];
        public List<IReadOnlyList<(long VariantId, int Position)>> Reorders { get; } = [];
        public List<IReadOnlyList<ShopifyOptionCreate>> OptionCreates { get; } = [];
        public List<IReadOnlyList<long>> OptionDeletes { get; } = [];

        /// <summary>Every call that writes, in the order sent: the mutation's name.</summary>
        public List<string> Sent { get; } = [];

        public int Writes => ProductUpdates.Count + VariantUpdates.Count + InventorySets.Count + Renames.Count + Activations.Count
            + VariantCreates.Count + VariantDeletes.Count + Reorders.Count + OptionCreates.Count + OptionDeletes.Count + OptionReorders.Count;

        public Task<ShopifyResult<IReadOnlyList<ShopifyVariant>>> CreateVariantsAsync(long productId, IReadOnlyList<string> optionNames,
            IReadOnlyList<ShopifyVariantCreate> variants, long? locationId, CancellationToken cancellationToken = default)
        {
            VariantCreates.Add((optionNames, variants, locationId));
            Sent.Add("productVariantsBulkCreate");
            return Task.FromResult(ShopifyResult.Success<IReadOnlyList<ShopifyVariant>>([]));
        }

        public Task<ShopifyResult<ShopifyProductUpdated>> DeleteVariantsAsync(long productId, IReadOnlyList<long> variantIds, CancellationToken cancellationToken = default)
        {
            VariantDeletes.Add(variantIds);
            Sent.Add("productVariantsBulkDelete");
            return Task.FromResult(ShopifyResult.Success(new ShopifyProductUpdated(productId, Now)));
        }

        public Task<ShopifyResult<ShopifyProductUpdated>> ReorderVariantsAsync(long productId, IReadOnlyList<(long VariantId, int Position)> positions, CancellationToken cancellationToken = default)
        {
            Reorders.Add(positions);
            Sent.Add("productVariantsBulkReorder");
            return Task.FromResult(ShopifyResult.Success(new ShopifyProductUpdated(productId, Now)));
        }

        public List<IReadOnlyList<long>> OptionReorders { get; } = [];

        public Task<ShopifyResult<ShopifyProductUpdated>> ReorderOptionsAsync(long productId, IReadOnlyList<long> optionIds, CancellationToken cancellationToken = default)
        {
            OptionReorders.Add(optionIds);
            Sent.Add("productOptionsReorder");
            return Task.FromResult(ShopifyResult.Success(new ShopifyProductUpdated(productId, Now)));
        }

        public Task<ShopifyResult<ShopifyProductUpdated>> CreateOptionsAsync(long productId, IReadOnlyList<ShopifyOptionCreate> options, CancellationToken cancellationToken = default)
        {
            OptionCreates.Add(options);
            Sent.Add("productOptionsCreate");
            return Task.FromResult(ShopifyResult.Success(new ShopifyProductUpdated(productId, Now)));
        }

        public Task<ShopifyResult<ShopifyProductUpdated>> DeleteOptionsAsync(long productId, IReadOnlyList<long> optionIds, CancellationToken cancellationToken = default)
        {
            OptionDeletes.Add(optionIds);
            Sent.Add("productOptionsDelete");
            return Task.FromResult(ShopifyResult.Success(new ShopifyProductUpdated(productId, Now)));
        }

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
                [.. product.OptionNames.Select((name, i) => new ShopifyProductOption(41 + i, name, i + 1)
                {
                    // Value ids: the option's id times 100 plus the value's index, values in the order variants first use them.
                    Values = [.. product.Variants.Select(v => v.Options[i]).Distinct().Select((value, k) => new ShopifyProductOptionValue(((41 + i) * 100) + k, value))],
                })]));

        public Task<ShopifyResult<ShopifyProductUpdated>> RenameOptionAsync(ShopifyOptionRename rename, CancellationToken cancellationToken = default)
        {
            Renames.Add(rename);
            Sent.Add("productOptionUpdate");
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
            Sent.Add("productVariantsBulkUpdate");
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
