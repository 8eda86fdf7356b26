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

    /// <summary>Cost per item (Shopify's <c>inventoryItem.unitCost</c>), in the shop's currency.</summary>
    public decimal? Cost { get; set; }

    /// <summary><c>continue</c> (sell when out of stock) or <c>deny</c>; null: not known yet (Shopify's default, deny).</summary>
    public string? InventoryPolicy { get; set; }

    /// <summary>Whether Shopify tracks stock for it (<c>inventoryItem.tracked</c>); null: not known yet (tracked).</summary>
    public bool? Tracked { get; set; }

    /// <summary><c>inventoryItem.requiresShipping</c>: false for a digital product or service; null: not known yet (true).</summary>
    public bool? RequiresShipping { get; set; }

    /// <summary>Whether tax is charged on it; null: not known yet (true).</summary>
    public bool? Taxable { get; set; }

    /// <summary>HS code for customs (<c>inventoryItem.harmonizedSystemCode</c>).</summary>
    public string? HarmonizedSystemCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2 country of origin (<c>inventoryItem.countryCodeOfOrigin</c>).</summary>
    public string? CountryOfOrigin { get; set; }

    /// <summary>Cells of an imported Shopify CSV for this variant that the catalog does not hold, as JSON (see <see cref="Product.CsvExtra"/>).</summary>
    public string? CsvExtra { get; set; }

    /// <summary>The variant's metafields in the synced namespaces, as <see cref="Product.Metafields"/> holds the product's.</summary>
    public string? Metafields { get; set; }

    /// <summary>The URL of the product image the variant shows (one of <see cref="Product.Images"/>); null: none.</summary>
    public string? Image { get; set; }
    public string? Option1 { get; set; }
    public string? Option2 { get; set; }
    public string? Option3 { get; set; }
    public long? ShopifyVariantId { get; set; }
    public long? ShopifyInventoryItemId { get; set; }

    /// <summary>Stock per local location (docs/decisions/0019).</summary>
    public List<VariantStockLevel> StockLevels { get; set; } = [];
}
