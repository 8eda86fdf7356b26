using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Catalog;
using SyncStudio.Data;
using SyncStudio.Services.Json;
using SyncStudio.Services.Products;
using SyncStudio.Services.Sync;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Model;

/// <summary>
/// Runs histories against the real app (in-process, real SQLite, a real token) and the simulator over HTTP. One app
/// and one simulator serve every history: between histories the sync's tables are emptied and the simulator reset
/// and seeded with the history's catalog (far cheaper than a new app and database, which cost seconds each).
/// </summary>
public sealed class SyncModel : IAsyncDisposable
{
    private const long FirstCollection = 451_000_000_001;
    private const string Location = "gid://shopify/Location/71234567890";

    /// <summary>The local stock location mapped to Shopify's second location (docs/decisions/0019).</summary>
    private const string Back = "back";

    private readonly SyncHarness _h;

    /// <summary>A history turned the circuit breaker on (<see cref="OpKind.BreakerOn"/>); the next one starts with it off.</summary>
    private bool _breakerOn;
    private readonly IDbContextFactory<SyncStudioDbContext> _db;
    private readonly IReadOnlyDictionary<long, string> _locations;
    private History _run = null!;

    private SyncModel(SyncHarness h, IReadOnlyDictionary<long, string> locations)
    {
        _h = h;
        _locations = locations;
        _db = h.App.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
    }

    /// <summary>Shopify's second location, where the local <see cref="Back"/> location's stock is kept.</summary>
    private string SecondLocation => $"gid://shopify/Location/{_locations.Single(l => l.Value == Back).Key}";

    private SimulatedShop Shop => _h.Simulator.Simulator;

    /// <summary>The field ownership the model runs under: these paths never conflict.</summary>
    private static readonly (string Pattern, string Owner)[] Owned = [("vendor", "local"), ("barcode", "shopify")];

    private static bool IsOwnedPath(string path) =>
        path == FieldPaths.Vendor || path == FieldPaths.Barcode || path.EndsWith("]." + FieldPaths.Barcode, StringComparison.Ordinal);

    private HttpClient Admin => _h.Admin;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Steps taken in the last history (what a report of cost divides by).</summary>
    public int StepsRun { get; private set; }

    /// <summary>Histories run by this model and the time they took (setup, steps and convergence).</summary>
    public int HistoriesRun { get; private set; }

    public TimeSpan TimeRunning { get; private set; }

    public static async Task<SyncModel> StartAsync()
    {
        // Rate limits are not modelled: a bucket that never runs dry keeps the client from waiting on it. Short
        // backoffs: faults are about outcomes, not waiting.
        var h = await SyncHarness.StartAsync("empty", o =>
        {
            o.Plan = ShopifyPlan.Plus;
            o.BucketSize = 1_000_000;
            o.RestoreRate = 1_000_000;
            // Two locations, both mapped: stock is synced per location, and Shopify's third is mapped to none.
            o.Locations = 3;
        }, new Dictionary<string, string?>
        {
            ["Shopify:RetryBaseDelay"] = "00:00:00.005",
            ["Shopify:RetryMaxDelay"] = "00:00:00.020",
            // Thousands of requests per run: request logs would cost more than the requests.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var shopifyLocations = h.Simulator.Simulator.GetLocations();
        var second = shopifyLocations.Single(l => l.Id != SimulatorStore.LocationId && l.Id == shopifyLocations.Where(x => x.Id != SimulatorStore.LocationId).Min(x => x.Id));
        using var mapped = await h.Admin.PutAsJsonAsync("/api/settings/locations", new
        {
            locations = new object[]
            {
                new { key = StockLocation.DefaultKey, name = "Shop floor", shopify_location_id = (long?)null },
                new { key = Back, name = "Back room", shopify_location_id = (long?)second.Id },
            },
        }, Ct);
        if (!mapped.IsSuccessStatusCode)
            throw new InvalidOperationException($"The model's stock locations were refused: {await mapped.Content.ReadAsStringAsync(Ct)}");
        // Field ownership (decision 0026): the vendor is the local side's, barcodes are Shopify's; neither ever conflicts.
        using var owned = await h.Admin.PutAsJsonAsync("/api/settings/safety", new
        {
            field_ownership = Owned.Select(o => new { pattern = o.Pattern, owner = o.Owner }).ToArray(),
        }, Ct);
        if (!owned.IsSuccessStatusCode)
            throw new InvalidOperationException($"The model's field ownership was refused: {await owned.Content.ReadAsStringAsync(Ct)}");
        return new SyncModel(h, new Dictionary<long, string> { [SimulatorStore.LocationId] = StockLocation.DefaultKey, [second.Id] = Back });
    }

    /// <summary>Runs one history; throws <see cref="InvariantViolationException"/> (naming the step) on the first broken promise.</summary>
    public async Task RunAsync(SyncHistory history, KnownDefects defects)
    {
        _run = new History(history, defects);
        StepsRun = 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await RunCoreAsync(history);
        }
        finally
        {
            HistoriesRun++;
            TimeRunning += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
    }

    private async Task RunCoreAsync(SyncHistory history)
    {
        await ResetAsync();
        await SeedShopifyAsync(history.VariantCounts);
        await AgreeAsync();
        for (var i = 0; i < history.Ops.Length; i++)
        {
            var op = history.Ops[i];
            _run.Step = $"step {i + 1} {op}";
            try
            {
                await StepAsync(op);
            }
            catch (InvariantViolationException)
            {
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvariantViolationException("step-failed", $"{_run.Step}: {e.GetType().Name}: {e.Message}");
            }

            StepsRun++;
        }

        _run.Step = "convergence";
        await ConvergeAsync();
    }

    // ---- reset and seed ------------------------------------------------------------------------------

    private async Task ResetAsync()
    {
        Shop.Faults.Clear();
        if (_breakerOn)
        {
            await ExpectAsync(await Admin.PutAsJsonAsync("/api/settings/safety", new { circuit_breaker = new { enabled = false } }, Ct), "turn the circuit breaker off");
            _breakerOn = false;
        }

        Shop.Reset();
        Shop.RefillBucket();
        // Metafield definitions (a reset forgets them): one a product holds, one a variant holds (decision 0023).
        foreach (var (owner, key) in new[] { ("PRODUCT", "material"), ("PRODUCTVARIANT", "fit") })
        {
            await _h.MerchantAsync(
                "mutation($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) { createdDefinition { id } userErrors { message } } }",
                new { d = new { name = key, @namespace = "custom", key, type = "single_line_text_field", ownerType = owner } });
        }
        await using var db = await _db.CreateDbContextAsync(Ct);
        await db.StagedProductChanges.ExecuteDeleteAsync(Ct);
        await db.SyncVersions.ExecuteDeleteAsync(Ct);
        await db.ProductVariants.ExecuteDeleteAsync(Ct);
        await db.Products.ExecuteDeleteAsync(Ct);
        await db.SyncBatches.ExecuteDeleteAsync(Ct);
        await db.AuditEvents.ExecuteDeleteAsync(Ct);
        await db.WebhookDeliveries.ExecuteDeleteAsync(Ct);
    }

    private async Task SeedShopifyAsync(int[] variantCounts)
    {
        for (var i = 0; i < variantCounts.Length; i++)
            await MerchantCreateAsync($"Product {i + 1}", $"p-{i + 1}", variantCounts[i]);
    }

    private async Task AgreeAsync()
    {
        var pull = await PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;
        await ExpectAsync(await Admin.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { batch_id = batchId, notes = "first sync" }, Ct), "first sync approve");
        await PushAsync(new { batch_id = batchId, confirm = true });
        var observed = await ObserveAsync();
        SyncInvariants.SidesEqual(observed, "first sync");
    }

    // ---- one step --------------------------------------------------------------------------------------

    private async Task StepAsync(SyncOp op)
    {
        var before = await ObserveAsync();
        var facts = new StepFacts();
        switch (op.Kind)
        {
            case OpKind.LocalEdit: await LocalEditAsync(op, before); break;
            case OpKind.LocalCreate: await LocalCreateAsync(op); break;
            case OpKind.LocalDelete: await LocalDeleteAsync(op, before, facts); break;
            case OpKind.ImportCsv: await ImportCsvAsync(op, before); break;
            case OpKind.ShopifyEdit: await ShopifyEditAsync(op, before, facts); break;
            case OpKind.ShopifyInventory: await ShopifyInventoryAsync(op, before, facts); break;
            case OpKind.ShopifyReorderVariants: await ShopifyReorderAsync(op, before, facts); break;
            case OpKind.ShopifyRenameOption: await ShopifyRenameOptionAsync(op, before, facts); break;
            case OpKind.ShopifyDelete: await ShopifyDeleteAsync(op, before, facts); break;
            case OpKind.ShopifyCreate: facts.Merchant = true; await MerchantCreateAsync($"Shopify {_run.Fresh()}", $"s-{_run.Fresh()}", 1 + op.B % 3); break;
            case OpKind.ShopifyRecreate: await ShopifyRecreateAsync(op, before, facts); break;
            case OpKind.ShopifyJoinCollection: await ShopifyJoinCollectionAsync(op, before, facts); break;
            case OpKind.PullFull: await PullAsync(new { sync_type = "full" }); break;
            case OpKind.PullIncremental: await PullAsync(new { sync_type = "incremental" }); break;
            case OpKind.PullCollection: await PullCollectionAsync(op); break;
            case OpKind.PullUpdatedSince: await PullUpdatedSinceAsync(op); break;
            case OpKind.Approve: await ApproveAsync(op, before); break;
            case OpKind.ApproveNotesOnly: await ApproveNotesOnlyAsync(op, before); break;
            case OpKind.ApproveWrongType: await ApproveWrongTypeAsync(op, before); break;
            case OpKind.Reject: await RejectAsync(op, before); break;
            case OpKind.BulkApprove: await BulkAsync(op, before, approve: true); break;
            case OpKind.BulkReject: await BulkAsync(op, before, approve: false); break;
            case OpKind.Push: await PushStepAsync(op, before, facts, faults: false); break;
            case OpKind.PushWithFaults: await PushStepAsync(op, before, facts, faults: true); break;
            case OpKind.PushNothing: await PushNothingAsync(op, before); break;
            case OpKind.Rollback: await RollbackAsync(op, before, facts, force: false); break;
            case OpKind.RollbackForce: await RollbackAsync(op, before, facts, force: true); break;
            case OpKind.BreakerOn: await BreakerOnAsync(op); break;
            case OpKind.ReleaseHeld: await DecideHeldAsync(op, before, release: true); break;
            case OpKind.DiscardHeld: await DecideHeldAsync(op, before, release: false); break;
        }

        var after = await ObserveAsync();
        await CheckStepAsync(before, after, facts);
    }

    /// <summary>What a step was allowed to do, for the invariants checked after every step.</summary>
    private sealed class StepFacts
    {
        public bool Merchant { get; set; }
        public HashSet<long> NamedShopify { get; } = [];
        public HashSet<long> DeletableShopify { get; } = [];
        public HashSet<int> DeletableLocal { get; } = [];
        public HashSet<string> Contested { get; } = [];
    }

    private async Task CheckStepAsync(Observation before, Observation after, StepFacts facts)
    {
        var step = _run.Step;
        if (!facts.Merchant)
            SyncInvariants.NoUnnamedWrites(before, after, facts.NamedShopify, step);

        // Deletes an applied delete change (or a create's rollback) explains, besides the step's own.
        foreach (var change in after.Changes.Values.Where(c => c.Status == ChangeStatuses.Applied && c.ChangeType == ChangeTypes.Delete
            && before.Changes.TryGetValue(c.Id, out var was) && was.Status != ChangeStatuses.Applied && !SyncInvariants.KeepsProduct(c)))
        {
            if (change.SyncDirection == SyncDirections.PushToShopify && SyncInvariants.ShopifyId(change, before) is { } sid)
                facts.DeletableShopify.Add(sid);
            if (change.SyncDirection == SyncDirections.PullFromShopify && SyncInvariants.LocalOf(change, before) is { } local)
                facts.DeletableLocal.Add(local.Id);
        }

        SyncInvariants.NoUnapprovedDeletes(before, after, facts.DeletableShopify, facts.DeletableLocal, step);
        // An owned field never conflicts in an update (decision 0026): its owner's value is staged toward the other side
        // instead. A delete's conflicts name what deleting would lose, owned or not (creates and deletes are not field edits).
        foreach (var change in after.Changes.Values.Where(c => c.HasConflicts && c.ChangeType == ChangeTypes.Update && !before.Changes.ContainsKey(c.Id)))
        {
            if ((SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? []).FirstOrDefault(IsOwnedPath) is { } owned)
                throw new InvariantViolationException("owned-fields-never-conflict", $"{step}: {change.ChangeId} ({change.ChangeType} {change.SyncDirection}) has a conflict on {owned}, a field one side owns: {change.FieldChanges}");
        }
        SyncInvariants.FailuresAreOutcomes(before, after, step);
        // A batch the circuit breaker holds (decision 0025): nothing in it auto-approved or applied until it is released.
        foreach (var change in after.Changes.Values.Where(c => c.BatchId is { } b && after.HeldBatches.Contains(b)))
        {
            if (change.Status == ChangeStatuses.Applied || change.AppliedBatchId is not null || (change.Status == ChangeStatuses.Approved && change.AutoApproved))
                throw new InvariantViolationException("held-batch", $"{step}: {change.ChangeId} of held batch {change.BatchId} is {change.Status}{(change.AutoApproved ? " (auto-approved)" : "")}");
        }

        var applied = after.Changes.Values.Where(c => c.Status == ChangeStatuses.Applied
            && (!before.Changes.TryGetValue(c.Id, out var was) || was.Status != ChangeStatuses.Applied)).ToList();
        // Two changes of one product applied in one step may write the same path: the later wins, so neither is checked there.
        foreach (var group in applied.GroupBy(c => SyncInvariants.ShopifyId(c, after)?.ToString(CultureInfo.InvariantCulture) ?? "local" + c.ProductId))
        {
            var list = group.ToList();
            if (list.Count > 1)
            {
                foreach (var path in list.SelectMany(c => SyncInvariants.ApprovedValues(c).Select(v => v.Path)).GroupBy(p => p).Where(g => g.Count() > 1))
                    foreach (var c in list)
                        facts.Contested.Add(c.ChangeId + "|" + path.Key);
                if (list.Any(c => c.ChangeType != ChangeTypes.Update))
                    foreach (var c in list)
                        facts.Contested.Add(c.ChangeId);
            }

            foreach (var change in list)
                SyncInvariants.AppliedHoldsApproved(change, after, facts.Contested, step);
        }

        await using var db = await _db.CreateDbContextAsync(Ct);
        var versions = await db.SyncVersions.AsNoTracking().Where(v => v.EntityType == EntityTypes.Product)
            .Select(v => new { v.EntityId, v.VersionNumber }).ToListAsync(Ct);
        SyncInvariants.VersionsGapless(versions.Select(v => (v.EntityId, v.VersionNumber)), step);
        var audit = await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == "staged_change").Select(a => new { a.EntityId, a.Action }).ToListAsync(Ct);
        SyncInvariants.Audited(after, audit.ToLookup(a => a.EntityId, a => a.Action), step);
    }

    private async Task<Observation> ObserveAsync()
    {
        await using var db = await _db.CreateDbContextAsync(Ct);
        var local = await db.Products.AsNoTracking().Include(p => p.Variants).ThenInclude(v => v.StockLevels).AsSplitQuery().ToDictionaryAsync(p => p.Id, Ct);
        var changes = await db.StagedProductChanges.AsNoTracking().ToDictionaryAsync(c => c.Id, Ct);
        var batches = await db.SyncBatches.CountAsync(Ct);
        var held = await db.SyncBatches.AsNoTracking().Where(b => b.Status == BatchStatuses.Held).Select(b => b.BatchId).ToListAsync(Ct);
        return new Observation(local, Shop.GetProducts().ToDictionary(p => p.Id), [.. Shop.GetMutationLog()], changes, batches, _locations,
            held.ToHashSet(StringComparer.Ordinal));
    }

    // ---- local edits through the products API ---------------------------------------------------------

    /// <summary>While N1 is open: a product whose create is approved and not yet applied is left alone.</summary>
    private bool CreateAwaitsApply(Observation at, int? localId, long? shopifyId) =>
        _run.Defects.CreateAppliesCurrentProduct && at.Changes.Values.Any(c => c.ChangeType == ChangeTypes.Create
            && c.Status is ChangeStatuses.Approved or ChangeStatuses.Failed
            && ((localId is not null && c.ProductId == localId) || (shopifyId is not null && c.ShopifyProductId == shopifyId.Value.ToString(CultureInfo.InvariantCulture))));

    private async Task LocalEditAsync(SyncOp op, Observation at)
    {
        if (Pick(at.LiveLocal.OrderBy(p => p.Id), op.A) is not { } product || CreateAwaitsApply(at, product.Id, product.ShopifyProductId))
            return;
        var field = (EditField)(op.B % SyncOperations.EditFieldCount);
        if (_run.Defects.DroppedFieldPaths
            && field is EditField.OptionName or EditField.OptionValue or EditField.WeightClear or EditField.WeightUnitUnparsable or EditField.TagCaseOnly)
            return;
        var variants = product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id).ToList();
        var variant = variants[op.C % variants.Count];
        if (_run.Defects.HiddenWeightUnit && ((field == EditField.WeightUnit && variant.Weight is null or 0m) || field == EditField.WeightClear))
            return;
        var tags = ProductTags.Split(product.Tags);
        var realOptions = product.Option1Name is { } o1 && o1 != "Title";
        var n = _run.Fresh();
        var body = new JsonObject();
        JsonObject VariantField(string name, JsonNode? value)
        {
            if (variants.Count == 1)
            {
                body[name] = value;
                return body;
            }

            body["variants"] = new JsonArray(new JsonObject { ["id"] = variant.Id, [name] = value });
            return body;
        }

        switch (field)
        {
            case EditField.Title: body["title"] = $"Local title {n}"; break;
            case EditField.Handle: body["handle"] = $"local-{n}"; break;
            case EditField.BodyHtml: body["body_html"] = $"<p>Local body {n}</p>"; break;
            case EditField.Vendor: body["vendor"] = $"Vendor {op.C % 4}"; break;
            case EditField.ProductType: body["product_type"] = $"Type {op.C % 4}"; break;
            case EditField.TagAdd: body["tags"] = Tags([.. tags, $"tag{op.C % 6}"]); break;
            case EditField.TagRemove: body["tags"] = Tags(tags.Skip(1)); break;
            case EditField.TagCaseOnly: body["tags"] = Tags(tags.Count == 0 ? ["Case"] : [FlipCase(tags[0]), .. tags.Skip(1)]); break;
            case EditField.Status: body["status"] = ProductStatuses.All[op.C % 3]; break;
            case EditField.OptionName:
                if (!realOptions || (_run.Defects.OptionsMovedBesideVariants && !SameOptions(at, product, product.ShopifyProductId)))
                    return;
                // The first option renamed, the others kept.
                body["option_names"] = new JsonArray([(JsonNode)$"Option {n}",
                    .. ProductTags.Options(product.Option1Name, product.Option2Name, product.Option3Name).Skip(1).Select(x => (JsonNode)x)]);
                break;
            case EditField.Sku: VariantField("sku", $"SKU-L{n}"); break;
            case EditField.Price: VariantField("price", Money(op.C)); break;
            case EditField.CompareAtPrice: VariantField("compare_at_price", Money(op.C) + 10m); break;
            case EditField.CompareAtPriceClear: VariantField("compare_at_price", null); break;
            case EditField.InventoryQuantity: VariantField("inventory_quantity", op.C); break;
            case EditField.InventoryAtSecondLocation: VariantField("inventory", new JsonObject { [Back] = op.C % 7 }); break;
            case EditField.Barcode: VariantField("barcode", $"BL{n}"); break;
            case EditField.BarcodeClear: VariantField("barcode", null); break;
            case EditField.Weight: VariantField("weight", 0.1m * (1 + op.C % 20)); break;
            case EditField.WeightClear: VariantField("weight", null); break;
            case EditField.WeightUnit: VariantField("weight_unit", new[] { "kg", "g", "lb", "oz" }[op.C % 4]); break;
            case EditField.WeightUnitUnparsable: VariantField("weight_unit", "stone"); break;
            case EditField.SeoTitle: body["seo_title"] = $"Local SEO {n}"; break;
            case EditField.MetafieldProduct: body["metafields"] = new JsonObject { ["custom.material"] = $"Local material {n}" }; break;
            case EditField.MetafieldClear: body["metafields"] = new JsonObject { ["custom.material"] = null }; break;
            case EditField.MetafieldVariant:
                body["variants"] = new JsonArray(new JsonObject { ["id"] = variant.Id, ["metafields"] = new JsonObject { ["custom.fit"] = $"Local fit {n}" } });
                break;
            case EditField.Cost: VariantField("cost", Money(op.C) - 3m); break;
            case EditField.CostClear: VariantField("cost", null); break;
            case EditField.InventoryPolicy: VariantField("inventory_policy", op.C % 2 == 0 ? "continue" : "deny"); break;
            case EditField.Taxable: VariantField("taxable", op.C % 2 == 0); break;
            case EditField.OptionAdd or EditField.OptionRemove or EditField.OptionReorder:
                if (!realOptions || _run.Defects.OptionsMovedBesideVariants)
                    return;
                var names = ProductTags.Options(product.Option1Name, product.Option2Name, product.Option3Name).ToList();
                var valuesOf = variants.ToDictionary(v => v.Id, v => ProductTags.Options(v.Option1, v.Option2, v.Option3).ToList());
                if (field == EditField.OptionAdd)
                {
                    if (names.Count >= 3)
                        return;
                    // A new option with a value per variant: every combination stays distinct.
                    names.Add($"Fit {n}");
                    for (var i = 0; i < variants.Count; i++)
                        valuesOf[variants[i].Id].Add((i + op.C) % 2 == 0 ? "Slim" : "Loose");
                }
                else if (names.Count < 2)
                {
                    return;
                }
                else if (field == EditField.OptionRemove)
                {
                    // The last option goes; where that leaves two variants with one combination the API refuses it (400).
                    names.RemoveAt(names.Count - 1);
                    foreach (var held in valuesOf.Values)
                        held.RemoveAt(held.Count - 1);
                }
                else
                {
                    names.Reverse();
                    foreach (var held in valuesOf.Values)
                        held.Reverse();
                }

                body["option_names"] = new JsonArray([.. names.Select(x => (JsonNode)x)]);
                body["variants"] = new JsonArray([.. variants.Select(v => (JsonNode)new JsonObject
                {
                    ["id"] = v.Id,
                    ["options"] = new JsonArray([.. valuesOf[v.Id].Select(x => (JsonNode)x)]),
                })]);
                break;
            case EditField.OptionValue:
                if (!realOptions || variants.Count == 1 || (_run.Defects.OptionsMovedBesideVariants && !SameOptions(at, product, product.ShopifyProductId)))
                    return;
                // The first option's value renamed on this variant, the others kept.
                body["variants"] = new JsonArray(new JsonObject
                {
                    ["id"] = variant.Id,
                    ["options"] = new JsonArray([(JsonNode)$"V{n}", .. ProductTags.Options(variant.Option1, variant.Option2, variant.Option3).Skip(1).Select(x => (JsonNode)x)]),
                });
                break;
            case EditField.VariantAdd:
                if (!realOptions || _run.Defects.WholeVariantRoundTrips
                    || (_run.Defects.OptionsMovedBesideVariants && !SameOptions(at, product, product.ShopifyProductId)))
                    return;
                // A new first-option value beside the variant's other values: a combination no variant has.
                string?[] values = [$"A{n}", product.Option2Name is null ? null : variant.Option2, product.Option3Name is null ? null : variant.Option3];
                body["variants"] = new JsonArray(new JsonObject
                {
                    ["sku"] = $"SKU-LA{n}",
                    ["price"] = Money(op.C),
                    ["inventory_quantity"] = op.C % 10,
                    ["options"] = new JsonArray([.. values.Where(v => v is not null).Select(v => (JsonNode)v!)]),
                });
                break;
            case EditField.VariantRemove:
                if (variants.Count == 1 || _run.Defects.WholeVariantRoundTrips
                    || (_run.Defects.RemovalsLeaveNoVariant && !SameVariants(at, product, product.ShopifyProductId)))
                    return;
                await ExpectAsync(await Admin.DeleteAsync($"/api/products/{product.Id}/variants/{variant.Id}", Ct), "remove a variant", HttpStatusCode.OK);
                return;
        }

        var response = await Admin.PatchAsync($"/api/products/{product.Id}", JsonContent.Create(body), Ct);
        // A value the API refuses (400) writes nothing; that is checked by the invariants like any step.
        await ExpectAsync(response, $"PATCH {body.ToJsonString()}", HttpStatusCode.OK, HttpStatusCode.BadRequest);
    }

    /// <summary>While N19 is open: both sides of a product hold the same variants (by Shopify's ids).</summary>
    private static bool SameVariants(Observation at, Product local, long? shopifyId) =>
        shopifyId is { } sid && at.Shopify.TryGetValue(sid, out var shopify)
        && local.Variants.All(v => v.ShopifyVariantId is not null)
        && local.Variants.Select(v => v.ShopifyVariantId!.Value).ToHashSet().SetEquals(shopify.Variants.Select(v => v.Id));

    /// <summary>While N20 is open: both sides of a product have the same option names.</summary>
    private static bool SameOptions(Observation at, Product local, long? shopifyId) =>
        shopifyId is { } sid && at.Shopify.TryGetValue(sid, out var shopify)
        && ProductTags.Options(local.Option1Name, local.Option2Name, local.Option3Name).SequenceEqual(shopify.Options.Select(o => o.Name), StringComparer.Ordinal);

    /// <summary>While N20 is open: both sides of a product have the same option names and the same variants.</summary>
    private static bool SameShape(Observation at, Product local, long? shopifyId) => SameOptions(at, local, shopifyId) && SameVariants(at, local, shopifyId);

    private async Task LocalCreateAsync(SyncOp op)
    {
        var n = _run.Fresh();
        object body = (op.B % 4) switch
        {
            0 => (object)new { title = $"Local new {n}", handle = $"local-new-{n}", vendor = "Acme", status = "active", sku = $"SKU-N{n}", price = Money(op.C), inventory_quantity = op.C, weight = 0.5m, weight_unit = "kg" },
            // Stock at both locations: the create sends both levels.
            2 => new
            {
                title = $"Local new {n}",
                handle = $"local-new-{n}",
                vendor = "Acme",
                status = "active",
                sku = $"SKU-N{n}",
                price = Money(op.C),
                inventory = new Dictionary<string, int> { [StockLocation.DefaultKey] = op.C, [Back] = 1 + op.C % 4 },
            },
            _ => new
            {
                title = $"Local new {n}",
                handle = $"local-new-{n}",
                vendor = "Acme",
                status = "active",
                option_names = new[] { "Size" },
                variants = new[]
                {
                    new { sku = $"SKU-N{n}-S", price = Money(op.C), inventory_quantity = 3, options = new[] { "S" } },
                    new { sku = $"SKU-N{n}-M", price = Money(op.C + 1), inventory_quantity = 4, options = new[] { "M" } },
                },
            },
        };
        await ExpectAsync(await Admin.PostAsJsonAsync("/api/products", body, Ct), "POST product", HttpStatusCode.Created);
    }

    private async Task LocalDeleteAsync(SyncOp op, Observation at, StepFacts facts)
    {
        if (Pick(at.LiveLocal.OrderBy(p => p.Id), op.A) is not { } product || CreateAwaitsApply(at, product.Id, product.ShopifyProductId))
            return;
        facts.DeletableLocal.Add(product.Id);
        await ExpectAsync(await Admin.DeleteAsync($"/api/products/{product.Id}", Ct), "DELETE product", HttpStatusCode.NoContent);
    }

    private async Task ImportCsvAsync(SyncOp op, Observation at)
    {
        var product = op.A % 4 == 3 ? null : Pick(at.LiveLocal.OrderBy(p => p.Id), op.A);
        if (product is not null && CreateAwaitsApply(at, product.Id, product.ShopifyProductId))
            return;
        var n = _run.Fresh();
        CatalogProduct row;
        if (product is null)
        {
            row = new CatalogProduct
            {
                Handle = $"csv-{n}",
                Title = $"Imported {n}",
                Vendor = "Acme",
                Variants = [new CatalogVariant { Sku = $"SKU-C{n}", Price = Money(op.C), InventoryQuantity = op.C, Weight = 0.2m }],
            };
        }
        else
        {
            row = ToCatalog(product);
            switch (op.B % 4)
            {
                case 0: row.Title = $"Imported title {n}"; break;
                case 1: row.Variants[op.C % row.Variants.Count].Price = Money(op.C); break;
                case 2: row.Tags = [.. row.Tags, $"csv{op.C % 3}"]; break;
                default: row.Vendor = $"Vendor {op.C % 4}"; break;
            }
        }

        using var content = new StringContent(ShopifyCsvWriter.WriteToString([row]), Encoding.UTF8, "text/csv");
        var body = await ExpectAsync(await Admin.PostAsync("/api/products/import", content, Ct), "CSV import");
        if (body.GetProperty("errors").GetArrayLength() > 0)
            throw new InvariantViolationException("contract", $"{_run.Step}: the import of a valid row answered errors {body.GetProperty("errors")}");
    }

    private static CatalogProduct ToCatalog(Product p)
    {
        var options = ProductTags.Options(p.Option1Name, p.Option2Name, p.Option3Name);
        return new CatalogProduct
        {
            Handle = p.Handle,
            Title = p.Title,
            BodyHtml = p.BodyHtml ?? "",
            Vendor = p.Vendor ?? "",
            ProductType = p.ProductType ?? "",
            Tags = ProductTags.Split(p.Tags),
            Status = p.Status switch { "draft" => CatalogProductStatus.Draft, "archived" => CatalogProductStatus.Archived, _ => CatalogProductStatus.Active },
            SeoTitle = p.SeoTitle,
            SeoDescription = p.SeoDescription,
            OptionNames = options,
            Variants = [.. p.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id).Select(v => new CatalogVariant
            {
                Sku = v.Sku,
                Price = v.Price,
                CompareAtPrice = v.CompareAtPrice,
                InventoryQuantity = v.InventoryQuantity,
                Barcode = v.Barcode,
                Weight = v.Weight,
                WeightUnit = CanonicalProductUnit(v.WeightUnit),
                OptionValues = ProductTags.Options(v.Option1, v.Option2, v.Option3),
                Cost = v.Cost,
                InventoryPolicy = v.InventoryPolicy,
                Tracked = v.Tracked,
                RequiresShipping = v.RequiresShipping,
                Taxable = v.Taxable,
            })],
        };
    }

    private static CatalogWeightUnit CanonicalProductUnit(string? unit) => unit?.ToUpperInvariant() switch
    {
        "G" or "GRAMS" => CatalogWeightUnit.Grams,
        "LB" or "POUNDS" => CatalogWeightUnit.Pounds,
        "OZ" or "OUNCES" => CatalogWeightUnit.Ounces,
        _ => CatalogWeightUnit.Kilograms,
    };

    // ---- the merchant, in Shopify's admin (GraphQL against the simulator) -------------------------------

    private async Task ShopifyEditAsync(SyncOp op, Observation at, StepFacts facts)
    {
        facts.Merchant = true;
        if (Pick(at.Shopify.Values.OrderBy(p => p.Id), op.A) is not { } product || CreateAwaitsApply(at, null, product.Id))
            return;
        var field = (EditField)(op.B % SyncOperations.EditFieldCount);
        if (_run.Defects.DroppedFieldPaths && field is EditField.WeightClear or EditField.TagCaseOnly)
            return;
        var variant = product.Variants[op.C % product.Variants.Length];
        var realOptions = product.Options.Length > 0 && product.Options[0].Name != "Title";
        var n = _run.Fresh();
        var tags = product.Tags.ToList();
        object? productInput = field switch
        {
            EditField.Title => new { id = product.Gid, title = $"Shopify title {n}" },
            EditField.Handle => new { id = product.Gid, handle = $"shopify-{n}" },
            EditField.BodyHtml => new { id = product.Gid, descriptionHtml = $"<p>Shopify body {n}</p>" },
            EditField.Vendor => new { id = product.Gid, vendor = $"Vendor {op.C % 4}" },
            EditField.ProductType => new { id = product.Gid, productType = $"Type {op.C % 4}" },
            EditField.TagAdd => new { id = product.Gid, tags = (string[])[.. tags, $"tag{op.C % 6}"] },
            EditField.TagRemove => new { id = product.Gid, tags = tags.Skip(1).ToArray() },
            EditField.TagCaseOnly => new { id = product.Gid, tags = tags.Count == 0 ? ["Case"] : (string[])[FlipCase(tags[0]), .. tags.Skip(1)] },
            EditField.Status => new { id = product.Gid, status = new[] { "ACTIVE", "DRAFT", "ARCHIVED" }[op.C % 3] },
            // https://shopify.dev/docs/api/admin-graphql/2026-07/input-objects/SEOInput
            EditField.SeoTitle => new { id = product.Gid, seo = new { title = $"Shopify SEO {n}" } },
            _ => null,
        };
        if (productInput is not null)
        {
            await MerchantAsync("mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { product { id } userErrors { message } } }", new { p = productInput });
            return;
        }

        object? variantInput = field switch
        {
            EditField.Sku => new { id = variant.Gid, inventoryItem = new { sku = $"SKU-S{n}" } },
            EditField.Price => new { id = variant.Gid, price = Money(op.C).ToString(CultureInfo.InvariantCulture) },
            EditField.CompareAtPrice => new { id = variant.Gid, compareAtPrice = (Money(op.C) + 10m).ToString(CultureInfo.InvariantCulture) },
            EditField.CompareAtPriceClear => new { id = variant.Gid, compareAtPrice = (string?)null },
            EditField.Barcode => new { id = variant.Gid, barcode = $"BS{n}" },
            EditField.BarcodeClear => new { id = variant.Gid, barcode = (string?)null },
            EditField.Weight or EditField.WeightUnitUnparsable => new { id = variant.Gid, inventoryItem = new { measurement = new { weight = new { value = 0.1 * (1 + op.C % 20), unit = variant.WeightUnit } } } },
            EditField.WeightClear => new { id = variant.Gid, inventoryItem = new { measurement = new { weight = new { value = 0.0, unit = variant.WeightUnit } } } },
            EditField.WeightUnit => new { id = variant.Gid, inventoryItem = new { measurement = new { weight = new { value = (double)(variant.Weight ?? 0m) + 1, unit = new[] { "KILOGRAMS", "GRAMS", "POUNDS", "OUNCES" }[op.C % 4] } } } },
            EditField.OptionValue when realOptions && product.Variants.Length > 1 =>
                new { id = variant.Gid, optionValues = new[] { new { optionName = product.Options[0].Name, name = $"W{n}" } } },
            EditField.InventoryQuantity => null,
            // https://shopify.dev/docs/api/admin-graphql/2026-07/input-objects/InventoryItemInput (cost) and
            // ProductVariantsBulkInput (inventoryPolicy, taxable)
            EditField.Cost => new { id = variant.Gid, inventoryItem = new { cost = (Money(op.C) - 3m).ToString(CultureInfo.InvariantCulture) } },
            EditField.CostClear => new { id = variant.Gid, inventoryItem = new { cost = (string?)null } },
            EditField.InventoryPolicy => new { id = variant.Gid, inventoryPolicy = op.C % 2 == 0 ? "CONTINUE" : "DENY" },
            EditField.Taxable => new { id = variant.Gid, taxable = op.C % 2 == 0 },
            _ => null,
        };
        if (field is EditField.InventoryQuantity or EditField.InventoryAtSecondLocation)
        {
            await ShopifyInventoryAsync(op with { B = field == EditField.InventoryQuantity ? 0 : 1 }, at, facts);
            return;
        }

        if (field is EditField.VariantAdd or EditField.VariantRemove && _run.Defects.WholeVariantRoundTrips)
            return;
        if (_run.Defects.OptionsMovedBesideVariants && field is EditField.VariantAdd or EditField.OptionValue or EditField.OptionAdd or EditField.OptionRemove or EditField.OptionReorder
            && (at.LocalLinkedTo(product.Id) is not { } twin
                || !(field is EditField.VariantAdd or EditField.OptionValue ? SameOptions(at, twin, product.Id) : SameShape(at, twin, product.Id))))
            return;
        if (field is EditField.OptionAdd or EditField.OptionRemove or EditField.OptionReorder)
        {
            if (_run.Defects.OptionsMovedBesideVariants)
                return;
            await ShopifyOptionsAsync(field, op, product, n);
            return;
        }
        if (field is EditField.MetafieldProduct or EditField.MetafieldVariant)
        {
            // https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsSet
            var owner = field == EditField.MetafieldProduct ? product.Gid : variant.Gid;
            var key = field == EditField.MetafieldProduct ? "material" : "fit";
            await MerchantAsync("mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { key } userErrors { message } } }",
                new { m = new[] { new { ownerId = owner, @namespace = "custom", key, value = $"Shopify {key} {n}" } } });
            return;
        }
        if (field == EditField.MetafieldClear)
        {
            // https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsDelete
            await MerchantAsync("mutation($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { deletedMetafields { key } userErrors { message } } }",
                new { m = new[] { new { ownerId = product.Gid, @namespace = "custom", key = "material" } } });
            return;
        }
        if (field == EditField.VariantAdd && realOptions)
        {
            // https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productVariantsBulkCreate
            var values = product.Options.Select((o, i) => new { optionName = o.Name, name = i == 0 ? $"A{n}" : variant.OptionValues[i] }).ToArray();
            await MerchantAsync(
                "mutation($id: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkCreate(productId: $id, variants: $v) { product { id } userErrors { message } } }",
                new { id = product.Gid, v = new[] { new { optionValues = values, price = Money(op.C).ToString(CultureInfo.InvariantCulture), inventoryItem = new { sku = $"SKU-SA{n}" } } } });
            return;
        }
        if (field == EditField.VariantRemove && product.Variants.Length > 1
            && (!_run.Defects.RemovalsLeaveNoVariant || (at.LocalLinkedTo(product.Id) is { } linked && SameVariants(at, linked, product.Id))))
        {
            // https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productVariantsBulkDelete
            await MerchantAsync(
                "mutation($id: ID!, $v: [ID!]!) { productVariantsBulkDelete(productId: $id, variantsIds: $v) { product { id } userErrors { message } } }",
                new { id = product.Gid, v = new[] { variant.Gid } });
            return;
        }
        if (variantInput is null)
            return;
        await MerchantAsync(
            "mutation($id: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $id, variants: $v) { product { id } userErrors { message } } }",
            new { id = product.Gid, v = new[] { variantInput } });
    }

    /// <summary>An option added, removed or the options reordered in Shopify's admin, with the option mutations.</summary>
    private async Task ShopifyOptionsAsync(EditField field, SyncOp op, SimulatedProduct product, int n)
    {
        if (product.Options.Length == 0 || product.Options[0].Name == "Title")
            return;
        switch (field)
        {
            case EditField.OptionAdd when product.Options.Length < 3:
                // https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsCreate: with LEAVE_AS_IS every
                // variant takes the new option's first value.
                await MerchantAsync(
                    "mutation($p: ID!, $o: [OptionCreateInput!]!) { productOptionsCreate(productId: $p, options: $o, variantStrategy: LEAVE_AS_IS) { userErrors { message } } }",
                    new { p = product.Gid, o = new[] { new { name = $"Fit {n}", values = new[] { new { name = op.C % 2 == 0 ? "Slim" : "Loose" } } } } });
                break;
            case EditField.OptionRemove when product.Options.Length >= 2:
                // https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsDelete: DEFAULT refuses an
                // option of several values; NON_DESTRUCTIVE refuses one whose removal would leave two variants alike.
                await MerchantAsync(
                    "mutation($p: ID!, $o: [ID!]!, $s: ProductOptionDeleteStrategy) { productOptionsDelete(productId: $p, options: $o, strategy: $s) { userErrors { message } } }",
                    new { p = product.Gid, o = new[] { $"gid://shopify/ProductOption/{product.Options[^1].Id}" }, s = op.C % 2 == 0 ? "DEFAULT" : "NON_DESTRUCTIVE" });
                break;
            case EditField.OptionReorder when product.Options.Length >= 2:
                // https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsReorder
                await MerchantAsync(
                    "mutation($p: ID!, $o: [OptionReorderInput!]!) { productOptionsReorder(productId: $p, options: $o) { userErrors { message } } }",
                    new { p = product.Gid, o = product.Options.Reverse().Select(o => new { name = o.Name }).ToArray() });
                break;
        }
    }

    private async Task ShopifyInventoryAsync(SyncOp op, Observation at, StepFacts facts)
    {
        facts.Merchant = true;
        if (Pick(at.Shopify.Values.OrderBy(p => p.Id), op.A) is not { } product || CreateAwaitsApply(at, null, product.Id))
            return;
        var variant = product.Variants[op.C % product.Variants.Length];
        // Even B: the primary location (the local default); odd: the second (the local back room).
        var location = op.B % 2 == 0 ? Location : SecondLocation;
        await MerchantAsync(
            "mutation($input: InventorySetQuantitiesInput!, $key: String!) { inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { message } } }",
            new
            {
                key = $"model-{Guid.NewGuid():N}",
                input = new
                {
                    name = "available",
                    reason = "correction",
                    quantities = new[] { new { inventoryItemId = $"gid://shopify/InventoryItem/{variant.InventoryItemId}", locationId = location, quantity = op.C + op.B, changeFromQuantity = (int?)null } },
                },
            });
    }

    /// <summary>Variant order changed in Shopify: productSet with the same variants (by id) in reverse order.</summary>
    private async Task ShopifyReorderAsync(SyncOp op, Observation at, StepFacts facts)
    {
        facts.Merchant = true;
        if (_run.Defects.RollbackByPosition)
            return;
        if (Pick(at.Shopify.Values.Where(p => p.Variants.Length > 1).OrderBy(p => p.Id), op.A) is not { } product || CreateAwaitsApply(at, null, product.Id))
            return;
        await ProductSetAsync(product, product.Options, [.. product.Variants.Reverse()]);
    }

    /// <summary>An option renamed in Shopify's admin (productSet with the option's new name).</summary>
    private async Task ShopifyRenameOptionAsync(SyncOp op, Observation at, StepFacts facts)
    {
        facts.Merchant = true;
        if (_run.Defects.DroppedFieldPaths)
            return;
        if (Pick(at.Shopify.Values.Where(p => p.Options.Length > 0 && p.Options[0].Name != "Title").OrderBy(p => p.Id), op.A) is not { } product
            || CreateAwaitsApply(at, null, product.Id))
            return;
        if (_run.Defects.OptionsMovedBesideVariants && (at.LocalLinkedTo(product.Id) is not { } twin || !SameOptions(at, twin, product.Id)))
            return;
        var options = product.Options.ToList();
        options[0] = options[0] with { Name = $"Opt {_run.Fresh()}" };
        await ProductSetAsync(product, options, product.Variants);
    }

    private Task ProductSetAsync(SimulatedProduct product, IEnumerable<SimulatedOption> options, IEnumerable<SimulatedVariant> variants)
    {
        var optionList = options.ToList();
        return MerchantAsync(
            "mutation($id: ID!, $input: ProductSetInput!) { productSet(identifier: {id: $id}, input: $input) { product { id } userErrors { message } } }",
            new
            {
                id = product.Gid,
                input = new
                {
                    productOptions = optionList.Select(o => new { name = o.Name, values = o.Values.Select(v => new { name = v }).ToArray() }).ToArray(),
                    variants = variants.Select(v => new
                    {
                        id = v.Gid,
                        price = v.Price.ToString(CultureInfo.InvariantCulture),
                        compareAtPrice = v.CompareAtPrice?.ToString(CultureInfo.InvariantCulture),
                        barcode = v.Barcode,
                        inventoryItem = new { sku = v.Sku, measurement = new { weight = new { value = (double)(v.Weight ?? 0m), unit = v.WeightUnit } } },
                        optionValues = v.OptionValues.Select((value, i) => new { optionName = optionList[i].Name, name = value }).ToArray(),
                    }).ToArray(),
                },
            });
    }

    private async Task ShopifyDeleteAsync(SyncOp op, Observation at, StepFacts facts)
    {
        facts.Merchant = true;
        if (Pick(at.Shopify.Values.OrderBy(p => p.Id), op.A) is not { } product || CreateAwaitsApply(at, null, product.Id))
            return;
        facts.DeletableShopify.Add(product.Id);
        _run.DeletedHandles.Add(product.Handle);
        await MerchantAsync("mutation($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId userErrors { message } } }",
            new { input = new { id = product.Gid } });
    }

    /// <summary>A product deleted in Shopify and made again with the same handle (a new id).</summary>
    private async Task ShopifyRecreateAsync(SyncOp op, Observation at, StepFacts facts)
    {
        facts.Merchant = true;
        if (Pick(_run.DeletedHandles, op.A) is not { } handle || Shop.FindProduct(handle) is not null)
            return;
        var fresh = _run.Fresh();
        var count = 1 + op.B % 3;
        var sameHandle = !_run.Defects.RecreateUnderTheSameHandle && !_run.Defects.KeptDeleteMeetsRemake
            && (!_run.Defects.RecreatedInAnotherShape || at.LiveLocal.FirstOrDefault(p => string.Equals(p.Handle, handle, StringComparison.OrdinalIgnoreCase)) is not { } twin
                || MadeAlike(twin, count));
        await MerchantCreateAsync($"Recreated {fresh}", sameHandle ? handle : $"{handle}-again-{fresh}", count);
    }

    /// <summary>While N22 is open: the local product has the options and values a merchant create of <paramref name="count"/> variants makes.</summary>
    private static bool MadeAlike(Product local, int count)
    {
        var names = ProductTags.Options(local.Option1Name, local.Option2Name, local.Option3Name);
        var values = local.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id).Select(v => string.Join("/", ProductTags.Options(v.Option1, v.Option2, v.Option3))).ToList();
        return local.Variants.Count == count && (count == 1
            ? names.Count == 0 || (names.Count == 1 && names[0] == "Title")
            : names.SequenceEqual(["Size"]) && values.SequenceEqual(new[] { "S", "M", "L" }.Take(count)));
    }

    private async Task ShopifyJoinCollectionAsync(SyncOp op, Observation at, StepFacts facts)
    {
        facts.Merchant = true;
        if (Pick(at.Shopify.Values.OrderBy(p => p.Id), op.A) is not { } product || CreateAwaitsApply(at, null, product.Id))
            return;
        var collection = $"gid://shopify/Collection/{FirstCollection + op.C % 2}";
        var field = product.CollectionIds.Contains(FirstCollection + op.C % 2) ? "collectionsToLeave" : "collectionsToJoin";
        await MerchantAsync("mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { product { id } userErrors { message } } }",
            new { p = new Dictionary<string, object> { ["id"] = product.Gid, [field] = new[] { collection } } });
    }

    private async Task MerchantCreateAsync(string title, string handle, int variantCount)
    {
        var n = _run.Fresh();
        var single = variantCount == 1;
        var sizes = new[] { "S", "M", "L" };
        await MerchantAsync(
            "mutation($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { message } } }",
            new
            {
                input = new
                {
                    title,
                    handle,
                    vendor = "Acme",
                    productType = "Shirts",
                    descriptionHtml = $"<p>{title}</p>",
                    tags = new[] { "cotton", "summer" },
                    status = "ACTIVE",
                    productOptions = single
                        ? new[] { new { name = "Title", values = new[] { new { name = "Default Title" } } } }
                        : [new { name = "Size", values = sizes.Take(variantCount).Select(s => new { name = s }).ToArray() }],
                    variants = Enumerable.Range(0, variantCount).Select(j => new
                    {
                        price = (10 + n % 7 + j).ToString(CultureInfo.InvariantCulture) + ".99",
                        barcode = $"B{n}{j}",
                        inventoryItem = new { sku = $"SKU-{n}-{j}", measurement = new { weight = new { value = 0.5, unit = "KILOGRAMS" } } },
                        // The second variant is stocked at the second location too.
                        inventoryQuantities = j == 1
                            ? new[] { new { locationId = Location, name = "available", quantity = 5 + 10 * j }, new { locationId = SecondLocation, name = "available", quantity = 2 } }
                            : [new { locationId = Location, name = "available", quantity = 5 + 10 * j }],
                        optionValues = new[] { single ? new { optionName = "Title", name = "Default Title" } : new { optionName = "Size", name = sizes[j] } },
                    }).ToArray(),
                },
            });
    }

    private async Task MerchantAsync(string query, object variables)
    {
        var data = await _h.MerchantAsync(query, variables);
        // userErrors (a handle taken, say) are the merchant's problem: Shopify changed nothing, and neither did the step.
        _ = data;
    }

    // ---- pulls ---------------------------------------------------------------------------------------

    private async Task<JsonElement> PullAsync(object body)
    {
        var pull = await _h.PullAsync(body);
        _run.LastPullBatch = pull.GetProperty("batch_id").GetString();
        _run.PullTimes.Add(DateTimeOffset.UtcNow);
        return pull;
    }

    private async Task PullCollectionAsync(SyncOp op)
    {
        if (_run.Defects.FilteredPullMovesWatermark)
            return;
        await PullAsync(new { sync_type = op.B % 2 == 0 ? "incremental" : "full", filters = new { collection_id = (FirstCollection + op.C % 2).ToString(CultureInfo.InvariantCulture) } });
    }

    private async Task PullUpdatedSinceAsync(SyncOp op)
    {
        if (_run.Defects.FilteredPullMovesWatermark)
            return;
        var since = _run.PullTimes.Count == 0 ? DateTimeOffset.UtcNow.AddMinutes(-1) : _run.PullTimes[op.A % _run.PullTimes.Count];
        await PullAsync(new { sync_type = "incremental", filters = new { updated_since = since.ToString("O", CultureInfo.InvariantCulture) } });
    }

    // ---- review ------------------------------------------------------------------------------------------

    private static IEnumerable<StagedProductChange> Pending(Observation at) =>
        at.Changes.Values.Where(c => c.Status == ChangeStatuses.Pending).OrderBy(c => c.Id);

    /// <summary>A resolution for each conflicting path: shopify, local or a value, by <paramref name="choice"/>.</summary>
    private JsonObject Resolution(StagedProductChange change, int choice)
    {
        var resolution = new JsonObject();
        var conflicts = SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? [];
        var fields = change.FieldChanges is null ? new FieldChanges() : FieldChanges.FromJson(change.FieldChanges);
        var staged = change.SyncDirection == SyncDirections.PullFromShopify ? "shopify" : "local";
        for (var i = 0; i < conflicts.Count; i++)
        {
            var path = conflicts[i];
            var kind = (choice + i) % 3;
            // A weight's unit is resolved as its weight is (decision 0007: one value); the API refuses two sides.
            if (path.EndsWith("weight_unit", StringComparison.Ordinal) && conflicts.IndexOf(path[..^"weight_unit".Length] + "weight") is var w and >= 0)
                kind = (choice + w) % 3;
            // Option names and the variants' option values are one decision while option_names is in conflict (the API
            // refuses two sides, or a value of its own): each takes option_names' side.
            if (conflicts.IndexOf(FieldPaths.OptionNames) is var o and >= 0
                && FieldPaths.IsOptionShaped(path))
                kind = (choice + o) % 3 == 1 ? 1 : 0;
            // Open defects steer the choice: 1 (a delete's resolution ignored) and 9 (a cross-side resolution makes a
            // sibling change stale) both need the staged side.
            if ((change.ChangeType == ChangeTypes.Delete && _run.Defects.DeleteResolutionIgnored) || _run.Defects.CrossSideResolutionStale)
                kind = 3;
            var custom = kind == 2 && change.ChangeType == ChangeTypes.Update && !path.EndsWith(']') && fields.TryGetValue(path, out var field);
            resolution[path] = kind switch
            {
                0 => "shopify",
                1 => "local",
                2 when custom => new JsonObject { ["value"] = (choice % 2 == 0 ? fields[path].Old : fields[path].New)?.DeepClone() },
                2 => "shopify",
                _ => staged,
            };
        }

        // Removals on both sides that together leave no variant are settled keeping at least one (the API refuses
        // none); with the options in conflict too, every option-shaped path takes that variant's side, as they must.
        var last = conflicts.Where(p => fields.TryGetValue(p, out var f) && f.Reason == FieldChange.LastVariantsReason).ToList();
        if (last.Count > 0 && last.All(p => Kept(p) is null))
        {
            var keep = Kept(last[0], flip: true) is null ? "shopify" : "local";
            foreach (var path in conflicts.Where(p => p == last[0] || (conflicts.Contains(FieldPaths.OptionNames) && FieldPaths.IsOptionShaped(p))))
                resolution[path] = keep;
        }

        return resolution;

        // The variant a path's choice keeps (null: removed); flip asks what the local side holds.
        JsonNode? Kept(string path, bool flip = false)
        {
            var field = fields[path];
            var pull = change.SyncDirection == SyncDirections.PullFromShopify;
            var local = pull ? field.Old : field.New;
            var shopify = pull ? field.New : field.Old;
            return flip ? local : resolution[path]?.GetValue<string>() == "local" ? local : shopify;
        }
    }

    private async Task ApproveAsync(SyncOp op, Observation at)
    {
        if (Pick(Pending(at), op.A) is not { } change)
            return;
        object body = change.HasConflicts
            ? new { notes = "model", conflict_resolution = Resolution(change, op.C) }
            : new { notes = "model" };
        await ExpectAsync(await Admin.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", body, Ct), $"approve {change.ChangeId}");
    }

    /// <summary>The contract's Example 2: a conflicted change approved with notes alone is approved as staged.</summary>
    private async Task ApproveNotesOnlyAsync(SyncOp op, Observation at)
    {
        var pending = Pending(at).ToList();
        if (Pick(pending.Where(c => c.HasConflicts), op.A) is not { } change)
        {
            change = Pick(pending, op.A);
            if (change is null)
                return;
        }

        if (change.HasConflicts && _run.Defects.NotesOnlyRefused)
            return;
        await ExpectAsync(await Admin.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new { notes = "keeping Shopify price as source of truth" }, Ct),
            $"approve with notes alone {change.ChangeId}");
        if (!change.HasConflicts)
            return;
        await using var db = await _db.CreateDbContextAsync(Ct);
        var stored = await db.StagedProductChanges.AsNoTracking().SingleAsync(c => c.Id == change.Id, Ct);
        var staged = change.SyncDirection == SyncDirections.PullFromShopify ? "shopify" : "local";
        var resolution = stored.ConflictResolution is null ? null : JsonNode.Parse(stored.ConflictResolution) as JsonObject;
        foreach (var path in SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? [])
        {
            if (resolution?[path]?.GetValue<string>() != staged)
                throw new InvariantViolationException("contract", $"{_run.Step}: approved with notes alone, {path} recorded as {resolution?[path]?.ToJsonString() ?? "nothing"}, not \"{staged}\"");
        }
    }

    /// <summary>A custom value of the wrong type is refused at approval (400) and the change stays pending.</summary>
    private async Task ApproveWrongTypeAsync(SyncOp op, Observation at)
    {
        if (_run.Defects.WrongTypeAccepted)
            return;
        var candidates = Pending(at).Where(c => c.HasConflicts && c.ChangeType == ChangeTypes.Update
            && (SyncJson.Deserialize<List<string>>(c.ConflictFields) ?? []).Any(IsNumericPath));
        if (Pick(candidates, op.A) is not { } change)
            return;
        var resolution = Resolution(change, op.C);
        var path = (SyncJson.Deserialize<List<string>>(change.ConflictFields) ?? []).First(IsNumericPath);
        resolution[path] = new JsonObject { ["value"] = "not-a-price" };
        var response = await Admin.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new { notes = "model", conflict_resolution = resolution }, Ct);
        await ExpectAsync(response, $"approve {change.ChangeId} with a wrong-typed value", HttpStatusCode.BadRequest);
    }

    private static bool IsNumericPath(string path)
    {
        var field = path.Contains("].", StringComparison.Ordinal) ? path[(path.IndexOf("].", StringComparison.Ordinal) + 2)..] : path;
        return field is FieldPaths.Price or FieldPaths.CompareAtPrice or FieldPaths.InventoryQuantity or FieldPaths.Weight;
    }

    private async Task RejectAsync(SyncOp op, Observation at)
    {
        if (Pick(Pending(at), op.A) is not { } change)
            return;
        await ExpectAsync(await Admin.PostAsJsonAsync($"/api/sync/staged/{change.Id}/reject", new { reason = "model" }, Ct), $"reject {change.ChangeId}");
    }

    private async Task BulkAsync(SyncOp op, Observation at, bool approve)
    {
        var pending = Pending(at).ToList();
        if (pending.Count == 0)
            return;
        var route = approve ? "/api/sync/staged/bulk-approve" : "/api/sync/staged/bulk-reject";
        var text = approve ? "notes" : "reason";
        JsonObject body = op.B % 2 == 0 || _run.LastPullBatch is null
            ? new JsonObject { ["change_ids"] = new JsonArray([.. pending.Skip(op.A % pending.Count).Take(1 + op.C % 3).Select(c => (JsonNode)c.Id)]), [text] = "model" }
            : new JsonObject { ["batch_id"] = _run.LastPullBatch, [text] = "model" };
        await ExpectAsync(await Admin.PostAsync(route, JsonContent.Create(body), Ct), $"{route} {body.ToJsonString()}");
    }

    // ---- pushes ---------------------------------------------------------------------------------------

    private async Task PushStepAsync(SyncOp op, Observation at, StepFacts facts, bool faults)
    {
        // What a push applies: the approved, and the failed a push retries (not the stale nor the invalid).
        // A held batch's changes are not applied, approved or not (decision 0025).
        var approved = at.Changes.Values.Where(c => (c.Status == ChangeStatuses.Approved || (c.Status == ChangeStatuses.Failed
            && c.FailureReason is not (FailureReasons.Stale or FailureReasons.Invalid))) && !(c.BatchId is { } b && at.HeldBatches.Contains(b))).OrderBy(c => c.Id).ToList();
        var byBatch = op.B % 2 == 0 && _run.LastPullBatch is not null;
        var selected = byBatch ? approved.Where(c => c.BatchId == _run.LastPullBatch).ToList() : approved;
        if (selected.Count == 0)
        {
            if (_run.Defects.EmptyPushSucceeds)
                return;
            object nothing = byBatch ? new { batch_id = _run.LastPullBatch, confirm = true } : new { change_ids = Pending(at).Select(c => c.Id).DefaultIfEmpty(int.MaxValue).Take(3).ToArray(), confirm = true };
            await ExpectAsync(await Admin.PostAsJsonAsync("/api/sync/shopify/push", nothing, Ct), "push of nothing approved", HttpStatusCode.Conflict, HttpStatusCode.NotFound);
            await ExpectNoNewBatchAsync(at);
            return;
        }

        foreach (var change in selected)
            Name(change, at, facts);
        if (faults)
        {
            Shop.Faults.Configure(new FaultSettings
            {
                ServerErrorRate = 0.15,
                LostResponseRate = 0.15,
                ThrottleBurstRate = 0.05,
                ThrottleBurstLength = 2,
                Seed = op.C + 1,
            });
        }

        try
        {
            object body = byBatch ? new { batch_id = _run.LastPullBatch, confirm = true } : new { change_ids = selected.Select(c => c.Id).ToArray(), confirm = true };
            await PushAsync(body);
        }
        finally
        {
            Shop.Faults.Clear();
        }

        // A create's new Shopify id is named by its change too (it had none before).
        var after = await ObserveAsync();
        foreach (var change in selected)
            Name(after.Changes[change.Id], after, facts);
    }

    private static void Name(StagedProductChange change, Observation at, StepFacts facts)
    {
        if (SyncInvariants.ShopifyId(change, at) is { } id)
            facts.NamedShopify.Add(id);
        if (change.ProductId is { } local && at.Local.TryGetValue(local, out var row) && row.ShopifyProductId is { } linked)
            facts.NamedShopify.Add(linked);
    }

    private async Task PushNothingAsync(SyncOp op, Observation at)
    {
        if (_run.Defects.EmptyPushSucceeds)
            return;
        object body = op.B % 2 == 0
            ? new { batch_id = $"pull_20000101_000000_{op.C + 1}", confirm = true }
            : new { change_ids = new[] { 900_000_000 + op.C }, confirm = true };
        await ExpectAsync(await Admin.PostAsJsonAsync("/api/sync/shopify/push", body, Ct), "push of an unknown batch or ids", HttpStatusCode.NotFound);
        await ExpectNoNewBatchAsync(at);
    }

    private async Task ExpectNoNewBatchAsync(Observation at)
    {
        await using var db = await _db.CreateDbContextAsync(Ct);
        if (await db.SyncBatches.CountAsync(Ct) != at.Batches)
            throw new InvariantViolationException("contract", $"{_run.Step}: a push that matched nothing left a batch behind");
    }

    private async Task PushAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("/api/sync/shopify/push", body, Ct);
        var started = response.StatusCode == HttpStatusCode.Accepted
            ? await ExpectAsync(response, "push", HttpStatusCode.Accepted)
            : await ExpectAsync(response, "push");
        var batch = await _h.WaitForBatchAsync(started.GetProperty("batch_id").GetString()!, SyncHarness.BatchDeadline);
        if (batch.GetProperty("status").GetString() != "completed")
            throw new InvariantViolationException("step-failed", $"{_run.Step}: push batch ended {batch}");
    }

    // ---- the circuit breaker (decision 0025) -----------------------------------------------------------

    /// <summary>
    /// Turns the breaker on for the rest of the history, with limits a small catalog trips often or seldom: a share of
    /// the catalog changed (0: any update trips it), variants going to zero, a share deleted.
    /// </summary>
    private async Task BreakerOnAsync(SyncOp op)
    {
        var limits = new
        {
            enabled = true,
            max_catalog_changed_percent = new[] { 0m, 20m, 50m, 100m }[op.A % 4],
            max_variants_zeroed = new[] { 0, 50 }[op.B % 2],
            max_deleted_percent = new[] { 0m, 5m, 100m }[op.C % 3],
            max_read_shrink_percent = 10m,
        };
        await ExpectAsync(await Admin.PutAsJsonAsync("/api/settings/safety", new { circuit_breaker = limits }, Ct), "turn the circuit breaker on");
        _breakerOn = true;
    }

    /// <summary>
    /// An Admin releases a held batch (its deferred verdicts carried out: nothing of it left pending at level 0) or
    /// discards it (everything of it still waiting rejected, the batch cancelled).
    /// </summary>
    private async Task DecideHeldAsync(SyncOp op, Observation at, bool release)
    {
        if (Pick(at.HeldBatches.Order(StringComparer.Ordinal), op.A) is not { } batchId)
            return;
        await ExpectAsync(await Admin.PostAsJsonAsync($"/api/sync/batches/{batchId}/{(release ? "release" : "discard")}", new { notes = "model" }, Ct),
            $"{(release ? "release" : "discard")} held batch {batchId}");
        var after = await ObserveAsync();
        if (after.HeldBatches.Contains(batchId))
            throw new InvariantViolationException("held-batch", $"{_run.Step}: {batchId} is still held after its {(release ? "release" : "discard")} answered 200");
        foreach (var change in after.Changes.Values.Where(c => c.BatchId == batchId))
        {
            var wrong = release
                ? change.Status == ChangeStatuses.Pending && change.RequiredApprovalLevel == 0
                : change.Status == ChangeStatuses.Pending || (change.Status == ChangeStatuses.Approved && change.AppliedBatchId is null);
            if (wrong)
                throw new InvariantViolationException("held-batch", $"{_run.Step}: after {(release ? "releasing" : "discarding")} {batchId}, {change.ChangeId} is {change.Status} at level {change.RequiredApprovalLevel}");
        }
    }

    /// <summary>Convergence approves everything: a held batch is released first, as an Admin would to go on.</summary>
    private async Task ReleaseAllHeldAsync()
    {
        foreach (var batchId in (await ObserveAsync()).HeldBatches)
            await ExpectAsync(await Admin.PostAsJsonAsync($"/api/sync/batches/{batchId}/release", new { notes = "converge" }, Ct), $"converge: release {batchId}");
    }

    // ---- rollback ------------------------------------------------------------------------------------

    private async Task RollbackAsync(SyncOp op, Observation at, StepFacts facts, bool force)
    {
        var candidates = at.Changes.Values.Where(c => c.Status == ChangeStatuses.Applied
            && !(c.ChangeType == ChangeTypes.Create && _run.Defects.CreateRollbackLeavesLink)
            && !(c.ChangeType != ChangeTypes.Create && _run.Defects.RollbackRevertsOneSide)
            && !(_run.Defects.OwnedRollback && c.FieldChanges is not null && FieldChanges.FromJson(c.FieldChanges).Keys.Any(IsOwnedPath))).OrderBy(c => c.Id);
        if (Pick(candidates, op.A) is not { } change)
            return;
        Name(change, at, facts);
        if (change.ChangeType == ChangeTypes.Create)
        {
            // Rolling back a create removes what it created, on the side it wrote.
            if (change.SyncDirection == SyncDirections.PushToShopify && SyncInvariants.ShopifyId(change, at) is { } sid)
                facts.DeletableShopify.Add(sid);
            if (change.SyncDirection == SyncDirections.PullFromShopify && SyncInvariants.LocalOf(change, at) is { } local)
                facts.DeletableLocal.Add(local.Id);
        }

        // An update's rollback returns both sides to the base on its paths; a product gone from a side since (deleted,
        // or its create rolled back) has nothing there to return, and force does not bring it back (decision 0008).
        // The local side is the product the change wrote: a new local copy linked to the same Shopify product since (its
        // create rolled back, then pulled again) is another product, not one to restore.
        var localGone = change.ProductId is { } own ? !(at.Local.TryGetValue(own, out var row) && row.DeletedAt is null) : SyncInvariants.LocalOf(change, at) is null;
        var goneFromASide = change.ChangeType == ChangeTypes.Update
            && (localGone || SyncInvariants.ShopifyId(change, at) is not { } present || !at.Shopify.ContainsKey(present));
        var response = await Admin.PostAsJsonAsync($"/api/sync/rollback/{change.Id}", new { reason = "model", force }, Ct);
        if (response.StatusCode == HttpStatusCode.Conflict && (!force || goneFromASide))
        {
            // Refused because the product moved on since the apply (or is gone from a side): nothing may have been written.
            var refused = await ObserveAsync();
            if (refused.Log.Count != at.Log.Count)
                throw new InvariantViolationException("rollback", $"{_run.Step}: a refused rollback wrote Shopify");
            return;
        }

        await ExpectAsync(response, $"rollback {change.ChangeId}");
        var after = await ObserveAsync();
        // A delete's rollback makes the product again in Shopify, under a new id the local product now links to.
        Name(after.Changes[change.Id], after, facts);
        if (after.Changes[change.Id].Status != ChangeStatuses.RolledBack)
            throw new InvariantViolationException("rollback", $"{_run.Step}: rollback answered 200 but {change.ChangeId} is {after.Changes[change.Id].Status}");

        // Both sides hold the change's base on the paths it touched.
        if (change.ChangeType == ChangeTypes.Update && change.FieldChanges is not null)
        {
            var shopifyId = SyncInvariants.ShopifyId(change, after);
            var local = SyncInvariants.LocalOf(change, after);
            var shopify = shopifyId is { } id && after.Shopify.TryGetValue(id, out var s) ? s : null;
            foreach (var (path, field) in FieldChanges.FromJson(change.FieldChanges))
            {
                if (field.HasBase && field.Base is null && !path.EndsWith(']'))
                    continue;
                var baseValue = field.HasBase ? field.Base : field.Old;
                foreach (var (side, isLocal) in new[] { (local is null ? null : SyncInvariants.Snapshot(local), true), (shopify is null ? null : SyncInvariants.Snapshot(shopify, after.Locations), false) })
                {
                    if (side is null)
                        throw new InvariantViolationException("rollback", $"{_run.Step}: after rolling back {change.ChangeId} the {(isLocal ? "local" : "Shopify")} product is gone");
                    if (SyncInvariants.Holds(side, path, baseValue, change, isLocal) == false)
                        throw new InvariantViolationException("rollback",
                            $"{_run.Step}: after rolling back {change.ChangeId} ({change.SyncDirection}) {(isLocal ? "local" : "Shopify")} does not hold the base {path} = {baseValue?.ToJsonString() ?? "null"}");
                }
            }
        }

        // A full pull right after stages nothing for the product on the paths the change touched (for a create:
        // no delete of the other side's product).
        var pull = await PullAsync(new { sync_type = "full" });
        var batch = pull.GetProperty("batch_id").GetString();
        var staged = (await ObserveAsync()).Changes.Values.Where(c => c.BatchId == batch).ToList();
        var paths = change.FieldChanges is null ? [] : FieldChanges.FromJson(change.FieldChanges).Keys.ToHashSet();
        var shopifyProduct = SyncInvariants.ShopifyId(change, at);
        foreach (var c in staged.Where(c => (change.ProductId is not null && c.ProductId == change.ProductId)
            || (shopifyProduct is not null && c.ShopifyProductId == shopifyProduct.Value.ToString(CultureInfo.InvariantCulture))))
        {
            var again = c.FieldChanges is null ? [] : FieldChanges.FromJson(c.FieldChanges).Keys.Where(paths.Contains).ToList();
            var bad = change.ChangeType switch
            {
                ChangeTypes.Create => c.ChangeType == ChangeTypes.Delete,
                _ => c.ChangeType != ChangeTypes.Update || again.Count > 0,
            };
            if (bad)
                throw new InvariantViolationException("rollback",
                    $"{_run.Step}: a full pull right after rolling back {change.ChangeId} staged {c.ChangeType} {c.SyncDirection} [{string.Join(",", again)}] {c.FieldChanges}");
        }
    }

    // ---- convergence -------------------------------------------------------------------------------------

    /// <summary>Approve everything (conflicts resolved either way), push, full pull: both sides equal, and one more
    /// full pull stages nothing.</summary>
    private async Task ConvergeAsync()
    {
        Shop.Faults.Clear();
        await ReleaseAllHeldAsync();
        var at = await ObserveAsync();
        var leftovers = at.Changes.Values.Where(c => c.Status == ChangeStatuses.Approved).Select(c => c.Id).ToArray();
        if (leftovers.Length > 0)
            await PushAsync(new { change_ids = leftovers, confirm = true });
        await PullAsync(new { sync_type = "full" });
        await ReleaseAllHeldAsync();
        at = await ObserveAsync();
        var pending = Pending(at).ToList();
        foreach (var (change, i) in pending.Select((c, i) => (c, i)))
        {
            object body = change.HasConflicts ? new { notes = "converge", conflict_resolution = ConvergeResolution(change, i) } : new { notes = "converge" };
            await ExpectAsync(await Admin.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", body, Ct), $"converge: approve {change.ChangeId}");
        }

        // Everything approved now, by a person or by a rule, goes in one push, and all of it must apply.
        var approved = (await ObserveAsync()).Changes.Values.Where(c => c.Status == ChangeStatuses.Approved).ToList();
        if (approved.Count > 0)
        {
            var before = await ObserveAsync();
            await PushAsync(new { change_ids = approved.Select(c => c.Id).ToArray(), confirm = true });
            var after = await ObserveAsync();
            var facts = new StepFacts();
            foreach (var change in approved)
            {
                Name(change, before, facts);
                Name(after.Changes[change.Id], after, facts);
            }

            await CheckStepAsync(before, after, facts);
            for (var retry = 0; retry < 2 && _run.Defects.ParallelApplyLocked; retry++)
            {
                var locked = approved.Select(c => after.Changes[c.Id]).Where(c => c.Status == ChangeStatuses.Failed
                    && c.ApplicationResult?.Contains("database is locked", StringComparison.Ordinal) == true).Select(c => c.Id).ToArray();
                if (locked.Length == 0)
                    break;
                before = after;
                await PushAsync(new { change_ids = locked, confirm = true });
                after = await ObserveAsync();
                await CheckStepAsync(before, after, facts);
            }

            foreach (var change in approved.Select(c => after.Changes[c.Id]).Where(c => c.Status != ChangeStatuses.Applied))
                throw new InvariantViolationException("convergence", $"converge push: {change.ChangeId} ({change.ChangeType} {change.SyncDirection}) ended {change.Status}: {change.FailureReason} {change.ApplicationResult}");
        }

        foreach (var round in new[] { "converge: full pull", "converge: one more full pull" })
        {
            var pull = await PullAsync(new { sync_type = "full" });
            var total = pull.GetProperty("summary").GetProperty("total_changes").GetInt32();
            var observed = await ObserveAsync();
            if (total != 0)
            {
                var batch = pull.GetProperty("batch_id").GetString();
                var staged = observed.Changes.Values.Where(c => c.BatchId == batch)
                    .Select(c => $"{c.ChangeType} {c.SyncDirection} {c.ShopifyProductId ?? "local " + c.ProductId}: {c.FieldChanges}");
                throw new InvariantViolationException("convergence", $"{round} staged {total}: {string.Join(" | ", staged)}");
            }

            SyncInvariants.SidesEqual(observed, round);
        }
    }

    private JsonObject ConvergeResolution(StagedProductChange change, int i)
    {
        var resolution = Resolution(change, _run.Spec.Ops.Length + i);
        // "either way": shopify or local, never a custom value here.
        foreach (var (path, value) in resolution.ToList())
        {
            if (value is JsonObject)
                resolution[path] = "shopify";
        }

        return resolution;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private async Task<JsonElement> ExpectAsync(HttpResponseMessage response, string what, params HttpStatusCode[] expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            var allowed = expected.Length == 0 ? [HttpStatusCode.OK] : expected;
            if ((int)response.StatusCode >= 500)
                throw new InvariantViolationException("no-server-errors", $"{_run.Step}: {what} answered {(int)response.StatusCode}: {text}");
            if (!allowed.Contains(response.StatusCode))
                throw new InvariantViolationException("contract", $"{_run.Step}: {what} answered {(int)response.StatusCode}, expected {string.Join(" or ", allowed.Select(s => (int)s))}: {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static T? Pick<T>(IEnumerable<T> candidates, int index)
    {
        var list = candidates as IReadOnlyList<T> ?? candidates.ToList();
        return list.Count == 0 ? default : list[index % list.Count];
    }

    private static decimal Money(int c) => 5m + c + 0.99m;

    private static JsonArray Tags(IEnumerable<string> tags) => new([.. tags.Select(t => (JsonNode)t)]);

    private static string FlipCase(string tag) =>
        tag.Length == 0 ? tag : char.IsUpper(tag[0]) ? char.ToLowerInvariant(tag[0]) + tag[1..] : char.ToUpperInvariant(tag[0]) + tag[1..];

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    /// <summary>What one history has accumulated: its counters, the handles Shopify lost, pull times.</summary>
    private sealed class History(SyncHistory history, KnownDefects defects)
    {
        private int _fresh;

        public SyncHistory Spec { get; } = history;
        public KnownDefects Defects { get; } = defects;
        public string Step { get; set; } = "setup";
        public string? LastPullBatch { get; set; }
        public List<string> DeletedHandles { get; } = [];
        public List<DateTimeOffset> PullTimes { get; } = [];

        public int Fresh() => ++_fresh;
    }
}
