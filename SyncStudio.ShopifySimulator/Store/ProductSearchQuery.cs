using System.Globalization;
using System.Text;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// The part of Shopify's search syntax the products connection needs: <c>field:value</c> terms with
/// <c>:&gt;</c>, <c>:&gt;=</c>, <c>:&lt;</c>, <c>:&lt;=</c>, quoted values, <c>*</c> prefix wildcards,
/// <c>NOT</c> / <c>-</c>, implicit <c>AND</c> and <c>OR</c>. Fields: updated_at, created_at,
/// published_at, handle, sku, barcode, status, title, vendor, product_type, tag, tag_not,
/// collection_id, id, inventory_total; a bare word searches title, vendor, type, tags and SKUs.
/// Unknown fields are ignored, as Shopify ignores them.
/// </summary>
internal sealed class ProductSearchQuery
{
    private readonly List<List<Term>> _alternatives;

    private ProductSearchQuery(List<List<Term>> alternatives) => _alternatives = alternatives;

    public static ProductSearchQuery All { get; } = new([]);

    public bool MatchesAll => _alternatives.Count == 0;

    public static ProductSearchQuery Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
            return All;

        var alternatives = new List<List<Term>> { new() };
        var negateNext = false;
        foreach (var token in Tokenize(query))
        {
            if (token is "AND" || token.Length == 0)
                continue;
            if (token is "OR")
            {
                if (alternatives[^1].Count > 0)
                    alternatives.Add([]);
                continue;
            }

            if (token is "NOT")
            {
                negateNext = true;
                continue;
            }

            var text = token;
            var negate = negateNext;
            negateNext = false;
            if (text.StartsWith('-') && text.Length > 1)
            {
                negate = !negate;
                text = text[1..];
            }

            var term = ParseTerm(text);
            if (term is not null)
                alternatives[^1].Add(term with { Negate = negate });
        }

        alternatives.RemoveAll(group => group.Count == 0);
        return alternatives.Count == 0 ? All : new ProductSearchQuery(alternatives);
    }

    public bool Matches(SimulatedProduct product)
    {
        if (_alternatives.Count == 0)
            return true;
        foreach (var group in _alternatives)
        {
            var all = true;
            foreach (var term in group)
            {
                if (term.Predicate(product) == term.Negate)
                {
                    all = false;
                    break;
                }
            }

            if (all)
                return true;
        }

        return false;
    }

    private sealed record Term(Func<SimulatedProduct, bool> Predicate, bool Negate = false);

    private enum Comparison
    {
        Equal,
        Greater,
        GreaterOrEqual,
        Less,
        LessOrEqual,
    }

    private static Term? ParseTerm(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            var word = Unquote(text);
            return word.Length == 0 ? null : new Term(p => MatchesText(p, word));
        }

        var field = text[..colon].ToLowerInvariant();
        var rest = text[(colon + 1)..];
        var comparison = Comparison.Equal;
        if (rest.StartsWith(">=", StringComparison.Ordinal))
            (comparison, rest) = (Comparison.GreaterOrEqual, rest[2..]);
        else if (rest.StartsWith("<=", StringComparison.Ordinal))
            (comparison, rest) = (Comparison.LessOrEqual, rest[2..]);
        else if (rest.StartsWith('>'))
            (comparison, rest) = (Comparison.Greater, rest[1..]);
        else if (rest.StartsWith('<'))
            (comparison, rest) = (Comparison.Less, rest[1..]);
        var value = Unquote(rest);

        switch (field)
        {
            case "updated_at":
                return DateTerm(value, comparison, p => p.UpdatedAt);
            case "created_at":
            case "published_at":
                return DateTerm(value, comparison, p => p.CreatedAt);
            case "handle":
                return new Term(p => Like(p.Handle, value));
            case "sku":
                return new Term(p => p.Variants.Any(v => v.Sku is not null && Like(v.Sku, value)));
            case "barcode":
                return new Term(p => p.Variants.Any(v => v.Barcode is not null && Like(v.Barcode, value)));
            case "status":
                var statuses = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return new Term(p => statuses.Contains(p.Status, StringComparer.OrdinalIgnoreCase));
            case "title":
                return new Term(p => value.EndsWith('*') ? Like(p.Title, value) : p.Title.Contains(value, StringComparison.OrdinalIgnoreCase));
            case "vendor":
                return new Term(p => Like(p.Vendor, value));
            case "product_type":
                return new Term(p => Like(p.ProductType, value));
            case "tag":
                return new Term(p => p.Tags.Any(t => Like(t, value)));
            case "tag_not":
                return new Term(p => !p.Tags.Any(t => Like(t, value)));
            case "collection_id":
                return long.TryParse(LastSegment(value), NumberStyles.None, CultureInfo.InvariantCulture, out var collectionId)
                    ? new Term(p => p.CollectionIds.Contains(collectionId))
                    : new Term(_ => false);
            case "id":
                return long.TryParse(LastSegment(value), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? new Term(p => Compare(p.Id.CompareTo(id), comparison))
                    : new Term(_ => false);
            case "inventory_total":
                return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var total)
                    ? new Term(p => Compare(p.TotalInventory.CompareTo(total), comparison))
                    : new Term(_ => false);
            default:
                return null;
        }
    }

    private static Term DateTerm(string value, Comparison comparison, Func<SimulatedProduct, DateTimeOffset> select)
    {
        if (!TryParseDate(value, out var instant, out var dateOnly))
            return new Term(_ => false);
        if (dateOnly && comparison == Comparison.Equal)
        {
            var end = instant.AddDays(1);
            return new Term(p => select(p) >= instant && select(p) < end);
        }

        if (dateOnly && comparison is Comparison.Greater or Comparison.LessOrEqual)
            instant = instant.AddDays(1).AddTicks(-1); // "after 2024-05-01" means after that whole day
        return new Term(p => Compare(select(p).CompareTo(instant), comparison));
    }

    private static bool TryParseDate(string value, out DateTimeOffset instant, out bool dateOnly)
    {
        dateOnly = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        if (dateOnly)
        {
            instant = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    private static bool Compare(int order, Comparison comparison) => comparison switch
    {
        Comparison.Greater => order > 0,
        Comparison.GreaterOrEqual => order >= 0,
        Comparison.Less => order < 0,
        Comparison.LessOrEqual => order <= 0,
        _ => order == 0,
    };

    private static bool Like(string candidate, string pattern) =>
        pattern.EndsWith('*')
            ? candidate.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(candidate, pattern, StringComparison.OrdinalIgnoreCase);

    private static bool MatchesText(SimulatedProduct product, string word) =>
        product.Title.Contains(word, StringComparison.OrdinalIgnoreCase) ||
        product.Vendor.Contains(word, StringComparison.OrdinalIgnoreCase) ||
        product.ProductType.Contains(word, StringComparison.OrdinalIgnoreCase) ||
        product.Tags.Any(t => t.Equals(word, StringComparison.OrdinalIgnoreCase)) ||
        product.Variants.Any(v => v.Sku is not null && v.Sku.Equals(word, StringComparison.OrdinalIgnoreCase));

    private static string LastSegment(string value)
    {
        var slash = value.LastIndexOf('/');
        return slash >= 0 ? value[(slash + 1)..] : value;
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0])
            return value[1..^1];
        return value;
    }

    /// <summary>Splits on whitespace outside quotes; parentheses are dropped (grouping is not modelled).</summary>
    private static IEnumerable<string> Tokenize(string query)
    {
        var token = new StringBuilder();
        char? quote = null;
        foreach (var c in query)
        {
            if (quote is not null)
            {
                token.Append(c);
                if (c == quote)
                    quote = null;
                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                token.Append(c);
            }
            else if (char.IsWhiteSpace(c) || c is '(' or ')')
            {
                if (token.Length > 0)
                    yield return token.ToString();
                token.Clear();
            }
            else
            {
                token.Append(c);
            }
        }

        if (token.Length > 0)
            yield return token.ToString();
    }
}
