using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using GraphQL;
using GraphQL.Resolvers;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// Reads a field from plain data: a dictionary key of the field's name, or a public property of that
/// name (any case), or a public method of that name taking the <see cref="IResolveFieldContext"/>
/// (for fields with arguments). A field the data does not have is an explicit error, never a silent null.
/// </summary>
internal sealed class PropertyFieldResolver : IFieldResolver
{
    public static PropertyFieldResolver Instance { get; } = new();

    private static readonly ConcurrentDictionary<(Type, string), Func<object, IResolveFieldContext, object?>?> Accessors = new();

    public ValueTask<object?> ResolveAsync(IResolveFieldContext context) => new(Read(context));

    public static object? Read(IResolveFieldContext context)
    {
        var source = context.Source;
        var name = context.FieldDefinition.Name;
        switch (source)
        {
            case null:
                return null;
            case IDictionary<string, object?> dictionary:
                return dictionary.TryGetValue(name, out var value) ? value : null;
        }

        var accessor = Accessors.GetOrAdd((source.GetType(), name), static key => CreateAccessor(key.Item1, key.Item2));
        if (accessor is null)
        {
            throw new ExecutionError(
                $"The Shopify simulator does not model field '{name}' on type '{context.ParentType.Name}'.")
            { Code = "NOT_IMPLEMENTED" };
        }

        return accessor(source, context);
    }

    private static Func<object, IResolveFieldContext, object?>? CreateAccessor(Type type, string name)
    {
        // Members that never vary are static; they answer the same for every instance.
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.IgnoreCase;
        var method = type.GetMethod(name, flags, [typeof(IResolveFieldContext)]);
        if (method is not null)
            return (source, context) => method.Invoke(method.IsStatic ? null : source, [context]);
        var property = type.GetProperty(name, flags);
        if (property?.GetMethod is not { } getter)
            return null;
        return (source, _) => property.GetValue(getter.IsStatic ? null : source);
    }
}

/// <summary>
/// Answers a <c>*Connection</c> field from a plain sequence: applies <c>first/after/last/before</c>
/// (and <c>reverse</c>) and builds <c>edges</c>, <c>nodes</c> and <c>pageInfo</c>. A value that is
/// already a <see cref="Connection"/> is passed through. Like Shopify, it insists on <c>first</c> or
/// <c>last</c>, except inside a bulk operation, where connections are unpaged.
/// </summary>
internal sealed class ConnectionFieldResolver : IFieldResolver
{
    public const int MaxPageSize = 250;

    public static ConnectionFieldResolver Instance { get; } = new();

    public ValueTask<object?> ResolveAsync(IResolveFieldContext context)
    {
        var value = PropertyFieldResolver.Read(context);
        return new(value switch
        {
            null => null,
            Connection connection => connection,
            IEnumerable items => Page(context, items.Cast<object>()),
            _ => value,
        });
    }

    public static Connection Page(IResolveFieldContext context, IEnumerable<object> items)
    {
        var list = items as IList<object> ?? items.ToList();
        if (context.GetArgument("reverse", false))
            list = list.Reverse().ToList();
        if (context.Execution().IsBulk)
            return Connection.FromOffsets(list, 0, list.Count, false, false);

        var (first, last) = PageSizes(context);
        var start = DecodeOffset(context.GetArgument<string?>("after")) is { } after ? after + 1 : 0;
        var end = DecodeOffset(context.GetArgument<string?>("before")) is { } before ? Math.Min(before, list.Count) : list.Count;
        start = Math.Min(start, end);
        if (first is { } f && end - start > f)
            end = start + f;
        if (last is { } l && end - start > l)
            start = end - l;
        return Connection.FromOffsets(list, start, end, hasNext: end < list.Count, hasPrevious: start > 0);
    }

    /// <summary>Validates <c>first</c> and <c>last</c> the way Shopify does.</summary>
    public static (int? First, int? Last) PageSizes(IResolveFieldContext context)
    {
        var first = context.GetArgument<int?>("first");
        var last = context.GetArgument<int?>("last");
        if (first is null && last is null)
            throw new ExecutionError("you must provide one of first or last") { Code = "BAD_REQUEST" };
        if (first is < 0 or > MaxPageSize || last is < 0 or > MaxPageSize)
        {
            throw new ExecutionError($"The first and last arguments must be between 0 and {MaxPageSize}.")
            { Code = "BAD_REQUEST" };
        }

        return (first, last);
    }

    public static string EncodeOffset(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"offset\":{offset}}}")));

    private static int? DecodeOffset(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            const string prefix = "{\"offset\":";
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith('}') &&
                int.TryParse(text.AsSpan(prefix.Length, text.Length - prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return offset;
        }
        catch (FormatException)
        {
        }

        throw new ExecutionError("Invalid cursor for current pagination sort.") { Code = "BAD_REQUEST" };
    }
}

/// <summary>The fields every object type gets when it has no resolver of its own, and the explicit "not implemented" root fields.</summary>
internal sealed class NotImplementedResolver(string operation, string field) : IFieldResolver
{
    public ValueTask<object?> ResolveAsync(IResolveFieldContext context) =>
        throw new ExecutionError(
            $"The Shopify simulator does not implement the {operation} field '{field}'. " +
            "Supported fields are listed in SyncStudio.ShopifySimulator/README.md.")
        { Code = "NOT_IMPLEMENTED" };
}

/// <summary>
/// A page of a Relay connection, ready to answer <c>edges</c>, <c>nodes</c> and <c>pageInfo</c>.
/// Cursors are made only when a client asks for them.
/// </summary>
internal sealed class Connection(IReadOnlyList<object> nodes, Func<int, string> cursorAt, bool hasNextPage, bool hasPreviousPage)
{
    public IEnumerable<Edge> Edges => nodes.Select((node, i) => new Edge(cursorAt(i), node));

    public IReadOnlyList<object> Nodes => nodes;

    public PageInfo PageInfo => new(
        hasNextPage,
        hasPreviousPage,
        nodes.Count > 0 ? cursorAt(0) : null,
        nodes.Count > 0 ? cursorAt(nodes.Count - 1) : null);

    public static Connection FromOffsets(IList<object> list, int start, int end, bool hasNext, bool hasPrevious)
    {
        var page = new object[Math.Max(0, end - start)];
        for (var i = start; i < end; i++)
            page[i - start] = list[i];
        return new Connection(page, i => ConnectionFieldResolver.EncodeOffset(start + i), hasNext, hasPrevious);
    }
}

internal sealed record Edge(string Cursor, object Node);

internal sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
