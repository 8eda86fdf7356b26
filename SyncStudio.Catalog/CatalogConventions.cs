using System.Globalization;
using System.Text;

namespace SyncStudio.Catalog;

/// <summary>Shopify's conventions shared by the CSV layouts and the Admin API: handles, statuses, weights.</summary>
public static class CatalogConventions
{
    /// <summary>The option name and value Shopify gives a product that has a single, option-less variant.</summary>
    public const string DefaultOptionName = "Title";

    public const string DefaultOptionValue = "Default Title";

    /// <summary>A URL handle from a title the way Shopify makes one: lowercase ASCII words joined by hyphens.</summary>
    public static string HandleFromTitle(string title)
    {
        var normalized = title.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(normalized.Length);
        var pendingHyphen = false;
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                    builder.Append('-');
                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else if (c != '\'')
            {
                pendingHyphen = true;
            }
        }

        return builder.Length == 0 ? "product" : builder.ToString();
    }

    public static bool TryParseStatus(string text, out CatalogProductStatus status)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "active":
                status = CatalogProductStatus.Active;
                return true;
            case "draft":
                status = CatalogProductStatus.Draft;
                return true;
            case "archived":
                status = CatalogProductStatus.Archived;
                return true;
            case "unlisted":
                status = CatalogProductStatus.Unlisted;
                return true;
            default:
                status = CatalogProductStatus.Active;
                return false;
        }
    }

    public static string StatusToCsv(CatalogProductStatus status) => status switch
    {
        CatalogProductStatus.Draft => "draft",
        CatalogProductStatus.Archived => "archived",
        CatalogProductStatus.Unlisted => "unlisted",
        _ => "active",
    };

    public static bool TryParseWeightUnit(string text, out CatalogWeightUnit unit)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "g":
            case "grams":
                unit = CatalogWeightUnit.Grams;
                return true;
            case "kg":
            case "kilograms":
                unit = CatalogWeightUnit.Kilograms;
                return true;
            case "oz":
            case "ounces":
                unit = CatalogWeightUnit.Ounces;
                return true;
            case "lb":
            case "lbs":
            case "pounds":
                unit = CatalogWeightUnit.Pounds;
                return true;
            default:
                unit = CatalogWeightUnit.Kilograms;
                return false;
        }
    }

    public static string WeightUnitToCsv(CatalogWeightUnit unit) => unit switch
    {
        CatalogWeightUnit.Grams => "g",
        CatalogWeightUnit.Ounces => "oz",
        CatalogWeightUnit.Pounds => "lb",
        _ => "kg",
    };

    /// <summary>Grams in one unit (exact by definition of the avoirdupois pound and ounce).</summary>
    public static decimal GramsPerUnit(CatalogWeightUnit unit) => unit switch
    {
        CatalogWeightUnit.Grams => 1m,
        CatalogWeightUnit.Kilograms => 1000m,
        CatalogWeightUnit.Ounces => 28.349523125m,
        CatalogWeightUnit.Pounds => 453.59237m,
        _ => 1m,
    };

    /// <summary>
    /// A weight in grams expressed in <paramref name="unit"/>, rounded to four decimals so that
    /// 226.796185 g reads back as 8 oz and a weight survives a round trip through grams.
    /// </summary>
    public static decimal FromGrams(decimal grams, CatalogWeightUnit unit) =>
        Normalize(Math.Round(grams / GramsPerUnit(unit), 4, MidpointRounding.AwayFromZero));

    public static decimal ToGrams(decimal weight, CatalogWeightUnit unit) => Normalize(weight * GramsPerUnit(unit));

    /// <summary>Removes trailing zeros of a decimal (2.500 → 2.5) so equal values print alike.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
