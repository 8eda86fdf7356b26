namespace SyncStudio.Services.Shopify;

/// <summary>From the wire shapes to the typed model.</summary>
internal static class ShopifyMapping
{
    public static ShopifyProduct ToProduct(this ProductDto dto, IEnumerable<VariantDto> variants)
    {
        var optionNames = (dto.Options ?? []).OrderBy(o => o.Position).Select(o => o.Name).ToList();
        return new ShopifyProduct(
            ShopifyGid.Parse(dto.Id, "Product"),
            dto.Title,
            dto.Handle,
            dto.DescriptionHtml ?? "",
            dto.Vendor ?? "",
            dto.ProductType ?? "",
            dto.Tags ?? [],
            dto.Status.ToLowerInvariant(),
            AsUtc(dto.UpdatedAt),
            optionNames,
            variants.Select(v => v.ToVariant(optionNames)).ToList())
        {
            SeoTitle = string.IsNullOrEmpty(dto.Seo?.Title) ? null : dto.Seo.Title,
            SeoDescription = string.IsNullOrEmpty(dto.Seo?.Description) ? null : dto.Seo.Description,
            Metafields = Metafields(dto.Metafields, dto.Extra),
            Media = dto.Media is { } media ? Media(media.Nodes) : null,
        };
    }

    /// <summary>Media as the model holds them; an image's alt is its <c>image.altText</c> (the medium's <c>alt</c> before it is processed).</summary>
    public static List<ShopifyMedia> Media(IEnumerable<MediaDto> nodes) =>
        [.. nodes.Select(m => new ShopifyMedia(
            ShopifyGid.Parse(m.Id),
            m.MediaContentType ?? (m.Id.StartsWith("gid://shopify/MediaImage/", StringComparison.Ordinal) ? "IMAGE" : "UNKNOWN"),
            m.Status ?? "READY",
            string.IsNullOrEmpty(m.Image?.Url) ? null : m.Image.Url,
            string.IsNullOrEmpty(m.Image?.AltText) ? (string.IsNullOrEmpty(m.Alt) ? null : m.Alt) : m.Image.AltText))];

    /// <summary>
    /// Metafields from a <c>metafields</c> connection, or from a bulk read's aliased <c>metafield</c> fields (an alias
    /// <c>mf_N</c> is null where the product has no value for that key).
    /// </summary>
    public static List<ShopifyMetafield>? Metafields(MetafieldConnectionDto? connection, Dictionary<string, System.Text.Json.JsonElement>? extra)
    {
        List<ShopifyMetafield>? result = null;
        foreach (var m in connection?.Nodes ?? [])
            (result ??= []).Add(new ShopifyMetafield(m.Namespace, m.Key, m.Type, m.Value));
        if (extra is null)
            return result;
        foreach (var (name, element) in extra)
        {
            if (!name.StartsWith(ShopifyDocuments.MetafieldAliasPrefix, StringComparison.Ordinal) || element.ValueKind != System.Text.Json.JsonValueKind.Object)
                continue;
            var m = System.Text.Json.JsonSerializer.Deserialize<MetafieldDto>(element, ShopifyGraphQLTransport.JsonOptions);
            if (m is not null)
                (result ??= []).Add(new ShopifyMetafield(m.Namespace, m.Key, m.Type, m.Value));
        }

        return result;
    }

    public static ShopifyVariant ToVariant(this VariantDto dto, IReadOnlyList<string> optionNames)
    {
        var selected = dto.SelectedOptions ?? [];
        var values = optionNames.Count == 0
            ? selected.Select(s => s.Value).ToList()
            : optionNames.Select(name => selected.FirstOrDefault(s => s.Name == name)?.Value ?? "").ToList();
        var weight = dto.InventoryItem?.Measurement?.Weight;
        ShopifyWeightUnit? unit = weight is not null && Enum.TryParse<ShopifyWeightUnit>(weight.Unit, ignoreCase: true, out var u)
            ? u
            : null;
        return new ShopifyVariant(
            ShopifyGid.Parse(dto.Id, "ProductVariant"),
            dto.InventoryItem is null ? 0 : ShopifyGid.Parse(dto.InventoryItem.Id, "InventoryItem"),
            string.IsNullOrEmpty(dto.Sku) ? null : dto.Sku,
            dto.Price,
            dto.CompareAtPrice,
            dto.InventoryQuantity ?? 0,
            string.IsNullOrEmpty(dto.Barcode) ? null : dto.Barcode,
            weight?.Value,
            unit,
            values)
        {
            Levels = dto.InventoryItem?.InventoryLevels?.Nodes is { Count: > 0 } levels ? [.. levels.Select(ToLevel).OfType<ShopifyStockLevel>()] : [],
            Cost = dto.InventoryItem?.UnitCost?.Amount,
            InventoryPolicy = dto.InventoryPolicy?.ToLowerInvariant(),
            Tracked = dto.InventoryItem?.Tracked,
            RequiresShipping = dto.InventoryItem?.RequiresShipping,
            Taxable = dto.Taxable,
            HarmonizedSystemCode = string.IsNullOrEmpty(dto.InventoryItem?.HarmonizedSystemCode) ? null : dto.InventoryItem.HarmonizedSystemCode,
            CountryOfOrigin = dto.InventoryItem?.CountryCodeOfOrigin,
            Metafields = Metafields(dto.Metafields, dto.Extra),
        };
    }

    /// <summary>A level as <c>quantities(names: ["available", "on_hand"])</c> reads it; null without a location.</summary>
    public static ShopifyStockLevel? ToLevel(this InventoryLevelNodeDto dto)
    {
        if (dto.Location?.Id is not { } location)
            return null;
        var quantities = dto.Quantities ?? [];
        return new ShopifyStockLevel(
            ShopifyGid.Parse(location, "Location"),
            quantities.FirstOrDefault(q => q.Name == "available")?.Quantity ?? 0,
            quantities.FirstOrDefault(q => q.Name == "on_hand")?.Quantity);
    }

    public static ShopifyBulkOperation ToBulkOperation(this BulkOperationDto dto) => new(
        dto.Id,
        Enum.TryParse<ShopifyBulkOperationStatus>(dto.Status, ignoreCase: true, out var status)
            ? status
            : ShopifyBulkOperationStatus.Failed,
        dto.ErrorCode,
        dto.ObjectCount ?? 0,
        dto.RootObjectCount ?? 0,
        dto.Url,
        dto.PartialDataUrl);

    public static ShopifyFailure ToFailure(this List<UserErrorDto> errors, string operation) => new(
        ShopifyFailureKind.UserErrors,
        $"{operation} refused: " + string.Join("; ", errors.Select(e =>
            e.Field is { Count: > 0 } ? $"{string.Join('.', e.Field)}: {e.Message}" : e.Message)),
        errors.Select(e => new ShopifyUserError(e.Message, e.Field ?? [], e.Code)).ToList());

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
