using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Review;

namespace SyncStudio.Web.Display;

/// <summary>
/// The product a staged change is about, named as a catalog manager knows it: title, vendor and SKU. A product the
/// local catalog does not hold yet (a create pulled from Shopify) is named from the snapshot the change proposes, so
/// a first pull lists "Snowboard · Acme" rather than a Shopify id.
/// </summary>
public sealed record ChangeSubject(string Title, string? Vendor, string? Sku, bool IsNew)
{
    public static ChangeSubject Of(StagedChangeDto change)
    {
        var proposed = Parse(change.ProposedData?.Text);
        var current = Parse(change.CurrentData?.Text);
        // The local name first (what the catalog manager knows it by), then the title the change brings.
        var title = change.Product?.Name ?? Text(proposed?["title"]) ?? Text(current?["title"])
            ?? (change.ShopifyProductId is { } id ? $"Shopify product {id}" : "Untitled product");
        var vendor = Text(proposed?["vendor"]) ?? Text(current?["vendor"]);
        var sku = change.Product?.Sku ?? FirstSku(proposed) ?? FirstSku(current);
        return new ChangeSubject(title, vendor, sku, change.ChangeType == ChangeTypes.Create);
    }

    /// <summary>"Acme · SKU-1", or whichever of the two is known.</summary>
    public string? Details => (Vendor, Sku) switch
    {
        (null, null) => null,
        ({ } v, null) => v,
        (null, { } s) => s,
        ({ } v, { } s) => $"{v} · {s}",
    };

    private static string? FirstSku(JsonNode? snapshot) =>
        snapshot?["variants"] is JsonArray variants
            ? variants.Select(v => Text(v?["sku"])).FirstOrDefault(s => s is not null)
            : null;

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
