using System.Collections.Immutable;
using System.Globalization;
using GraphQL;
using GraphQL.Resolvers;
using SyncStudio.Catalog;
using Transaction = SyncStudio.ShopifySimulator.SimulatorStore.StoreTransaction;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// The mutations the simulator applies, with Shopify's validation and <c>userErrors</c>. Each runs as
/// one store transaction: it stages changes only when it succeeds (all or nothing, unless
/// <c>allowPartialUpdates</c> says otherwise). <c>@idempotent(key:)</c> is honoured only on the mutations Shopify
/// honours it on (<see cref="HonoursIdempotentDirective"/>): there a replay with the same key and arguments answers
/// the first outcome and applies nothing. On any other mutation the directive is ignored and every request runs.
/// </summary>
internal static class MutationResolvers
{
    private const int MaxOptions = 3;
    private const int MaxVariants = 2048;
    private const int MaxQuantity = 1_000_000_000;

    private static readonly string[] InventoryReasons =
    [
        "correction", "cycle_count_available", "damaged", "movement_canceled", "movement_created", "movement_received",
        "movement_updated", "other", "promotion", "quality_control", "received", "reservation_created",
        "reservation_deleted", "reservation_updated", "restock", "safety_stock", "shrinkage",
    ];

    /// <summary>
    /// The mutations that honour <c>@idempotent(key:)</c> in 2026-07: those whose description documents it (the
    /// directive's own description: "Only supported on mutations that explicitly document idempotency support in
    /// their description"), the inventory, location and refund mutations whose user-error enums carry the
    /// <c>IDEMPOTENCY_*</c> codes. From 2026-04 on it is required on each of them
    /// (https://shopify.dev/changelog/making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations,
    /// https://shopify.dev/docs/api/usage/implementing-idempotency). Product mutations are not among them:
    /// <c>ProductSetUserErrorCode</c> has no idempotency code, and shopify.dev documents no deduplication for them, so
    /// the simulator ignores the directive there, as the strictest reading: a re-sent create runs again.
    /// </summary>
    internal static readonly IReadOnlySet<string> HonoursIdempotentDirective = new HashSet<string>(StringComparer.Ordinal)
    {
        "inventoryActivate", "inventoryAdjustQuantities", "inventoryMoveQuantities", "inventorySetOnHandQuantities",
        "inventorySetQuantities", "inventoryShipmentAddItems", "inventoryShipmentCreate", "inventoryShipmentCreateInTransit",
        "inventoryShipmentReceive", "inventoryTransferCreate", "inventoryTransferCreateAsReadyToShip",
        "inventoryTransferDuplicate", "inventoryTransferSetItems", "locationActivate", "locationDeactivate", "refundCreate",
    };

    public static IFieldResolver? For(string field) => field switch
    {
        "productUpdate" => Write("productUpdate", ProductUpdate),
        "productSet" => Write("productSet", ProductSet),
        "productVariantsBulkUpdate" => Write("productVariantsBulkUpdate", VariantsBulkUpdate),
        "productVariantsBulkReorder" => Write("productVariantsBulkReorder", VariantsBulkReorder),
        "productVariantsBulkCreate" => Write("productVariantsBulkCreate", VariantsBulkCreate),
        "productVariantsBulkDelete" => Write("productVariantsBulkDelete", VariantsBulkDelete),
        "productOptionsCreate" => Write("productOptionsCreate", ProductOptionsCreate),
        "productOptionsDelete" => Write("productOptionsDelete", ProductOptionsDelete),
        "productOptionsReorder" => Write("productOptionsReorder", ProductOptionsReorder),
        "productOptionUpdate" => Write("productOptionUpdate", ProductOptionUpdate),
        "productDelete" => Write("productDelete", ProductDelete),
        "inventorySetQuantities" => Write("inventorySetQuantities", InventorySetQuantities, requireIdempotencyKey: true),
        "inventoryActivate" => Write("inventoryActivate", InventoryActivate, requireIdempotencyKey: true),
        "locationAdd" => Write("locationAdd", LocationAdd),
        "bulkOperationRunQuery" => new FuncFieldResolver<object?>(async context => await BulkOperationRunQueryAsync(context)),
        _ => MetafieldResolvers.Mutation(field) ?? MediaResolvers.Mutation(field) ?? WebhookResolvers.Mutation(field),
    };

    private static FuncFieldResolver<object?> Write(
        string operation,
        Func<IResolveFieldContext, Transaction, MutationOutcome> apply,
        bool requireIdempotencyKey = false) =>
        new(context =>
        {
            var execution = context.Execution();
            // Elsewhere the directive is accepted (the schema declares it on any field) and has no effect.
            var key = HonoursIdempotentDirective.Contains(operation) ? InputValues.IdempotencyKey(context) : null;
            if (key is null && requireIdempotencyKey)
            {
                // Required from API version 2026-04 on for inventory mutations.
                throw new ExecutionError($"The @idempotent directive is required for the {operation} mutation.")
                { Code = "BAD_REQUEST" };
            }

            var result = execution.Store.Mutate(operation, key, InputValues.Fingerprint(context), transaction => apply(context, transaction));
            if (result.KeyMismatch)
            {
                // Every mutation that honours the directive reports this as a user error of its own.
                const string message = "The same idempotency key cannot be used with different operation parameters.";
                return new MutationPayload { UserErrors = [new UserErrorNode(["input"], message, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH")] };
            }

            return Payload(result.Outcome, execution);
        });

    private static MutationPayload Payload(MutationOutcome outcome, SimulatorExecution execution)
    {
        var product = outcome.Product;
        return new MutationPayload
        {
            Product = product is null ? null : new ProductNode(product, execution),
            ProductVariants = product is null || outcome.VariantIds is null
                ? null
                : [.. outcome.VariantIds.Select(id => product.Variants.IndexOf(product.Variants.First(v => v.Id == id)))
                    .Select(index => new VariantNode(product, product.Variants[index], index + 1, execution))],
            DeletedProductId = outcome.DeletedProductId is { } deleted ? ShopifyGid.Product(deleted) : null,
            DeletedOptionsIds = outcome.DeletedOptionIds?.Select(id => ShopifyGid.Make("ProductOption", id)).ToList(),
            Shop = new ShopNode(execution),
            InventoryAdjustmentGroup = outcome.Adjustment is { } adjustment ? new InventoryAdjustmentGroupNode(adjustment, execution) : null,
            // The level as the mutation left it: from the product it answered with, not as it is now.
            InventoryLevel = product is not null && outcome.InventoryItemId is { } item && outcome.LocationId is { } at
                && product.Variants.FirstOrDefault(v => v.InventoryItemId == item) is { } stocked
                ? new InventoryLevelNode(product, stocked, at, execution)
                : null,
            Location = outcome.Operation == "locationAdd" && outcome.LocationId is { } added ? execution.Location(added) : null,
            UserErrors = UserErrorNode.From(outcome),
        };
    }

    private static SimulatedUserError Error(string message, string? code, params object[] field) =>
        new(field.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)!).ToList(), message, code);

    // ---- productUpdate --------------------------------------------------------------------------

    private static MutationOutcome ProductUpdate(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productUpdate";
        var input = InputValues.Argument(context, "product") ?? InputValues.Argument(context, "input") ?? new Dictionary<string, object?>();
        var identifier = InputValues.Argument(context, "identifier");

        SimulatedProduct? product = null;
        if (identifier?.String("handle") is { } byHandle)
            product = transaction.ProductByHandle(byHandle);
        else if ((identifier?.String("id") ?? input.String("id")) is { } gid && ShopifyGid.ParseId(gid, "Product") is { } id)
            product = transaction.Product(id);
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", null, "id"));

        var errors = new List<SimulatedUserError>();
        var updated = product;
        if (input.Has("title"))
        {
            var title = input.String("title")?.Trim();
            if (string.IsNullOrEmpty(title))
                errors.Add(Error("Title can't be blank", null, "title"));
            else
                updated = updated with { Title = title };
        }

        if (input.Has("handle"))
        {
            var handle = CatalogConventions.HandleFromTitle(input.String("handle") ?? updated.Title);
            if (transaction.HandleInUse(handle, product.Id))
                errors.Add(Error($"Handle '{handle}' already in use. Please provide a new handle.", null, "handle"));
            else
                updated = updated with { Handle = handle };
        }

        if (input.Has("descriptionHtml"))
            updated = updated with { DescriptionHtml = input.String("descriptionHtml") ?? "" };
        if (input.Has("vendor"))
            updated = updated with { Vendor = input.String("vendor") ?? "" };
        if (input.Has("productType"))
            updated = updated with { ProductType = input.String("productType") ?? "" };
        if (input.Has("tags"))
            updated = updated with { Tags = [.. InputValues.Tags(input.List("tags") ?? [])] };
        if (input.String("status") is { } status)
            updated = updated with { Status = status };
        if (input.Object("seo") is { } seo)
            updated = WithSeo(updated, seo);

        var collections = updated.CollectionIds.ToList();
        foreach (var (field, join) in new[] { ("collectionsToJoin", true), ("collectionsToLeave", false) })
        {
            var list = input.List(field) ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var collectionId = ShopifyGid.ParseId(list[i]?.ToString(), "Collection");
                if (collectionId is null || transaction.Collections.All(c => c.Id != collectionId))
                {
                    errors.Add(Error("Collection does not exist", null, field, i));
                    continue;
                }

                if (join && !collections.Contains(collectionId.Value))
                    collections.Add(collectionId.Value);
                if (!join)
                    collections.Remove(collectionId.Value);
            }
        }

        // Images from URLs (productUpdate's media argument, the 2026-07 way to add product media).
        if (InputValues.ObjectsArgument(context, "media") is { Count: > 0 } media)
            updated = MediaResolvers.AddMedia(context, transaction, updated, media, errors);

        if (errors.Count > 0)
            return new MutationOutcome(operation, UserErrors: errors);

        updated = updated with { CollectionIds = [.. collections], UpdatedAt = transaction.Stamp() };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated);
    }

    // ---- productVariantsBulkUpdate ------------------------------------------------------------------

    private static MutationOutcome VariantsBulkUpdate(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productVariantsBulkUpdate";
        var product = ShopifyGid.ParseId(context.GetArgument<string>("productId"), "Product") is { } productId
            ? transaction.Product(productId)
            : null;
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "productId"));

        var allowPartial = context.GetArgument("allowPartialUpdates", false);
        var inputs = context.GetArgument<List<object>>("variants").OfType<IDictionary<string, object?>>().ToList();
        var variants = product.Variants.ToList();
        var options = product.Options.ToList();
        var errors = new List<SimulatedUserError>();
        var updatedIds = new List<long>();
        var stamp = transaction.Stamp();

        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var before = errors.Count;
            var index = input.String("id") is { } gid ? variants.FindIndex(v => v.Gid == gid) : -2;
            if (index == -2)
            {
                errors.Add(Error("Product variant is missing ID attribute", "PRODUCT_VARIANT_ID_MISSING", "variants", i, "id"));
                continue;
            }

            if (index < 0)
            {
                errors.Add(Error("Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST", "variants", i, "id"));
                continue;
            }

            if (input.Has("inventoryQuantities"))
            {
                errors.Add(Error(
                    "Inventory quantities can only be provided during create. To update inventory for existing variants, use inventorySetQuantities.",
                    "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE", "variants", i, "inventoryQuantities"));
            }

            var variant = variants[index];
            variant = ApplyVariantFields(input, variant, errors, isBulkUpdate: true, "variants", i);
            var values = variant.OptionValues.ToArray();
            var optionValues = input.Objects("optionValues");
            for (var j = 0; j < optionValues.Count; j++)
            {
                var position = FindOption(options, optionValues[j]);
                var name = optionValues[j].String("name");
                if (position < 0 || string.IsNullOrWhiteSpace(name))
                {
                    errors.Add(Error("Option does not exist", "OPTION_DOES_NOT_EXIST", "variants", i, "optionValues", j));
                    continue;
                }

                values[position] = name;
                if (!options[position].Values.Contains(name))
                    options[position] = options[position] with { Values = options[position].Values.Add(name) };
            }

            if (variants.Where((other, k) => k != index && other.OptionValues.SequenceEqual(values)).Any())
                errors.Add(Error($"The variant '{string.Join(" / ", values)}' already exists.", "VARIANT_ALREADY_EXISTS", "variants", i, "optionValues"));

            if (errors.Count > before)
                continue;
            variants[index] = variant with { OptionValues = [.. values], UpdatedAt = stamp };
            updatedIds.Add(variant.Id);
        }

        if (errors.Count > 0 && (!allowPartial || updatedIds.Count == 0))
            return new MutationOutcome(operation, Product: product, UserErrors: errors);

        var updated = product with { Variants = [.. variants], Options = [.. options], UpdatedAt = stamp };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated, VariantIds: updatedIds, UserErrors: errors);
    }

    private static int FindOption(List<SimulatedOption> options, IDictionary<string, object?> optionValue)
    {
        if (optionValue.String("optionId") is { } optionGid && ShopifyGid.ParseId(optionGid, "ProductOption") is { } optionId)
            return options.FindIndex(o => o.Id == optionId);
        var optionName = optionValue.String("optionName");
        return options.FindIndex(o => string.Equals(o.Name, optionName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Price, compare-at price, barcode, policy, taxable and the inventory item fields of a variant input.</summary>
    private static SimulatedVariant ApplyVariantFields(
        IDictionary<string, object?> input, SimulatedVariant variant, List<SimulatedUserError> errors, bool isBulkUpdate, params object[] path)
    {
        object[] At(params object[] tail) => [.. path, .. tail];

        if (input.Has("price"))
        {
            if (!InputValues.TryMoney(input["price"], out var price))
                errors.Add(Error("Price is invalid", isBulkUpdate ? "INVALID_INPUT" : "INVALID_VARIANT", At("price")));
            else if (price < 0)
                errors.Add(Error("Price must be greater than or equal to 0", isBulkUpdate ? "GREATER_THAN_OR_EQUAL_TO" : "INVALID_VARIANT", At("price")));
            else
                variant = variant with { Price = price };
        }

        if (input.Has("compareAtPrice"))
        {
            if (input["compareAtPrice"] is null)
                variant = variant with { CompareAtPrice = null };
            else if (InputValues.TryMoney(input["compareAtPrice"], out var compareAt) && compareAt >= 0)
                variant = variant with { CompareAtPrice = compareAt };
            else
                errors.Add(Error("Compare at price is invalid", isBulkUpdate ? "INVALID_INPUT" : "INVALID_VARIANT", At("compareAtPrice")));
        }

        if (input.Has("barcode"))
            variant = variant with { Barcode = NullIfEmpty(input.String("barcode")) };
        if (input.Bool("taxable") is { } taxable)
            variant = variant with { Taxable = taxable };
        if (input.String("inventoryPolicy") is { } policy)
            variant = variant with { InventoryPolicy = policy };
        if (input.Has("sku"))
            variant = variant with { Sku = NullIfEmpty(input.String("sku")) };

        if (input.Object("inventoryItem") is { } item)
        {
            if (item.Has("sku"))
                variant = variant with { Sku = NullIfEmpty(item.String("sku")) };
            if (item.Bool("tracked") is { } tracked)
                variant = variant with { Tracked = tracked };
            if (item.Bool("requiresShipping") is { } requiresShipping)
                variant = variant with { RequiresShipping = requiresShipping };

            // InventoryItemInput (https://shopify.dev/docs/api/admin-graphql/2026-07/input-objects/InventoryItemInput):
            // cost is a Decimal, null clears it; the HS code "must be a number between 6 and 13 digits"; the country
            // of origin is a CountryCode (the schema has checked its spelling), null clears it.
            if (item.Has("cost"))
            {
                if (item["cost"] is null)
                    variant = variant with { Cost = null };
                else if (InputValues.TryMoney(item["cost"], out var cost) && cost >= 0)
                    variant = variant with { Cost = cost };
                else
                    errors.Add(Error("Cost is invalid", isBulkUpdate ? "INVALID_INPUT" : "INVALID_VARIANT", At("inventoryItem", "cost")));
            }

            if (item.Has("harmonizedSystemCode"))
            {
                var code = NullIfEmpty(item.String("harmonizedSystemCode"));
                if (code is not null && (code.Length is < 6 or > 13 || !code.All(char.IsAsciiDigit)))
                    errors.Add(Error("Harmonized system code must be a number between 6 and 13 digits", isBulkUpdate ? "INVALID_INPUT" : "INVALID_VARIANT", At("inventoryItem", "harmonizedSystemCode")));
                else
                    variant = variant with { HarmonizedSystemCode = code };
            }

            if (item.Has("countryCodeOfOrigin"))
                variant = variant with { CountryCodeOfOrigin = NullIfEmpty(item.String("countryCodeOfOrigin")) };
            if (item.Object("measurement")?.Object("weight") is { } weight)
            {
                var value = weight.Double("value") ?? 0;
                if (value < 0)
                    errors.Add(Error("Weight must be greater than or equal to 0", isBulkUpdate ? "INVALID_INPUT" : "INVALID_VARIANT", At("inventoryItem", "measurement", "weight", "value")));
                else
                    variant = variant with { Weight = CatalogConventions.Normalize((decimal)value), WeightUnit = weight.String("unit") ?? variant.WeightUnit };
            }
        }

        return variant;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// <c>SEOInput</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/input-objects/SEOInput): a field given is
    /// set (an empty string clears it), a field left out is kept.
    /// </summary>
    private static SimulatedProduct WithSeo(SimulatedProduct product, IDictionary<string, object?> seo)
    {
        if (seo.Has("title"))
            product = product with { SeoTitle = NullIfEmpty(seo.String("title")) };
        if (seo.Has("description"))
            product = product with { SeoDescription = NullIfEmpty(seo.String("description")) };
        return product;
    }

    // ---- productSet -------------------------------------------------------------------------------

    private static MutationOutcome ProductSet(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productSet";
        var input = InputValues.Argument(context, "input") ?? new Dictionary<string, object?>();
        var identifier = InputValues.Argument(context, "identifier");
        var errors = new List<SimulatedUserError>();

        SimulatedProduct? existing = null;
        string? identifierHandle = null;
        if (identifier is not null)
        {
            if (identifier.String("id") is { } gid)
            {
                existing = ShopifyGid.ParseId(gid, "Product") is { } id ? transaction.Product(id) : null;
                if (existing is null)
                    return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "identifier", "id"));
            }
            else if (identifier.String("handle") is { } byHandle)
            {
                identifierHandle = byHandle;
                existing = transaction.ProductByHandle(byHandle);
            }
            else
            {
                return MutationOutcome.Failed(operation, Error("The simulator identifies products by id or handle.", "INVALID_INPUT", "identifier"));
            }
        }
        else if (input.String("id") is { } legacyId)
        {
            existing = ShopifyGid.ParseId(legacyId, "Product") is { } id ? transaction.Product(id) : null;
            if (existing is null)
                return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "input", "id"));
        }

        var title = input.Has("title") ? input.String("title")?.Trim() ?? "" : existing?.Title ?? "";
        if (title.Length == 0)
            errors.Add(Error("Title can't be blank", "INVALID_PRODUCT", "input", "title"));

        var exceptId = existing?.Id ?? -1;
        string handle;
        if ((input.String("handle") ?? identifierHandle) is { } requested)
        {
            handle = CatalogConventions.HandleFromTitle(requested);
            if (transaction.HandleInUse(handle, exceptId))
                errors.Add(Error($"Handle '{handle}' has already been taken", "HANDLE_NOT_UNIQUE", "input", "handle"));
        }
        else
        {
            handle = existing?.Handle ?? transaction.UniqueHandle(CatalogConventions.HandleFromTitle(title), exceptId);
        }

        var collections = existing?.CollectionIds ?? [];
        if (input.List("collections") is { } collectionList)
        {
            var ids = new List<long>();
            for (var i = 0; i < collectionList.Count; i++)
            {
                var collectionId = ShopifyGid.ParseId(collectionList[i]?.ToString(), "Collection");
                if (collectionId is null || transaction.Collections.All(c => c.Id != collectionId))
                    errors.Add(Error("Collection does not exist", "INVALID_INPUT", "input", "collections", i));
                else if (!ids.Contains(collectionId.Value))
                    ids.Add(collectionId.Value);
            }

            collections = [.. ids];
        }

        var (options, variants) = SetOptionsAndVariants(input, existing, transaction, errors);
        var productId = existing?.Id ?? transaction.NewProductId();
        var metafields = SetMetafields(input, productId, existing?.Metafields, errors);
        if (errors.Count > 0)
            return new MutationOutcome(operation, UserErrors: errors);

        var stamp = transaction.Stamp();
        var product = new SimulatedProduct(
            productId,
            handle,
            title,
            input.Has("descriptionHtml") ? input.String("descriptionHtml") ?? "" : existing?.DescriptionHtml ?? "",
            input.Has("vendor") ? input.String("vendor") ?? "" : existing?.Vendor ?? "",
            input.Has("productType") ? input.String("productType") ?? "" : existing?.ProductType ?? "",
            input.Has("tags") ? [.. InputValues.Tags(input.List("tags") ?? [])] : existing?.Tags ?? [],
            input.String("status") ?? existing?.Status ?? "ACTIVE",
            options,
            [.. variants.Select(v => v with { UpdatedAt = stamp, CreatedAt = v.CreatedAt == default ? stamp : v.CreatedAt })],
            collections,
            existing?.CreatedAt ?? stamp,
            stamp,
            metafields)
        {
            SeoTitle = existing?.SeoTitle,
            SeoDescription = existing?.SeoDescription,
        };
        if (input.Object("seo") is { } seo)
            product = WithSeo(product, seo);
        transaction.Put(product);
        return new MutationOutcome(operation, Product: product);
    }

    /// <summary>
    /// The product's metafields once <c>productSet</c>'s <c>metafields</c> are written: each is created or, by
    /// namespace and key, updated; those not named are kept. Without definitions in the simulator, a type is needed to
    /// create one (https://shopify.dev/docs/api/admin-graphql/2026-07/input-objects/MetafieldInput). Ids derive from the
    /// product's id and the metafield's position, as option value ids do.
    /// </summary>
    private static ImmutableArray<SimulatedMetafield>? SetMetafields(
        IDictionary<string, object?> input, long productId, ImmutableArray<SimulatedMetafield>? existing, List<SimulatedUserError> errors)
    {
        var inputs = input.Objects("metafields");
        if (inputs.Count == 0)
            return existing;
        var metafields = (existing ?? []).ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            var key = inputs[i].String("key") ?? "";
            var ns = inputs[i].String("namespace") ?? "$app";
            var value = inputs[i].String("value");
            var at = metafields.FindIndex(m => m.Namespace == ns && m.Key == key);
            var type = inputs[i].String("type") ?? (at >= 0 ? metafields[at].Type : null);
            if (key.Length is < 2 or > 64)
                errors.Add(Error("Key must be between 2 and 64 characters.", "INVALID_METAFIELD", "input", "metafields", i, "key"));
            else if (ns.Length is < 3 or > 255)
                errors.Add(Error("Namespace must be between 3 and 255 characters.", "INVALID_METAFIELD", "input", "metafields", i, "namespace"));
            else if (type is null)
                errors.Add(Error("Type can't be blank", "INVALID_METAFIELD", "input", "metafields", i, "type"));
            else if (value is null)
                errors.Add(Error("Value can't be blank", "INVALID_METAFIELD", "input", "metafields", i, "value"));
            else if (at >= 0)
                metafields[at] = metafields[at] with { Type = type, Value = value };
            else
                metafields.Add(new SimulatedMetafield((productId * 1000) + metafields.Count + 1, ns, key, type, value));
        }

        return [.. metafields];
    }

    /// <summary>
    /// The options and variants a productSet input describes. Lists replace what the product had:
    /// variants are matched by id, then by option values (keeping their ids and stock); the rest are new.
    /// </summary>
    private static (ImmutableArray<SimulatedOption>, List<SimulatedVariant>) SetOptionsAndVariants(
        IDictionary<string, object?> input, SimulatedProduct? existing, Transaction transaction, List<SimulatedUserError> errors)
    {
        var hasOptions = input.Has("productOptions");
        var hasVariants = input.Has("variants");
        if (!hasVariants)
        {
            if (hasOptions)
                errors.Add(Error("The variants input is required when product options are given.", "VARIANTS_INPUT_MISSING", "input", "variants"));
            if (existing is not null)
                return (existing.Options, [.. existing.Variants]);
            var (variantId, itemId) = transaction.NewVariantIds();
            return (
                [new SimulatedOption(transaction.NewOptionId(), CatalogConventions.DefaultOptionName, [CatalogConventions.DefaultOptionValue])],
                [NewVariant(variantId, itemId, [CatalogConventions.DefaultOptionValue])]);
        }

        var variantInputs = input.Objects("variants");
        if (variantInputs.Count > MaxVariants)
            errors.Add(Error($"Products can have at most {MaxVariants} variants.", "VARIANTS_OVER_LIMIT", "input", "variants"));

        // Options: declared, or the product's own, or the default "Title" when no variant names any.
        var options = new List<SimulatedOption>();
        if (hasOptions)
        {
            var optionInputs = input.Objects("productOptions");
            if (optionInputs.Count > MaxOptions)
                errors.Add(Error($"Products can have at most {MaxOptions} options.", "OPTIONS_OVER_LIMIT", "input", "productOptions"));
            for (var i = 0; i < optionInputs.Count; i++)
            {
                var name = optionInputs[i].String("name")?.Trim();
                if (string.IsNullOrEmpty(name))
                {
                    errors.Add(Error("Option name can't be blank", "INVALID_INPUT", "input", "productOptions", i, "name"));
                    continue;
                }

                if (options.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add(Error($"Duplicated option name '{name}'.", "DUPLICATED_OPTION_NAME", "input", "productOptions", i, "name"));
                    continue;
                }

                var values = optionInputs[i].Objects("values").Select(v => v.String("name") ?? "").Where(v => v.Length > 0).ToList();
                if (values.Count != values.Distinct(StringComparer.Ordinal).Count())
                    errors.Add(Error($"Duplicated option value in option '{name}'.", "DUPLICATED_OPTION_VALUE", "input", "productOptions", i, "values"));
                var id = existing?.Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))?.Id
                    ?? transaction.NewOptionId();
                options.Add(new SimulatedOption(id, name, [.. values.Distinct(StringComparer.Ordinal)]));
            }
        }
        else if (existing is not null && variantInputs.Any(v => v.Objects("optionValues").Count > 0))
        {
            options = [.. existing.Options];
        }
        else if (variantInputs.All(v => v.Objects("optionValues").All(o => o.String("optionName") is null or CatalogConventions.DefaultOptionName)))
        {
            options = [new SimulatedOption(existing?.Options.FirstOrDefault()?.Id ?? transaction.NewOptionId(), CatalogConventions.DefaultOptionName, [CatalogConventions.DefaultOptionValue])];
        }
        else
        {
            errors.Add(Error("Product options are required when variants name option values.", "PRODUCT_OPTIONS_INPUT_MISSING", "input", "productOptions"));
        }

        var declaredValues = options.Select(o => o.Values.Length > 0).ToList();
        var variants = new List<SimulatedVariant>();
        for (var i = 0; i < variantInputs.Count; i++)
        {
            var variantInput = variantInputs[i];
            var values = new string?[options.Count];
            var optionValues = variantInput.Objects("optionValues");
            for (var j = 0; j < optionValues.Count; j++)
            {
                var position = FindOption(options, optionValues[j]);
                var value = optionValues[j].String("name");
                if (position < 0)
                {
                    errors.Add(Error($"Option '{optionValues[j].String("optionName")}' does not exist.", "OPTION_DOES_NOT_EXIST", "input", "variants", i, "optionValues", j));
                    continue;
                }

                if (string.IsNullOrEmpty(value) || (declaredValues[position] && !options[position].Values.Contains(value)))
                {
                    errors.Add(Error($"Option value '{value}' does not exist on option '{options[position].Name}'.", "OPTION_VALUE_DOES_NOT_EXIST", "input", "variants", i, "optionValues", j));
                    continue;
                }

                values[position] = value;
                if (!options[position].Values.Contains(value))
                    options[position] = options[position] with { Values = options[position].Values.Add(value) };
            }

            if (options.Count == 1 && options[0].Name == CatalogConventions.DefaultOptionName && values[0] is null)
                values[0] = CatalogConventions.DefaultOptionValue;
            if (values.Any(v => v is null))
            {
                errors.Add(Error("Each variant needs a value for every option.", "INVALID_VARIANT", "input", "variants", i, "optionValues"));
                continue;
            }

            var optionValueArray = values.Select(v => v!).ToImmutableArray();
            if (variants.Any(v => v.OptionValues.SequenceEqual(optionValueArray)))
            {
                errors.Add(Error($"The variant '{string.Join(" / ", optionValueArray)}' already exists.", "INVALID_VARIANT", "input", "variants", i, "optionValues"));
                continue;
            }

            SimulatedVariant? match = null;
            if (variantInput.String("id") is { } variantGid)
            {
                match = existing?.Variants.FirstOrDefault(v => v.Gid == variantGid);
                if (match is null)
                {
                    errors.Add(Error("Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST", "input", "variants", i, "id"));
                    continue;
                }
            }

            match ??= existing?.Variants.FirstOrDefault(v => v.OptionValues.SequenceEqual(optionValueArray) && variants.All(taken => taken.Id != v.Id));
            SimulatedVariant variant;
            if (match is not null)
            {
                variant = match with { OptionValues = optionValueArray };
            }
            else
            {
                var (variantId, itemId) = transaction.NewVariantIds();
                variant = NewVariant(variantId, itemId, optionValueArray);
            }

            variant = ApplyVariantFields(variantInput, variant, errors, isBulkUpdate: false, "input", "variants", i);
            var quantities = variantInput.Objects("inventoryQuantities");
            for (var q = 0; q < quantities.Count; q++)
            {
                // One quantity per location; a location named stocks the variant there
                // (https://shopify.dev/docs/api/admin-graphql/2026-07/input-objects/ProductSetInventoryInput).
                if (ShopifyGid.ParseId(quantities[q].String("locationId"), "Location") is not { } locationId || transaction.Location(locationId) is null)
                    errors.Add(Error("Location does not exist", "INVALID_INPUT", "input", "variants", i, "inventoryQuantities", q, "locationId"));
                else if (quantities[q].String("name") is "available" or "on_hand")
                    variant = variant.WithAvailableAt(locationId, quantities[q].Int("quantity") ?? 0);
            }

            variants.Add(variant);
        }

        return ([.. options], variants);
    }

    private static SimulatedVariant NewVariant(long variantId, long inventoryItemId, ImmutableArray<string> optionValues) =>
        new(variantId, inventoryItemId, Sku: null, Price: 0m, CompareAtPrice: null, Barcode: null, Weight: 0m, WeightUnit: "KILOGRAMS",
            Available: 0, optionValues, Taxable: true, InventoryPolicy: "DENY", Tracked: true, CreatedAt: default, UpdatedAt: default);

    // ---- productOptionUpdate --------------------------------------------------------------------------

    /// <summary>
    /// Renames or moves one option and adds, renames or deletes its values, as
    /// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionUpdate describes it. Variants follow
    /// the option: a renamed value is renamed on every variant holding it; a moved option moves in every variant's
    /// values. Only the <c>LEAVE_AS_IS</c> strategy (the default) is modelled: nothing creates or deletes variants, so
    /// a value still held by a variant cannot be deleted (OPTION_VALUE_HAS_VARIANTS).
    /// </summary>
    private static MutationOutcome ProductOptionUpdate(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productOptionUpdate";
        const int MaxNameLength = 255;
        if (context.GetArgument<string?>("variantStrategy") is "MANAGE")
            throw new ExecutionError("The simulator models productOptionUpdate with variantStrategy LEAVE_AS_IS only.") { Code = "NOT_IMPLEMENTED" };

        var product = ShopifyGid.ParseId(context.GetArgument<string>("productId"), "Product") is { } productId
            ? transaction.Product(productId)
            : null;
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "productId"));

        var input = InputValues.Argument(context, "option") ?? new Dictionary<string, object?>();
        var index = ShopifyGid.ParseId(input.String("id"), "ProductOption") is { } optionId
            ? product.Options.IndexOf(product.Options.FirstOrDefault(o => o.Id == optionId)!)
            : -1;
        if (index < 0)
            return MutationOutcome.Failed(operation, Error("Option does not exist", "OPTION_DOES_NOT_EXIST", "option", "id"));

        var errors = new List<SimulatedUserError>();
        var option = product.Options[index];
        var values = option.Values.ToList();
        var renamedValues = new Dictionary<string, string>(StringComparer.Ordinal);

        if (input.Has("name"))
        {
            var name = input.String("name")?.Trim() ?? "";
            if (name.Length == 0)
                errors.Add(Error("Option name can't be blank", "INVALID_NAME", "option", "name"));
            else if (name.Length > MaxNameLength)
                errors.Add(Error($"Option name is too long (maximum is {MaxNameLength} characters)", "OPTION_NAME_TOO_LONG", "option", "name"));
            else if (product.Options.Where((o, i) => i != index).Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
                errors.Add(Error($"Option '{name}' already exists.", "OPTION_ALREADY_EXISTS", "option", "name"));
            else
                option = option with { Name = name };
        }

        var toUpdate = InputValues.ObjectsArgument(context, "optionValuesToUpdate");
        var toDelete = (context.GetArgument<List<object>?>("optionValuesToDelete") ?? []).Select(o => o?.ToString()).ToList();
        var toAdd = InputValues.ObjectsArgument(context, "optionValuesToAdd");
        var deleted = new HashSet<int>();
        for (var i = 0; i < toDelete.Count; i++)
        {
            var at = ValueIndex(option, toDelete[i], values.Count);
            if (at < 0)
                errors.Add(Error("Option value does not exist", "OPTION_VALUE_DOES_NOT_EXIST", "optionValuesToDelete", i));
            else if (product.Variants.Any(v => v.OptionValues[index] == values[at]))
                errors.Add(Error($"Option value '{values[at]}' is used by variants and cannot be deleted without deleting them.", "OPTION_VALUE_HAS_VARIANTS", "optionValuesToDelete", i));
            else
                deleted.Add(at);
        }

        for (var i = 0; i < toUpdate.Count; i++)
        {
            var at = ValueIndex(option, toUpdate[i].String("id"), values.Count);
            var name = toUpdate[i].String("name")?.Trim();
            if (at < 0)
            {
                errors.Add(Error("Option value does not exist", "OPTION_VALUE_DOES_NOT_EXIST", "optionValuesToUpdate", i, "id"));
                continue;
            }

            if (deleted.Contains(at))
            {
                errors.Add(Error("An option value cannot be updated and deleted at once.", "OPTION_VALUE_CONFLICTING_OPERATION", "optionValuesToUpdate", i, "id"));
                continue;
            }

            if (string.IsNullOrEmpty(name))
            {
                errors.Add(Error("Option value name can't be blank", "INVALID_NAME", "optionValuesToUpdate", i, "name"));
                continue;
            }

            if (name.Length > MaxNameLength)
            {
                errors.Add(Error($"Option value name is too long (maximum is {MaxNameLength} characters)", "OPTION_VALUE_NAME_TOO_LONG", "optionValuesToUpdate", i, "name"));
                continue;
            }

            if (values.Where((v, k) => k != at).Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(Error($"Option value '{name}' already exists.", "OPTION_VALUE_ALREADY_EXISTS", "optionValuesToUpdate", i, "name"));
                continue;
            }

            renamedValues[values[at]] = name;
            values[at] = name;
        }

        for (var i = 0; i < toAdd.Count; i++)
        {
            var name = toAdd[i].String("name")?.Trim();
            if (string.IsNullOrEmpty(name))
                errors.Add(Error("Option value name can't be blank", "INVALID_NAME", "optionValuesToAdd", i, "name"));
            else if (values.Contains(name, StringComparer.OrdinalIgnoreCase))
                errors.Add(Error($"Option value '{name}' already exists.", "OPTION_VALUE_ALREADY_EXISTS", "optionValuesToAdd", i, "name"));
            else
                values.Add(name);
        }

        if (deleted.Count > 0 && deleted.Count == option.Values.Length && toAdd.Count == 0)
            errors.Add(Error("An option needs at least one value.", "CANNOT_DELETE_ALL_OPTION_VALUES_IN_OPTION", "optionValuesToDelete"));

        var position = input.Int("position") ?? index + 1;
        if (position < 1 || position > product.Options.Length)
            errors.Add(Error($"Position must be between 1 and {product.Options.Length}.", "INVALID_POSITION", "option", "position"));

        if (errors.Count > 0)
            return new MutationOutcome(operation, Product: product, UserErrors: errors);

        option = option with { Values = [.. values.Where((_, k) => !deleted.Contains(k) || k >= option.Values.Length)] };
        var options = product.Options.RemoveAt(index).Insert(position - 1, option);
        var stamp = transaction.Stamp();
        var variants = product.Variants.Select(v =>
        {
            var own = v.OptionValues.ToList();
            if (renamedValues.TryGetValue(own[index], out var renamed))
                own[index] = renamed;
            var moved = own[index];
            own.RemoveAt(index);
            own.Insert(position - 1, moved);
            return own.SequenceEqual(v.OptionValues) ? v : v with { OptionValues = [.. own], UpdatedAt = stamp };
        });
        var updated = product with { Options = options, Variants = [.. variants], UpdatedAt = stamp };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated);

        // Option value gids are the option's id times 100 plus the value's index (see ProductOptionValueNode).
        static int ValueIndex(SimulatedOption option, string? gid, int count) =>
            ShopifyGid.ParseId(gid, "ProductOptionValue") is { } id && id / 100 == option.Id && id % 100 < count ? (int)(id % 100) : -1;
    }

    // ---- productVariantsBulkReorder ---------------------------------------------------------------------

    /// <summary>
    /// Moves the given variants to the given 1-based positions; the others keep their relative order around them
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productVariantsBulkReorder).
    /// </summary>
    private static MutationOutcome VariantsBulkReorder(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productVariantsBulkReorder";
        var product = ShopifyGid.ParseId(context.GetArgument<string>("productId"), "Product") is { } productId
            ? transaction.Product(productId)
            : null;
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "productId"));

        var positions = InputValues.ObjectsArgument(context, "positions");
        var errors = new List<SimulatedUserError>();
        var moves = new List<(SimulatedVariant Variant, int Position)>();
        for (var i = 0; i < positions.Count; i++)
        {
            var gid = positions[i].String("id");
            var variant = product.Variants.FirstOrDefault(v => v.Gid == gid);
            var position = positions[i].Int("position") ?? 0;
            if (variant is null)
                errors.Add(Error("Variant does not exist on this product", "MISSING_VARIANT", "positions", i, "id"));
            else if (moves.Any(m => m.Variant.Id == variant.Id))
                errors.Add(Error("Variant id given more than once", "DUPLICATED_VARIANT_ID", "positions", i, "id"));
            else if (position < 1 || position > product.Variants.Length)
                errors.Add(Error($"Position must be between 1 and {product.Variants.Length}.", "INVALID_POSITION", "positions", i, "position"));
            else
                moves.Add((variant, position));
        }

        if (errors.Count > 0)
            return new MutationOutcome(operation, Product: product, UserErrors: errors);

        var order = product.Variants.Where(v => moves.All(m => m.Variant.Id != v.Id)).ToList();
        foreach (var (variant, position) in moves.OrderBy(m => m.Position))
            order.Insert(Math.Min(position - 1, order.Count), variant);
        var updated = product with { Variants = [.. order], UpdatedAt = transaction.Stamp() };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated);
    }

    // ---- productVariantsBulkCreate -------------------------------------------------------------------

    /// <summary>
    /// Adds variants to a product (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productVariantsBulkCreate):
    /// each names a value for every option of the product (a value the option lacks is added to it); a combination the
    /// product already has, or that two inputs share, is VARIANT_ALREADY_EXISTS; the product may hold at most 2,048
    /// variants ("By default, stores have a limit of 2048 product variants for each product"). <c>strategy</c>
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/enums/ProductVariantsBulkCreateStrategy): <c>DEFAULT</c>
    /// deletes a lone "Default Title" variant and keeps a lone custom one, <c>REMOVE_STANDALONE_VARIANT</c> deletes a
    /// lone variant of either kind, <c>PRESERVE_STANDALONE_VARIANT</c> keeps it. Stock comes as <c>inventoryQuantities</c>
    /// (<c>availableQuantity</c> at a location, which must exist). All or nothing.
    /// </summary>
    private static MutationOutcome VariantsBulkCreate(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productVariantsBulkCreate";
        var product = ShopifyGid.ParseId(context.GetArgument<string>("productId"), "Product") is { } productId
            ? transaction.Product(productId)
            : null;
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "productId"));

        var strategy = context.GetArgument<string?>("strategy") ?? "DEFAULT";
        var inputs = InputValues.ObjectsArgument(context, "variants");
        var errors = new List<SimulatedUserError>();
        var options = product.Options.ToList();
        var variants = product.Variants.ToList();
        var standalone = variants.Count == 1 ? variants[0] : null;
        var isDefault = standalone is not null && options.Count == 1 && options[0].Name == CatalogConventions.DefaultOptionName
            && standalone.OptionValues.SequenceEqual([CatalogConventions.DefaultOptionValue]);
        if (standalone is not null && inputs.Count > 0 && (strategy == "REMOVE_STANDALONE_VARIANT" || (strategy == "DEFAULT" && isDefault)))
            variants.Clear();

        var created = new List<long>();
        var stamp = transaction.Stamp();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var before = errors.Count;
            if (input.Has("id"))
                errors.Add(Error("A variant to create cannot carry an id.", "INVALID_INPUT", "variants", i, "id"));
            var values = new string?[options.Count];
            var optionValues = input.Objects("optionValues");
            for (var j = 0; j < optionValues.Count; j++)
            {
                var position = FindOption(options, optionValues[j]);
                var name = optionValues[j].String("name")?.Trim();
                if (position < 0)
                {
                    errors.Add(Error("Option does not exist", "OPTION_VALUES_FOR_NUMBER_OF_UNKNOWN_OPTIONS", "variants", i, "optionValues", j));
                    continue;
                }

                if (string.IsNullOrEmpty(name))
                {
                    errors.Add(Error("Option value name can't be blank", "INVALID_INPUT", "variants", i, "optionValues", j, "name"));
                    continue;
                }

                values[position] = name;
            }

            if (errors.Count == before && values.Any(v => v is null))
                errors.Add(Error("A value is needed for every option of the product.", "NEED_TO_ADD_OPTION_VALUES", "variants", i, "optionValues"));
            if (errors.Count > before)
                continue;

            ImmutableArray<string> combination = [.. values.Select(v => v!)];
            if (variants.Any(v => v.OptionValues.SequenceEqual(combination)))
            {
                errors.Add(Error($"The variant '{string.Join(" / ", combination)}' already exists.", "VARIANT_ALREADY_EXISTS", "variants", i, "optionValues"));
                continue;
            }

            var (variantId, itemId) = transaction.NewVariantIds();
            var variant = ApplyVariantFields(input, NewVariant(variantId, itemId, combination), errors, isBulkUpdate: true, "variants", i);
            var quantities = input.Objects("inventoryQuantities");
            for (var q = 0; q < quantities.Count; q++)
            {
                if (ShopifyGid.ParseId(quantities[q].String("locationId"), "Location") is not { } locationId || transaction.Location(locationId) is null)
                    errors.Add(Error("Location does not exist", "TRACKED_VARIANT_LOCATION_NOT_FOUND", "variants", i, "inventoryQuantities", q, "locationId"));
                else if (quantities[q].Int("availableQuantity") is not { } quantity || quantity is < 0 or > MaxQuantity)
                    errors.Add(Error("The quantity is out of range.", "INVALID_INPUT", "variants", i, "inventoryQuantities", q, "availableQuantity"));
                else
                    variant = variant.WithAvailableAt(locationId, quantity);
            }

            if (errors.Count > before)
                continue;
            for (var k = 0; k < options.Count; k++)
            {
                if (!options[k].Values.Contains(combination[k]))
                    options[k] = options[k] with { Values = options[k].Values.Add(combination[k]) };
            }

            variants.Add(variant with { CreatedAt = stamp, UpdatedAt = stamp });
            created.Add(variantId);
        }

        if (errors.Count == 0 && variants.Count > MaxVariants)
            errors.Add(Error($"A product can have at most {MaxVariants} variants.", "INVALID", "variants"));
        if (errors.Count > 0)
            return new MutationOutcome(operation, Product: product, UserErrors: errors);

        var updated = product with { Options = [.. options], Variants = [.. variants], UpdatedAt = stamp };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated, VariantIds: created);
    }

    // ---- productVariantsBulkDelete -------------------------------------------------------------------

    /// <summary>
    /// Deletes variants of one product (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productVariantsBulkDelete):
    /// every id must be one of the product's (AT_LEAST_ONE_VARIANT_DOES_NOT_BELONG_TO_THE_PRODUCT), and a product keeps
    /// at least one variant (CANNOT_DELETE_LAST_VARIANT). All or nothing. The options keep their values: value ids stay
    /// as they were.
    /// </summary>
    private static MutationOutcome VariantsBulkDelete(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productVariantsBulkDelete";
        var product = ShopifyGid.ParseId(context.GetArgument<string>("productId"), "Product") is { } productId
            ? transaction.Product(productId)
            : null;
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "productId"));

        var ids = (context.GetArgument<List<object>?>("variantsIds") ?? []).Select(o => o?.ToString()).ToList();
        var gone = new HashSet<long>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (product.Variants.FirstOrDefault(v => v.Gid == ids[i]) is not { } variant)
                return MutationOutcome.Failed(operation, Error("At least one variant does not belong to the product", "AT_LEAST_ONE_VARIANT_DOES_NOT_BELONG_TO_THE_PRODUCT", "variantsIds", i));
            gone.Add(variant.Id);
        }

        if (gone.Count >= product.Variants.Length)
            return MutationOutcome.Failed(operation, Error("Cannot delete the last variant of a product", "CANNOT_DELETE_LAST_VARIANT", "variantsIds"));

        var updated = product with { Variants = [.. product.Variants.Where(v => !gone.Contains(v.Id))], UpdatedAt = transaction.Stamp() };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated);
    }

    // ---- productOptionsCreate -------------------------------------------------------------------------

    /// <summary>
    /// Adds options to a product (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsCreate), each
    /// with a name, values and an optional 1-based position (last when none); at most three options a product
    /// (OPTIONS_OVER_LIMIT). With <c>LEAVE_AS_IS</c> (the default,
    /// https://shopify.dev/docs/api/admin-graphql/2026-07/enums/ProductOptionCreateVariantStrategy) "no additional variants
    /// are created ... existing variants are updated with the first option value of each option added". <c>CREATE</c>
    /// is not modelled: refused rather than answered wrongly.
    /// </summary>
    private static MutationOutcome ProductOptionsCreate(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productOptionsCreate";
        const int MaxNameLength = 255;
        if (context.GetArgument<string?>("variantStrategy") is "CREATE")
            throw new ExecutionError("The simulator models productOptionsCreate with variantStrategy LEAVE_AS_IS only.") { Code = "NOT_IMPLEMENTED" };
        var product = ShopifyGid.ParseId(context.GetArgument<string>("productId"), "Product") is { } productId
            ? transaction.Product(productId)
            : null;
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "productId"));

        var inputs = InputValues.ObjectsArgument(context, "options");
        var errors = new List<SimulatedUserError>();
        if (product.Options.Length + inputs.Count > MaxOptions)
            return MutationOutcome.Failed(operation, Error($"Products can have at most {MaxOptions} options.", "OPTIONS_OVER_LIMIT", "options"));

        var added = new List<(int Position, SimulatedOption Option)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var name = inputs[i].String("name")?.Trim();
            var values = inputs[i].Objects("values").Select(v => v.String("name")?.Trim() ?? "").ToList();
            var position = inputs[i].Int("position") ?? product.Options.Length + i + 1;
            if (string.IsNullOrEmpty(name))
                errors.Add(Error("Option name can't be blank", "OPTION_NAME_MISSING", "options", i, "name"));
            else if (name.Length > MaxNameLength)
                errors.Add(Error($"Option name is too long (maximum is {MaxNameLength} characters)", "OPTION_NAME_TOO_LONG", "options", i, "name"));
            else if (product.Options.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
                errors.Add(Error($"Option '{name}' already exists.", "OPTION_ALREADY_EXISTS", "options", i, "name"));
            else if (added.Any(a => string.Equals(a.Option.Name, name, StringComparison.OrdinalIgnoreCase)))
                errors.Add(Error($"Duplicated option name '{name}'.", "DUPLICATED_OPTION_NAME", "options", i, "name"));
            else if (values.Count == 0)
                errors.Add(Error("An option needs at least one value.", "OPTION_VALUES_MISSING", "options", i, "values"));
            else if (values.Any(v => v.Length == 0))
                errors.Add(Error("Option value name can't be blank", "INVALID_NAME", "options", i, "values"));
            else if (values.Any(v => v.Length > MaxNameLength))
                errors.Add(Error($"Option value name is too long (maximum is {MaxNameLength} characters)", "OPTION_VALUE_NAME_TOO_LONG", "options", i, "values"));
            else if (values.Distinct(StringComparer.OrdinalIgnoreCase).Count() != values.Count)
                errors.Add(Error($"Duplicated option value in option '{name}'.", "DUPLICATED_OPTION_VALUE", "options", i, "values"));
            else if (position < 1 || position > product.Options.Length + inputs.Count)
                errors.Add(Error("Position must be between 1 and the maximum number of options per product.", "POSITION_OUT_OF_BOUNDS", "options", i, "position"));
            else
                added.Add((position, new SimulatedOption(transaction.NewOptionId(), name, [.. values])));
        }

        if (errors.Count > 0)
            return new MutationOutcome(operation, Product: product, UserErrors: errors);

        var options = product.Options.ToList();
        var variants = product.Variants.Select(v => v.OptionValues.ToList()).ToList();
        foreach (var (position, option) in added.OrderBy(a => a.Position))
        {
            var at = Math.Min(position - 1, options.Count);
            options.Insert(at, option);
            foreach (var values in variants)
                values.Insert(at, option.Values[0]);
        }

        var stamp = transaction.Stamp();
        var updated = product with
        {
            Options = [.. options],
            Variants = [.. product.Variants.Select((v, k) => v with { OptionValues = [.. variants[k]], UpdatedAt = stamp })],
            UpdatedAt = stamp,
        };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated);
    }

    // ---- productOptionsDelete -------------------------------------------------------------------------

    /// <summary>
    /// Deletes options of a product (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsDelete),
    /// each variant losing its value for them. <c>strategy</c>
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/enums/ProductOptionDeleteStrategy): <c>DEFAULT</c> deletes
    /// only an option with one value (CANNOT_DELETE_OPTION_WITH_MULTIPLE_VALUES); <c>NON_DESTRUCTIVE</c> any option, but
    /// only if no variant has to go (two variants left with one combination: CANNOT_USE_NON_DESTRUCTIVE_STRATEGY);
    /// <c>POSITION</c> deletes such duplicates, the highest position first. A product left without options goes back to
    /// the default "Title" / "Default Title".
    /// </summary>
    private static MutationOutcome ProductOptionsDelete(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productOptionsDelete";
        var product = ShopifyGid.ParseId(context.GetArgument<string>("productId"), "Product") is { } productId
            ? transaction.Product(productId)
            : null;
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "productId"));

        var strategy = context.GetArgument<string?>("strategy") ?? "DEFAULT";
        var ids = (context.GetArgument<List<object>?>("options") ?? []).Select(o => o?.ToString()).ToList();
        var gone = new HashSet<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            var index = ShopifyGid.ParseId(ids[i], "ProductOption") is { } optionId ? product.Options.ToList().FindIndex(o => o.Id == optionId) : -1;
            if (index < 0)
                return MutationOutcome.Failed(operation, Error("Option does not exist", "OPTION_DOES_NOT_EXIST", "options", i));
            if (strategy == "DEFAULT" && product.Options[index].Values.Length > 1)
                return MutationOutcome.Failed(operation, Error("Cannot delete an option with more than one value", "CANNOT_DELETE_OPTION_WITH_MULTIPLE_VALUES", "options", i));
            gone.Add(index);
        }

        var options = product.Options.Where((_, k) => !gone.Contains(k)).ToList();
        var stamp = transaction.Stamp();
        var variants = new List<SimulatedVariant>();
        foreach (var variant in product.Variants)
        {
            ImmutableArray<string> values = [.. variant.OptionValues.Where((_, k) => !gone.Contains(k))];
            if (variants.Any(v => v.OptionValues.SequenceEqual(values)))
            {
                if (strategy != "POSITION")
                    return MutationOutcome.Failed(operation, Error("Deleting the options would delete variants.", "CANNOT_USE_NON_DESTRUCTIVE_STRATEGY", "options"));
                continue;
            }

            variants.Add(variant with { OptionValues = values, UpdatedAt = stamp });
        }

        if (options.Count == 0)
        {
            options = [new SimulatedOption(transaction.NewOptionId(), CatalogConventions.DefaultOptionName, [CatalogConventions.DefaultOptionValue])];
            variants = [.. variants.Select(v => v with { OptionValues = [CatalogConventions.DefaultOptionValue] })];
        }

        var updated = product with { Options = [.. options], Variants = [.. variants], UpdatedAt = stamp };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated, DeletedOptionIds: [.. gone.Select(k => product.Options[k].Id)]);
    }

    // ---- productOptionsReorder --------------------------------------------------------------------

    /// <summary>
    /// Reorders a product's options, and optionally each option's values, as
    /// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsReorder describes it: the order of the
    /// options in the input is their new order (the first becomes option1), each named by id or by name (not both kinds
    /// in one call: MIXING_ID_AND_NAME_KEYS_IS_NOT_ALLOWED); values given are that option's new value order. Variants
    /// keep their values, moved with their options, and are re-sorted by the new option and value order ("the mutation
    /// recalculates the order of variants"). Shopify asks for sequential positions; the simulator, stricter, wants every
    /// option listed once (MISSING_OPTION_NAME otherwise) and, where values are given, every value once. Value ids follow
    /// a value's place in its option here, so reordering values renumbers them (Shopify's do not move).
    /// </summary>
    private static MutationOutcome ProductOptionsReorder(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productOptionsReorder";
        var product = ShopifyGid.ParseId(context.GetArgument<string>("productId"), "Product") is { } productId
            ? transaction.Product(productId)
            : null;
        if (product is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", "PRODUCT_DOES_NOT_EXIST", "productId"));

        var inputs = InputValues.ObjectsArgument(context, "options");
        var byId = inputs.Any(i => i.String("id") is not null);
        var byName = inputs.Any(i => i.String("name") is not null);
        if (byId && byName)
            return MutationOutcome.Failed(operation, Error("Cannot specify different options or option values using mixed id and name reference key.",
                "MIXING_ID_AND_NAME_KEYS_IS_NOT_ALLOWED", "options"));

        var order = new List<int>();
        var values = new List<ImmutableArray<string>>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var index = byId
                ? (ShopifyGid.ParseId(inputs[i].String("id"), "ProductOption") is { } optionId ? product.Options.ToList().FindIndex(o => o.Id == optionId) : -1)
                : product.Options.ToList().FindIndex(o => o.Name == inputs[i].String("name"));
            if (index < 0)
            {
                return byId
                    ? MutationOutcome.Failed(operation, Error("Option id does not exist.", "OPTION_ID_DOES_NOT_EXIST", "options", i, "id"))
                    : MutationOutcome.Failed(operation, Error("Option name does not exist.", inputs[i].String("name") is null ? "NO_KEY_ON_REORDER" : "OPTION_NAME_DOES_NOT_EXIST", "options", i, "name"));
            }

            if (order.Contains(index))
                return MutationOutcome.Failed(operation, Error("Duplicated option name.", "DUPLICATED_OPTION_NAME", "options", i));
            order.Add(index);

            var option = product.Options[index];
            var given = inputs[i].Objects("values");
            if (given.Count == 0)
            {
                values.Add(option.Values);
                continue;
            }

            var sorted = new List<string>();
            for (var k = 0; k < given.Count; k++)
            {
                var value = given[k].String("id") is { } valueId
                    ? option.Values.Select((v, n) => (v, n)).Where(p => ShopifyGid.Make("ProductOptionValue", (option.Id * 100) + p.n) == valueId).Select(p => p.v).FirstOrDefault()
                    : option.Values.FirstOrDefault(v => v == given[k].String("name"));
                if (value is null)
                    return MutationOutcome.Failed(operation, Error("Option value does not exist.", "OPTION_VALUE_DOES_NOT_EXIST", "options", i, "values", k));
                if (sorted.Contains(value))
                    return MutationOutcome.Failed(operation, Error("Duplicated option value.", "DUPLICATED_OPTION_VALUE", "options", i, "values", k));
                sorted.Add(value);
            }

            if (sorted.Count != option.Values.Length)
                return MutationOutcome.Failed(operation, Error("Missing option value.", "MISSING_OPTION_VALUE", "options", i, "values"));
            values.Add([.. sorted]);
        }

        if (order.Count != product.Options.Length)
            return MutationOutcome.Failed(operation, Error("Missing option name.", "MISSING_OPTION_NAME", "options"));

        var stamp = transaction.Stamp();
        var options = order.Select((index, position) => product.Options[index] with { Values = values[position] }).ToList();
        var variants = product.Variants
            .Select(v => v with { OptionValues = [.. order.Select(index => v.OptionValues[index])], UpdatedAt = stamp })
            .OrderBy(v => v, Comparer<SimulatedVariant>.Create((a, b) =>
            {
                for (var k = 0; k < options.Count; k++)
                {
                    var c = options[k].Values.IndexOf(a.OptionValues[k]).CompareTo(options[k].Values.IndexOf(b.OptionValues[k]));
                    if (c != 0)
                        return c;
                }

                return 0;
            }))
            .ToList();
        var updated = product with { Options = [.. options], Variants = [.. variants], UpdatedAt = stamp };
        transaction.Put(updated);
        return new MutationOutcome(operation, Product: updated);
    }

    // ---- productDelete ----------------------------------------------------------------------------

    private static MutationOutcome ProductDelete(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "productDelete";
        var input = InputValues.Argument(context, "input");
        if (ShopifyGid.ParseId(input?.String("id"), "Product") is not { } id || transaction.Product(id) is null)
            return MutationOutcome.Failed(operation, Error("Product does not exist", null, "id"));
        transaction.Delete(id);
        return new MutationOutcome(operation, DeletedProductId: id);
    }

    // ---- inventorySetQuantities -----------------------------------------------------------------

    private static MutationOutcome InventorySetQuantities(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "inventorySetQuantities";
        var input = InputValues.Argument(context, "input")!;
        var errors = new List<SimulatedUserError>();
        var name = input.String("name") ?? "";
        if (name is not ("available" or "on_hand"))
            errors.Add(Error("The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME", "input", "name"));
        var reason = input.String("reason") ?? "";
        if (!InventoryReasons.Contains(reason))
            errors.Add(Error($"The specified reason is invalid. Valid values: {string.Join(", ", InventoryReasons)}.", "INVALID_REASON", "input", "reason"));

        var quantities = input.Objects("quantities");
        var changes = new List<(SimulatedProduct Product, SimulatedVariant Variant, long LocationId, int Quantity)>();
        for (var i = 0; i < quantities.Count; i++)
        {
            var quantityInput = quantities[i];
            var item = ShopifyGid.ParseId(quantityInput.String("inventoryItemId"), "InventoryItem") is { } itemId
                ? transaction.InventoryItem(itemId)
                : null;
            if (item is null)
            {
                errors.Add(Error("The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM", "input", "quantities", i, "inventoryItemId"));
                continue;
            }

            if (ShopifyGid.ParseId(quantityInput.String("locationId"), "Location") is not { } locationId || transaction.Location(locationId) is null)
            {
                errors.Add(Error("The specified location could not be found.", "INVALID_LOCATION", "input", "quantities", i, "locationId"));
                continue;
            }

            // A level exists only where the item is stocked: inventoryActivate stocks it
            // (https://shopify.dev/docs/api/admin-graphql/2026-07/enums/InventorySetQuantitiesUserErrorCode#enums-ITEM_NOT_STOCKED_AT_LOCATION).
            if (item.Value.Variant.AvailableAt(locationId) is not { } current)
            {
                errors.Add(Error("The specified inventory item is not stocked at the location.", "ITEM_NOT_STOCKED_AT_LOCATION", "input", "quantities", i, "locationId"));
                continue;
            }

            if (changes.Any(c => c.Variant.InventoryItemId == item.Value.Variant.InventoryItemId && c.LocationId == locationId))
            {
                errors.Add(Error("The inventory item and location pair can only be given once.", "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", "input", "quantities", i));
                continue;
            }

            var quantity = quantityInput.Int("quantity") ?? 0;
            if (quantity < 0)
                errors.Add(Error("The quantity can't be negative.", "INVALID_QUANTITY_NEGATIVE", "input", "quantities", i, "quantity"));
            else if (quantity > MaxQuantity)
                errors.Add(Error("The total quantity can't be higher than 1,000,000,000.", "INVALID_QUANTITY_TOO_HIGH", "input", "quantities", i, "quantity"));

            // From 2026-04 on, changeFromQuantity must be given for each quantity; null opts out of the check. It is
            // compared with the quantity at that location, not the item's total
            // (https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps/manage-quantities-states#compare-and-swap).
            if (!quantityInput.Has("changeFromQuantity"))
            {
                errors.Add(Error("The changeFromQuantity argument must be given for each quantity (null to skip the check).", "COMPARE_QUANTITY_REQUIRED", "input", "quantities", i, "changeFromQuantity"));
            }
            else if (quantityInput.Int("changeFromQuantity") is { } expected && expected != current)
            {
                errors.Add(Error("The changeFromQuantity value does not match the persisted value.", "CHANGE_FROM_QUANTITY_STALE", "input", "quantities", i, "changeFromQuantity"));
            }

            changes.Add((item.Value.Product, item.Value.Variant, locationId, quantity));
        }

        if (errors.Count > 0)
            return new MutationOutcome(operation, UserErrors: errors);

        var stamp = transaction.Stamp();
        var recorded = new List<SimulatedInventoryChange>();
        foreach (var (_, variant, locationId, quantity) in changes)
        {
            var owner = transaction.InventoryItem(variant.InventoryItemId)!.Value.Product; // the latest staged version
            var current = owner.Variants.First(v => v.Id == variant.Id);
            var delta = quantity - (current.AvailableAt(locationId) ?? 0);
            recorded.Add(new SimulatedInventoryChange(variant.InventoryItemId, name, delta, quantity, locationId));
            recorded.Add(new SimulatedInventoryChange(variant.InventoryItemId, name == "available" ? "on_hand" : "available", delta, quantity, locationId));
            transaction.Put(owner with
            {
                Variants = owner.Variants.Replace(current, current.WithAvailableAt(locationId, quantity) with { UpdatedAt = stamp }),
                UpdatedAt = stamp,
            });
        }

        var adjustment = new SimulatedAdjustment(transaction.NewAdjustmentId(), reason, input.String("referenceDocumentUri"), stamp, [.. recorded]);
        return new MutationOutcome(operation, Adjustment: adjustment);
    }

    // ---- inventoryActivate ---------------------------------------------------------------------------

    /// <summary>
    /// Stocks an inventory item at a location, with <c>available</c> (or <c>onHand</c>; on hand equals available here)
    /// as its first quantity, zero when neither is given
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/inventoryActivate). An item already stocked there
    /// keeps its level; a quantity given for it must be that level, as the simulator cannot tell what Shopify would do
    /// with another (stricter than a client should need). Its payload has plain <c>UserError</c>s: no codes.
    /// </summary>
    private static MutationOutcome InventoryActivate(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "inventoryActivate";
        var item = ShopifyGid.ParseId(context.GetArgument<string>("inventoryItemId"), "InventoryItem") is { } itemId ? transaction.InventoryItem(itemId) : null;
        if (item is null)
            return MutationOutcome.Failed(operation, Error("Inventory item does not exist", null, "inventoryItemId"));
        if (ShopifyGid.ParseId(context.GetArgument<string>("locationId"), "Location") is not { } locationId || transaction.Location(locationId) is null)
            return MutationOutcome.Failed(operation, Error("Location does not exist", null, "locationId"));
        var available = context.GetArgument<int?>("available");
        var onHand = context.GetArgument<int?>("onHand");
        if (available is < 0 || onHand is < 0)
            return MutationOutcome.Failed(operation, Error("Quantity can't be negative", null, available is < 0 ? "available" : "onHand"));
        if (available is { } a && onHand is { } h && a != h)
            return MutationOutcome.Failed(operation, Error("The simulator keeps on hand equal to available", null, "onHand"));
        var quantity = available ?? onHand;

        var (product, variant) = item.Value;
        if (variant.AvailableAt(locationId) is { } level)
        {
            if (quantity is { } asked && asked != level)
                return MutationOutcome.Failed(operation, Error("The inventory item is already active at the location", null, "inventoryItemId"));
            return new MutationOutcome(operation, Product: product, InventoryItemId: variant.InventoryItemId, LocationId: locationId);
        }

        var stamp = transaction.Stamp();
        var stocked = product with
        {
            Variants = product.Variants.Replace(variant, variant.WithAvailableAt(locationId, quantity ?? 0) with { UpdatedAt = stamp }),
            UpdatedAt = stamp,
        };
        transaction.Put(stocked);
        return new MutationOutcome(operation, Product: stocked, InventoryItemId: variant.InventoryItemId, LocationId: locationId);
    }

    // ---- locationAdd ---------------------------------------------------------------------------------

    /// <summary>
    /// Adds a location: a name (unique in the shop) and an address with at least a country code
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/locationAdd). No item is stocked there until
    /// <c>inventoryActivate</c> (or <c>productSet</c>'s quantities) stocks it.
    /// </summary>
    private static MutationOutcome LocationAdd(IResolveFieldContext context, Transaction transaction)
    {
        const string operation = "locationAdd";
        var input = InputValues.Argument(context, "input")!;
        var name = input.String("name")?.Trim() ?? "";
        if (name.Length == 0)
            return MutationOutcome.Failed(operation, Error("Name can't be blank", "BLANK", "input", "name"));
        if (name.Length > 100)
            return MutationOutcome.Failed(operation, Error("Name is too long", "TOO_LONG", "input", "name"));
        if (transaction.Locations.Any(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)))
            return MutationOutcome.Failed(operation, Error("Name has already been taken", "TAKEN", "input", "name"));
        var address = input.Object("address") ?? new Dictionary<string, object?>();
        var location = transaction.AddLocation(name, address.String("countryCode") ?? "CA", address.String("address1"), address.String("city"),
            address.String("zip"), input.Bool("fulfillsOnlineOrders") ?? true);
        return new MutationOutcome(operation, LocationId: location.Id);
    }

    // ---- bulkOperationRunQuery --------------------------------------------------------------------

    private static async Task<MutationPayload> BulkOperationRunQueryAsync(IResolveFieldContext context)
    {
        var execution = context.Execution();
        // groupObjects is Boolean! = false in 2026-07 (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/bulkOperationRunQuery).
        var (operation, error) = await execution.Simulator.Bulk.StartAsync(context.GetArgument<string>("query"), context.GetArgument("groupObjects", false));
        return new MutationPayload
        {
            BulkOperation = operation is null ? null : new BulkOperationNode(operation),
            UserErrors = error is null ? [] : [new UserErrorNode(error.Field, error.Message, error.Code)],
        };
    }
}
