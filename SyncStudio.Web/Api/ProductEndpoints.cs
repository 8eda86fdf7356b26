using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncStudio.Data;
using SyncStudio.Services.Products;
using SyncStudio.Services.Review;
using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Api;

public sealed record ItemsResponse<T>(bool Success, IReadOnlyList<T> Items, int Total);

public sealed record InventoryImportResponse(bool Success, int Updated, int Unchanged, IReadOnlyList<ImportRowError> Errors, string Message);

public sealed record ImportResponse(bool Success, int Created, int Updated, int Unchanged, IReadOnlyList<ImportRowError> Errors, string Message);

public static class ProductEndpoints
{
    public const string ExportContentType = "text/csv";
    public const string ImportContentType = "text/csv";

    private static readonly string[] ListParameters = ["search", "status", "page", "per_page"];
    private static readonly string[] SingleVariantFields = ["sku", "price", "compare_at_price", "inventory_quantity", "inventory", "barcode", "weight", "weight_unit",
        "cost", "inventory_policy", "tracked", "requires_shipping", "taxable", "harmonized_system_code", "country_of_origin"];

    public static RouteGroupBuilder MapProductEndpoints(this RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products");
        products.MapGet("/", List).WithSummary("The local catalog, searchable and paged");
        products.MapGet("/{id:int}", Get).WithSummary("One local product with its variants");
        products.MapPost("/", Create).RequireAuthorization(Roles.Operator).WithSummary("Create a local product");
        products.MapPatch("/{id:int}", Update).RequireAuthorization(Roles.Operator).WithSummary("Change any subset of a product's fields");
        products.MapGet("/{id:int}/versions", Versions).WithSummary("A product's agreed versions: who, when, from which side");
        products.MapGet("/{id:int}/versions/{number:int}", Version).WithSummary("One version's snapshot");
        products.MapPost("/import", Import).RequireAuthorization(Roles.Operator)
            .WithRequestBodyMediaType(ImportContentType, "A Shopify product CSV, classic or 2024+ layout (UTF-8).")
            .WithSummary("Import a Shopify product CSV (text/csv body; classic or 2024+ layout); answers per-row errors");
        products.MapGet("/export", Export).Produces(StatusCodes.Status200OK, contentType: ExportContentType)
            .WithSummary("The local catalog as a Shopify product CSV (classic layout, text/csv), as a download");
        products.MapPost("/inventory/import", ImportInventory).RequireAuthorization(Roles.Operator)
            .WithRequestBodyMediaType(ImportContentType, "A Shopify inventory CSV: Handle, Title, Option1 Name, Option1 Value, ..., SKU, Location, Available (UTF-8).")
            .WithSummary("Import stock per location from a Shopify inventory CSV (text/csv body); answers per-row errors");
        products.MapGet("/inventory/export", ExportInventory).Produces(StatusCodes.Status200OK, contentType: ExportContentType)
            .WithSummary("Stock per variant and location as a Shopify inventory CSV (text/csv), as a download");
        products.MapDelete("/{id:int}", Delete).RequireAuthorization(Roles.Operator).WithSummary("Delete a local product (staged for Shopify by the next pull)");
        products.MapDelete("/{id:int}/variants/{variantId:int}", RemoveVariant).RequireAuthorization(Roles.Operator)
            .WithSummary("Remove one variant of a local product (staged for Shopify by the next pull); the last one stays");
        return api;
    }

    /// <summary>
    /// The export again for the dashboard's download link: /api takes bearer tokens only, a browser link carries the
    /// sign-in cookie.
    /// </summary>
    public const string DownloadPath = "/downloads/products.csv";

    public static IEndpointRouteBuilder MapProductDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(DownloadPath, Export).RequireAuthorization(Roles.Viewer).ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<PagedResult<ProductDto>>, JsonHttpResult<ErrorResponse>>> List(
        HttpRequest request, ProductService products, CancellationToken ct)
    {
        var reader = new QueryReader(request.Query, ListParameters);
        var filter = new ProductFilter(reader.Text("search", 255), reader.OneOf("status", ProductStatuses.All),
            reader.Number("page", 1, PagingLimits.MaxPage) ?? 1, reader.Number("per_page", 1, PagingLimits.MaxPerPage) ?? PagingLimits.DefaultPerPage);
        if (!reader.Validation.IsValid)
            return reader.Validation.ToResult();
        return TypedResults.Ok(await products.ListAsync(filter, ct));
    }

    public static async Task<Results<Ok<ProductDto>, JsonHttpResult<ErrorResponse>>> Get(int id, ProductService products, CancellationToken ct) =>
        await products.FindAsync(id, ct) is { } product ? TypedResults.Ok(product) : ApiErrors.NotFound("Product", id);

    public static async Task<Results<Created<ProductDto>, JsonHttpResult<ErrorResponse>>> Create(
        HttpRequest request, ProductService products, ClaimsPrincipal user, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (body is null)
            return validation.ToResult();
        var edit = ReadEdit(new JsonBody(body) { Validation = validation }, out var reader);
        if (!reader.RejectUnknown().IsValid)
            return reader.Validation.ToResult();
        var result = await products.CreateAsync(edit, user.RequireUserId(), ct);
        return result.Outcome switch
        {
            ProductOutcome.Ok => TypedResults.Created($"/api/products/{result.Product!.Id}", result.Product),
            ProductOutcome.Conflict => ApiErrors.Conflict("Product already exists", ToDetails(result.Errors)),
            _ => ApiErrors.Validation(result.Errors!),
        };
    }

    public static async Task<Results<Ok<ProductDto>, JsonHttpResult<ErrorResponse>>> Update(
        int id, HttpRequest request, ProductService products, ClaimsPrincipal user, CancellationToken ct)
    {
        var (body, validation) = await JsonBody.ReadObjectAsync(request, ct);
        if (body is null)
            return validation.ToResult();
        var edit = ReadEdit(new JsonBody(body) { Validation = validation }, out var reader);
        if (!reader.RejectUnknown().IsValid)
            return reader.Validation.ToResult();
        var result = await products.UpdateAsync(id, edit, user.RequireUserId(), ct);
        return result.Outcome switch
        {
            ProductOutcome.Ok => TypedResults.Ok(result.Product!),
            ProductOutcome.NotFound => ApiErrors.NotFound("Product", id),
            ProductOutcome.Conflict => ApiErrors.Conflict("Handle already used", ToDetails(result.Errors)),
            _ => ApiErrors.Validation(result.Errors!),
        };
    }

    public static async Task<Results<NoContent, JsonHttpResult<ErrorResponse>>> Delete(
        int id, ProductService products, ClaimsPrincipal user, CancellationToken ct) =>
        await products.DeleteAsync(id, user.RequireUserId(), ct) == ProductOutcome.Ok ? TypedResults.NoContent() : ApiErrors.NotFound("Product", id);

    public static async Task<Results<Ok<ProductDto>, JsonHttpResult<ErrorResponse>>> RemoveVariant(
        int id, int variantId, ProductService products, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await products.RemoveVariantAsync(id, variantId, user.RequireUserId(), ct);
        return result.Outcome switch
        {
            ProductOutcome.Ok => TypedResults.Ok(result.Product!),
            ProductOutcome.NotFound => ApiErrors.NotFound("Variant", $"{id}/{variantId}"),
            _ => ApiErrors.Validation(result.Errors!),
        };
    }

    public static async Task<Results<Ok<ItemsResponse<VersionDto>>, JsonHttpResult<ErrorResponse>>> Versions(
        int id, ProductHistory history, CancellationToken ct) =>
        await history.ListAsync(id, ct) is { } versions
            ? TypedResults.Ok(new ItemsResponse<VersionDto>(true, versions, versions.Count))
            : ApiErrors.NotFound("Product", id);

    public static async Task<Results<Ok<ItemResponse<VersionDto>>, JsonHttpResult<ErrorResponse>>> Version(
        int id, int number, ProductHistory history, CancellationToken ct) =>
        await history.FindAsync(id, number, ct) is { } version
            ? TypedResults.Ok(new ItemResponse<VersionDto>(true, version))
            : ApiErrors.NotFound("Version", $"{id}/{number}");

    public static async Task<Results<Ok<ImportResponse>, JsonHttpResult<ErrorResponse>>> Import(
        HttpRequest request, ProductImport import, ClaimsPrincipal user, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        // text/plain too: some clients label a .csv file so.
        if (!type.StartsWith(ImportContentType, StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            return ApiErrors.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                new Dictionary<string, object?> { ["content_type"] = "send the CSV as text/csv" });
        // The CSV reader is synchronous: buffer the body (bounded by the request size limit) first.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer);
        var result = await import.ImportAsync(reader, user.RequireUserId(), ct);
        if (result.FileError is { } refused)
            return ApiErrors.BadRequest("Not a Shopify product CSV",
                new Dictionary<string, object?> { ["row"] = refused.Row, ["file"] = refused.Message });
        return TypedResults.Ok(new ImportResponse(true, result.Created, result.Updated, result.Unchanged, result.Errors,
            $"Imported {result.Created + result.Updated} products ({result.Created} new, {result.Updated} updated); {result.Errors.Count} rows with errors"));
    }

    public static async Task<Results<Ok<InventoryImportResponse>, JsonHttpResult<ErrorResponse>>> ImportInventory(
        HttpRequest request, InventoryCsv inventory, ClaimsPrincipal user, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (!type.StartsWith(ImportContentType, StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            return ApiErrors.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                new Dictionary<string, object?> { ["content_type"] = "send the CSV as text/csv" });
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer);
        var result = await inventory.ImportAsync(reader, user.RequireUserId(), ct);
        if (result.FileError is { } refused)
            return ApiErrors.BadRequest("Not a Shopify inventory CSV",
                new Dictionary<string, object?> { ["row"] = refused.Row, ["file"] = refused.Message });
        return TypedResults.Ok(new InventoryImportResponse(true, result.Updated, result.Unchanged, result.Errors,
            $"Set {result.Updated} stock levels ({result.Unchanged} unchanged); {result.Errors.Count} rows with errors"));
    }

    public static Results<PushStreamHttpResult, JsonHttpResult<ErrorResponse>> ExportInventory(HttpRequest request, InventoryCsv inventory, TimeProvider time)
    {
        var reader = new QueryReader(request.Query, []);
        if (!reader.Validation.IsValid)
            return reader.Validation.ToResult();
        var name = $"inventory_{time.GetUtcNow():yyyyMMdd_HHmmss}.csv";
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), bufferSize: 64 * 1024);
            await inventory.WriteAsync(writer, request.HttpContext.RequestAborted);
        }, $"{ExportContentType}; charset=utf-8", name);
    }

    private static readonly string[] ExportLayouts = ["classic", "modern"];

    public static Results<PushStreamHttpResult, JsonHttpResult<ErrorResponse>> Export(HttpRequest request, ProductExport export, TimeProvider time)
    {
        // layout=modern writes Shopify's 2024+ column names; classic (the default) the ones every admin imports.
        var reader = new QueryReader(request.Query, ["layout"]);
        var layout = reader.OneOf("layout", ExportLayouts) == "modern" ? SyncStudio.Catalog.ShopifyCsvLayout.Modern : SyncStudio.Catalog.ShopifyCsvLayout.Classic;
        if (!reader.Validation.IsValid)
            return reader.Validation.ToResult();
        var name = $"products_{time.GetUtcNow():yyyyMMdd_HHmmss}.csv";
        return TypedResults.Stream(async body =>
        {
            // UTF-8 without a byte-order mark, as Shopify's own export.
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), bufferSize: 64 * 1024);
            await export.WriteAsync(writer, request.HttpContext.RequestAborted, layout);
        }, $"{ExportContentType}; charset=utf-8", name);
    }

    private static ProductEdit ReadEdit(JsonBody body, out JsonBody reader)
    {
        reader = body;
        var single = ReadVariant(body, allowId: false);
        var hasSingle = SingleVariantFields.Any(body.Has);
        return new ProductEdit
        {
            Title = body.RequiredText("title", 255),
            Handle = body.RequiredText("handle", 255),
            BodyHtml = body.Text("body_html", 512 * 1024),
            Vendor = body.Text("vendor", 255),
            ProductType = body.Text("product_type", 255),
            Tags = body.TextList("tags", 250, 255),
            Status = body.RequiredText("status", 20),
            OptionNames = body.TextList("option_names", 3, 255),
            SeoTitle = body.Text("seo_title", 255),
            SeoDescription = body.Text("seo_description", 4000),
            Metafields = body.Metafields("metafields"),
            Images = body.Images("images"),
            SingleVariant = hasSingle ? single : null,
            Variants = body.Objects("variants", 2048).Select(v =>
            {
                var variant = ReadVariant(v, allowId: true);
                v.RejectUnknown();
                return variant;
            }).ToList(),
        };
    }

    private static VariantEdit ReadVariant(JsonBody body, bool allowId) => new()
    {
        Id = allowId && body.WholeNumber("id", 1, int.MaxValue) is { IsSet: true } id ? id.Value : null,
        Sku = body.Text("sku", 255),
        Price = body.RequiredMoney("price"),
        CompareAtPrice = body.Money("compare_at_price"),
        InventoryQuantity = body.WholeNumber("inventory_quantity", -1_000_000, 1_000_000_000),
        Inventory = body.WholeNumbers("inventory", -1_000_000, 1_000_000_000),
        Barcode = body.Text("barcode", 255),
        Weight = body.Money("weight"),
        WeightUnit = body.Text("weight_unit", 20),
        Options = allowId ? body.TextList("options", 3, 255) : default,
        Cost = body.Money("cost"),
        InventoryPolicy = body.Text("inventory_policy", 20),
        Tracked = body.Flag("tracked"),
        RequiresShipping = body.Flag("requires_shipping"),
        Taxable = body.Flag("taxable"),
        HarmonizedSystemCode = body.Text("harmonized_system_code", 20),
        CountryOfOrigin = body.Text("country_of_origin", 2),
        Metafields = allowId ? body.Metafields("metafields") : default,
    };

    private static Dictionary<string, object?> ToDetails(IReadOnlyDictionary<string, string>? errors) =>
        (errors ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
}
