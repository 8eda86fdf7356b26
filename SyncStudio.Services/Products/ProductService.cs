using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Review;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Products;

public enum ProductOutcome
{
    Ok,
    NotFound,
    Invalid,
    Conflict,
}

public sealed record ProductResult(ProductOutcome Outcome, ProductDto? Product = null, IReadOnlyDictionary<string, string>? Errors = null);

public sealed record ProductFilter(string? Search, string? Status, int Page, int PerPage);

/// <summary>The local catalog: list, read, create, edit, delete. Edits record who made them (four-eyes rule).</summary>
public sealed class ProductService(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time)
{
    public async Task<PagedResult<ProductDto>> ListAsync(ProductFilter filter, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Products.AsNoTracking().Where(p => p.DeletedAt == null);
        if (filter.Status is not null)
            query = query.Where(p => p.Status == filter.Status);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            query = query.Where(p => p.Title.Contains(term) || p.Handle.Contains(term) || p.Variants.Any(v => v.Sku == term));
        }
        var total = await query.CountAsync(ct);
        var rows = total == 0 ? [] : await query.OrderBy(p => p.Id).Skip((filter.Page - 1) * filter.PerPage).Take(filter.PerPage)
            .Include(p => p.Variants).ThenInclude(v => v.StockLevels).AsSplitQuery().ToListAsync(ct);
        return PagedResult.Of(rows.Select(ProductDto.From).ToList(), total, filter.Page, filter.PerPage);
    }

    public async Task<ProductDto?> FindAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var product = await db.Products.AsNoTracking().Include(p => p.Variants).ThenInclude(v => v.StockLevels).FirstOrDefaultAsync(p => p.Id == id, ct);
        return product is null ? null : ProductDto.From(product);
    }

    public async Task<ProductResult> CreateAsync(ProductEdit edit, int actorId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (!edit.Title.IsSet || string.IsNullOrWhiteSpace(edit.Title.Value))
            errors["title"] = "is required";
        if (errors.Count > 0)
            return new ProductResult(ProductOutcome.Invalid, Errors: errors);

        var product = new Product
        {
            Title = edit.Title.Value.Trim(),
            Handle = edit.Handle.IsSet && !string.IsNullOrWhiteSpace(edit.Handle.Value) ? edit.Handle.Value.Trim() : Handles.FromTitle(edit.Title.Value),
            UpdatedById = actorId,
        };
        var variantEdits = edit.Variants.Count > 0 ? edit.Variants : [edit.SingleVariant ?? new VariantEdit { Price = Optional.Of(0m) }];
        if (edit.SingleVariant is not null && edit.Variants.Count > 0)
            errors["variants"] = "give either top-level variant fields or a variants list, not both";
        Apply(product, edit with { SingleVariant = null, Variants = [] }, errors);
        var locations = await LocationKeysAsync(ct);
        foreach (var (variantEdit, index) in variantEdits.Select((v, i) => (v, i)))
        {
            var variant = new ProductVariant { Position = index + 1 };
            ApplyVariant(variant, variantEdit, $"variants[{index}]", errors, locations);
            product.Variants.Add(variant);
        }
        Validate(product, errors);
        if (errors.Count > 0)
            return new ProductResult(ProductOutcome.Invalid, Errors: errors);

        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Products.AnyAsync(p => p.Handle == product.Handle && p.DeletedAt == null, ct))
            return new ProductResult(ProductOutcome.Conflict, Errors: new Dictionary<string, string> { ["handle"] = $"'{product.Handle}' is already used" });
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Products.Add(product);
        await db.SaveChangesAsync(ct);
        AuditLog.Add(db, new AuditEntry(EntityTypes.Product, Id(product.Id), "product_created", actorId, Notes: product.Handle));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ProductResult(ProductOutcome.Ok, ProductDto.From(product));
    }

    public async Task<ProductResult> UpdateAsync(int id, ProductEdit edit, int actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var product = await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels).FirstOrDefaultAsync(p => p.Id == id && p.DeletedAt == null, ct);
        if (product is null)
            return new ProductResult(ProductOutcome.NotFound);

        var errors = new Dictionary<string, string>();
        var locations = await LocationKeysAsync(ct);
        Apply(product, edit, errors);
        if (edit.SingleVariant is { } single)
        {
            if (product.Variants.Count != 1)
                errors["variants"] = "this product has several variants: change them through the variants list";
            else
                ApplyVariant(product.Variants[0], single, "", errors, locations);
        }
        foreach (var (variantEdit, index) in edit.Variants.Select((v, i) => (v, i)))
        {
            var variant = variantEdit.Id is null ? null : product.Variants.FirstOrDefault(v => v.Id == variantEdit.Id);
            if (variantEdit.Id is not null && variant is null)
            {
                errors[$"variants[{index}].id"] = $"variant {variantEdit.Id} is not a variant of product {id}";
                continue;
            }
            if (variant is null)
            {
                variant = new ProductVariant { Position = product.Variants.Count == 0 ? 1 : product.Variants.Max(v => v.Position) + 1 };
                product.Variants.Add(variant);
            }
            ApplyVariant(variant, variantEdit, $"variants[{index}]", errors, locations);
        }
        Validate(product, errors);
        if (errors.Count > 0)
            return new ProductResult(ProductOutcome.Invalid, Errors: errors);
        if (edit.Handle.IsSet && await db.Products.AnyAsync(p => p.Id != id && p.Handle == product.Handle && p.DeletedAt == null, ct))
            return new ProductResult(ProductOutcome.Conflict, Errors: new Dictionary<string, string> { ["handle"] = $"'{product.Handle}' is already used" });

        if (db.ChangeTracker.HasChanges())
        {
            product.UpdatedById = actorId;
            product.UpdatedAt = time.GetUtcNow().UtcDateTime;
            AuditLog.Add(db, new AuditEntry(EntityTypes.Product, Id(product.Id), "product_edited", actorId));
            await db.SaveChangesAsync(ct);
        }
        return new ProductResult(ProductOutcome.Ok, ProductDto.From(product));
    }

    /// <summary>
    /// Removes one variant of a local product (staged for Shopify by the next pull, where the default rules hold it for
    /// an Approver). A product keeps at least one variant, as Shopify's does.
    /// </summary>
    public async Task<ProductResult> RemoveVariantAsync(int id, int variantId, int actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var product = await db.Products.Include(p => p.Variants).ThenInclude(v => v.StockLevels).FirstOrDefaultAsync(p => p.Id == id && p.DeletedAt == null, ct);
        if (product?.Variants.FirstOrDefault(v => v.Id == variantId) is not { } variant)
            return new ProductResult(ProductOutcome.NotFound);
        if (product.Variants.Count == 1)
            return new ProductResult(ProductOutcome.Invalid, Errors: new Dictionary<string, string> { ["variant_id"] = "a product keeps at least one variant: delete the product instead" });

        product.Variants.Remove(variant);
        db.ProductVariants.Remove(variant);
        var position = 1;
        foreach (var rest in product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id))
            rest.Position = position++;
        product.UpdatedById = actorId;
        product.UpdatedAt = time.GetUtcNow().UtcDateTime;
        AuditLog.Add(db, new AuditEntry(EntityTypes.Product, Id(product.Id), "product_edited", actorId));
        await db.SaveChangesAsync(ct);
        return new ProductResult(ProductOutcome.Ok, ProductDto.From(product));
    }

    /// <summary>Soft delete: the product stays so the delete can be staged for Shopify, reviewed and rolled back.</summary>
    public async Task<ProductOutcome> DeleteAsync(int id, int actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.Products.Where(p => p.Id == id && p.DeletedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.DeletedAt, now).SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.UpdatedById, actorId)
            .SetProperty(p => p.Version, p => p.Version + 1), ct);
        if (deleted == 0)
            return ProductOutcome.NotFound;
        AuditLog.Add(db, new AuditEntry(EntityTypes.Product, Id(id), "product_deleted", actorId));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ProductOutcome.Ok;
    }

    private async Task<IReadOnlySet<string>> LocationKeysAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.StockLocations.AsNoTracking().Select(l => l.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Apply(Product product, ProductEdit edit, Dictionary<string, string> errors)
    {
        if (edit.Title.IsSet)
        {
            if (string.IsNullOrWhiteSpace(edit.Title.Value)) errors["title"] = "must not be empty";
            else product.Title = edit.Title.Value.Trim();
        }
        if (edit.Handle.IsSet)
        {
            if (!Handles.IsValid(edit.Handle.Value)) errors["handle"] = "must be lowercase letters, digits and dashes";
            else product.Handle = edit.Handle.Value;
        }
        if (edit.BodyHtml.IsSet) product.BodyHtml = edit.BodyHtml.Value;
        if (edit.Vendor.IsSet) product.Vendor = edit.Vendor.Value;
        if (edit.ProductType.IsSet) product.ProductType = edit.ProductType.Value;
        if (edit.Tags.IsSet) product.Tags = ProductTags.Join(edit.Tags.Value);
        if (edit.SeoTitle.IsSet) product.SeoTitle = string.IsNullOrEmpty(edit.SeoTitle.Value) ? null : edit.SeoTitle.Value;
        if (edit.SeoDescription.IsSet) product.SeoDescription = string.IsNullOrEmpty(edit.SeoDescription.Value) ? null : edit.SeoDescription.Value;
        // A value's fit with its definition is checked at approval, where the definitions are known (docs/decisions/0023).
        if (edit.Metafields.IsSet) product.Metafields = LocalMetafields.Edit(product.Metafields, edit.Metafields.Value);
        if (edit.Images.IsSet)
        {
            // Refused where they enter, as Shopify would refuse them at push (an image is fetched from its URL).
            var list = new System.Text.Json.Nodes.JsonArray([.. edit.Images.Value.Select(i => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["src"] = i.Src, ["alt"] = i.Alt })]);
            if (CanonicalImages.TypeError(list) is { } imageError) errors["images"] = imageError;
            else product.Images = LocalImages.Write(edit.Images.Value);
        }
        if (edit.Status.IsSet)
        {
            if (!ProductStatuses.All.Contains(edit.Status.Value)) errors["status"] = $"must be one of: {string.Join(", ", ProductStatuses.All)}";
            else product.Status = edit.Status.Value;
        }
        if (edit.OptionNames.IsSet)
        {
            if (edit.OptionNames.Value.Count > 3) errors["option_names"] = "at most 3 options";
            var names = edit.OptionNames.Value;
            product.Option1Name = names.ElementAtOrDefault(0);
            product.Option2Name = names.ElementAtOrDefault(1);
            product.Option3Name = names.ElementAtOrDefault(2);
        }
    }

    /// <summary>Sets the variant's stock at one location, and its total to the sum of its levels.</summary>
    private static void SetLevel(ProductVariant variant, string location, int quantity)
    {
        if (variant.StockLevels.Count == 0 && location != StockLocation.DefaultKey && variant.InventoryQuantity != 0)
            variant.StockLevels.Add(new VariantStockLevel { LocationKey = StockLocation.DefaultKey, Available = variant.InventoryQuantity });
        var row = variant.StockLevels.FirstOrDefault(l => l.LocationKey == location);
        if (row is null)
            variant.StockLevels.Add(row = new VariantStockLevel { LocationKey = location });
        row.Available = quantity;
        variant.InventoryQuantity = variant.StockLevels.Sum(l => l.Available);
    }

    private static void ApplyVariant(ProductVariant variant, VariantEdit edit, string prefix, Dictionary<string, string> errors, IReadOnlySet<string> locations)
    {
        string Field(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
        if (edit.Sku.IsSet) variant.Sku = string.IsNullOrWhiteSpace(edit.Sku.Value) ? null : edit.Sku.Value.Trim();
        if (edit.Price.IsSet)
        {
            if (edit.Price.Value < 0) errors[Field("price")] = "must not be negative";
            else variant.Price = edit.Price.Value;
        }
        if (edit.CompareAtPrice.IsSet)
        {
            if (edit.CompareAtPrice.Value < 0) errors[Field("compare_at_price")] = "must not be negative";
            else variant.CompareAtPrice = edit.CompareAtPrice.Value;
        }
        if (edit.InventoryQuantity.IsSet)
        {
            // The total is read-only once stock sits at several locations: which location it would move is not said.
            if (variant.StockLevels.Any(l => l.LocationKey != StockLocation.DefaultKey && l.Available != 0))
                errors[Field("inventory_quantity")] = "is the total over several locations; set inventory per location";
            else
                SetLevel(variant, StockLocation.DefaultKey, edit.InventoryQuantity.Value);
        }
        if (edit.Inventory.IsSet)
        {
            foreach (var (location, quantity) in edit.Inventory.Value)
            {
                if (!locations.Contains(location))
                    errors[Field($"inventory.{location}")] = $"'{location}' is not a stock location (see /api/settings/locations)";
                else
                    SetLevel(variant, location, quantity);
            }
        }
        if (edit.Barcode.IsSet) variant.Barcode = edit.Barcode.Value;
        if (edit.Weight.IsSet)
        {
            if (edit.Weight.Value < 0) errors[Field("weight")] = "must not be negative";
            else variant.Weight = edit.Weight.Value;
        }
        if (edit.WeightUnit.IsSet)
        {
            // Refused where it enters: a unit Shopify has no name for could never be written there.
            if (!CanonicalProduct.IsKnownWeightUnit(edit.WeightUnit.Value)) errors[Field("weight_unit")] = "must be one of: g, kg, oz, lb";
            else variant.WeightUnit = string.IsNullOrWhiteSpace(edit.WeightUnit.Value) ? null : edit.WeightUnit.Value.Trim();
        }
        if (edit.Cost.IsSet)
        {
            if (edit.Cost.Value < 0) errors[Field("cost")] = "must not be negative";
            else variant.Cost = edit.Cost.Value;
        }
        if (edit.InventoryPolicy.IsSet)
        {
            var policy = edit.InventoryPolicy.Value is null ? null : CanonicalVariant.NormalisePolicy(edit.InventoryPolicy.Value);
            if (policy is not (null or "continue" or "deny")) errors[Field("inventory_policy")] = "must be one of: continue, deny";
            else variant.InventoryPolicy = policy;
        }
        if (edit.Tracked.IsSet) variant.Tracked = edit.Tracked.Value;
        if (edit.RequiresShipping.IsSet) variant.RequiresShipping = edit.RequiresShipping.Value;
        if (edit.Taxable.IsSet) variant.Taxable = edit.Taxable.Value;
        if (edit.HarmonizedSystemCode.IsSet)
        {
            // Refused where it enters, as Shopify would refuse it at push (shopify.dev, InventoryItemInput).
            var code = CanonicalProduct.NullIfEmpty(edit.HarmonizedSystemCode.Value?.Trim());
            if (code is not null && !CanonicalVariant.IsHarmonizedSystemCode(code)) errors[Field("harmonized_system_code")] = "must be 6 to 13 digits";
            else variant.HarmonizedSystemCode = code;
        }
        if (edit.Metafields.IsSet) variant.Metafields = LocalMetafields.Edit(variant.Metafields, edit.Metafields.Value);
        if (edit.CountryOfOrigin.IsSet)
        {
            var country = CanonicalVariant.NormaliseCountry(edit.CountryOfOrigin.Value);
            if (country is not null && !CanonicalVariant.IsCountryCode(country)) errors[Field("country_of_origin")] = "must be a two-letter ISO 3166-1 country code";
            else variant.CountryOfOrigin = country;
        }
        if (edit.Options.IsSet)
        {
            if (edit.Options.Value.Count > 3) errors[Field("options")] = "at most 3 option values";
            variant.Option1 = edit.Options.Value.ElementAtOrDefault(0);
            variant.Option2 = edit.Options.Value.ElementAtOrDefault(1);
            variant.Option3 = edit.Options.Value.ElementAtOrDefault(2);
        }
    }

    private static void Validate(Product product, Dictionary<string, string> errors)
    {
        if (product.Title.Length > 255) errors["title"] = "must be at most 255 characters";
        if (product.Handle.Length > 255) errors["handle"] = "must be at most 255 characters";
        var skus = product.Variants.Where(v => v.Sku is not null).GroupBy(v => v.Sku, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1);
        foreach (var duplicate in skus)
            errors["variants"] = $"SKU '{duplicate.Key}' is used by more than one variant";
        if (product.Variants.Count > 1)
        {
            var keys = product.Variants.Select(v => string.Join(" / ", ProductTags.Options(v.Option1, v.Option2, v.Option3)));
            if (keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
                errors["variants"] = "variants of one product need distinct option values";
        }
    }
}

public static class Handles
{
    public static string FromTitle(string title)
    {
        var chars = title.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var handle = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return handle.Length == 0 ? "product" : handle[..Math.Min(handle.Length, 200)];
    }

    public static bool IsValid(string? handle) =>
        !string.IsNullOrEmpty(handle) && handle.Length <= 255 && handle.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
