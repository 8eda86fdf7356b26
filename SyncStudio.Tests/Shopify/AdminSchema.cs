using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace SyncStudio.Tests.Shopify;

/// <summary>
/// The Shopify Admin API schema (2026-07, from shopify-schema/ copied next to the tests), built once per test run,
/// and validation of documents with their variables against it the way a GraphQL server does before executing.
/// </summary>
public static class AdminSchema
{
    public const string ApiVersion = "2026-07";

    private static readonly Lazy<Schema> LazySchema = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    // Scalars Shopify defines; on the wire all but JSON are strings (Money and Decimal included).
    private static readonly string[] StringScalars =
    [
        "ARN", "BigInt", "Color", "Date", "DateTime", "Decimal", "FormattedString", "HTML", "Money",
        "StorefrontID", "URL", "UnsignedInt64", "UtcOffset",
    ];

    public static ISchema Schema => LazySchema.Value;

    /// <summary>The validation errors of <paramref name="document"/> with <paramref name="variablesJson"/>; empty when valid.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string document, string? variablesJson = null)
    {
        GraphQLDocument parsed;
        try
        {
            parsed = Parser.Parse(document);
        }
        catch (GraphQLSyntaxErrorException e)
        {
            return [e.Message];
        }

        var operations = parsed.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        if (operations.Count != 1)
        {
            return [$"expected one operation, found {operations.Count}"];
        }

        var variables = string.IsNullOrWhiteSpace(variablesJson)
            ? Inputs.Empty
            : new GraphQLSerializer().Deserialize<Inputs>(variablesJson) ?? Inputs.Empty;
        var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = Schema,
            Document = parsed,
            Operation = operations[0],
            Rules = DocumentValidator.CoreRules,
            Variables = variables,
            Extensions = Inputs.Empty,
            RequestServices = null,
            User = null,
            UserContext = new Dictionary<string, object?>(),
            CancellationToken = TestContext.Current.CancellationToken,
            Metrics = GraphQL.Instrumentation.Metrics.None,
        });
        return result.IsValid ? [] : result.Errors.Select(e => e.Message).ToList();
    }

    /// <summary>
    /// The requested cost of a query as Shopify computes it: object 1, scalar and enum 0, connection 2 plus
    /// <c>first</c> (or <c>last</c>) times the cost of one node, each mutation field 10.
    /// </summary>
    public static int RequestedCost(string document, IReadOnlyDictionary<string, object?> variables)
    {
        var parsed = Parser.Parse(document);
        var fragments = parsed.Definitions.OfType<GraphQLFragmentDefinition>()
            .ToDictionary(f => f.FragmentName.Name.StringValue);
        var operation = parsed.Definitions.OfType<GraphQLOperationDefinition>().Single();
        if (operation.Operation == OperationType.Mutation)
        {
            return operation.SelectionSet.Selections.Count * 10;
        }

        var calculator = new CostCalculator(fragments, variables);
        return calculator.SelectionCost(Schema.Query, operation.SelectionSet);
    }

    private static Schema Build()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "shopify-schema", $"admin_{ApiVersion}.graphql");
        var schema = global::GraphQL.Types.Schema.For(File.ReadAllText(path), builder =>
        {
            // Validation never resolves abstract types; initialisation only needs a resolver to exist.
            builder.Types.ForAll(config => config.ResolveType = _ => null!);
        });
        foreach (var name in StringScalars)
        {
            schema.RegisterType(new StringLikeScalar(name));
        }

        schema.RegisterType(new ComplexScalarGraphType { Name = "JSON" });
        schema.Initialize();
        return schema;
    }

    /// <summary>A custom scalar that accepts strings only, as Shopify's Money, Decimal, DateTime and the like do.</summary>
    private sealed class StringLikeScalar : ScalarGraphType
    {
        public StringLikeScalar(string name) => Name = name;

        public override object? ParseLiteral(GraphQLValue value) => value switch
        {
            GraphQLStringValue s => s.Value.ToString(),
            GraphQLNullValue => null,
            _ => ThrowLiteralConversionError(value),
        };

        public override object? ParseValue(object? value) => value switch
        {
            string s => s,
            null => null,
            _ => ThrowValueConversionError(value),
        };

        public override object? Serialize(object? value) => value?.ToString();
    }

    private sealed class CostCalculator(
        Dictionary<string, GraphQLFragmentDefinition> fragments, IReadOnlyDictionary<string, object?> variables)
    {
        public int SelectionCost(IComplexGraphType parent, GraphQLSelectionSet? selectionSet)
        {
            if (selectionSet is null)
            {
                return 0;
            }

            var total = 0;
            foreach (var selection in selectionSet.Selections)
            {
                total += selection switch
                {
                    GraphQLField field => FieldCost(parent, field),
                    GraphQLFragmentSpread spread => SelectionCost(
                        parent, fragments[spread.FragmentName.Name.StringValue].SelectionSet),
                    GraphQLInlineFragment inline => SelectionCost(parent, inline.SelectionSet),
                    _ => 0,
                };
            }

            return total;
        }

        private int FieldCost(IComplexGraphType parent, GraphQLField field)
        {
            var name = field.Name.StringValue;
            if (name.StartsWith("__", StringComparison.Ordinal))
            {
                return 0;
            }

            var type = parent.GetField(name)?.ResolvedType?.GetNamedType()
                ?? throw new InvalidOperationException($"{parent.Name}.{name} is not in the schema");
            if (type is not IComplexGraphType complex)
            {
                return 0;
            }

            if (!complex.Name.EndsWith("Connection", StringComparison.Ordinal))
            {
                return 1 + SelectionCost(complex, field.SelectionSet);
            }

            var size = IntArgument(field, "first") ?? IntArgument(field, "last") ?? 1;
            return 2 + (size * NodeCost(complex, field.SelectionSet));
        }

        /// <summary>One node of a connection: through <c>nodes</c> or <c>edges { node }</c>; pageInfo is free.</summary>
        private int NodeCost(IComplexGraphType connection, GraphQLSelectionSet? selectionSet)
        {
            var cost = 0;
            foreach (var field in selectionSet?.Selections.OfType<GraphQLField>() ?? [])
            {
                var name = field.Name.StringValue;
                var fieldType = (IComplexGraphType?)connection.GetField(name)?.ResolvedType?.GetNamedType();
                if (name == "nodes")
                {
                    cost = Math.Max(cost, 1 + SelectionCost(fieldType!, field.SelectionSet));
                }
                else if (name == "edges")
                {
                    var node = field.SelectionSet?.Selections.OfType<GraphQLField>()
                        .FirstOrDefault(f => f.Name.StringValue == "node");
                    if (node is not null)
                    {
                        var nodeType = (IComplexGraphType)fieldType!.GetField("node")!.ResolvedType!.GetNamedType();
                        cost = Math.Max(cost, 1 + SelectionCost(nodeType, node.SelectionSet));
                    }
                }
            }

            return cost;
        }

        private int? IntArgument(GraphQLField field, string name)
        {
            var argument = field.Arguments?.FirstOrDefault(a => a.Name.StringValue == name);
            return argument?.Value switch
            {
                GraphQLIntValue literal => int.Parse(literal.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture),
                GraphQLVariable variable => variables.TryGetValue(variable.Name.StringValue, out var value) && value is not null
                    ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
                    : null,
                _ => null,
            };
        }
    }
}
