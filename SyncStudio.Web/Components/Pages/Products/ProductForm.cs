using SyncStudio.Data;
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

    public static ProductForm From(ProductDto? product) => product is null
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
                InventoryQuantity = Optional.Of(variant.InventoryQuantity),
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
                InventoryQuantity = old.InventoryQuantity == form.InventoryQuantity ? default : Optional.Of(form.InventoryQuantity),
            };
            if (edit.Sku.IsSet || edit.Price.IsSet || edit.CompareAtPrice.IsSet || edit.InventoryQuantity.IsSet)
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
}
