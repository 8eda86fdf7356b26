using System.Text.Json.Nodes;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

/// <summary>Product images (docs/decisions/0029) in the pure core: paths, hash, diff, patch and rule globs.</summary>
public class ProductImageCoreTests
{
    private const string Front = "https://images.example.com/front.jpg";
    private const string Back = "https://images.example.com/back.jpg";

    private static ProductSnapshot With(params ProductImage[] images) => Snapshots.Mug() with { Images = images };

    [Fact]
    public void AnAltPathNamesItsImageByUrlWhateverTheUrlHolds()
    {
        const string odd = "https://cdn.example.com/a].alt/b.jpg?v=1";
        Assert.True(FieldPaths.TryParse(FieldPaths.ImageAlt(odd), out var alt));
        Assert.Equal((FieldPathScope.Product, FieldPaths.Images, odd), (alt.Scope, alt.Field, alt.Image));
        Assert.True(FieldPaths.TryParse("images", out var list));
        Assert.Equal((FieldPathScope.Product, FieldPaths.Images, (string?)null), (list.Scope, list.Field, list.Image));
        Assert.True(FieldPaths.TryParse("variants[TEE-S].image", out var variant));
        Assert.Equal((FieldPathScope.Variant, "TEE-S", FieldPaths.Image), (variant.Scope, variant.VariantKey, variant.Field));
        Assert.False(FieldPaths.TryParse("images[x]", out _));
    }

    [Fact]
    public void AProductWithoutImagesKeepsTheHashItHadAndOneWithSomeHashesTheirUrlsAltsAndOrder()
    {
        var mug = Snapshots.Mug();
        Assert.Equal(ProductHasher.ComputeHash(mug), ProductHasher.ComputeHash(mug with { Images = [] }));
        Assert.DoesNotContain("image", ProductHasher.CanonicalJson(mug), StringComparison.Ordinal);
        var two = ProductHasher.ComputeHash(With(new(Front, "Front"), new(Back)));
        Assert.NotEqual(two, ProductHasher.ComputeHash(With(new(Back), new(Front, "Front"))));
        Assert.NotEqual(two, ProductHasher.ComputeHash(With(new(Front, "Other"), new(Back))));
        // Media ids serve writing only.
        Assert.Equal(two, ProductHasher.ComputeHash(With(new ProductImage(Front, "Front") { MediaId = 7 }, new(Back, ""))));
    }

    [Fact]
    public void AnAltEditedOnBothSidesConflictsOnThatImageAloneWhileAnotherImagesAltIsPushed()
    {
        var @base = With(new(Front, "Front"), new(Back, "Back"));
        var local = With(new(Front, "Our front"), new(Back, "Our back"));
        var remote = With(new(Front, "Their front"), new(Back, "Back"));

        var result = ThreeWayDiff.Compute(@base, local, remote);

        Assert.Equal([FieldPaths.ImageAlt(Front)], result.Pull!.ConflictFields);
        Assert.Equal([FieldPaths.ImageAlt(Front)], result.Pull.FieldChanges.Keys);
        Assert.Equal([FieldPaths.ImageAlt(Back)], result.Push!.FieldChanges.Keys);
        Assert.Equal("Our back", result.Push.FieldChanges[FieldPaths.ImageAlt(Back)].New!.GetValue<string>());
    }

    [Fact]
    public void AddedRemovedAndReorderedImagesAreTheListPathAndAnAddedImageBringsItsAlt()
    {
        var @base = With(new(Front, "Front"), new(Back));
        var reordered = ThreeWayDiff.Compute(@base, With(new(Back), new(Front, "Front")), @base);
        Assert.Equal([FieldPaths.Images], reordered.Push!.FieldChanges.Keys);
        Assert.Null(reordered.Pull);

        const string side = "https://images.example.com/side.jpg";
        var added = ThreeWayDiff.Compute(@base, @base, With(new(Front, "Front"), new(Back), new(side, "Side")));
        var list = added.Pull!.FieldChanges[FieldPaths.Images].New!.AsArray();
        Assert.Equal([Front, Back, side], list.Select(i => i!["src"]!.GetValue<string>()));
        Assert.Equal("Side", list[2]!["alt"]!.GetValue<string>());
        Assert.Equal([FieldPaths.Images], added.Pull.FieldChanges.Keys);
    }

    [Fact]
    public void TheListPatchedOntoASideKeepsThatSidesAltTextAndMediaIds()
    {
        var shopify = With(new ProductImage(Front, "Shopify's front") { MediaId = 11 }, new ProductImage(Back) { MediaId = 12 });
        var list = new JsonArray(new JsonObject { ["src"] = Back }, new JsonObject { ["src"] = Front, ["alt"] = "Local front" }, new JsonObject { ["src"] = "https://x.example/new.jpg", ["alt"] = "New" });

        Assert.True(SnapshotPatch.TryApply(shopify, FieldPaths.Images, list, out var patched, out var error), error);

        Assert.Equal([Back, Front, "https://x.example/new.jpg"], patched.Images!.Select(i => i.Src));
        Assert.Equal([12L, 11L, null], patched.Images!.Select(i => i.MediaId));
        Assert.Equal("Shopify's front", patched.Images![1].Alt);
        Assert.Equal("New", patched.Images![2].Alt);
        Assert.True(SnapshotPatch.TryApply(patched, FieldPaths.ImageAlt(Front), "Set", out var alt, out _));
        Assert.Equal("Set", alt.Images![1].Alt);
        Assert.False(SnapshotPatch.TryApply(shopify, FieldPaths.Images, new JsonArray(new JsonObject { ["src"] = "front.jpg" }), out _, out _));
    }

    [Theory]
    [InlineData("images", null)]
    [InlineData("images[*].alt", null)]
    [InlineData("variants[*].image", null)]
    [InlineData("images[*]", GlobPattern.UnknownField)]
    [InlineData("images[*].src", GlobPattern.UnknownField)]
    public void RuleGlobsNameTheMediaPaths(string pattern, string? error)
    {
        Assert.Equal(error, GlobPattern.Validate(pattern));
        if (error is null && pattern.Contains('*', StringComparison.Ordinal))
            Assert.True(GlobPattern.Compile(pattern).IsMatch(pattern.Replace("*", "https://cdn.example.com/a.jpg", StringComparison.Ordinal)));
    }
}
