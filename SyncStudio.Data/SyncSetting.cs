namespace SyncStudio.Data;

/// <summary>
/// One setting of the sync that an Admin changes in Settings (<c>metafield_namespaces</c>, ...), by key; a key with no
/// row has its default.
/// </summary>
public class SyncSetting
{
    public const string MetafieldNamespaces = "metafield_namespaces";

    /// <summary>The metafield definitions the last pull read from Shopify (JSON), kept for approval and display.</summary>
    public const string MetafieldDefinitions = "metafield_definitions";

    /// <summary>The notification channels (JSON; secrets as Data Protection ciphertext), docs/decisions/0028.</summary>
    public const string Notifications = "notifications";

    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTime UpdatedAt { get; set; }
}
