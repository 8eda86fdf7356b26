using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Approvals;

/// <summary>
/// A compiled field-path glob: <c>*</c> matches any run of characters, so <c>variants[*].price</c> matches the
/// price of any variant key; everything else matches itself. Compiled once per rule, matched without allocating.
/// </summary>
public sealed class GlobPattern
{
    public const string InvalidGlob = "invalid glob";
    public const string UnknownField = "unknown field";

    private readonly Kind _kind;
    private readonly string _prefix = string.Empty;
    private readonly string _suffix = string.Empty;

    private GlobPattern(string pattern)
    {
        Pattern = pattern;
        var first = pattern.IndexOf('*', StringComparison.Ordinal);
        if (first < 0)
        {
            _kind = Kind.Exact;
        }
        else if (pattern.Length == 1)
        {
            _kind = Kind.Any;
        }
        else if (pattern.IndexOf('*', first + 1) < 0)
        {
            _kind = Kind.PrefixSuffix;
            _prefix = pattern[..first];
            _suffix = pattern[(first + 1)..];
        }
        else
        {
            _kind = Kind.General;
        }
    }

    private enum Kind
    {
        Exact,
        Any,
        PrefixSuffix,
        General,
    }

    public string Pattern { get; }

    /// <summary>Compiles a pattern that <see cref="Validate"/> accepts; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static GlobPattern Compile(string pattern) =>
        Validate(pattern) is { } error ? throw new ArgumentException($"'{pattern}': {error}", nameof(pattern)) : new GlobPattern(pattern);

    /// <summary>
    /// Null when <paramref name="pattern"/> is a usable glob; else <see cref="InvalidGlob"/> (empty, whitespace,
    /// unbalanced or nested brackets, characters no path holds) or <see cref="UnknownField"/> (a literal name that
    /// is no field path, such as <c>prise</c>).
    /// </summary>
    public static string? Validate(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
            return InvalidGlob;

        int open = -1, close = -1, groups = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var inside = open > close;
            switch (c)
            {
                case '[' when !inside:
                    open = i;
                    groups++;
                    break;
                case ']' when inside && i > open + 1:
                    close = i;
                    break;
                case '[' or ']':
                    return InvalidGlob;

                // A variant key may hold single spaces ("Small / Red"), but not at its ends; nothing else may.
                case ' ' when inside:
                    if (pattern[i - 1] is '[' or ' ' || i + 1 == pattern.Length || pattern[i + 1] == ']')
                        return InvalidGlob;
                    break;
                default:
                    if (inside ? char.IsWhiteSpace(c) || char.IsControl(c) : !IsPathChar(c))
                        return InvalidGlob;
                    break;
            }
        }

        if (open > close)
            return InvalidGlob;

        return NamesKnownFields(pattern, open, close, groups) ? null : UnknownField;
    }

    public bool IsMatch(string path) => _kind switch
    {
        Kind.Exact => string.Equals(path, Pattern, StringComparison.Ordinal),
        Kind.Any => true,
        Kind.PrefixSuffix => path.Length >= _prefix.Length + _suffix.Length
            && path.StartsWith(_prefix, StringComparison.Ordinal)
            && path.EndsWith(_suffix, StringComparison.Ordinal),
        _ => MatchGeneral(Pattern, path),
    };

    public override string ToString() => Pattern;

    private static bool IsPathChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '*';

    /// <summary>Literal parts (without <c>*</c>) must name real paths; parts with a wildcard are taken as written.</summary>
    private static bool NamesKnownFields(string pattern, int open, int close, int groups)
    {
        if (groups == 0)
            return pattern.Contains('*', StringComparison.Ordinal) || FieldPaths.IsProductField(pattern) || FieldPaths.IsVariantField(pattern)
                || FieldPaths.IsMetafieldPath(pattern);

        // Two bracketed parts: a variant's stock at a location, variants[...].inventory[...] (docs/decisions/0019).
        if (groups > 2)
            return false;
        if (groups == 2)
        {
            var firstClose = pattern.IndexOf(']', StringComparison.Ordinal);
            return pattern.StartsWith("variants[", StringComparison.Ordinal) && close == pattern.Length - 1
                && string.CompareOrdinal(pattern, firstClose, "].inventory[", 0, "].inventory[".Length) == 0
                && firstClose + "].inventory".Length == open;
        }

        var head = pattern[..open];
        var tail = pattern[(close + 1)..];
        if (head == FieldPaths.Inventory)
            return tail.Length == 0;
        // An image's alt text, images[<src>].alt (docs/decisions/0029).
        if (head == FieldPaths.Images)
            return tail == ".alt" || tail.Contains('*', StringComparison.Ordinal);

        var headOk = head.Contains('*', StringComparison.Ordinal) || head == "variants";
        var tailOk = tail.Length == 0
            || tail.Contains('*', StringComparison.Ordinal)
            || (tail[0] == '.' && FieldPaths.IsVariantField(tail[1..]))
            || (tail.StartsWith(".metafields.", StringComparison.Ordinal) && FieldPaths.IsMetafieldId(tail[".metafields.".Length..]));
        return headOk && tailOk;
    }

    private static bool MatchGeneral(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
