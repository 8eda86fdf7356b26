using System.Globalization;

namespace SyncStudio.Services.Sync;

/// <summary>
/// The pull's filter values as clients write them, read the same way by the pull API and by saved schedules:
/// <c>updated_since</c> an ISO 8601 timestamp (UTC unless it says otherwise), <c>collection_id</c> digits or a Shopify
/// collection gid.
/// </summary>
public static class PullFilterValues
{
    public const string UpdatedSinceError = "must be an ISO 8601 timestamp";
    public const string CollectionIdError = "must be a Shopify collection id (digits or gid://shopify/Collection/...)";

    private const string CollectionGid = "gid://shopify/Collection/";

    public static bool TryParseUpdatedSince(string text, out DateTime since)
    {
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            since = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            return true;
        }
        since = default;
        return false;
    }

    public static bool TryParseCollectionId(string text, out long id)
    {
        var digits = text.StartsWith(CollectionGid, StringComparison.Ordinal) ? text[CollectionGid.Length..] : text;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }
}
