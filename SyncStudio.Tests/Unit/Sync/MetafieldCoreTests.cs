using System.Text.Json.Nodes;
using SyncStudio.Catalog;
using SyncStudio.Services.Products;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

/// <summary>Metafields (docs/decisions/0023) in the pure core: paths, hash, diff, patch, checks at approval and CSV columns.</summary>
public class MetafieldCoreTests
{
    private static ProductSnapshot WithMetafield(ProductSnapshot p, string id, string? value) => p with
    {
        Metafields = value is null ? null : new Dictionary<string, MetafieldEntry> { [id] = new("single_line_text_field", value) },
    };

    [Fact]
    public void APathNamesTheMetafieldAndItsOwner()
    {
        Assert.True(FieldPaths.TryParse("metafields.custom.material", out var product));
        Assert.Equal((FieldPathScope.Product, null, "custom.material"), (product.Scope, product.VariantKey, product.Metafield));
        Assert.True(FieldPaths.TryParse("variants[TEE-S].metafields.custom.fit", out var variant));
        Assert.Equal((FieldPathScope.Variant, "TEE-S", "custom.fit"), (variant.Scope, variant.VariantKey, variant.Metafield));
        Assert.False(FieldPaths.TryParse("metafields.custom", out _));
        Assert.False(FieldPaths.TryParse("metafields.c.material", out _));
    }

    [Fact]
    public void AProductWithoutMetafieldsKeepsTheHashItHadAndOneWithSomeHashesThem()
    {
        var mug = Snapshots.Mug();
        Assert.Equal(ProductHasher.ComputeHash(mug), ProductHasher.ComputeHash(mug with { Metafields = new Dictionary<string, MetafieldEntry>() }));
        Assert.DoesNotContain("metafields", ProductHasher.CanonicalJson(mug), StringComparison.Ordinal);
        Assert.NotEqual(ProductHasher.ComputeHash(mug), ProductHasher.ComputeHash(WithMetafield(mug, "custom.material", "Linen")));
        // Shopify answers JSON values re-serialised: the compact form is the value.
        Assert.Equal(ProductHasher.ComputeHash(WithMetafield(mug, "custom.specs", """{"a": 1}""")), ProductHasher.ComputeHash(WithMetafield(mug, "custom.specs", """{"a":1}""")));
    }

    [Fact]
    public void AMetafieldEditedOnBothSidesConflictsOnItsPathAloneWhileAnotherFlowsOnItsOwn()
    {
        var @base = Snapshots.Mug() with
        {
            Metafields = new Dictionary<string, MetafieldEntry> { ["custom.material"] = new(null, "Clay"), ["custom.care"] = new(null, "Wash") },
        };
        var local = @base with { Metafields = new Dictionary<string, MetafieldEntry> { ["custom.material"] = new(null, "Stone"), ["custom.care"] = new(null, "Wash") } };
        var remote = @base with { Metafields = new Dictionary<string, MetafieldEntry> { ["custom.material"] = new(null, "Porcelain") } };

        var result = ThreeWayDiff.Compute(@base, local, remote);

        Assert.Equal(["metafields.custom.material"], result.Pull!.ConflictFields);
        Assert.Equal(["metafields.custom.care", "metafields.custom.material"], result.Pull.FieldChanges.Keys.Order(StringComparer.Ordinal));
        Assert.Null(result.Pull.FieldChanges["metafields.custom.care"].New);
        Assert.Null(result.Push);
    }

    [Fact]
    public void APatchSetsAndRemovesAMetafieldKeepingItsType()
    {
        var mug = WithMetafield(Snapshots.Mug(), "custom.material", "Clay");
        Assert.True(SnapshotPatch.TryApply(mug, "metafields.custom.material", "Stone", out var set, out _));
        Assert.Equal(new MetafieldEntry("single_line_text_field", "Stone"), set.Metafields!["custom.material"]);
        Assert.True(SnapshotPatch.TryApply(set, "metafields.custom.material", null, out var removed, out _));
        Assert.Null(removed.Metafields);
    }

    [Theory]
    [InlineData("number_integer", "12", true)]
    [InlineData("number_integer", "twelve", false)]
    [InlineData("number_decimal", "1.5", true)]
    [InlineData("boolean", "yes", false)]
    [InlineData("date", "2026-07-01", true)]
    [InlineData("date", "01/07/2026", false)]
    [InlineData("date_time", "2026-07-01T12:00:00Z", true)]
    [InlineData("money", """{"amount": "5.99", "currency_code": "CAD"}""", true)]
    [InlineData("money", "5.99", false)]
    [InlineData("json", "{\"a\":", false)]
    [InlineData("single_line_text_field", "one\ntwo", false)]
    [InlineData("product_reference", "gid://shopify/Product/1", true)]
    [InlineData("product_reference", "gid://shopify/Collection/1", false)]
    [InlineData("list.number_integer", "[1, 2]", true)]
    [InlineData("list.single_line_text_field", "a; b", false)]
    [InlineData("list.variant_reference", """["gid://shopify/ProductVariant/2"]""", true)]
    public void AValueIsCheckedAgainstItsType(string type, string value, bool fits) =>
        Assert.Equal(fits, MetafieldTypes.Check(type, value) is null);

    [Fact]
    public void ApprovalNamesEachPathWhoseValueDoesNotFitItsDefinition()
    {
        var types = new Dictionary<(bool, string), string> { [(false, "custom.count")] = "number_integer", [(true, "custom.fit")] = "single_line_text_field" };
        var errors = MetafieldValidation.Check(
            [
                new("metafields.custom.count", "twelve"),
                new("variants[TEE-S].metafields.custom.fit", "Slim"),
                new("metafields.custom.unknown", "x"),
                new("variants[TEE-M]", new JsonObject { ["price"] = 1, ["metafields"] = new JsonObject { ["custom.fit"] = "a\nb" } }),
                new("metafields.custom.count", null),
            ],
            (variant, id) => types.GetValueOrDefault((variant, id)));

        Assert.Equal(["metafields.custom.count", "metafields.custom.unknown", "variants[TEE-M].metafields.custom.fit"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AMetafieldColumnIsWrittenBackWithTheValueHeldNow()
    {
        Assert.Equal("custom.material", CsvMetafields.MetafieldId("Material (product.metafields.custom.material)", variant: false));
        Assert.Null(CsvMetafields.MetafieldId("Material (product.metafields.custom.material)", variant: true));
        var cells = new Dictionary<string, string>
        {
            ["Material (product.metafields.custom.material)"] = "Clay",
            ["Care (product.metafields.custom.care)"] = "Wash",
            ["Google Shopping / Gender"] = "unisex",
        };
        var held = LocalMetafields.Write(new Dictionary<string, MetafieldEntry> { ["custom.material"] = new(null, "Stone") });

        CsvMetafields.Export(cells, held, variant: false);

        Assert.Equal(("Stone", "", "unisex"), (cells["Material (product.metafields.custom.material)"], cells["Care (product.metafields.custom.care)"], cells["Google Shopping / Gender"]));
    }
}
