using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// The executable Admin API schema: Shopify's committed SDL (API version 2026-07) loaded schema-first
/// into graphql-dotnet, with resolvers wired for the supported root fields and generic resolvers for
/// every other field. Built once per process (about a second) and shared by every simulator in it:
/// resolvers find their store through the request's <see cref="SimulatorExecution"/>.
/// </summary>
internal sealed class AdminSchema
{
    public const string ApiVersion = "2026-07";
    private const string ResourceName = "SyncStudio.ShopifySimulator.admin_2026-07.graphql";

    private static readonly Lazy<AdminSchema> Shared = new(() => new AdminSchema(), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string[] StringScalars =
    [
        "ARN", "BigInt", "Color", "Date", "DateTime", "Decimal", "FormattedString", "HTML", "Money", "StorefrontID",
        "URL", "UnsignedInt64", "UtcOffset",
    ];

    private static readonly Dictionary<Type, string> TypeNames = new()
    {
        [typeof(ProductNode)] = "Product",
        [typeof(VariantNode)] = "ProductVariant",
        [typeof(InventoryItemNode)] = "InventoryItem",
        [typeof(InventoryLevelNode)] = "InventoryLevel",
        [typeof(InventoryQuantityNode)] = "InventoryQuantity",
        [typeof(MeasurementNode)] = "InventoryItemMeasurement",
        [typeof(LocationNode)] = "Location",
        [typeof(CollectionNode)] = "Collection",
        [typeof(ShopNode)] = "Shop",
        [typeof(DomainNode)] = "Domain",
        [typeof(ProductOptionNode)] = "ProductOption",
        [typeof(ProductOptionValueNode)] = "ProductOptionValue",
        [typeof(BulkOperationNode)] = "BulkOperation",
        [typeof(InventoryAdjustmentGroupNode)] = "InventoryAdjustmentGroup",
        [typeof(MetafieldNode)] = "Metafield",
        [typeof(MediaImageNode)] = "MediaImage",
        [typeof(ImageNode)] = "Image",
    };

    private AdminSchema()
    {
        string sdl;
        using (var stream = typeof(AdminSchema).Assembly.GetManifestResourceStream(ResourceName)
                   ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing."))
        using (var reader = new StreamReader(stream))
            sdl = reader.ReadToEnd();

        GraphQL.Types.Schema? schema = null;
        schema = GraphQL.Types.Schema.For(sdl, builder => builder.Types.ForAll(config => config.ResolveType = source => ResolveType(schema!, source)!));
        foreach (var name in StringScalars)
            schema.RegisterType(new StringScalar(name));
        schema.RegisterType(new JsonScalar());
        schema.Initialize();
        WireResolvers(schema);
        Schema = schema;

        ErrorInfoProvider = new ErrorInfoProvider(options =>
        {
            options.ExposeCodes = false;
            options.ExposeData = false;
        });
        Serializer = new GraphQLSerializer(
            new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
            ErrorInfoProvider);
    }

    public static AdminSchema Instance => Shared.Value;

    public ISchema Schema { get; }

    /// <summary>
    /// Runs queries serially: every resolver answers from memory at once, so the parallel strategy's
    /// task machinery would only add overhead.
    /// </summary>
    public IDocumentExecuter Executer { get; } = new DocumentExecuter(
        new GraphQLDocumentBuilder(),
        new DocumentValidator(),
        new DefaultExecutionStrategySelector([
            new ExecutionStrategyRegistration(SerialExecutionStrategy.Instance, OperationType.Query),
            new ExecutionStrategyRegistration(SerialExecutionStrategy.Instance, OperationType.Mutation),
        ]),
        []);

    public IErrorInfoProvider ErrorInfoProvider { get; }

    public GraphQLSerializer Serializer { get; }

    public QueryCostListener CostListener { get; } = new();

    private static void WireResolvers(Schema schema)
    {
        foreach (var type in schema.AllTypes.OfType<IObjectGraphType>())
        {
            if (type.Name.StartsWith("__", StringComparison.Ordinal))
                continue;
            foreach (var field in type.Fields)
            {
                if (type == schema.Query)
                    field.Resolver = QueryResolvers.For(field.Name) ?? new NotImplementedResolver("query", field.Name);
                else if (type == schema.Mutation)
                    field.Resolver = MutationResolvers.For(field.Name) ?? new NotImplementedResolver("mutation", field.Name);
                else if (field.ResolvedType is { } fieldType && QueryCost.IsConnection(fieldType.GetNamedType()))
                    field.Resolver = ConnectionFieldResolver.Instance;
                else
                    field.Resolver = PropertyFieldResolver.Instance;
            }
        }
    }

    private static IObjectGraphType? ResolveType(GraphQL.Types.Schema schema, object? source)
    {
        var name = source switch
        {
            null => null,
            IDictionary<string, object?> dictionary => dictionary.TryGetValue("__typename", out var typeName) ? typeName as string : null,
            _ => TypeNames.GetValueOrDefault(source.GetType()),
        };
        return name is null ? null : schema.AllTypes[name] as IObjectGraphType;
    }

    /// <summary>Shopify's scalars that travel as strings (Money "19.99", DateTime, URL, UnsignedInt64 ...).</summary>
    private sealed class StringScalar : ScalarGraphType
    {
        public StringScalar(string name) => Name = name;

        public override object? ParseLiteral(GraphQLValue value) => value switch
        {
            GraphQLStringValue text => (string)text.Value,
            GraphQLIntValue integer => (string)integer.Value,
            GraphQLFloatValue number => (string)number.Value,
            GraphQLNullValue => null,
            _ => ThrowLiteralConversionError(value),
        };

        public override object? ParseValue(object? value) => value switch
        {
            null => null,
            string text => text,
            int or long or double or decimal or float => Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => ThrowValueConversionError(value),
        };

        public override object? Serialize(object? value) => value switch
        {
            null => null,
            string text => text,
            DateTimeOffset moment => Wire.DateTime(moment),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    /// <summary>Shopify's JSON scalar: any JSON value, in and out.</summary>
    private sealed class JsonScalar : ScalarGraphType
    {
        public JsonScalar() => Name = "JSON";

        public override object? ParseLiteral(GraphQLValue value) => value switch
        {
            GraphQLNullValue => null,
            GraphQLStringValue text => (string)text.Value,
            GraphQLBooleanValue flag => flag.BoolValue,
            GraphQLIntValue integer => long.Parse(integer.Value.Span, provider: CultureInfo.InvariantCulture),
            GraphQLFloatValue number => double.Parse(number.Value.Span, provider: CultureInfo.InvariantCulture),
            GraphQLListValue list => list.Values?.Select(ParseLiteral).ToList() ?? [],
            GraphQLObjectValue obj => obj.Fields?.ToDictionary(f => f.Name.StringValue, f => ParseLiteral(f.Value)) ?? [],
            _ => ThrowLiteralConversionError(value),
        };

        public override object? ParseValue(object? value) => value;

        public override object? Serialize(object? value) => value;
    }
}
