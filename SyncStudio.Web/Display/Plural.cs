using System.Globalization;

namespace SyncStudio.Web.Display;

/// <summary>Counts with their noun: "1 change", "2 changes", "0 changes".</summary>
public static class Plural
{
    public static string Count(int count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? Of(singular));

    /// <summary>The regular English plural of the last word: "change" → "changes", "batch" → "batches", "entry" → "entries".</summary>
    public static string Of(string singular)
    {
        if (singular.EndsWith("ch", StringComparison.Ordinal) || singular.EndsWith("sh", StringComparison.Ordinal)
            || singular.EndsWith('s') || singular.EndsWith('x'))
            return singular + "es";
        if (singular.Length > 1 && singular.EndsWith('y') && "aeiou".IndexOf(singular[^2]) < 0)
            return singular[..^1] + "ies";
        return singular + "s";
    }
}
