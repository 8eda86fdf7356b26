using SyncStudio.Data;

namespace SyncStudio.Services.Products;

public sealed record VariantDto(
    int Id,
    int Position,
    string? Sku,
    decimal Price,
    decimal? CompareAtPrice,
    int InventoryQuantity,
    string? Barcode,
    decimal? Weight,
    string? WeightUnit,
    IReadOnlyList<string> Options,
    long? ShopifyVariantId)
{
    /// <summary>Stock per local location key (docs/decisions/0019); <c>inventory_quantity</c> is their total.</summary>
    public IReadOnlyDictionary<string, int> Inventory { get; init; } = new Dictionary<string, int>();

    /// <summary>Shopify's <c>on_hand</c> per location as last pulled, for display.</summary>
    public IReadOnlyDictionary<string, int> OnHand { get; init; } = new Dictionary<string, int>();

    public decimal? Cost { get; init; }

    /// <summary><c>continue</c> or <c>deny</c>; an unknown setting shows as Shopify's default.</summary>
    public string InventoryPolicy { get; init; } = "deny";

    public bool Tracked { get; init; } = true;

    public bool RequiresShipping { get; init; } = true;

    public bool Taxable { get; init; } = true;

    public string? HarmonizedSystemCode { get; init; }

    public string? CountryOfOrigin { get; init; }

    /// <summary>Metafield values by <c>namespace.key</c> (Shopify's string form); empty when none.</summary>
    public IReadOnlyDictionary<string, string> Metafields { get; init; } = new Dictionary<string, string>();

    /// <summary>The URL of the product image the variant shows; null when none.</summary>
    public string? Image { get; init; }
}

/// <summary>
/// A local product as the API shows it. <c>name</c> repeats <c>title</c> (the contract's product.name). A product with
/// one variant shows that variant's fields at the top level too (<c>price</c>, <c>compare_at_price</c>,
/// <c>inventory_quantity</c>, <c>barcode</c>, <c>weight</c>, <c>weight_unit</c>), as the contract's examples and the
/// field paths of its changes do (design §3), and as a PATCH of those fields sets them; with several variants they are
/// null and each variant carries its own. <c>sku</c> is the first variant's either way.
/// </summary>
public sealed record ProductDto(
    int Id,
    string Title,
    string Name,
    string Handle,
    string? Sku,
    decimal? Price,
    decimal? CompareAtPrice,
    int? InventoryQuantity,
    string? Barcode,
    decimal? Weight,
    string? WeightUnit,
    long? ShopifyProductId,
    string? BodyHtml,
    string? Vendor,
    string? ProductType,
    IReadOnlyList<string> Tags,
    string Status,
    IReadOnlyList<string> OptionNames,
    IReadOnlyList<VariantDto> Variants,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeletedAt)
{
    public string? SeoTitle { get; init; }

    public string? SeoDescription { get; init; }

    /// <summary>The single variant's settings at the top level, as its other fields (null with several variants).</summary>
    public decimal? Cost { get; init; }

    public string? InventoryPolicy { get; init; }

    public bool? Tracked { get; init; }

    public bool? RequiresShipping { get; init; }

    public bool? Taxable { get; init; }

    public string? HarmonizedSystemCode { get; init; }

    public string? CountryOfOrigin { get; init; }

    /// <summary>The product's metafield values by <c>namespace.key</c> (Shopify's string form); empty when none.</summary>
    public IReadOnlyDictionary<string, string> Metafields { get; init; } = new Dictionary<string, string>();

    /// <summary>The product's images in gallery order (docs/decisions/0029); empty when none.</summary>
    public IReadOnlyList<ProductImageDto> Images { get; init; } = [];

    private static Dictionary<string, string> MetafieldValues(string? stored) =>
        Sync.LocalMetafields.Read(stored)?.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(m => m.Key, m => m.Value.Value, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    public static ProductDto From(Product p)
    {
        var variants = p.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id).Select(v => new VariantDto(
            v.Id, v.Position, v.Sku, v.Price, v.CompareAtPrice, v.InventoryQuantity, v.Barcode, v.Weight, v.WeightUnit,
            ProductTags.Options(v.Option1, v.Option2, v.Option3), v.ShopifyVariantId)
        {
            Inventory = v.StockLevels.Count == 0
                ? new Dictionary<string, int> { [StockLocation.DefaultKey] = v.InventoryQuantity }
                : v.StockLevels.OrderBy(l => l.LocationKey, StringComparer.Ordinal).ToDictionary(l => l.LocationKey, l => l.Available),
            OnHand = v.StockLevels.Where(l => l.OnHand is not null).ToDictionary(l => l.LocationKey, l => l.OnHand!.Value),
            Cost = v.Cost,
            InventoryPolicy = Sync.CanonicalVariant.NormalisePolicy(v.InventoryPolicy),
            Tracked = v.Tracked ?? true,
            RequiresShipping = v.RequiresShipping ?? true,
            Taxable = v.Taxable ?? true,
            HarmonizedSystemCode = v.HarmonizedSystemCode,
            CountryOfOrigin = v.CountryOfOrigin,
            Metafields = MetafieldValues(v.Metafields),
            Image = v.Image,
        }).ToList();
        var single = variants.Count == 1 ? variants[0] : null;
        return new ProductDto(p.Id, p.Title, p.Title, p.Handle, variants.FirstOrDefault()?.Sku,
            single?.Price, single?.CompareAtPrice, single?.InventoryQuantity, single?.Barcode, single?.Weight, single?.WeightUnit,
            p.ShopifyProductId, p.BodyHtml,
            p.Vendor, p.ProductType, ProductTags.Split(p.Tags), p.Status, ProductTags.Options(p.Option1Name, p.Option2Name, p.Option3Name),
            variants, p.CreatedAt, p.UpdatedAt, p.DeletedAt)
        {
            SeoTitle = p.SeoTitle,
            SeoDescription = p.SeoDescription,
            Metafields = MetafieldValues(p.Metafields),
            Images = [.. (Sync.LocalImages.Read(p.Images) ?? []).Select(i => new ProductImageDto(i.Src, i.Alt))],
            Cost = single?.Cost,
            InventoryPolicy = single?.InventoryPolicy,
            Tracked = single?.Tracked,
            RequiresShipping = single?.RequiresShipping,
            Taxable = single?.Taxable,
            HarmonizedSystemCode = single?.HarmonizedSystemCode,
            CountryOfOrigin = single?.CountryOfOrigin,
        };
    }
}

public static class ProductTags
{
    public static List<string> Split(string? tags) =>
        string.IsNullOrWhiteSpace(tags) ? [] : [.. tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    public static string Join(IEnumerable<string> tags) =>
        string.Join(", ", tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));

    public static List<string> Options(string? a, string? b, string? c) =>
        new[] { a, b, c }.Where(x => !string.IsNullOrEmpty(x)).Select(x => x!).ToList();
}

/// <summary>A product image as the API shows it: its URL and alt text.</summary>
public sealed record ProductImageDto(string Src, string? Alt);
