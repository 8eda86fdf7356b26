namespace SyncStudio.Data;

/// <summary>An agreed state of an entity: the base of the next three-way diff, and the history rollback reads.</summary>
public class SyncVersion
{
    public int Id { get; set; }
    public required string EntityType { get; set; }
    public int EntityId { get; set; }
    public string? ShopifyId { get; set; }
    public required string VersionHash { get; set; }
    public int VersionNumber { get; set; }
    public required string DataSnapshot { get; set; }
    public required string SourceSystem { get; set; }
    public string? SyncDirection { get; set; }
    public DateTime CreatedAt { get; set; }
    public int? CreatedById { get; set; }
    public AppUser? CreatedBy { get; set; }

    /// <summary>The staged change or batch that produced this version, when there is one.</summary>
    public string? ChangeId { get; set; }
}

public static class EntityTypes
{
    public const string Product = "product";
}

public static class SourceSystems
{
    public const string Shopify = "shopify";
    public const string Local = "local";
    public const string Sync = "sync";
    public const string Rollback = "rollback";
}
