using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// Product images (docs/decisions/0029) against the simulator: added from a URL locally and served from Shopify's own
/// URL once pushed, added, removed, reordered and re-alted in Shopify and pulled, each rolled back on both sides; a
/// conflict on one image's alt text is a conflict on that path only; a lost answer never adds an image twice.
/// </summary>
public sealed class ProductImageSyncTests(ProductImageSyncTests.ShopWithImages shop) : IClassFixture<ProductImageSyncTests.ShopWithImages>
{
    private const string Images = "images";
    private const string Cdn = "https://cdn.shopify.com/s/files/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncHarness H => shop.Harness;

    /// <summary>Products 1 and 2 hold images in Shopify before the first pull; every test works on a product of its own.</summary>
    public sealed class ShopWithImages : IAsyncLifetime
    {
        public SyncHarness Harness { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Harness = await SyncHarness.StartAsync("synthetic:6:7");
            await AddInShopifyAsync(Harness, Harness.Product(1).Id, ("https://images.example.com/one.jpg", "One"), ("https://images.example.com/two.jpg", null),
                ("https://images.example.com/three.jpg", "Three"));
            await AddInShopifyAsync(Harness, Harness.Product(2).Id, ("https://images.example.com/left.jpg", "Left"), ("https://images.example.com/right.jpg", "Right"));
            await Harness.AgreeOnEverythingAsync();
        }

        public async ValueTask DisposeAsync() => await Harness.DisposeAsync();
    }

    [Fact]
    public async Task ImagesAddedLocallyArePushedFromTheirUrlsServedFromShopifysAndRolledBack()
    {
        var product = H.Product(0);
        var id = await H.LocalIdAsync(product.Handle);
        await PatchAsync(id, new JsonObject
        {
            [Images] = new JsonArray(
                new JsonObject { ["src"] = "https://images.example.com/front.jpg", ["alt"] = "Front" },
                new JsonObject { ["src"] = "https://images.example.com/back.jpg" }),
        });

        var pushed = await StageAsync(id, SyncDirections.PushToShopify);
        Assert.Equal([Images], Paths(pushed));
        Assert.Equal(ChangeStatuses.Pending, pushed.GetProperty("status").GetString());
        Assert.Contains("Media changes need approval", pushed.GetProperty("rule_evaluation").GetRawText(), StringComparison.Ordinal);
        await ApproveAndPushAsync(pushed);

        var media = ShopifyMedia(product.Handle);
        Assert.Equal(["https://images.example.com/front.jpg", "https://images.example.com/back.jpg"], media.Select(m => m.OriginalSource));
        Assert.Equal(["Front", null], media.Select(m => m.Alt));
        Assert.All(media, m => Assert.StartsWith(Cdn, m.Url, StringComparison.Ordinal));
        // The local images now go by the URLs Shopify serves them from: both sides name them alike.
        Assert.Equal(media.Select(m => m.Url), await LocalImagesAsync(id));
        await AssertAFullPullStagesNothingForAsync(id);

        await RollBackAsync(pushed);
        Assert.Empty(ShopifyMedia(product.Handle));
        Assert.Empty(await LocalImagesAsync(id));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task ImagesRemovedReorderedAndRealtedInShopifyArePulledAsTheListAndOneAltAndRolledBackOnBothSides()
    {
        var product = H.Product(1);
        var id = await H.LocalIdAsync(product.Handle);
        var held = ShopifyMedia(product.Handle);
        Assert.Equal(held.Select(m => m.Url), await LocalImagesAsync(id));
        var (one, two, three) = (held[0], held[1], held[2]);

        // In Shopify: "two" taken off, "three" moved first, "one" given another alt text.
        await H.MerchantAsync(
            "mutation($f: [FileUpdateInput!]!) { fileUpdate(files: $f) { userErrors { field message code } } }",
            new { f = new object[] { new { id = one.Gid, alt = "Uno" }, new { id = two.Gid, referencesToRemove = new[] { $"gid://shopify/Product/{product.Id}" } } } });
        await H.MerchantAsync(
            "mutation($id: ID!, $m: [MoveInput!]!) { productReorderMedia(id: $id, moves: $m) { mediaUserErrors { field message code } } }",
            new { id = $"gid://shopify/Product/{product.Id}", m = new[] { new { id = three.Gid, newPosition = "0" } } });

        var pulled = await StageAsync(id, SyncDirections.PullFromShopify);
        Assert.Equal([Images, $"images[{one.Url}].alt"], Paths(pulled).Order(StringComparer.Ordinal));
        Assert.Equal(ChangeStatuses.Pending, pulled.GetProperty("status").GetString());
        await ApproveAndPushAsync(pulled);
        Assert.Equal([three.Url, one.Url], await LocalImagesAsync(id));
        Assert.Equal("Uno", (await LocalAsync(id))[Images]!.AsArray()[1]!["alt"]!.GetValue<string>());

        // Rolled back on both sides: Shopify takes "two" again (made anew from its URL), the order and the alt text.
        await RollBackAsync(pulled);
        var restored = ShopifyMedia(product.Handle);
        Assert.Equal([one.Id, three.Id], [restored[0].Id, restored[2].Id]);
        // "two" is made again from the URL both sides knew it by: a new medium, which both sides now name by its new URL.
        Assert.Equal(two.Url, restored[1].OriginalSource);
        Assert.NotEqual(two.Id, restored[1].Id);
        Assert.Equal(["One", null, "Three"], restored.Select(m => m.Alt));
        Assert.Equal(restored.Select(m => m.Url), await LocalImagesAsync(id));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task AnAltTextEditedOnBothSidesConflictsOnThatImageAloneAndTheOtherImagesAltIsPushed()
    {
        var product = H.Product(2);
        var id = await H.LocalIdAsync(product.Handle);
        var (left, right) = (ShopifyMedia(product.Handle)[0], ShopifyMedia(product.Handle)[1]);
        await H.MerchantAsync(
            "mutation($f: [FileUpdateInput!]!) { fileUpdate(files: $f) { userErrors { field message code } } }",
            new { f = new object[] { new { id = left.Gid, alt = "Shopify's left" } } });
        await PatchAsync(id, new JsonObject
        {
            [Images] = new JsonArray(
                new JsonObject { ["src"] = left.Url, ["alt"] = "Our left" },
                new JsonObject { ["src"] = right.Url, ["alt"] = "Our right" }),
        });

        var pull = await H.PullAsync(new { sync_type = "full" });
        var staged = await H.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}");
        var fromShopify = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PullFromShopify);
        var fromLocal = staged.Single(c => c.GetProperty("sync_direction").GetString() == SyncDirections.PushToShopify);
        var leftAlt = $"images[{left.Url}].alt";
        Assert.Equal([leftAlt], fromShopify.GetProperty("conflict_fields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([leftAlt], Paths(fromShopify));
        Assert.Equal([$"images[{right.Url}].alt"], Paths(fromLocal));

        await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/staged/{fromShopify.GetProperty("id").GetInt32()}/approve",
            new Dictionary<string, object> { ["notes"] = "ours", ["conflict_resolution"] = new Dictionary<string, string> { [leftAlt] = "local" } }, Ct));
        await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/staged/{fromLocal.GetProperty("id").GetInt32()}/approve", new { notes = "ok" }, Ct));
        var push = await H.PushAsync(new { batch_id = pull.GetProperty("batch_id").GetString(), confirm = true });
        Assert.Equal(0, push.GetProperty("summary").GetProperty("failed").GetInt32());

        Assert.Equal(["Our left", "Our right"], ShopifyMedia(product.Handle).Select(m => m.Alt));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task AnImageWhoseAddingAnswerIsLostIsReadBackAndNeverAddedTwice()
    {
        var product = H.Product(3);
        var id = await H.LocalIdAsync(product.Handle);
        await PatchAsync(id, new JsonObject { [Images] = new JsonArray(new JsonObject { ["src"] = "https://images.example.com/once.jpg", ["alt"] = "Once" }) });
        var change = await StageAsync(id, SyncDirections.PushToShopify);
        await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/staged/{change.GetProperty("id").GetInt32()}/approve", new { notes = "ok" }, Ct));
        var sequence = H.Simulator.Simulator.GetMutationLog() is [.., var last] ? last.Sequence : 0;

        // The media write lands, and its answer is lost (a 502).
        H.Simulator.Simulator.Faults.Configure(new FaultSettings { LoseNextResponses = 1 });
        try
        {
            var push = await H.PushAsync(new { change_ids = new[] { change.GetProperty("id").GetInt32() }, confirm = true });
            Assert.Equal((1, 0), (push.GetProperty("summary").GetProperty("successful").GetInt32(), push.GetProperty("summary").GetProperty("failed").GetInt32()));
        }
        finally
        {
            H.Simulator.Simulator.Faults.Clear();
        }

        Assert.Equal(["https://images.example.com/once.jpg"], ShopifyMedia(product.Handle).Select(m => m.OriginalSource));
        Assert.Equal(1, H.Simulator.Simulator.GetMutationLog().Count(e => e.Sequence > sequence && e.Operation == "productUpdate"));
        await AssertAFullPullStagesNothingForAsync(id);
    }

    [Fact]
    public async Task AnImageUrlThatIsNotAnAbsoluteWebAddressIsRefusedWhereItEnters()
    {
        var id = await H.LocalIdAsync(H.Product(4).Handle);
        var refused = await H.Admin.PatchAsJsonAsync($"/api/products/{id}",
            new JsonObject { [Images] = new JsonArray(new JsonObject { ["src"] = "front.jpg" }) }, Ct);
        var error = await ApiAssert.OkAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains("front.jpg", error.GetProperty("details").GetProperty(Images).GetString(), StringComparison.Ordinal);
        Assert.Empty(await LocalImagesAsync(id));
    }

    [Fact]
    public async Task TheSimulatorMakesImagesFromUrlsProcessingFirstAndRefusesBadUrlsAndUnknownMedia()
    {
        var product = H.Product(5);
        var made = await H.MerchantAsync(
            "mutation($p: ProductUpdateInput!, $m: [CreateMediaInput!]) { productUpdate(product: $p, media: $m) { product { media(first: 5) { nodes { id status ... on MediaImage { image { url } } } } } userErrors { field message } } }",
            new { p = new { id = $"gid://shopify/Product/{product.Id}" }, m = new[] { new { originalSource = "https://images.example.com/new.png", mediaContentType = "IMAGE" } } });
        var node = made["productUpdate"]!["product"]!["media"]!["nodes"]!.AsArray().Single()!;
        Assert.Equal("PROCESSING", node["status"]!.GetValue<string>());
        Assert.Null(node["image"]);
        var read = await H.MerchantAsync(
            "query($id: ID!) { product(id: $id) { mediaCount { count } media(first: 5) { nodes { status ... on MediaImage { image { url } } } } } }",
            new { id = $"gid://shopify/Product/{product.Id}" });
        Assert.Equal(1, read["product"]!["mediaCount"]!["count"]!.GetValue<int>());
        var ready = read["product"]!["media"]!["nodes"]!.AsArray().Single()!;
        Assert.Equal("READY", ready["status"]!.GetValue<string>());
        Assert.StartsWith(Cdn, ready["image"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("/new.png?v=" + ShopifyGidId(node["id"]!.GetValue<string>()), ready["image"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);

        var bad = await H.MerchantAsync(
            "mutation($p: ProductUpdateInput!, $m: [CreateMediaInput!]) { productUpdate(product: $p, media: $m) { userErrors { field message } } }",
            new { p = new { id = $"gid://shopify/Product/{product.Id}" }, m = new[] { new { originalSource = "not a url", mediaContentType = "IMAGE" } } });
        Assert.Equal("media.0.originalSource", string.Join('.', bad["productUpdate"]!["userErrors"]![0]!["field"]!.AsArray().Select(f => f!.GetValue<string>())));
        var unknown = await H.MerchantAsync(
            "mutation($f: [FileUpdateInput!]!) { fileUpdate(files: $f) { userErrors { code } } }",
            new { f = new[] { new { id = "gid://shopify/MediaImage/1", alt = "x" } } });
        Assert.Equal("FILE_DOES_NOT_EXIST", unknown["fileUpdate"]!["userErrors"]![0]!["code"]!.GetValue<string>());
        var notHere = await H.MerchantAsync(
            "mutation($id: ID!, $m: [MoveInput!]!) { productReorderMedia(id: $id, moves: $m) { mediaUserErrors { code } } }",
            new { id = $"gid://shopify/Product/{product.Id}", m = new[] { new { id = "gid://shopify/MediaImage/1", newPosition = "0" } } });
        Assert.Equal("MEDIA_DOES_NOT_EXIST_ON_PRODUCT", notHere["productReorderMedia"]!["mediaUserErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Single(ShopifyMedia(product.Handle));
    }

    internal static async Task AddInShopifyAsync(SyncHarness h, long productId, params (string Source, string? Alt)[] images)
    {
        var data = await h.MerchantAsync(
            "mutation($p: ProductUpdateInput!, $m: [CreateMediaInput!]) { productUpdate(product: $p, media: $m) { userErrors { field message } } }",
            new
            {
                p = new { id = $"gid://shopify/Product/{productId}" },
                m = images.Select(i => new { originalSource = i.Source, alt = i.Alt, mediaContentType = "IMAGE" }).ToArray(),
            });
        Assert.Empty(data["productUpdate"]!["userErrors"]!.AsArray());
    }

    private static string ShopifyGidId(string gid) => gid[(gid.LastIndexOf('/') + 1)..];

    private List<SimulatedMedia> ShopifyMedia(string handle) => [.. H.Simulator.Simulator.FindProduct(handle)!.Media];

    private async Task<JsonNode> LocalAsync(int id) =>
        JsonNode.Parse((await ApiAssert.OkAsync(await H.Admin.GetAsync($"/api/products/{id}", Ct))).GetRawText())!;

    private async Task<List<string>> LocalImagesAsync(int id) =>
        [.. (await LocalAsync(id))[Images]!.AsArray().Select(i => i!["src"]!.GetValue<string>())];

    private async Task PatchAsync(int id, JsonObject body) =>
        await ApiAssert.OkAsync(await H.Admin.PatchAsJsonAsync($"/api/products/{id}", body, Ct));

    /// <summary>Pulls in full and answers the one change staged for the product in that direction.</summary>
    private async Task<JsonElement> StageAsync(int id, string direction)
    {
        var pull = await H.PullAsync(new { sync_type = "full" });
        var staged = await H.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}");
        var change = Assert.Single(staged);
        Assert.Equal(direction, change.GetProperty("sync_direction").GetString());
        Assert.False(change.GetProperty("has_conflicts").GetBoolean());
        return change;
    }

    private async Task ApproveAndPushAsync(JsonElement change)
    {
        var changeId = change.GetProperty("id").GetInt32();
        if (change.GetProperty("status").GetString() == ChangeStatuses.Pending)
            await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/staged/{changeId}/approve", new { notes = "ok" }, Ct));
        var push = await H.PushAsync(new { change_ids = new[] { changeId }, confirm = true });
        Assert.Equal((1, 0), (push.GetProperty("summary").GetProperty("successful").GetInt32(), push.GetProperty("summary").GetProperty("failed").GetInt32()));
    }

    private async Task RollBackAsync(JsonElement change)
    {
        var changeId = change.GetProperty("id").GetInt32();
        await ApiAssert.OkAsync(await H.Admin.PostAsJsonAsync($"/api/sync/rollback/{changeId}", new { reason = "undo" }, Ct));
        var after = await ApiAssert.OkAsync(await H.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct));
        Assert.Equal(ChangeStatuses.RolledBack, after.GetProperty("item").GetProperty("status").GetString());
    }

    private async Task AssertAFullPullStagesNothingForAsync(int id)
    {
        var pull = await H.PullAsync(new { sync_type = "full" });
        Assert.Empty(await H.StagedAsync($"batch_id={pull.GetProperty("batch_id").GetString()}&product_id={id}"));
    }

    private static List<string> Paths(JsonElement change) =>
        [.. change.GetProperty("field_changes").EnumerateObject().Select(p => p.Name)];
}
