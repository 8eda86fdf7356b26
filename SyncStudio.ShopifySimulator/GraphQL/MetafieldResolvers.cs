using System.Collections.Immutable;
using System.Globalization;
using GraphQL;
using GraphQL.Resolvers;
using SyncStudio.Catalog;
using Transaction = SyncStudio.ShopifySimulator.SimulatorStore.StoreTransaction;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// Metafield definitions and the metafields of products and variants, as Shopify 2026-07 answers them:
/// <c>metafieldDefinitions</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/metafieldDefinitions),
/// <c>metafieldDefinitionCreate</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldDefinitionCreate),
/// <c>metafieldsSet</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsSet: at most 25 a call,
/// atomic, the type required where no definition names it and, where one does, the definition's) and
/// <c>metafieldsDelete</c> (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsDelete). Values are
/// checked strictly against their type (https://shopify.dev/docs/apps/build/custom-data/metafields/list-of-data-types).
/// Setting a metafield leaves the owner's <c>updatedAt</c> as it was: our client must not count on it moving.
/// </summary>
internal static class MetafieldResolvers
{
    public const int MaxMetafieldsPerSet = 25;

    private static readonly string[] OwnerTypes = ["PRODUCT", "PRODUCTVARIANT"];

    public static IFieldResolver? Query(string field) => field switch
    {
        "metafieldDefinitions" => new FuncFieldResolver<object?>(Definitions),
        _ => null,
    };

    public static IFieldResolver? Mutation(string field) => field switch
    {
        "metafieldDefinitionCreate" => new FuncFieldResolver<object?>(DefinitionCreate),
        "metafieldsSet" => new FuncFieldResolver<object?>(Set),
        "metafieldsDelete" => new FuncFieldResolver<object?>(Delete),
        _ => null,
    };

    private static Connection Definitions(IResolveFieldContext context)
    {
        var ownerType = context.GetArgument<string>("ownerType");
        var ns = context.GetArgument<string?>("namespace");
        var key = context.GetArgument<string?>("key");
        var definitions = context.Execution().Store.MetafieldDefinitions
            .Where(d => d.OwnerType == ownerType && (ns is null || d.Namespace == ns) && (key is null || d.Key == key))
            .Select(DefinitionNode);
        return ConnectionFieldResolver.Page(context, definitions);
    }

    private static Dictionary<string, object?> DefinitionNode(SimulatedMetafieldDefinition d) => new()
    {
        ["id"] = ShopifyGid.Make("MetafieldDefinition", d.Id),
        ["name"] = d.Name,
        ["namespace"] = d.Namespace,
        ["key"] = d.Key,
        ["ownerType"] = d.OwnerType,
        ["description"] = null,
        ["type"] = new Dictionary<string, object?> { ["name"] = d.Type, ["category"] = Category(d.Type) },
        ["validations"] = d.Validations.Select(v => (object)new Dictionary<string, object?> { ["name"] = v.Name, ["type"] = "single_line_text_field", ["value"] = v.Value }).ToList(),
        ["pinnedPosition"] = null,
        ["useAsCollectionCondition"] = false,
    };

    private static string Category(string type) => type.Replace("list.", "", StringComparison.Ordinal) switch
    {
        "single_line_text_field" or "multi_line_text_field" => "TEXT",
        "number_integer" or "number_decimal" => "NUMBER",
        "date" or "date_time" => "DATE_TIME",
        "boolean" => "TRUE_FALSE",
        "json" => "ADVANCED",
        "money" => "MEASUREMENT",
        _ => "REFERENCE",
    };

    private static Dictionary<string, object?> DefinitionCreate(IResolveFieldContext context)
    {
        var input = InputValues.Argument(context, "definition") ?? new Dictionary<string, object?>();
        SimulatedMetafieldDefinition? created = null;
        var result = context.Execution().Store.Mutate("metafieldDefinitionCreate", null, InputValues.Fingerprint(context), transaction =>
        {
            var ownerType = input.String("ownerType") ?? "";
            var ns = input.String("namespace") ?? "$app";
            var key = input.String("key") ?? "";
            var type = input.String("type") ?? "";
            var name = input.String("name") ?? "";
            List<SimulatedUserError> errors = [];
            if (!OwnerTypes.Contains(ownerType))
                errors.Add(new(["definition", "ownerType"], "The simulator keeps definitions of products and variants only.", "UNSUPPORTED_OWNER_TYPE"));
            if (name.Length == 0)
                errors.Add(new(["definition", "name"], "Name can't be blank", "BLANK"));
            if (!IsName(ns, 3, 255))
                errors.Add(new(["definition", "namespace"], "Namespace must be 3 to 255 letters, digits, dashes and underscores.", "INVALID"));
            if (!IsName(key, 2, 64))
                errors.Add(new(["definition", "key"], "Key must be 2 to 64 letters, digits, dashes and underscores.", "INVALID"));
            if (!MetafieldTypes.IsKnown(type))
                errors.Add(new(["definition", "type"], $"Type '{type}' is not a type the simulator keeps.", "INCLUSION"));
            if (errors.Count == 0 && transaction.Definition(ownerType, ns, key) is not null)
                errors.Add(new(["definition", "key"], "Key is in use for this namespace and owner type.", "TAKEN"));
            if (errors.Count > 0)
                return new MutationOutcome("metafieldDefinitionCreate", UserErrors: errors);
            created = new SimulatedMetafieldDefinition(transaction.NewMetafieldId(), ownerType, ns, key, name, type)
            {
                Validations = [.. input.Objects("validations").Select(v => new SimulatedMetafieldValidation(v.String("name") ?? "", v.String("value") ?? ""))],
            };
            transaction.AddDefinition(created);
            return new MutationOutcome("metafieldDefinitionCreate");
        });
        return new Dictionary<string, object?>
        {
            ["createdDefinition"] = created is null ? null : DefinitionNode(created),
            ["userErrors"] = Errors(result.Outcome),
        };
    }

    private static Dictionary<string, object?> Set(IResolveFieldContext context)
    {
        var inputs = InputValues.ObjectsArgument(context, "metafields");
        var execution = context.Execution();
        List<MetafieldNode> set = [];
        var result = execution.Store.Mutate("metafieldsSet", null, InputValues.Fingerprint(context), transaction =>
        {
            set.Clear();
            if (inputs.Count > MaxMetafieldsPerSet)
            {
                return MutationOutcome.Failed("metafieldsSet", new SimulatedUserError(["metafields"],
                    $"Exceeded the maximum metafields input limit of {MaxMetafieldsPerSet}.", "LESS_THAN_OR_EQUAL_TO"));
            }

            List<SimulatedUserError> errors = [];
            var products = new Dictionary<long, SimulatedProduct>();
            var written = new List<(long ProductId, long? VariantId, SimulatedMetafield Metafield)>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                var index = i.ToString(CultureInfo.InvariantCulture);
                var ownerGid = input.String("ownerId") ?? "";
                var ns = input.String("namespace") ?? "$app";
                var key = input.String("key") ?? "";
                var value = input.String("value") ?? "";
                var owner = Owner(transaction, ownerGid, products);
                if (owner is null)
                {
                    errors.Add(new(["metafields", index, "ownerId"], "Owner does not exist.", "INVALID"));
                    continue;
                }

                var (product, variant) = owner.Value;
                var ownerType = variant is null ? "PRODUCT" : "PRODUCTVARIANT";
                if (!IsName(ns, 3, 255))
                {
                    errors.Add(new(["metafields", index, "namespace"], "Namespace must be 3 to 255 letters, digits, dashes and underscores.", "INVALID"));
                    continue;
                }

                if (!IsName(key, 2, 64))
                {
                    errors.Add(new(["metafields", index, "key"], "Key must be 2 to 64 letters, digits, dashes and underscores.", "INVALID"));
                    continue;
                }

                var definition = transaction.Definition(ownerType, ns, key);
                var existing = (variant?.Metafields ?? product.Metafields)?.FirstOrDefault(m => m.Namespace == ns && m.Key == key);
                var type = input.String("type");
                if (definition is not null && type is not null && type != definition.Type)
                {
                    errors.Add(new(["metafields", index, "type"], $"Type must be '{definition.Type}', the type of its definition.", "INVALID_TYPE"));
                    continue;
                }

                type ??= definition?.Type ?? existing?.Type;
                if (type is null)
                {
                    errors.Add(new(["metafields", index, "type"], "Type can't be blank", "BLANK"));
                    continue;
                }

                if (value.Length == 0)
                {
                    errors.Add(new(["metafields", index, "value"], "Value can't be blank.", "BLANK"));
                    continue;
                }

                if (MetafieldTypes.Check(type, value) is { } invalid)
                {
                    errors.Add(new(["metafields", index, "value"], $"Value {invalid}.", "INVALID_VALUE"));
                    continue;
                }

                var metafield = new SimulatedMetafield(existing?.Id ?? transaction.NewMetafieldId(), ns, key, type, value);
                written.Add((product.Id, variant?.Id, metafield));
            }

            // Atomic: one refused metafield and none is written.
            if (errors.Count > 0)
                return new MutationOutcome("metafieldsSet", UserErrors: errors);
            foreach (var (productId, variantId, metafield) in written)
            {
                var product = products[productId];
                products[productId] = variantId is { } vid
                    ? product with { Variants = [.. product.Variants.Select(v => v.Id == vid ? v with { Metafields = Upsert(v.Metafields, metafield) } : v)] }
                    : product with { Metafields = Upsert(product.Metafields, metafield) };
            }

            foreach (var product in products.Values)
                transaction.Put(product);
            foreach (var (productId, variantId, metafield) in written)
                set.Add(new MetafieldNode(metafield, products[productId], variantId is null ? "PRODUCT" : "PRODUCTVARIANT"));
            return new MutationOutcome("metafieldsSet");
        });
        return new Dictionary<string, object?>
        {
            ["metafields"] = result.Outcome.HasErrors ? null : set,
            ["userErrors"] = (result.Outcome.UserErrors ?? []).Select(e => (object)new Dictionary<string, object?>
            {
                ["field"] = e.Field,
                ["message"] = e.Message,
                ["code"] = e.Code,
                ["elementIndex"] = e.Field is [_, var at, ..] && int.TryParse(at, CultureInfo.InvariantCulture, out var n) ? n : null,
            }).ToList(),
        };
    }

    private static Dictionary<string, object?> Delete(IResolveFieldContext context)
    {
        var inputs = InputValues.ObjectsArgument(context, "metafields");
        List<object?> deleted = [];
        var result = context.Execution().Store.Mutate("metafieldsDelete", null, InputValues.Fingerprint(context), transaction =>
        {
            deleted.Clear();
            if (inputs.Count == 0)
                return MutationOutcome.Failed("metafieldsDelete", new SimulatedUserError(["metafields"], "At least one metafield must be specified.", null));
            var products = new Dictionary<long, SimulatedProduct>();
            foreach (var input in inputs)
            {
                var ownerGid = input.String("ownerId") ?? "";
                var ns = input.String("namespace") ?? "";
                var key = input.String("key") ?? "";
                if (Owner(transaction, ownerGid, products) is not var (product, variant))
                {
                    deleted.Add(null);
                    continue;
                }

                var held = variant is null ? product.Metafields : product.Variants.First(v => v.Id == variant.Id).Metafields;
                if (held?.FirstOrDefault(m => m.Namespace == ns && m.Key == key) is null)
                {
                    // Not there: answered null, not an error.
                    deleted.Add(null);
                    continue;
                }

                var rest = held.Value.RemoveAll(m => m.Namespace == ns && m.Key == key);
                ImmutableArray<SimulatedMetafield>? remaining = rest.IsEmpty ? null : rest;
                products[product.Id] = variant is null
                    ? product with { Metafields = remaining }
                    : product with { Variants = [.. product.Variants.Select(v => v.Id == variant.Id ? v with { Metafields = remaining } : v)] };
                deleted.Add(new Dictionary<string, object?> { ["ownerId"] = ownerGid, ["namespace"] = ns, ["key"] = key });
            }

            foreach (var product in products.Values)
                transaction.Put(product);
            return new MutationOutcome("metafieldsDelete");
        });
        return new Dictionary<string, object?>
        {
            ["deletedMetafields"] = result.Outcome.HasErrors ? null : deleted,
            ["userErrors"] = Errors(result.Outcome),
        };
    }

    /// <summary>The product (as this mutation has it so far) and, for a variant gid, the variant.</summary>
    private static (SimulatedProduct Product, SimulatedVariant? Variant)? Owner(Transaction transaction, string gid, Dictionary<long, SimulatedProduct> products)
    {
        if (ShopifyGid.ParseId(gid, "Product") is { } productId)
        {
            var product = products.GetValueOrDefault(productId) ?? transaction.Product(productId);
            if (product is null)
                return null;
            products.TryAdd(productId, product);
            return (products[productId], null);
        }

        if (ShopifyGid.ParseId(gid, "ProductVariant") is { } variantId && transaction.Variant(variantId) is { } found)
        {
            var product = products.GetValueOrDefault(found.Product.Id) ?? found.Product;
            products.TryAdd(product.Id, product);
            return (products[product.Id], products[product.Id].Variants.First(v => v.Id == variantId));
        }

        return null;
    }

    private static ImmutableArray<SimulatedMetafield> Upsert(ImmutableArray<SimulatedMetafield>? metafields, SimulatedMetafield metafield)
    {
        var list = (metafields ?? []).ToList();
        var at = list.FindIndex(m => m.Namespace == metafield.Namespace && m.Key == metafield.Key);
        if (at >= 0)
            list[at] = metafield;
        else
            list.Add(metafield);
        return [.. list];
    }

    private static bool IsName(string value, int min, int max) =>
        value.Length >= min && value.Length <= max && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static List<object> Errors(MutationOutcome outcome) =>
        [.. (outcome.UserErrors ?? []).Select(e => (object)new Dictionary<string, object?> { ["field"] = e.Field, ["message"] = e.Message, ["code"] = e.Code })];
}
