using System.Text.Json.Nodes;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A full pull through Shopify's bulk export reads each product's media as lines of their own after it, waiting for as
/// many as its <c>mediaCount</c> says (docs/decisions/0029), and agrees with what the paged reads see afterwards.
/// </summary>
public sealed class ProductImageBulkPullTests
{
    [Fact]
    public async Task ABulkPullReadsEachProductsImagesInGalleryOrderWithTheirAltText()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync("synthetic:4:7", settings: new Dictionary<string, string?> { ["Sync:BulkThreshold"] = "1" });
        var product = h.Product(2);
        await ProductImageSyncTests.AddInShopifyAsync(h, product.Id, ("https://images.example.com/a.jpg", "A"), ("https://images.example.com/b.jpg", null));

        await h.AgreeOnEverythingAsync();
        var id = await h.LocalIdAsync(product.Handle);
        var local = JsonNode.Parse((await ApiAssert.OkAsync(await h.Admin.GetAsync($"/api/products/{id}", ct))).GetRawText())!;
        var media = h.Simulator.Simulator.FindProduct(product.Handle)!.Media;
        Assert.Equal(media.Select(m => m.Url), local["images"]!.AsArray().Select(i => i!["src"]!.GetValue<string>()));
        Assert.Equal(["A", null], local["images"]!.AsArray().Select(i => i!["alt"]?.GetValue<string>()));
        Assert.Empty(h.Simulator.Simulator.FindProduct(h.Product(1).Handle)!.Media);

        var batch = await h.PullAsync(new { sync_type = "full" });
        Assert.Equal(0, batch.GetProperty("summary").GetProperty("total_changes").GetInt32());
    }
}
