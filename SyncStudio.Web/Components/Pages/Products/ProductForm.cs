using SyncStudio.Data;
using SyncStudio.Services.Inventory;
using SyncStudio.Services.Products;

namespace SyncStudio.Web.Components.Pages.Products;

/// <summary>The product dialog's fields, and the edit they make: only what differs from the product as it was.</summary>
public sealed class ProductForm
{
    public string Title { get; set; } = "";
    public string? Handle { get; set; }
    public string? Vendor { get; set; }
    public string? ProductType { get; set; }
    public string? Tags { get; set; }
    public string Status { get; set; } = ProductStatuses.Active;
    public string? BodyHtml { get; set; }
    public List<VariantForm> Variants { get; set; } = [];

    /// <summary>
    /// The form of <paramref name="product"/> (null: a new one). With more than one stock location, each variant's stock
    /// shows per location (docs/decisions/0019): the levels are edited, the total is read-only.
    /// </summary>
    public static ProductForm From(ProductDto? product, IReadOnlyList<StockLocationView>? locations = null)
    {
        var form = From(product);
        if (locations is { Count: > 1 })
        {
            foreach (var (variant, dto) in form.Variants.Zip(product?.Variants ?? [null!]))
            {
                variant.Levels = [.. locations.Select(l => new LevelForm
                {
                    Key = l.Key,
                    Name = l.Name,
                    Available = dto?.Inventory.GetValueOrDefault(l.Key) ?? 0,
                    OnHand = dto?.OnHand.TryGetValue(l.Key, out var onHand) == true ? onHand : null,
                })];
            }
        }
        return form;
    }

    private static ProductForm From(ProductDto? product) => product is null
        ? new ProductForm { Variants = [new VariantForm()] }
        : new ProductForm
        {
            Title = product.Title,
            Handle = product.Handle,
            Vendor = product.Vendor,
            ProductType = product.ProductType,
            Tags = string.Join(", ", product.Tags),
            Status = product.Status,
            BodyHtml = product.BodyHtml,
            Variants = product.Variants.Select(v => new VariantForm
            {
                Id = v.Id,
                Sku = v.Sku,
                Price = v.Price,
                CompareAtPrice = v.CompareAtPrice,
                InventoryQuantity = v.InventoryQuantity,
                Options = v.Options,
            }).ToList(),
        };

    public ProductEdit ToCreate()
    {
        var variant = Variants.FirstOrDefault() ?? new VariantForm();
        return new ProductEdit
        {
            Title = Optional.Of(Title),
            Handle = string.IsNullOrWhiteSpace(Handle) ? default : Optional.Of(Handle.Trim()),
            Vendor = Set(Vendor),
            ProductType = Set(ProductType),
            Tags = string.IsNullOrWhiteSpace(Tags) ? default : Optional.Of<IReadOnlyList<string>>(SplitTags(Tags)),
            Status = Optional.Of(Status),
            BodyHtml = Set(BodyHtml),
            SingleVariant = new VariantEdit
            {
                Sku = Optional.Of(Blank(variant.Sku)),
                Price = Optional.Of(variant.Price),
                CompareAtPrice = Optional.Of(variant.CompareAtPrice),
                InventoryQuantity = variant.Levels.Count > 0 ? default : Optional.Of(variant.InventoryQuantity),
                Inventory = variant.Levels.Count > 0
                    ? Optional.Of<IReadOnlyDictionary<string, int>>(variant.Levels.Where(l => l.Available != 0).ToDictionary(l => l.Key, l => l.Available))
                    : default,
            },
        };
    }

    public ProductEdit ToUpdate(ProductDto before)
    {
        var variants = new List<VariantEdit>();
        foreach (var form in Variants)
        {
            var old = before.Variants.FirstOrDefault(v => v.Id == form.Id);
            if (old is null)
                continue;
            var edit = new VariantEdit
            {
                Id = old.Id,
                Sku = Changed(old.Sku, Blank(form.Sku)),
                Price = old.Price == form.Price ? default : Optional.Of(form.Price),
                CompareAtPrice = old.CompareAtPrice == form.CompareAtPrice ? default : Optional.Of(form.CompareAtPrice),
                InventoryQuantity = form.Levels.Count > 0 || old.InventoryQuantity == form.InventoryQuantity ? default : Optional.Of(form.InventoryQuantity),
                Inventory = LevelChanges(old, form),
            };
            if (edit.Sku.IsSet || edit.Price.IsSet || edit.CompareAtPrice.IsSet || edit.InventoryQuantity.IsSet || edit.Inventory.IsSet)
                variants.Add(edit);
        }
        var tags = SplitTags(Tags);
        return new ProductEdit
        {
            Title = Title == before.Title ? default : Optional.Of(Title),
            Handle = (Handle ?? "") == before.Handle ? default : Optional.Of((Handle ?? "").Trim()),
            Vendor = Changed(before.Vendor, Blank(Vendor)),
            ProductType = Changed(before.ProductType, Blank(ProductType)),
            Tags = tags.SequenceEqual(before.Tags) ? default : Optional.Of<IReadOnlyList<string>>(tags),
            Status = Status == before.Status ? default : Optional.Of(Status),
            BodyHtml = Changed(before.BodyHtml, Blank(BodyHtml)),
            Variants = variants,
        };
    }

    /// <summary>The levels the person changed, only those: a location left alone keeps its stock.</summary>
    private static Optional<IReadOnlyDictionary<string, int>> LevelChanges(VariantDto old, VariantForm form)
    {
        var changed = form.Levels.Where(l => l.Available != old.Inventory.GetValueOrDefault(l.Key)).ToDictionary(l => l.Key, l => l.Available);
        return changed.Count == 0 ? default : Optional.Of<IReadOnlyDictionary<string, int>>(changed);
    }

    private static Optional<string?> Set(string? value) => string.IsNullOrWhiteSpace(value) ? default : Optional.Of<string?>(value.Trim());

    private static Optional<string?> Changed(string? before, string? after) =>
        string.Equals(before ?? "", after ?? "", StringComparison.Ordinal) ? default : Optional.Of(after);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> SplitTags(string? tags) => ProductTags.Split(tags);
}

public sealed class VariantForm
{
    public int? Id { get; set; }
    public string? Sku { get; set; }
    public decimal Price { get; set; }
    public decimal? CompareAtPrice { get; set; }
    public int InventoryQuantity { get; set; }
    public IReadOnlyList<string> Options { get; set; } = [];

    /// <summary>Stock per location, when the catalog has more than one; empty otherwise (the one figure is the default location's).</summary>
    public List<LevelForm> Levels { get; set; } = [];

    public int Total => Levels.Count > 0 ? Levels.Sum(l => l.Available) : InventoryQuantity;
}

public sealed class LevelForm
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public int Available { get; set; }

    /// <summary>Shopify's on-hand quantity there, as last pulled (shown only).</summary>
    public int? OnHand { get; init; }
}
