using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// Shopify's calculated query cost. Requested cost, from the validated document before it runs:
/// objects (and interfaces, unions, plain lists of objects) 1, scalars and enums 0, connections
/// 2 + (first or last) × the cost of one node, each mutation field 10 (productSet by the size of its input). Actual
/// cost, from what the execution returned: the same rules with the number of nodes actually returned.
/// </summary>
internal static class QueryCost
{
    public const int MutationFieldCost = 10;

    public static int Requested(IExecutionContext context)
    {
        var operation = context.Operation;
        if (operation.Operation == OperationType.Mutation)
            return Fields(context, operation.SelectionSet).Sum(field => MutationCost(context, field));
        return SelectionSetCost(context, context.Schema.Query, operation.SelectionSet);
    }

    /// <summary>
    /// What a mutation costs once run: its requested cost (<paramref name="requested"/>, whatever its selection
    /// returned), since a mutation's cost is its input's, not its answer's.
    /// </summary>
    public static int Actual(ExecutionResult result, bool isMutation, int requested)
    {
        if (!result.Executed || result.Data is not ObjectExecutionNode root)
            return 0;
        if (isMutation)
            return requested;
        return root.SubFields?.Sum(NodeCost) ?? 0;
    }

    /// <summary>
    /// One root mutation field: 10 points, except <c>productSet</c>, whose cost grows with the product it writes
    /// (<see cref="InputLimits.ProductSetCost"/>; https://shopify.dev/changelog/dynamic-complexity-cost-for-productset-mutation).
    /// </summary>
    private static int MutationCost(IExecutionContext context, GraphQLField field) =>
        field.Name.StringValue == "productSet" ? InputLimits.ProductSetCost(context, field) : MutationFieldCost;

    public static bool IsConnection(IGraphType type) =>
        type is IObjectGraphType objectType && objectType.Name.EndsWith("Connection", StringComparison.Ordinal) &&
        objectType.GetField("pageInfo") is not null;

    private static int SelectionSetCost(IExecutionContext context, IGraphType parentType, GraphQLSelectionSet? selectionSet)
    {
        if (selectionSet is null)
            return 0;
        var common = 0;
        var narrowed = 0; // fragments on a narrower type: only one of them applies to a given object
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    common += FieldCost(context, parentType, field);
                    break;
                case GraphQLInlineFragment inline:
                    Fragment(inline.TypeCondition, inline.SelectionSet);
                    break;
                case GraphQLFragmentSpread spread when FindFragment(context, spread) is { } definition:
                    Fragment(definition.TypeCondition, definition.SelectionSet);
                    break;
            }
        }

        return common + narrowed;

        void Fragment(GraphQLTypeCondition? condition, GraphQLSelectionSet set)
        {
            var type = condition is null ? parentType : context.Schema.AllTypes[condition.Type.Name.StringValue] ?? parentType;
            var cost = SelectionSetCost(context, type, set);
            if (type == parentType)
                common += cost;
            else
                narrowed = Math.Max(narrowed, cost);
        }
    }

    private static int FieldCost(IExecutionContext context, IGraphType parentType, GraphQLField field)
    {
        var name = field.Name.StringValue;
        if (name.StartsWith("__", StringComparison.Ordinal) || parentType is not IComplexGraphType complex)
            return 0;
        var definition = complex.GetField(name);
        if (definition?.ResolvedType is null || field.SelectionSet is null)
            return 0;
        var type = definition.ResolvedType.GetNamedType();
        if (type is ScalarGraphType or EnumerationGraphType)
            return 0;
        if (!IsConnection(type))
            return 1 + SelectionSetCost(context, type, field.SelectionSet);

        var size = PageSize(context, field);
        var perNode = 0;
        var connection = (IObjectGraphType)type;
        foreach (var inner in Fields(context, field.SelectionSet))
        {
            var innerName = inner.Name.StringValue;
            if (innerName == "edges" && connection.GetField("edges")?.ResolvedType?.GetNamedType() is { } edgeType)
                perNode += SelectionSetCost(context, edgeType, inner.SelectionSet); // the edge itself is free; its node costs 1
            else if (innerName == "nodes")
                perNode += FieldCost(context, connection, inner);
        }

        return 2 + size * perNode;
    }

    private static int PageSize(IExecutionContext context, GraphQLField field)
    {
        if (context.ArgumentValues is { } values && values.TryGetValue(field, out var arguments))
        {
            foreach (var name in (string[])["first", "last"])
            {
                if (arguments.TryGetValue(name, out var value) && value.Value is int size)
                    return size;
            }

            return 0;
        }

        foreach (var argument in field.Arguments?.Items ?? [])
        {
            if (argument.Name.StringValue is not ("first" or "last"))
                continue;
            switch (argument.Value)
            {
                case GraphQLIntValue literal:
                    return int.Parse(literal.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture);
                case GraphQLVariable variable when context.Variables.ValueFor(variable.Name.Value, out var value) && value.Value is int size:
                    return size;
            }
        }

        return 0;
    }

    /// <summary>The fields of a selection set with fragments flattened (for connection and root selections).</summary>
    private static IEnumerable<GraphQLField> Fields(IExecutionContext context, GraphQLSelectionSet? selectionSet)
    {
        foreach (var selection in selectionSet?.Selections ?? [])
        {
            switch (selection)
            {
                case GraphQLField field:
                    yield return field;
                    break;
                case GraphQLInlineFragment inline:
                    foreach (var field in Fields(context, inline.SelectionSet))
                        yield return field;
                    break;
                case GraphQLFragmentSpread spread when FindFragment(context, spread) is { } definition:
                    foreach (var field in Fields(context, definition.SelectionSet))
                        yield return field;
                    break;
            }
        }
    }

    private static GraphQLFragmentDefinition? FindFragment(IExecutionContext context, GraphQLFragmentSpread spread) =>
        context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
            .FirstOrDefault(f => f.FragmentName.Name.Value == spread.FragmentName.Name.Value);

    private static int NodeCost(ExecutionNode node)
    {
        switch (node)
        {
            case ObjectExecutionNode objectNode when objectNode.Result is not null:
                {
                    var type = objectNode.GraphType?.GetNamedType();
                    if (type is null || !IsConnection(type))
                        return 1 + (objectNode.SubFields?.Sum(NodeCost) ?? 0);
                    var cost = 2;
                    foreach (var inner in objectNode.SubFields ?? [])
                    {
                        if (inner is not ArrayExecutionNode { Items: { } items })
                            continue;
                        if (inner.FieldDefinition?.Name == "edges")
                            cost += items.OfType<ObjectExecutionNode>().Sum(edge => edge.SubFields?.Sum(NodeCost) ?? 0);
                        else if (inner.FieldDefinition?.Name == "nodes")
                            cost += items.Sum(NodeCost);
                    }

                    return cost;
                }

            case ArrayExecutionNode { Items: { Count: > 0 } items }:
                return items.Max(NodeCost); // a plain list is charged like one object
            default:
                return 0;
        }
    }
}

/// <summary>
/// Charges the leaky bucket before a request runs: refuses it (THROTTLED) when the bucket holds less
/// than the requested cost, (MAX_COST_EXCEEDED) when the query asks for more than a single query may, or
/// (MAX_INPUT_SIZE_EXCEEDED) when an input list is longer than Shopify takes (<see cref="InputLimits"/>).
/// A refused request changes nothing.
/// </summary>
internal sealed class QueryCostListener : DocumentExecutionListenerBase
{
    public override Task BeforeExecutionAsync(IExecutionContext context)
    {
        if (context.UserContext is not SimulatorExecution execution || execution.IsBulk)
            return Task.CompletedTask;

        execution.IsMutation = context.Operation.Operation == OperationType.Mutation;
        if (InputLimits.FindOversized(context) is { } oversized)
        {
            // Refused before the bucket is charged: nothing runs.
            execution.Refusal = CostRefusal.InputTooLarge;
            execution.RefusedInput = oversized;
            throw new ExecutionError("MAX_INPUT_SIZE_EXCEEDED") { Code = "MAX_INPUT_SIZE_EXCEEDED" };
        }

        var requested = QueryCost.Requested(context);
        execution.RequestedCost = requested;
        if (requested > execution.Simulator.Options.MaxQueryCost)
        {
            execution.Refusal = CostRefusal.MaxCostExceeded;
            throw new ExecutionError("MAX_COST_EXCEEDED") { Code = "MAX_COST_EXCEEDED" };
        }

        if (execution.ForceThrottle || !execution.Simulator.Bucket.TryTake(requested))
        {
            execution.Refusal = CostRefusal.Throttled;
            throw new ExecutionError("Throttled") { Code = "THROTTLED" };
        }

        execution.CostCharged = true;
        return Task.CompletedTask;
    }
}
