namespace SyncStudio.Services.Products;

/// <summary>A field that is either left alone or set (possibly to null): what PATCH needs.</summary>
public readonly record struct Optional<T>(bool IsSet, T Value)
{
    public T Or(T current) => IsSet ? Value : current;
}

public static class Optional
{
    public static Optional<T> Of<T>(T value) => new(true, value);
}

public sealed record VariantEdit
{
    /// <summary>The variant to change; null adds a new variant.</summary>
    public int? Id { get; init; }
    public Optional<string?> Sku { get; init; }
    public Optional<decimal> Price { get; init; }
    public Optional<decimal?> CompareAtPrice { get; init; }
    /// <summary>Stock at the default location; refused for a variant stocked elsewhere too (the total is read-only there).</summary>
    public Optional<int> InventoryQuantity { get; init; }

    /// <summary>Stock per local location key (docs/decisions/0019); locations left out keep their stock.</summary>
    public Optional<IReadOnlyDictionary<string, int>> Inventory { get; init; }
    public Optional<string?> Barcode { get; init; }
    public Optional<decimal?> Weight { get; init; }
    public Optional<string?> WeightUnit { get; init; }
    public Optional<IReadOnlyList<string>> Options { get; init; }
    public Optional<decimal?> Cost { get; init; }

    /// <summary><c>continue</c> or <c>deny</c>.</summary>
    public Optional<string?> InventoryPolicy { get; init; }
    public Optional<bool> Tracked { get; init; }
    public Optional<bool> RequiresShipping { get; init; }
    public Optional<bool> Taxable { get; init; }
    public Optional<string?> HarmonizedSystemCode { get; init; }
    public Optional<string?> CountryOfOrigin { get; init; }

    /// <summary>Metafield values by <c>namespace.key</c> to set (a string) or remove (null); the others are kept.</summary>
    public Optional<IReadOnlyDictionary<string, string?>> Metafields { get; init; }
}

/// <summary>
/// A change to a local product (create or update). Variant fields at the top level apply to a single-variant
/// product, as Shopify's own admin shows it.
/// </summary>
public sealed record ProductEdit
{
    public Optional<string> Title { get; init; }
    public Optional<string> Handle { get; init; }
    public Optional<string?> BodyHtml { get; init; }
    public Optional<string?> Vendor { get; init; }
    public Optional<string?> ProductType { get; init; }
    public Optional<IReadOnlyList<string>> Tags { get; init; }
    public Optional<string> Status { get; init; }
    public Optional<IReadOnlyList<string>> OptionNames { get; init; }
    public Optional<string?> SeoTitle { get; init; }
    public Optional<string?> SeoDescription { get; init; }

    /// <summary>The product's metafield values by <c>namespace.key</c> to set (a string) or remove (null); the others are kept.</summary>
    public Optional<IReadOnlyDictionary<string, string?>> Metafields { get; init; }

    /// <summary>The product's images in gallery order (docs/decisions/0029): the whole list, replacing what it held.</summary>
    public Optional<IReadOnlyList<Sync.ProductImage>> Images { get; init; }

    /// <summary>Top-level variant fields, for a single-variant product.</summary>
    public VariantEdit? SingleVariant { get; init; }

    public IReadOnlyList<VariantEdit> Variants { get; init; } = [];
}
