using SyncStudio.Data;

namespace SyncStudio.Web.Display;

/// <summary>The words the dashboard uses for a change's type, direction and fields, in place of stored keys.</summary>
public static class ChangeWords
{
    public static string Type(string changeType) => changeType switch
    {
        ChangeTypes.Create => "New product",
        ChangeTypes.Update => "Update",
        ChangeTypes.Delete => "Deletion",
        _ => changeType,
    };

    /// <summary>Where an applied change lands: a pulled change writes the local catalog, a pushed one writes Shopify.</summary>
    public static string Target(string syncDirection) => syncDirection switch
    {
        SyncDirections.PullFromShopify => "To the local catalog",
        SyncDirections.PushToShopify => "To Shopify",
        _ => syncDirection,
    };

    /// <summary>Up to three field names ("Price, Compare-at price, Tags +2"), each named once however many variants it touches.</summary>
    public static string Fields(IEnumerable<string> paths)
    {
        var names = paths.Select(p => FieldLabels.Of(p).Name).Distinct(StringComparer.Ordinal).ToList();
        return names.Count switch
        {
            0 => "—",
            <= 3 => string.Join(", ", names),
            _ => $"{string.Join(", ", names.Take(3))} +{names.Count - 3}",
        };
    }
}
