namespace SyncStudio.Data;

/// <summary>
/// A place the merchant keeps stock, mapped to one of Shopify's locations (docs/decisions/0019). Its <see cref="Key"/>
/// names it in field paths (<c>inventory[&lt;key&gt;]</c>), so it never changes once made; the name may.
/// </summary>
public class StockLocation
{
    /// <summary>The location every catalog starts with; a variant's stock with no level elsewhere is stock here.</summary>
    public const string DefaultKey = "default";

    public int Id { get; set; }

    /// <summary>Lowercase letters, digits and dashes; unique; never renamed (paths and stored changes use it).</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    /// <summary>The Shopify location it is mapped to; null for the default location means Shopify's primary location.</summary>
    public long? ShopifyLocationId { get; set; }

    public int Position { get; set; }
}

/// <summary>What a variant has at one local stock location.</summary>
public class VariantStockLevel
{
    public int ProductVariantId { get; set; }

    public ProductVariant? Variant { get; set; }

    /// <summary>The <see cref="StockLocation.Key"/> of the location.</summary>
    public required string LocationKey { get; set; }

    /// <summary>The synced quantity (Shopify's <c>available</c>).</summary>
    public int Available { get; set; }

    /// <summary>Shopify's <c>on_hand</c> as last read, for display only: never written, never diffed.</summary>
    public int? OnHand { get; set; }
}
