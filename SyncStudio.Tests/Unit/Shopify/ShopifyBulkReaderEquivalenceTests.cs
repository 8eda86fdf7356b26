using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SyncStudio.Services.Shopify;

namespace SyncStudio.Tests.Unit.Shopify;

/// <summary>
/// The hand-written bulk reader against the reader it replaced (each line deserialised into the wire records and mapped):
/// over a generated export using every field the bulk query selects, both give the same products.
/// </summary>
public sealed class ShopifyBulkReaderEquivalenceTests
{
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheReaderGivesTheProductsTheDeserialisingReaderGaveForEveryField(bool interleaved)
    {
        var text = Export(products: 240, seed: interleaved ? 7 : 3, interleaved);

        var (expected, expectedLate) = await ReadLegacy(text);
        var (actual, actualLate) = await Read(text);

        Assert.Equal(240, expected.Count);
        Assert.Equal(expected.Select(Json), actual.Select(Json));
        Assert.Equal(expectedLate, actualLate);
        // The file did reach every field: each is set in some product or variant.
        var variants = actual.SelectMany(p => p.Variants).ToList();
        Assert.All(new Func<ShopifyProduct, bool>[]
        {
            p => p.SeoTitle is not null, p => p.SeoDescription is not null, p => p.Metafields is { Count: > 1 }, p => p.Tags.Count > 1,
            p => p.OptionNames.Count > 2, p => p.DescriptionHtml.Length > 0, p => p.Status == "unlisted",
        }, field => Assert.Contains(actual, p => field(p)));
        Assert.All(new Func<ShopifyVariant, bool>[]
        {
            v => v.Cost is not null, v => v.Weight is not null, v => v.WeightUnit is not null, v => v.CompareAtPrice is not null,
            v => v.InventoryPolicy is not null, v => v.Tracked is not null, v => v.RequiresShipping is not null, v => v.Taxable is not null,
            v => v.HarmonizedSystemCode is not null, v => v.CountryOfOrigin is not null, v => v.Metafields is { Count: > 1 },
            v => v.Levels.Count > 1, v => v.Levels.Any(l => l.OnHand is not null), v => v.OptionValues.Count > 1, v => v.Barcode is not null,
        }, field => Assert.Contains(variants, v => field(v)));
    }

    [Fact]
    public async Task LateVariantsLateLevelsAndShortProductsAreHandledAsTheDeserialisingReaderHandledThem()
    {
        var lines = Export(products: 6, seed: 11, interleaved: false).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        // A variant and a level for a product already complete, and a product whose count promises one variant more.
        lines.Add(VariantJson(999, ShopifyGid.Product(ProductId(0)), itemId: 9990, locations: 0, new Random(1), optionCount: 1).ToJsonString());
        lines.Add(LevelJson(99901, 9990, 1, new Random(2), parent: ShopifyGid.Variant(999)).ToJsonString());
        var shortProduct = ProductJson(ProductId(50), variants: 2, optionCount: 1, new Random(3));
        lines.Add(shortProduct.ToJsonString());
        lines.Add(VariantJson(50_001, ShopifyGid.Product(ProductId(50)), itemId: 50_001, locations: 0, new Random(4), optionCount: 1).ToJsonString());
        var text = string.Join('\n', lines);

        var (expected, expectedLate) = await ReadLegacy(text);
        var (actual, actualLate) = await Read(text);

        Assert.Equal(expected.Select(Json), actual.Select(Json));
        Assert.Equal(2, actualLate);
        Assert.Equal(expectedLate, actualLate);
    }

    [Theory]
    [InlineData("{\"id\":\"gid://shopify/Product/5\",\"title\":", "line 2")]
    [InlineData("not json at all", "line 2")]
    [InlineData("{\"title\":\"No id\",\"status\":\"ACTIVE\"}", "without a Shopify id")]
    [InlineData("{\"id\":\"gid://shopify/ProductVariant/9\",\"price\":\"twelve\",\"__parentId\":\"gid://shopify/Product/1\"}", "'twelve' is not a decimal")]
    [InlineData("{\"id\":\"gid://shopify/ProductVariant/9\",\"price\":\"1.00\",\"inventoryItem\":{\"id\":\"gid://shopify/Location/4\"}}", "Not a Shopify InventoryItem gid")]
    public async Task ALineThatIsNotWhatShopifyWritesFailsTheReadNamingTheLine(string bad, string named)
    {
        var text = string.Join('\n', ProductJson(ProductId(0), variants: 0, optionCount: 0, new Random(5)).ToJsonString(), bad, "");

        var error = await Assert.ThrowsAsync<JsonException>(() => Read(text));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, error.LineNumber);
    }

    private static string Json(ShopifyProduct product) => JsonSerializer.Serialize(product);

    private static async Task<(List<ShopifyProduct> Products, long Late)> Read(string text)
    {
        var reader = new ShopifyBulkProductReader(NullLogger.Instance);
        await using var stream = new SmallReadStream(Encoding.UTF8.GetBytes(text));
        var products = new List<ShopifyProduct>();
        await foreach (var product in reader.ReadAsync(stream, ReRead, TestContext.Current.CancellationToken))
            products.Add(product);

        // The line-by-line entry reads the same.
        var byLine = new ShopifyBulkProductReader(NullLogger.Instance);
        var again = new List<ShopifyProduct>();
        await foreach (var product in byLine.ReadAsync(text.Split('\n').ToAsyncEnumerable(), ReRead, TestContext.Current.CancellationToken))
            again.Add(product);
        Assert.Equal(products.Select(Json), again.Select(Json));
        return (products, reader.LateVariantLines);
    }

    private static async Task<(List<ShopifyProduct> Products, long Late)> ReadLegacy(string text)
    {
        var reader = new LegacyBulkProductReader(NullLogger.Instance);
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var products = new List<ShopifyProduct>();
        await foreach (var product in reader.ReadAsync(stream, ReRead, TestContext.Current.CancellationToken))
            products.Add(product);
        return (products, reader.LateVariantLines);
    }

    private static Task<ShopifyProduct?> ReRead(long id, CancellationToken cancellationToken) =>
        Task.FromResult<ShopifyProduct?>(new ShopifyProduct(id, "Read again", "again", "", "", "", [], "active", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), [], []));

    private static long ProductId(int i) => 7_000_000_000 + i;

    /// <summary>
    /// A bulk export as Shopify writes it: each product, then each of its variants followed by the item's levels (every
    /// child naming its parent in <c>__parentId</c>); interleaved, a product's line comes before the last lines of the one
    /// before it. Some lines put <c>id</c> after other fields, some escape what they could write raw.
    /// </summary>
    private static string Export(int products, int seed, bool interleaved)
    {
        var random = new Random(seed);
        var blocks = new List<List<string>>();
        var itemId = 40_000_000_000L;
        var variantId = 30_000_000_000L;
        var levelId = 1L;
        for (var p = 0; p < products; p++)
        {
            var optionCount = random.Next(0, 4);
            var variants = random.Next(0, 4);
            var block = new List<string> { Line(ProductJson(ProductId(p), variants, optionCount, random), random) };
            // Now and then a product whose variants have no inventory item (the reader before threw on one such variant
            // beside variants that had one, so items are all or none per product here).
            var hasItem = random.Next(10) > 0;
            for (var v = 0; v < variants; v++)
            {
                var locations = random.Next(0, 4);
                var item = ++itemId;
                var variant = VariantJson(++variantId, ShopifyGid.Product(ProductId(p)), hasItem ? item : null, locations, random, optionCount);
                block.Add(Line(variant, random));
                if (!hasItem)
                    continue;
                for (var l = 0; l < locations; l++)
                {
                    // The level names its variant as its parent (the simulator) or its item; either way its id names the item.
                    var parent = random.Next(2) == 0 ? ShopifyGid.Variant(variantId) : ShopifyGid.InventoryItem(item);
                    block.Add(Line(LevelJson(levelId++, item, l + 1, random, parent), random));
                }
            }
            blocks.Add(block);
        }

        var lines = new List<string>();
        for (var b = 0; b < blocks.Count; b++)
        {
            if (interleaved && b + 1 < blocks.Count && blocks[b].Count > 2)
            {
                // The next product's own line arrives before this product's last child.
                lines.AddRange(blocks[b].Take(blocks[b].Count - 1));
                lines.Add(blocks[b + 1][0]);
                lines.Add(blocks[b][^1]);
                blocks[b + 1].RemoveAt(0);
            }
            else
            {
                lines.AddRange(blocks[b]);
            }
        }

        return string.Join('\n', lines) + (seed % 2 == 0 ? "\n" : "");
    }

    /// <summary>The line as JSON: now and then with <c>id</c> moved to the end, with raw UTF-8, or with CRLF and blank lines.</summary>
    private static string Line(JsonObject node, Random random)
    {
        if (random.Next(8) == 0 && node["id"] is { } id)
        {
            node.Remove("id");
            node["id"] = id;
        }

        var text = random.Next(3) == 0 ? node.ToJsonString(Raw) : node.ToJsonString();
        return random.Next(20) == 0 ? text + "\r\n" : text;
    }

    private static JsonObject ProductJson(long id, int variants, int optionCount, Random random)
    {
        var options = new JsonArray();
        // Positions out of order: the reader sorts by position.
        foreach (var position in Enumerable.Range(1, optionCount).OrderBy(_ => random.Next()))
            options.Add(new JsonObject { ["name"] = OptionName(position), ["position"] = position });
        var product = new JsonObject
        {
            ["id"] = ShopifyGid.Product(id),
            ["title"] = Pick(random, $"Product {id}", $"Käse \"{id}\" / Ünïcode ✓", $"Tab\tand\nnewline {id}"),
            ["handle"] = $"product-{id}",
            ["descriptionHtml"] = Pick<JsonNode?>(random, null, "", $"<p>Made in <b>Ä</b> {id} &amp; more</p>"),
            ["vendor"] = Pick<JsonNode?>(random, null, "", "Acme"),
            ["productType"] = Pick<JsonNode?>(random, null, "", "Shoes"),
            ["tags"] = Pick<JsonNode?>(random, null, new JsonArray(), new JsonArray("sale", "summer", "größe")),
            ["status"] = Pick(random, "ACTIVE", "DRAFT", "ARCHIVED", "UNLISTED"),
            ["updatedAt"] = Pick(random, "2026-02-01T08:00:00Z", "2026-03-04T10:11:12.345Z", "2026-02-01T08:00:00+02:00"),
            ["options"] = optionCount == 0 && random.Next(2) == 0 ? null : options,
            ["seo"] = Pick<JsonNode?>(random, null, new JsonObject { ["title"] = null, ["description"] = "" },
                new JsonObject { ["title"] = "SEO title", ["description"] = "Meta ✓ description" }),
            ["variantsCount"] = new JsonObject { ["count"] = variants, ["precision"] = "EXACT" },
            ["mf_0"] = Metafield(random, "custom", "material", "single_line_text_field"),
            ["mf_1"] = Metafield(random, "custom", "care", "multi_line_text_field"),
            ["mf_2"] = Metafield(random, "specs", "ratings", "list.rating"),
        };
        return product;
    }

    private static JsonObject VariantJson(long id, string parent, long? itemId, int locations, Random random, int optionCount)
    {
        var selected = new JsonArray();
        foreach (var position in Enumerable.Range(1, Math.Max(optionCount, random.Next(0, 2))).OrderBy(_ => random.Next()))
            selected.Add(new JsonObject { ["name"] = OptionName(position), ["value"] = Pick(random, "S", "M", "Größe L", "Red") });
        var variant = new JsonObject
        {
            ["id"] = ShopifyGid.Variant(id),
            ["sku"] = Pick<JsonNode?>(random, null, "", $"SKU-{id}"),
            ["price"] = Pick<JsonNode?>(random, "12.50", "0.00", "1999.999", JsonValue.Create(7.25m)),
            ["compareAtPrice"] = Pick<JsonNode?>(random, null, "15.00", "100"),
            ["inventoryQuantity"] = Pick<JsonNode?>(random, null, 0, 42, -3, "17"),
            ["barcode"] = Pick<JsonNode?>(random, null, "", "4006381333931"),
            ["inventoryPolicy"] = Pick<JsonNode?>(random, null, "DENY", "CONTINUE"),
            ["taxable"] = Pick<JsonNode?>(random, null, true, false),
            ["mf_0"] = Metafield(random, "custom", "fit", "single_line_text_field"),
            ["mf_1"] = Metafield(random, "custom", "size_chart", "url"),
            ["selectedOptions"] = selected,
            ["inventoryItem"] = itemId is not { } item ? null : new JsonObject
            {
                ["id"] = ShopifyGid.InventoryItem(item),
                ["tracked"] = Pick<JsonNode?>(random, null, true, false),
                ["requiresShipping"] = Pick<JsonNode?>(random, null, true, false),
                ["harmonizedSystemCode"] = Pick<JsonNode?>(random, null, "", "640399"),
                ["countryCodeOfOrigin"] = Pick<JsonNode?>(random, null, "DE", "CN"),
                ["unitCost"] = Pick<JsonNode?>(random, null, new JsonObject { ["amount"] = "3.10" }, new JsonObject { ["amount"] = "0.0" }),
                ["measurement"] = Pick<JsonNode?>(random, null, new JsonObject { ["weight"] = null },
                    new JsonObject { ["weight"] = new JsonObject { ["unit"] = Pick(random, "KILOGRAMS", "GRAMS", "OUNCES", "POUNDS"), ["value"] = Pick<JsonNode?>(random, 1.5, 0, 250) } }),
                ["locationsCount"] = new JsonObject { ["count"] = locations, ["precision"] = "EXACT" },
            },
            ["__parentId"] = parent,
        };
        return variant;
    }

    private static JsonObject LevelJson(long id, long item, int location, Random random, string parent)
    {
        var quantities = new JsonArray(new JsonObject { ["name"] = "available", ["quantity"] = random.Next(-5, 100) });
        if (random.Next(3) > 0)
            quantities.Add(new JsonObject { ["name"] = "on_hand", ["quantity"] = random.Next(0, 100) });
        return new JsonObject
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"gid://shopify/InventoryLevel/{id}?inventory_item_id={item}"),
            ["location"] = new JsonObject { ["id"] = ShopifyGid.Location(location) },
            ["quantities"] = quantities,
            ["__parentId"] = parent,
        };
    }

    private static JsonObject? Metafield(Random random, string ns, string key, string type) => random.Next(3) == 0
        ? null
        : new JsonObject { ["namespace"] = ns, ["key"] = key, ["type"] = type, ["value"] = Pick(random, "Cotton", "[\"a\",\"b\"]", "{\"value\":\"4.5\",\"scale_max\":\"5.0\"}", "Line 1\nLine 2") };

    private static string OptionName(int position) => position switch { 1 => "Size", 2 => "Colour", _ => "Material" };

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    /// <summary>A stream that hands out a few bytes at a time, so lines are split across reads.</summary>
    private sealed class SmallReadStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 997)], cancellationToken);
    }
}
