namespace SyncStudio.Data;

public class ProductVariant
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public Product? Product { get; set; }
    public int Position { get; set; }
    public string? Sku { get; set; }
    public decimal Price { get; set; }
    public decimal? CompareAtPrice { get; set; }
    /// <summary>
    /// The total over <see cref="StockLevels"/> (read-only in the API, kept equal to their sum by every write);
    /// a variant with no level rows holds it at the default location.
    /// </summary>
    public int InventoryQuantity { get; set; }
    public string? Barcode { get; set; }
    public decimal? Weight { get; set; }
    public string? WeightUnit { get; set; }
    public string? Option1 { get; set; }
    public string? Option2 { get; set; }
    public string? Option3 { get; set; }
    public long? ShopifyVariantId { get; set; }
    public long? ShopifyInventoryItemId { get; set; }

    /// <summary>Stock per local location (docs/decisions/0019).</summary>
    public List<VariantStockLevel> StockLevels { get; set; } = [];
}
