using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

public class ProductHasherTests
{
    public static TheoryData<string> SyncedFieldChanges =>
    [
        "title", "handle", "body_html", "vendor", "product_type", "tags", "status", "option_names",
        "sku", "price", "compare_at_price", "inventory_quantity", "barcode", "weight", "weight_unit", "options",
        "variant added", "variant removed",
    ];

    [Fact]
    public void HashIsLowercaseHexOfSixtyFourCharacters()
    {
        var hash = ProductHasher.ComputeHash(Snapshots.Mug());

        Assert.Equal(ProductHasher.HashLength, hash.Length);
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void SameSnapshotHashesTheSameEveryTime()
    {
        var first = ProductHasher.ComputeHash(Snapshots.Tee());
        var again = ProductHasher.ComputeHash(Snapshots.Tee());
        var roundTripped = ProductHasher.ComputeHash(SnapshotJson.Deserialize(SnapshotJson.Serialize(Snapshots.Tee())));

        Assert.Equal(first, again);
        Assert.Equal(first, roundTripped);
    }

    [Theory]
    [MemberData(nameof(SyncedFieldChanges))]
    public void AnySyncedFieldChangeChangesTheHash(string field)
    {
        var tee = Snapshots.Tee();
        var changed = field switch
        {
            "title" => tee with { Title = "Logo Tee II" },
            "handle" => tee with { Handle = "logo-tee-2" },
            "body_html" => tee with { BodyHtml = "<p>Soft.</p>" },
            "vendor" => tee with { Vendor = "Other Co" },
            "product_type" => tee with { ProductType = "Tops" },
            "tags" => tee with { Tags = ["apparel", "sale"] },
            "status" => tee with { Status = "draft" },
            "option_names" => tee with { OptionNames = ["Size", "Colour"] },
            "sku" => tee.WithVariant(1, v => v with { Sku = "TEE-M2" }),
            "price" => tee.WithVariant(1, v => v with { Price = 21m }),
            "compare_at_price" => tee.WithVariant(1, v => v with { CompareAtPrice = 25m }),
            "inventory_quantity" => tee.WithVariant(1, v => v with { InventoryQuantity = 11 }),
            "barcode" => tee.WithVariant(1, v => v with { Barcode = "123" }),
            "weight" => tee.WithVariant(1, v => v with { Weight = 0.2m, WeightUnit = "KILOGRAMS" }),
            "weight_unit" => Weighted(tee, "POUNDS"),
            "options" => tee.WithVariant(1, v => v with { Options = ["M", "Blue"] }),
            "variant added" => tee.WithAddedVariant(Snapshots.TeeVariant("XL", 24m, 3)),
            "variant removed" => tee.WithoutVariant(2),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        var before = field == "weight_unit" ? Weighted(tee, "KILOGRAMS") : tee;

        Assert.NotEqual(ProductHasher.ComputeHash(before), ProductHasher.ComputeHash(changed));

        static ProductSnapshot Weighted(ProductSnapshot p, string unit) =>
            p.WithVariant(1, v => v with { Weight = 0.2m, WeightUnit = unit });
    }

    [Fact]
    public void ShopifyIdsDoNotChangeTheHash()
    {
        var remote = Snapshots.Tee(withIds: true);
        var local = Snapshots.Tee(withIds: false);

        Assert.Equal(ProductHasher.ComputeHash(remote), ProductHasher.ComputeHash(local));
        Assert.Equal(ProductHasher.ComputeHash(remote), ProductHasher.ComputeHash(remote.Unlinked()));
    }

    [Fact]
    public void VariantOrderDoesNotChangeTheHash()
    {
        var tee = Snapshots.Tee();
        var reordered = tee with { Variants = [.. tee.Variants.Reverse()] };

        Assert.Equal(ProductHasher.ComputeHash(tee), ProductHasher.ComputeHash(reordered));
    }

    [Fact]
    public void NumbersAreNormalisedSoTrailingZerosDoNotMatter()
    {
        var a = Snapshots.Mug(price: 10m);
        var b = Snapshots.Mug(price: 10.0m);
        var c = Snapshots.Mug(price: 10.00m);

        Assert.Equal(ProductHasher.ComputeHash(a), ProductHasher.ComputeHash(b));
        Assert.Equal(ProductHasher.ComputeHash(a), ProductHasher.ComputeHash(c));
        Assert.Contains("\"price\":10,", ProductHasher.CanonicalJson(c), StringComparison.Ordinal);
    }

    [Fact]
    public void TagsAreTrimmedDeduplicatedAndSortedIgnoringCase()
    {
        var a = Snapshots.Mug() with { Tags = ["kitchen", "Camping"] };
        var b = Snapshots.Mug() with { Tags = [" Camping ", "kitchen", "Camping", ""] };

        Assert.Equal(ProductHasher.ComputeHash(a), ProductHasher.ComputeHash(b));
        Assert.Contains("\"tags\":[\"camping\",\"kitchen\"]", ProductHasher.CanonicalJson(b), StringComparison.Ordinal);
    }

    [Fact]
    public void TagsThatDifferOnlyInCaseHashEqualAsShopifyKeepsOneSpellingPerTag()
    {
        var a = Snapshots.Mug() with { Tags = ["Sale", "kitchen"] };
        var b = Snapshots.Mug() with { Tags = ["KITCHEN", "sale"] };

        Assert.Equal(ProductHasher.ComputeHash(a), ProductHasher.ComputeHash(b));
        Assert.Empty(SnapshotDiff.Between(a, b));
    }

    [Fact]
    public void AWeightWithNoUnitHashesAsKilogramsAndSingularUnitNamesAsShopifysEnum()
    {
        var mug = Snapshots.Mug();
        Assert.Equal(ProductHasher.ComputeHash(mug), ProductHasher.ComputeHash(mug with { Variants = [mug.Variants[0] with { WeightUnit = null }] }));
        Assert.Equal(ProductHasher.ComputeHash(mug with { Variants = [mug.Variants[0] with { WeightUnit = "g" }] }),
            ProductHasher.ComputeHash(mug with { Variants = [mug.Variants[0] with { WeightUnit = "gram" }] }));
    }

    [Fact]
    public void EmptyAndMissingOptionalStringsAreOneValue()
    {
        var a = Snapshots.Mug() with { BodyHtml = null, Vendor = null };
        var b = Snapshots.Mug() with { BodyHtml = "", Vendor = "" };

        Assert.Equal(ProductHasher.ComputeHash(a), ProductHasher.ComputeHash(b));
    }

    [Fact]
    public void ShopifyStatusAndUnitSpellingsHashLikeTheCanonicalOnes()
    {
        var canonical = Snapshots.Mug();
        var shopifySpelling = Snapshots.Mug() with { Status = "ACTIVE" };
        var csvSpelling = Snapshots.Mug().WithVariant(0, v => v with { WeightUnit = "kg" });

        Assert.Equal(ProductHasher.ComputeHash(canonical), ProductHasher.ComputeHash(shopifySpelling));
        Assert.Equal(ProductHasher.ComputeHash(canonical), ProductHasher.ComputeHash(csvSpelling));
    }

    [Fact]
    public void ShopifysDefaultTitleOptionHashesLikeNoOptions()
    {
        var shopify = Snapshots.Mug();
        var local = Snapshots.Mug() with { OptionNames = [] };
        local = local.WithVariant(0, v => v with { Options = [] });

        Assert.Equal(ProductHasher.ComputeHash(shopify), ProductHasher.ComputeHash(local));
    }

    [Fact]
    public void CanonicalJsonHasSortedSnakeCaseKeysAndNoIds()
    {
        var json = ProductHasher.CanonicalJson(Snapshots.Mug());

        Assert.StartsWith("{\"body_html\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("shopify", json, StringComparison.Ordinal);
        var keys = System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }
}
