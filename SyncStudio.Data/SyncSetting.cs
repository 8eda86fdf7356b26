namespace SyncStudio.Data;

/// <summary>
/// One setting of the sync that an Admin changes in Settings (<c>metafield_namespaces</c>, ...), by key; a key with no
/// row has its default.
/// </summary>
public class SyncSetting
{
    public const string MetafieldNamespaces = "metafield_namespaces";

    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTime UpdatedAt { get; set; }
}
