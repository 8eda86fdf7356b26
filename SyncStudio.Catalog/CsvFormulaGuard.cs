namespace SyncStudio.Catalog;

/// <summary>
/// The CSV-injection guard of OWASP's "CSV Injection" page: a text cell that begins with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, tab, carriage return or line feed is one a spreadsheet may run as a formula, so the writer
/// prefixes it with a single quote (which spreadsheets read as "this cell is text") and the reader takes that quote
/// off again. A value that already begins with quotes before such a character gets one more, so every value survives
/// a round trip: the writer maps <c>'ⁿ=x</c> to <c>'ⁿ⁺¹=x</c>, the reader maps <c>'ⁿ⁺¹=x</c> back (n ≥ 0), and no
/// other value is touched. See docs/decisions/0013-csv-injection-and-broken-quotes.md.
/// </summary>
public static class CsvFormulaGuard
{
    public const char Prefix = '\'';

    /// <summary>Whether <paramref name="value"/> needs the guard: its first character after any quotes is a formula trigger.</summary>
    public static bool NeedsGuard(ReadOnlySpan<char> value)
    {
        var rest = value.TrimStart(Prefix);
        return rest.Length > 0 && IsTrigger(rest[0]);
    }

    /// <summary>The value as the writer puts it in a text cell.</summary>
    public static string Guard(string value) => NeedsGuard(value) ? Prefix + value : value;

    /// <summary>The value a guarded cell stands for: one leading quote fewer; any other cell as it is.</summary>
    public static string Unguard(string cell) =>
        cell.Length > 1 && cell[0] == Prefix && NeedsGuard(cell.AsSpan(1)) ? cell[1..] : cell;

    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n';
}
