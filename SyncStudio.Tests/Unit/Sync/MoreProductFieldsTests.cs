using System.Text.Json.Nodes;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

/// <summary>The fields added by docs/decisions/0022 in the pure core: hash, diff, checks at approval and the cost rule.</summary>
public class MoreProductFieldsTests
{
    [Fact]
    public void SettingsAtShopifysDefaultsHashAsASnapshotStoredBeforeTheyWereSynced()
    {
        var stored = Snapshots.Mug();
        var read = stored with
        {
            Variants = [stored.Variants[0] with { InventoryPolicy = "DENY", Tracked = true, RequiresShipping = true, Taxable = true }],
        };

        Assert.Equal(ProductHasher.ComputeHash(stored), ProductHasher.ComputeHash(read));
        Assert.DoesNotContain("taxable", ProductHasher.CanonicalJson(read), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cost")]
    [InlineData("inventory_policy")]
    [InlineData("tracked")]
    [InlineData("requires_shipping")]
    [InlineData("taxable")]
    [InlineData("harmonized_system_code")]
    [InlineData("country_of_origin")]
    [InlineData("seo_title")]
    [InlineData("seo_description")]
    public void EachNewFieldChangesTheHashAndIsDiffedAsAPathOfItsOwn(string field)
    {
        var @base = Snapshots.Mug();
        var local = Set(@base, field);

        Assert.NotEqual(ProductHasher.ComputeHash(@base), ProductHasher.ComputeHash(local));
        var push = ThreeWayDiff.Compute(@base, local, @base).Push!;
        Assert.Equal([field], push.FieldChanges.Keys);
    }

    [Fact]
    public void ACostEditedOnBothSidesConflictsOnTheCostAloneWhileTheOtherSidesEditsFlow()
    {
        var @base = Snapshots.Mug();
        var local = @base with { Variants = [@base.Variants[0] with { Cost = 12.5m, Taxable = false }] };
        var remote = @base with { SeoTitle = "Camp mug | Trail Co", Variants = [@base.Variants[0] with { Cost = 11m }] };

        var result = ThreeWayDiff.Compute(@base, local, remote);

        Assert.Equal(["cost"], result.Pull!.ConflictFields);
        Assert.Equal(["seo_title", "cost"], result.Pull.FieldChanges.Keys);
        Assert.Equal(["taxable"], result.Push!.FieldChanges.Keys);
    }

    [Theory]
    [InlineData("harmonized_system_code", "\"12\"")]
    [InlineData("harmonized_system_code", "\"61091x\"")]
    [InlineData("country_of_origin", "\"Portugal\"")]
    [InlineData("inventory_policy", "\"sometimes\"")]
    [InlineData("tracked", "\"yes\"")]
    [InlineData("cost", "-1")]
    public void AValueShopifyWouldRefuseIsRefusedAtApprovalWithThePathNamed(string field, string json)
    {
        Assert.NotNull(FieldValues.TypeError(field, JsonNode.Parse(json)));
        Assert.NotNull(FieldValues.TypeError($"variants[S].{field}", JsonNode.Parse(json)));
    }

    [Fact]
    public void ACostChangeIsHeldByTheDefaultRulesWhereAnotherSettingAloneIsAutoApproved()
    {
        var evaluator = new ApprovalEvaluator(DefaultApprovalRules.All);
        var @base = Snapshots.Mug();

        var cost = evaluator.Evaluate(ThreeWayDiff.Compute(@base, Set(@base, "cost"), @base).Push!);
        var taxable = evaluator.Evaluate(ThreeWayDiff.Compute(@base, Set(@base, "taxable"), @base).Push!);

        Assert.Equal(ApprovalDecision.Pending, cost.Status);
        Assert.Contains(cost.Matches, m => m.RuleName == DefaultApprovalRules.CostChanges.Name);
        Assert.Equal(ApprovalDecision.Approved, taxable.Status);
    }

    private static ProductSnapshot Set(ProductSnapshot p, string field)
    {
        var v = p.Variants[0];
        return field switch
        {
            "seo_title" => p with { SeoTitle = "Camp mug" },
            "seo_description" => p with { SeoDescription = "An enamel mug for the trail." },
            _ => p with
            {
                Variants =
                [
                    field switch
                    {
                        "cost" => v with { Cost = 11m },
                        "inventory_policy" => v with { InventoryPolicy = "continue" },
                        "tracked" => v with { Tracked = false },
                        "requires_shipping" => v with { RequiresShipping = false },
                        "taxable" => v with { Taxable = false },
                        "harmonized_system_code" => v with { HarmonizedSystemCode = "691200" },
                        "country_of_origin" => v with { CountryOfOrigin = "PT" },
                        _ => throw new ArgumentOutOfRangeException(nameof(field)),
                    },
                ],
            },
        };
    }
}
