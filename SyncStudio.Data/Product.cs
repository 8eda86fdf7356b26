namespace SyncStudio.Data;

/// <summary>A product of the merchant's local catalog.</summary>
public class Product
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Handle { get; set; }
    public string? BodyHtml { get; set; }
    public string? Vendor { get; set; }
    public string? ProductType { get; set; }

    /// <summary>The page title search engines show (Shopify's <c>seo.title</c>); null: the product title stands in.</summary>
    public string? SeoTitle { get; set; }

    /// <summary>The meta description (Shopify's <c>seo.description</c>); null: Shopify derives one from the description.</summary>
    public string? SeoDescription { get; set; }

    /// <summary>Comma-separated, as Shopify's CSV and admin show them.</summary>
    public string Tags { get; set; } = "";

    public string Status { get; set; } = ProductStatuses.Active;
    public string? Option1Name { get; set; }
    public string? Option2Name { get; set; }
    public string? Option3Name { get; set; }
    public long? ShopifyProductId { get; set; }

    /// <summary>
    /// Cells of an imported Shopify CSV that the catalog does not hold (images, metafield and Google Shopping columns,
    /// ...), as JSON, written back by the export so nothing imported is lost (docs/decisions/0022). Not synced.
    /// </summary>
    public string? CsvExtra { get; set; }

    /// <summary>
    /// The product's metafields in the synced namespaces (docs/decisions/0023), as a JSON array of
    /// <c>{"namespace", "key", "type", "value"}</c>, the value in Shopify's string form; null: none. Kept with the row
    /// so a pull of many products reads them without a join.
    /// </summary>
    public string? Metafields { get; set; }

    /// <summary>
    /// The product's images in gallery order (docs/decisions/0029), as a JSON array of <c>{"src", "alt"}</c>; null: none.
    /// An image's <c>src</c> is its identity: the URL it was given, or the URL Shopify serves it from once it is there.
    /// </summary>
    public string? Images { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Who last edited the product locally (null for edits made by a sync); used by the four-eyes rule.</summary>
    public int? UpdatedById { get; set; }

    /// <summary>Soft delete: a deleted product stays so a delete can be staged, reviewed and rolled back.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>
    /// Concurrency token: bumped by every local write of the product or its variants (edits, imports, applies,
    /// rollbacks; linking Shopify ids is not a write). An apply commits its local write only if the version is still
    /// the one it checked, so an edit made meanwhile is never overwritten (docs/decisions/0006).
    /// </summary>
    public int Version { get; set; }

    public List<ProductVariant> Variants { get; set; } = [];
}

public static class ProductStatuses
{
    public const string Active = "active";
    public const string Draft = "draft";
    public const string Archived = "archived";

    public static readonly IReadOnlyList<string> All = [Active, Draft, Archived];
}
