using System.Globalization;

namespace SyncStudio.Web.Display;

/// <summary>
/// Money as the shop shows it: the amount with the shop's currency (<c>shop.currencyCode</c>), and a move as a signed
/// percentage of the old amount. Amounts are written with invariant digits (a dot for decimals) so a reviewer in any
/// locale reads the same figure the API returns; the currency's symbol comes from the culture that uses it.
/// </summary>
public static class Money
{
    private static readonly Lazy<Dictionary<string, (string Symbol, int Decimals)>> Currencies = new(LoadCurrencies);

    /// <summary>"$29.99", "€1,250.00", "¥1,500"; "29.99" when the currency is unknown; "CHF 10.00" where no symbol is distinct.</summary>
    public static string Format(decimal amount, string? currencyCode)
    {
        var code = currencyCode?.Trim().ToUpperInvariant();
        var (symbol, decimals) = code is not null && Currencies.Value.TryGetValue(code, out var known) ? known : (code, 2);
        var digits = Math.Abs(amount).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var sign = amount < 0 ? "-" : "";
        if (string.IsNullOrEmpty(symbol))
            return sign + digits;
        // A symbol made of letters ("CHF", "kr") reads as a word and is set apart by a space.
        return symbol.Any(char.IsLetter) ? $"{sign}{symbol} {digits}" : $"{sign}{symbol}{digits}";
    }

    /// <summary>The move from old to new in % of old, to one decimal; null when old is zero (a move from nothing has no ratio).</summary>
    public static decimal? PercentChange(decimal old, decimal @new) =>
        old == 0 ? null : Math.Round((@new - old) / Math.Abs(old) * 100m, 1, MidpointRounding.AwayFromZero);

    /// <summary>"+16.7%", "-25%", "0%".</summary>
    public static string Percent(decimal percent) =>
        (percent > 0 ? "+" : "") + percent.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static Dictionary<string, (string, int)> LoadCurrencies()
    {
        var map = new Dictionary<string, (string, int)>(StringComparer.Ordinal)
        {
            // The symbols a merchant expects where several cultures disagree or add a country prefix.
            ["USD"] = ("$", 2),
            ["EUR"] = ("€", 2),
            ["GBP"] = ("£", 2),
            ["JPY"] = ("¥", 0),
            ["CAD"] = ("CA$", 2),
            ["AUD"] = ("A$", 2),
            ["NZD"] = ("NZ$", 2),
            ["INR"] = ("₹", 2),
            ["CNY"] = ("CN¥", 2),
            ["KRW"] = ("₩", 0),
            ["CHF"] = ("CHF", 2),
            ["SEK"] = ("SEK", 2),
            ["NOK"] = ("NOK", 2),
            ["DKK"] = ("DKK", 2),
        };
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }
            map.TryAdd(region.ISOCurrencySymbol, (region.CurrencySymbol, culture.NumberFormat.CurrencyDecimalDigits));
        }
        return map;
    }
}
