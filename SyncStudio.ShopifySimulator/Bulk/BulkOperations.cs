using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Logging;

namespace SyncStudio.ShopifySimulator;

/// <summary>A bulk operation as it stands (replaced whole as it moves from CREATED to RUNNING to COMPLETED).</summary>
internal sealed record BulkOperationRecord(
    long Id,
    string Query,
    DateTimeOffset CreatedAt,
    string Status = "CREATED",
    DateTimeOffset? CompletedAt = null,
    long ObjectCount = 0,
    long RootObjectCount = 0,
    long? FileSize = null,
    string? ErrorCode = null,
    string? FilePath = null,
    bool GroupObjects = false)
{
    public string Gid => ShopifyGid.Make("BulkOperation", Id);
}

internal sealed class BulkOperationNode(BulkOperationRecord operation)
{
    public string Id => operation.Gid;

    public string Status => operation.Status;

    public static string Type => "QUERY";

    public string Query => operation.Query;

    public string? ErrorCode => operation.ErrorCode;

    public string CreatedAt => Wire.DateTime(operation.CreatedAt);

    public string? CompletedAt => Wire.DateTime(operation.CompletedAt);

    public string ObjectCount => operation.ObjectCount.ToString(CultureInfo.InvariantCulture);

    public string RootObjectCount => operation.RootObjectCount.ToString(CultureInfo.InvariantCulture);

    public string? FileSize => operation.FileSize?.ToString(CultureInfo.InvariantCulture);

    public static string? PartialDataUrl => null;

    /// <summary>Built from the request that asks, so it works however the simulator is reached. Shopify gives no URL for an empty result.</summary>
    public string? Url(IResolveFieldContext context) =>
        operation is { Status: "COMPLETED", ObjectCount: > 0 }
            ? $"{context.Execution().BaseUrl}/bulk/{operation.Id.ToString(CultureInfo.InvariantCulture)}.jsonl"
            : null;
}

/// <summary>
/// Bulk query operations: the query runs in the background over a snapshot of the store, a chunk of
/// products at a time through the same schema and resolvers as ordinary requests (connections unpaged),
/// and its result is streamed to a JSONL file in Shopify's format: one object per line, each product
/// followed by the nodes of its nested connections, which carry <c>__parentId</c>. Nothing holds the
/// whole result in memory.
/// </summary>
internal sealed class BulkOperations : IDisposable
{
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SimulatedShop _simulator;
    private readonly ILogger _logger;
    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private readonly ConcurrentDictionary<long, BulkOperationRecord> _operations = new();
    private readonly ConcurrentDictionary<long, Task> _running = new(); // still writing results
    private readonly Lock _gate = new();
    private long _nextId = 3_700_000_000_001;
    private long? _currentId;
    private TaskCompletionSource? _hold;

    /// <summary>
    /// Bulk query operations one app may run at a time on a shop: five from 2026-01 on, a sixth refused with
    /// <c>LIMIT_REACHED</c> until one ends (https://shopify.dev/docs/api/usage/bulk-operations/queries#limitations;
    /// the code's text is the schema's: "Bulk operations limit reached. Please try again later.").
    /// </summary>
    public const int MaxConcurrent = 5;

    /// <summary>How many starts were refused because <see cref="MaxConcurrent"/> were running.</summary>
    public int LimitRefusals => Volatile.Read(ref _limitRefusals);

    private int _limitRefusals;

    public BulkOperations(SimulatedShop simulator, ILogger logger)
    {
        _simulator = simulator;
        _logger = logger;
        _ownsDirectory = simulator.Options.BulkDirectory is null;
        _directory = simulator.Options.BulkDirectory
            ?? Path.Combine(Path.GetTempPath(), "syncstudio-simulator", Guid.NewGuid().ToString("N"));
    }

    public BulkOperationRecord? Current => _currentId is { } id ? _operations.GetValueOrDefault(id) : null;

    public BulkOperationRecord? Find(string? gid) =>
        ShopifyGid.ParseId(gid, "BulkOperation") is { } id ? _operations.GetValueOrDefault(id) : null;

    /// <summary>Completes when the operation has finished writing (at once for an unknown or finished one).</summary>
    public Task Completion(string gid) =>
        ShopifyGid.ParseId(gid, "BulkOperation") is { } id && _running.TryGetValue(id, out var task) ? task : Task.CompletedTask;

    public string? ResultPath(long id) =>
        _operations.TryGetValue(id, out var operation) && operation.Status == "COMPLETED" ? operation.FilePath : null;

    /// <summary>
    /// Keeps every bulk operation started from now on RUNNING (none writes its result) until the returned handle is
    /// disposed: how a test has several operations running at once, as a large export on Shopify would.
    /// </summary>
    public IDisposable Hold()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _hold = hold;
        return new Release(() =>
        {
            lock (_gate)
            {
                if (_hold == hold)
                    _hold = null;
            }

            hold.TrySetResult();
        });
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    public async Task<(BulkOperationRecord? Operation, SimulatedUserError? Error)> StartAsync(string query, bool groupObjects = false)
    {
        if ((Validate(query) ?? await ValidateAgainstSchemaAsync(query)) is { } problem)
            return (null, new SimulatedUserError(["query"], problem, "INVALID"));

        BulkOperationRecord operation;
        Task hold;
        lock (_gate)
        {
            if (_operations.Values.Count(o => o.Status is "CREATED" or "RUNNING") >= MaxConcurrent)
            {
                Interlocked.Increment(ref _limitRefusals);
                return (null, new SimulatedUserError(null, "Bulk operations limit reached. Please try again later.", "LIMIT_REACHED"));
            }

            hold = _hold?.Task ?? Task.CompletedTask;
            operation = new BulkOperationRecord(_nextId++, query, _simulator.Time.GetUtcNow(), GroupObjects: groupObjects);
            _operations[operation.Id] = operation;
            _currentId = operation.Id;
        }

        _running[operation.Id] = Task.Run(async () =>
        {
            await hold;
            await RunAsync(operation);
        });
        return (operation, null);
    }

    /// <summary>Why a bulk query cannot run, or null when it can.</summary>
    private static string? Validate(string query)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query);
        }
        catch (GraphQLSyntaxErrorException e)
        {
            return $"Invalid bulk query: {e.Description}";
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        if (operations.Count != 1 || operations[0].Operation != OperationType.Query)
            return "Invalid bulk query: the document must hold exactly one query operation.";
        var roots = operations[0].SelectionSet.Selections.OfType<GraphQLField>().ToList();
        if (roots.Count != 1 || roots[0].Name.StringValue != "products")
            return "Invalid bulk query: the Shopify simulator runs bulk queries whose single root field is 'products'.";
        var schema = AdminSchema.Instance.Schema;
        return MissingParentId(schema, schema.Query.GetField("products")!.ResolvedType!.GetNamedType(), roots[0].SelectionSet, isConnection: true);
    }

    /// <summary>Runs the query over no products: what graphql-dotnet rejects (unknown fields, bad arguments) Shopify rejects up front too.</summary>
    private async Task<string?> ValidateAgainstSchemaAsync(string query)
    {
        try
        {
            await ExecuteChunkAsync(query, []);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return $"Invalid bulk query: {e.Message}";
        }
    }

    /// <summary>Nested connections need their parent's id to be selected, so lines can name their parent.</summary>
    private static string? MissingParentId(ISchema schema, IGraphType type, GraphQLSelectionSet? selectionSet, bool isConnection)
    {
        if (selectionSet is null || type is not IComplexGraphType complex)
            return null;
        var fields = selectionSet.Selections.OfType<GraphQLField>().ToList();
        foreach (var field in fields)
        {
            var definition = complex.GetField(field.Name.StringValue);
            if (definition?.ResolvedType?.GetNamedType() is not { } fieldType)
                continue;
            var fieldIsConnection = QueryCost.IsConnection(fieldType);
            if (fieldIsConnection && !isConnection && !fields.Exists(f => f.Name.StringValue == "id" && f.Alias is null))
                return $"Invalid bulk query: the parent of the nested connection '{field.Name.StringValue}' must select the 'id' field.";
            if (MissingParentId(schema, fieldType, field.SelectionSet, isConnection: fieldIsConnection || (isConnection && field.Name.StringValue is "edges")) is { } problem)
                return problem;
        }

        return null;
    }

    private async Task RunAsync(BulkOperationRecord operation)
    {
        operation = Update(_operations[operation.Id] with { Status = "RUNNING" });
        var path = Path.Combine(_directory, $"bulk-{operation.Id.ToString(CultureInfo.InvariantCulture)}.jsonl");
        try
        {
            Directory.CreateDirectory(_directory);
            var document = Parser.Parse(operation.Query);
            var rootField = document.Definitions.OfType<GraphQLOperationDefinition>().Single().SelectionSet.Selections.OfType<GraphQLField>().Single();
            var filter = ProductSearchQuery.Parse(rootField.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "query")?.Value is GraphQLStringValue text ? (string)text.Value : null);
            var products = _simulator.Store.Snapshot(filter);

            long objects = 0;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true))
            {
                using var counter = new LineWriter();
                foreach (var chunk in products.Chunk(_simulator.Options.BulkChunkSize))
                {
                    var data = await ExecuteChunkAsync(operation.Query, chunk);
                    counter.WriteChunk(RootNodes(data, rootField.Alias?.Name.StringValue ?? "products"), operation.GroupObjects);
                    await counter.FlushAsync(file);
                }

                objects = counter.Lines;
            }

            operation = Update(operation with
            {
                Status = "COMPLETED",
                CompletedAt = _simulator.Time.GetUtcNow(),
                ObjectCount = objects,
                RootObjectCount = products.Count,
                FileSize = new FileInfo(path).Length,
                FilePath = path,
            });
            PublishFinished(operation);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Bulk operation {Id} failed", operation.Gid);
            PublishFinished(Update(operation with { Status = "FAILED", ErrorCode = "INTERNAL_SERVER_ERROR", CompletedAt = _simulator.Time.GetUtcNow() }));
        }
        finally
        {
            _running.TryRemove(operation.Id, out _);
        }
    }

    private BulkOperationRecord Update(BulkOperationRecord operation)
    {
        _operations[operation.Id] = operation;
        return operation;
    }

    private async Task<JsonNode?> ExecuteChunkAsync(string query, SimulatedProduct[] chunk)
    {
        var schema = AdminSchema.Instance;
        var result = await schema.Executer.ExecuteAsync(options =>
        {
            options.Schema = schema.Schema;
            options.Query = query;
            options.UserContext = new SimulatorExecution(_simulator, baseUrl: "") { BulkChunk = chunk };
        });
        if (result.Errors is { Count: > 0 } errors)
            throw new InvalidOperationException(errors[0].Message);
        using var buffer = new MemoryStream();
        await schema.Serializer.WriteAsync(buffer, result);
        buffer.Position = 0;
        return (await JsonNode.ParseAsync(buffer))?["data"];
    }

    private static IEnumerable<JsonObject> RootNodes(JsonNode? data, string rootName)
    {
        if (data?[rootName] is not JsonObject connection)
            return [];
        return ConnectionNodes(connection);
    }

    private static bool IsConnection(JsonNode? node) =>
        node is JsonObject obj && obj.Count > 0 && obj.All(p => p.Key is "edges" or "nodes" or "pageInfo") &&
        (obj["edges"] is JsonArray || obj["nodes"] is JsonArray);

    private static IEnumerable<JsonObject> ConnectionNodes(JsonObject connection)
    {
        if (connection["edges"] is JsonArray edges)
            return edges.OfType<JsonObject>().Select(edge => edge["node"]).OfType<JsonObject>();
        if (connection["nodes"] is JsonArray nodes)
            return nodes.OfType<JsonObject>();
        return [];
    }

    /// <summary>Writes JSONL lines to a buffer, flushed to the file after each chunk.</summary>
    private sealed class LineWriter : IDisposable
    {
        private readonly MemoryStream _buffer = new();

        public long Lines { get; private set; }

        /// <summary>
        /// A chunk's root nodes and their nested connections' nodes. Grouped (<c>groupObjects: true</c>), each object is
        /// followed by its children. Ungrouped (<c>false</c>, the default since 2026-01,
        /// https://shopify.dev/changelog/bulk-operations-group-objects-default-changed-to-false), children are not
        /// under their parents: the chunk's lines go a level at a time (its products, then all their variants, then
        /// the variants' levels), each line still after its parent, so a reader cannot take a new product line as the
        /// end of the previous product.
        /// </summary>
        public void WriteChunk(IEnumerable<JsonObject> roots, bool grouped)
        {
            if (grouped)
            {
                foreach (var root in roots)
                    WriteTree(root, parentId: null, deferred: null);
                return;
            }

            var level = roots.Select(r => (Node: r, Parent: (string?)null)).ToList();
            while (level.Count > 0)
            {
                var next = new List<(JsonObject Node, string? Parent)>();
                foreach (var (node, parent) in level)
                    WriteTree(node, parent, next);
                level = next;
            }
        }

        /// <summary>One object's line; its children are written after it, or left in <paramref name="deferred"/> for later.</summary>
        private void WriteTree(JsonObject node, string? parentId, List<(JsonObject Node, string? Parent)>? deferred)
        {
            var id = node["id"]?.GetValue<string>();
            var children = new List<(JsonObject Node, string? Parent)>();
            using (var writer = new Utf8JsonWriter(_buffer, LineOptions))
            {
                writer.WriteStartObject();
                foreach (var (name, value) in node)
                {
                    if (IsConnection(value))
                    {
                        children.AddRange(ConnectionNodes((JsonObject)value!).Select(child => (child, id)));
                        continue;
                    }

                    // A connection inside a plain object (variants { inventoryItem { inventoryLevels } }) is a nested
                    // connection too: its nodes are lines of their own naming that object as their parent
                    // (https://shopify.dev/docs/api/usage/bulk-operations/queries#the-jsonl-data-format).
                    if (value is JsonObject inner && inner.Any(p => IsConnection(p.Value)))
                    {
                        var innerId = inner["id"]?.GetValue<string>();
                        foreach (var (innerName, innerValue) in inner.ToList())
                        {
                            if (!IsConnection(innerValue))
                                continue;
                            children.AddRange(ConnectionNodes((JsonObject)innerValue!).Select(child => (child, innerId)));
                            inner.Remove(innerName);
                        }
                    }

                    writer.WritePropertyName(name);
                    if (value is null)
                        writer.WriteNullValue();
                    else
                        value.WriteTo(writer);
                }

                if (parentId is not null)
                    writer.WriteString("__parentId", parentId);
                writer.WriteEndObject();
            }

            _buffer.WriteByte((byte)'\n');
            Lines++;
            if (deferred is not null)
            {
                deferred.AddRange(children);
                return;
            }

            foreach (var (child, parent) in children)
                WriteTree(child, parent, deferred: null);
        }

        public async Task FlushAsync(Stream destination)
        {
            _buffer.Position = 0;
            await _buffer.CopyToAsync(destination);
            _buffer.SetLength(0);
        }

        public void Dispose() => _buffer.Dispose();
    }

    public void Dispose()
    {
        try
        {
            Task.WaitAll([.. _running.Values], TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        if (_ownsDirectory && Directory.Exists(_directory))
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "Could not delete bulk results in {Directory}", _directory);
            }
        }
    }

    /// <summary>
    /// <c>bulk_operations/finish</c>: sent when an operation completes or fails, so an app need not poll
    /// (https://shopify.dev/docs/api/usage/bulk-operations/queries#option-b-subscribe-to-the-bulk_operations-finish-webhook-topic).
    /// </summary>
    private void PublishFinished(BulkOperationRecord operation) => _simulator.PublishAppEvent("bulk_operations/finish", new System.Text.Json.Nodes.JsonObject
    {
        ["admin_graphql_api_id"] = operation.Gid,
        ["completed_at"] = operation.CompletedAt?.ToString("O", CultureInfo.InvariantCulture),
        ["created_at"] = operation.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["error_code"] = operation.ErrorCode?.ToLowerInvariant(),
        ["status"] = operation.Status.ToLowerInvariant(),
        ["type"] = "query",
    });
}
