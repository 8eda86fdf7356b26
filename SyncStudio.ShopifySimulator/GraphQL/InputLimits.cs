using System.Collections;
using GraphQL.Execution;
using GraphQLParser.AST;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// Shopify's limits on what a request may send, checked before anything runs.
/// <list type="bullet">
/// <item>Every argument that takes a list accepts at most 250 items, at any depth of an input object: "Input arguments
/// that accept an array have a maximum size of 250 for all APIs. Requests return an error if an input array exceeds 250
/// items." (https://shopify.dev/docs/api/usage/limits#input-limits; since 2020-01,
/// https://shopify.dev/changelog/graphql-input-objects-limited-to-250-items). The request is refused whole with a
/// top-level error.</item>
/// <item><c>productSet</c> is the documented exception for a whole product: it creates or updates "up to 2,048
/// variants" in one operation (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productSet,
/// https://shopify.dev/changelog/dynamic-complexity-cost-for-productset-mutation), so its <c>input.variants</c> and an
/// option's <c>values</c> may hold up to 2,048; past that productSet answers its own <c>VARIANTS_OVER_LIMIT</c>.</item>
/// </list>
/// <c>productVariantsBulkUpdate</c>'s page also speaks of 2,048 variants in one operation; the simulator holds it to
/// the general 250, stricter than Shopify may be, so a client that works here chunks and works there too.
/// </summary>
internal static class InputLimits
{
    public const int MaxInputArray = 250;

    /// <summary>The first list past its limit in the operation's root arguments: its path and size, or null.</summary>
    public static (IReadOnlyList<object> Path, int Size, int Limit)? FindOversized(IExecutionContext context)
    {
        foreach (var selection in context.Operation.SelectionSet.Selections)
        {
            if (selection is not GraphQLField field)
                continue;
            var name = field.Name.StringValue;
            foreach (var argument in field.Arguments?.Items ?? [])
            {
                var path = new List<object> { name, argument.Name.StringValue };
                if (Find(Value(context, argument.Value), path) is { } found)
                    return found;
            }
        }

        return null;
    }

    /// <summary>
    /// The requested cost of <c>productSet</c> from 2025-10 on: "10 + (variants × 0.2) + (variant_files × 0.6) +
    /// (variant_metafields × 0.4) + (product_metafields × 0.4) + (product_files × 1.9)"
    /// (https://shopify.dev/changelog/dynamic-complexity-cost-for-productset-mutation), rounded up to whole points.
    /// Without a variants list it is the base 10.
    /// </summary>
    public static int ProductSetCost(IExecutionContext context, GraphQLField field)
    {
        var input = field.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "input") is { } argument
            ? Value(context, argument.Value) as IDictionary<string, object?>
            : null;
        double cost = 10;
        foreach (var variant in Items(Get(input, "variants")))
        {
            cost += 0.2;
            if (variant is IDictionary<string, object?> v)
            {
                cost += Get(v, "file") is null ? 0 : 0.6; // one file per variant
                cost += 0.4 * Items(Get(v, "metafields")).Count();
            }
        }

        cost += 0.4 * Items(Get(input, "metafields")).Count();
        cost += 1.9 * Items(Get(input, "files")).Count();
        return (int)Math.Ceiling(Math.Round(cost, 6));
    }

    private static (IReadOnlyList<object>, int, int)? Find(object? value, List<object> path)
    {
        switch (value)
        {
            case IDictionary<string, object?> fields:
                foreach (var (key, inner) in fields)
                {
                    path.Add(key);
                    if (Find(inner, path) is { } found)
                        return found;
                    path.RemoveAt(path.Count - 1);
                }

                return null;
            case IEnumerable list and not string:
                var items = list.Cast<object?>().ToList();
                var limit = LimitAt(path);
                if (items.Count > limit)
                    return (path.ToList(), items.Count, limit);
                for (var i = 0; i < items.Count; i++)
                {
                    path.Add(i);
                    if (Find(items[i], path) is { } found)
                        return found;
                    path.RemoveAt(path.Count - 1);
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The limit of the list at <paramref name="path"/> (names and indexes from the root field on). productSet's
    /// variants and option values are left to productSet itself, which refuses more than 2,048 with its own user error.
    /// </summary>
    private static int LimitAt(List<object> path)
    {
        var names = path.OfType<string>().ToArray();
        return names is ["productSet", "input", "variants"] or ["productSet", "input", "productOptions", "values"]
            ? int.MaxValue
            : MaxInputArray;
    }

    private static object? Get(IDictionary<string, object?>? fields, string name) =>
        fields is not null && fields.TryGetValue(name, out var value) ? value : null;

    private static IEnumerable<object?> Items(object? value) =>
        value is IEnumerable list and not string and not IDictionary<string, object?> ? list.Cast<object?>() : [];

    /// <summary>An argument's value as plain dictionaries and lists, variables resolved (scalars as they come).</summary>
    private static object? Value(IExecutionContext context, GraphQLValue value) => value switch
    {
        GraphQLVariable variable => context.Variables.ValueFor(variable.Name.Value, out var argument) ? argument.Value : null,
        GraphQLListValue list => list.Values?.Select(v => Value(context, v)).ToList() ?? [],
        GraphQLObjectValue obj => obj.Fields?.ToDictionary(f => f.Name.StringValue, f => Value(context, f.Value)) ?? [],
        _ => null,
    };
}
