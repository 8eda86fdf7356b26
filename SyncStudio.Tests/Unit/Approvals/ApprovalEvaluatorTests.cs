using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Sync;
using SyncStudio.Tests.Unit.Sync;

namespace SyncStudio.Tests.Unit.Approvals;

public class ApprovalEvaluatorTests
{
    private static readonly ApprovalEvaluator Defaults = new(DefaultApprovalRules.All);

    [Fact]
    public void FivePercentPriceChangeIsAutoApproved()
    {
        var decision = Defaults.Evaluate(PriceUpdate(100m, 105m));

        Assert.Equal(ApprovalDecision.Approved, decision.Status);
        Assert.True(decision.AutoApproved);
        Assert.Equal(0, decision.RequiredApprovalLevel);
        Assert.Equal(3, decision.Priority);
        var match = Assert.Single(decision.Matches);
        Assert.Equal("Minor Updates", match.RuleName);
        Assert.Equal(ApprovalRuleOutcome.AutoApproved, match.Outcome);
        Assert.Equal("change type is update; auto-approved: no conflicts", match.Reason);
    }

    [Fact]
    public void ThirtyPercentPriceChangeWaitsForAnApproverAtPriorityOne()
    {
        var decision = Defaults.Evaluate(PriceUpdate(100m, 130m));

        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.False(decision.AutoApproved);
        Assert.Equal(1, decision.RequiredApprovalLevel);
        Assert.Equal(1, decision.Priority);
        var held = Assert.Single(decision.Matches, m => m.Held);
        Assert.Equal("Critical Price Changes", held.RuleName);
        Assert.Equal("price moves 30.0% (> 20%)", held.Reason);
    }

    [Fact]
    public void PriceFallsAreMeasuredAgainstTheOldPrice()
    {
        // 100 -> 79 is a 21% move of the old price (it would be 26.6% of the new one).
        Assert.Equal(ApprovalDecision.Pending, Defaults.Evaluate(PriceUpdate(100m, 79m)).Status);
        Assert.Equal(ApprovalDecision.Approved, Defaults.Evaluate(PriceUpdate(100m, 81m)).Status);
    }

    [Fact]
    public void InventoryFallingFromOneHundredToFortyIsHeld()
    {
        var decision = Defaults.Evaluate(InventoryUpdate(100, 40));

        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.Equal(2, decision.Priority);
        var held = Assert.Single(decision.Matches, m => m.Held);
        Assert.Equal("Inventory Reduction", held.RuleName);
        Assert.Equal("inventory falls 60.0% (> 50%)", held.Reason);
    }

    [Theory]
    [InlineData(100, 60)]
    [InlineData(40, 100)]
    public void SmallerInventoryFallsAndRisesAreAutoApproved(int from, int to)
    {
        Assert.Equal(ApprovalDecision.Approved, Defaults.Evaluate(InventoryUpdate(from, to)).Status);
    }

    [Fact]
    public void CreateIsHeldByNewProducts()
    {
        var create = ThreeWayDiff.Compute(null, null, Snapshots.Mug()).Pull!;

        var decision = Defaults.Evaluate(create);

        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.Equal(1, decision.RequiredApprovalLevel);
        Assert.Equal(1, decision.Priority);
        var held = Assert.Single(decision.Matches);
        Assert.Equal("New Products", held.RuleName);
        Assert.Equal("change type is create", held.Reason);
    }

    [Fact]
    public void DeleteWaitsBecauseNothingIsApprovedByDefault()
    {
        var delete = ThreeWayDiff.Compute(Snapshots.Mug(), null, Snapshots.Mug()).Push!;

        var decision = Defaults.Evaluate(delete);

        Assert.Equal(ChangeTypes.Delete, delete.ChangeType);
        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.False(decision.AutoApproved);
        Assert.Equal(1, decision.RequiredApprovalLevel);
        Assert.Equal(3, decision.Priority);
        Assert.Empty(decision.Matches);
    }

    [Fact]
    public void ConflictingChangeIsNeverAutoApproved()
    {
        var mug = Snapshots.Mug(price: 100m);
        var conflict = ThreeWayDiff.Compute(mug, mug.Unlinked().WithPrice(101m), mug.WithPrice(102m)).Pull!;
        var approveEverything = new ApprovalRuleDefinition { Name = "Approve everything", RequiresApproval = false };
        var releasedWhenSmall = Rule(r => r with
        {
            Name = "Small moves",
            AutoApproveConditions = new Dictionary<string, ConditionValue> { ["max_price_change"] = 50m },
        });

        var decision = new ApprovalEvaluator([.. DefaultApprovalRules.All, approveEverything, releasedWhenSmall]).Evaluate(conflict);

        Assert.True(conflict.HasConflicts);
        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.False(decision.AutoApproved);
        Assert.Equal(ApprovalRuleOutcome.Passed, decision.Matches.Single(m => m.RuleName == "Minor Updates").Outcome);
        Assert.Equal("change type is update; not auto-approved: has conflicts", decision.Matches.Single(m => m.RuleName == "Minor Updates").Reason);
        Assert.Equal(ApprovalRuleOutcome.Passed, decision.Matches.Single(m => m.RuleName == "Approve everything").Outcome);
        Assert.Equal(ApprovalRuleOutcome.Held, decision.Matches.Single(m => m.RuleName == "Small moves").Outcome);
    }

    [Fact]
    public void HighValueRuleLetsSmallMovesOfExpensiveProductsThrough()
    {
        var evaluator = new ApprovalEvaluator([.. DefaultApprovalRules.All, DefaultApprovalRules.HighValueProductChanges]);

        var decision = evaluator.Evaluate(PriceUpdate(150m, 155m));

        Assert.Equal(ApprovalDecision.Approved, decision.Status);
        var highValue = decision.Matches.Single(m => m.RuleName == "High Value Product Changes");
        Assert.Equal(ApprovalRuleOutcome.Passed, highValue.Outcome);
        Assert.Equal(
            "change type is update; product price 155 (≥ 100); auto-approve conditions hold: price moves 3.3% (≤ 5%)",
            highValue.Reason);
    }

    [Fact]
    public void HighValueRuleHoldsLargerMovesOfExpensiveProducts()
    {
        var evaluator = new ApprovalEvaluator([.. DefaultApprovalRules.All, DefaultApprovalRules.HighValueProductChanges]);

        var decision = evaluator.Evaluate(PriceUpdate(150m, 165m));

        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.Equal(1, decision.Priority);
        var held = Assert.Single(decision.Matches, m => m.Held);
        Assert.Equal("High Value Product Changes", held.RuleName);
        Assert.Equal("change type is update; product price 165 (≥ 100); not auto-approved: price moves 10.0% (> 5%)", held.Reason);
    }

    [Fact]
    public void HighValueRuleIgnoresCheapProducts()
    {
        var evaluator = new ApprovalEvaluator([DefaultApprovalRules.HighValueProductChanges]);

        var decision = evaluator.Evaluate(PriceUpdate(50m, 60m));

        Assert.Empty(decision.Matches);
        Assert.Equal(ApprovalDecision.Pending, decision.Status);
    }

    [Fact]
    public void HighestApprovalLevelAndLowestPriorityAmongHoldingRulesWin()
    {
        var adminOnly = Rule(r => r with { Name = "Admin for prices", FieldPatterns = ["price"], ApprovalLevel = 2, Priority = 5 });
        var urgent = Rule(r => r with { Name = "Urgent", FieldPatterns = ["*"], ApprovalLevel = 1, Priority = 1 });

        var decision = new ApprovalEvaluator([adminOnly, urgent]).Evaluate(PriceUpdate(10m, 11m));

        Assert.Equal(2, decision.RequiredApprovalLevel);
        Assert.Equal(1, decision.Priority);
        Assert.Equal(2, decision.Matches.Count(m => m.Held));
    }

    [Fact]
    public void InactiveRulesAreIgnored()
    {
        var decision = new ApprovalEvaluator([DefaultApprovalRules.MinorUpdates with { IsActive = false }]).Evaluate(PriceUpdate(10m, 10.1m));

        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.Empty(decision.Matches);
    }

    [Fact]
    public void VariantPricePathsMatchTheCriticalPriceRule()
    {
        var tee = Snapshots.Tee();
        var plan = ThreeWayDiff.Compute(tee, tee.Unlinked(), tee.WithVariant(1, v => v with { Price = 30m })).Pull!;

        var decision = Defaults.Evaluate(plan);

        Assert.Equal(["variants[TEE-M].price"], plan.FieldChanges.Keys);
        Assert.Equal("Critical Price Changes", Assert.Single(decision.Matches, m => m.Held).RuleName);
        Assert.Equal("price moves 50.0% (> 20%)", decision.Matches.Single(m => m.Held).Reason);
    }

    [Theory]
    // Thresholds: the rule matches (and holds) only when every threshold holds.
    [InlineData("min_price", 100, 90, 110, true)]
    [InlineData("min_price", 120, 90, 110, false)]
    [InlineData("max_price", 110, 90, 110, true)]
    [InlineData("max_price", 100, 90, 110, false)]
    [InlineData("min_price_change_percent", 10, 100, 111, true)]
    [InlineData("min_price_change_percent", 10, 100, 110, false)]
    [InlineData("max_fields_changed", 1, 100, 110, true)]
    [InlineData("max_fields_changed", 0, 100, 110, false)]
    public void EachPriceThresholdDecidesWhetherTheRuleMatches(string key, double threshold, double from, double to, bool matches)
    {
        var rule = Rule(r => r with { ValueThresholds = new Dictionary<string, decimal> { [key] = (decimal)threshold } });

        var decision = new ApprovalEvaluator([rule]).Evaluate(PriceUpdate((decimal)from, (decimal)to));

        Assert.Equal(matches, decision.Matches.Count == 1);
    }

    [Theory]
    [InlineData(50, 100, 49, true)]
    [InlineData(50, 100, 50, false)]
    [InlineData(50, 100, 120, false)]
    public void InventoryReductionThresholdCountsOnlyFalls(double threshold, int from, int to, bool matches)
    {
        var rule = Rule(r => r with
        {
            ValueThresholds = new Dictionary<string, decimal> { ["min_inventory_reduction_percent"] = (decimal)threshold },
        });

        var decision = new ApprovalEvaluator([rule]).Evaluate(InventoryUpdate(from, to));

        Assert.Equal(matches, decision.Matches.Count == 1);
    }

    [Theory]
    [InlineData("max_price_change", 10, 100, 110, false)]
    [InlineData("max_price_change", 10, 100, 111, true)]
    [InlineData("max_fields_changed", 1, 100, 110, false)]
    [InlineData("max_fields_changed", 0, 100, 110, true)]
    public void EachNumericAutoApproveConditionReleasesAHoldingRule(string key, double limit, double from, double to, bool held)
    {
        var rule = Rule(r => r with
        {
            AutoApproveConditions = new Dictionary<string, ConditionValue> { [key] = (decimal)limit },
        });

        var decision = new ApprovalEvaluator([rule]).Evaluate(PriceUpdate((decimal)from, (decimal)to));

        Assert.Equal(held ? ApprovalRuleOutcome.Held : ApprovalRuleOutcome.Passed, Assert.Single(decision.Matches).Outcome);
    }

    [Theory]
    [InlineData(100, 80, false)]
    [InlineData(100, 79, true)]
    [InlineData(100, 121, true)]
    public void MaxInventoryChangeCountsMovesBothWays(int from, int to, bool held)
    {
        var rule = Rule(r => r with
        {
            FieldPatterns = ["inventory_quantity"],
            AutoApproveConditions = new Dictionary<string, ConditionValue> { ["max_inventory_change"] = 20m },
        });

        var decision = new ApprovalEvaluator([rule]).Evaluate(InventoryUpdate(from, to));

        Assert.Equal(held ? ApprovalRuleOutcome.Held : ApprovalRuleOutcome.Passed, Assert.Single(decision.Matches).Outcome);
    }

    [Fact]
    public void NoConflictsConditionApprovesOnlyChangesWithoutConflicts()
    {
        var rule = new ApprovalRuleDefinition
        {
            Name = "Clean updates",
            RequiresApproval = false,
            AutoApproveConditions = new Dictionary<string, ConditionValue> { ["no_conflicts"] = true },
        };
        var evaluator = new ApprovalEvaluator([rule]);

        var clean = evaluator.Evaluate(Facts(ChangeTypes.Update, hasConflicts: false));
        var conflicting = evaluator.Evaluate(Facts(ChangeTypes.Update, hasConflicts: true));

        Assert.Equal(ApprovalDecision.Approved, clean.Status);
        Assert.Equal(ApprovalDecision.Pending, conflicting.Status);
        Assert.Equal("matches every change; not auto-approved: has conflicts", conflicting.Matches[0].Reason);
    }

    [Fact]
    public void ApprovingRuleWhoseConditionsFailDoesNotApprove()
    {
        var rule = new ApprovalRuleDefinition
        {
            Name = "Tiny price moves",
            RequiresApproval = false,
            FieldPatterns = ["price"],
            AutoApproveConditions = new Dictionary<string, ConditionValue> { ["max_price_change"] = 1m },
        };

        var decision = new ApprovalEvaluator([rule]).Evaluate(PriceUpdate(100m, 105m));

        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.Equal("changes price; not auto-approved: price moves 5.0% (> 1%)", Assert.Single(decision.Matches).Reason);
    }

    [Theory]
    [InlineData(22, true)]
    [InlineData(22.01, false)]
    public void ProductPriceIsTheLargestVariantPriceOnEitherSide(double minPrice, bool matches)
    {
        // Only the 20.00 small tee changes stock; the large one costs 22.00.
        var tee = Snapshots.Tee();
        var plan = ThreeWayDiff.Compute(tee, tee.Unlinked(), tee.WithVariant(0, v => v with { InventoryQuantity = 9 })).Pull!;
        var rule = Rule(r => r with { ValueThresholds = new Dictionary<string, decimal> { ["min_price"] = (decimal)minPrice } });

        var decision = new ApprovalEvaluator([rule]).Evaluate(plan);

        Assert.Equal(matches, decision.Matches.Count == 1);
    }

    [Fact]
    public void CreateIsPricedAtItsNewPrice()
    {
        var create = ThreeWayDiff.Compute(null, null, Snapshots.Mug(price: 150m)).Pull!;
        var rule = Rule(r => r with { ValueThresholds = new Dictionary<string, decimal> { ["min_price"] = 100m } });

        var decision = new ApprovalEvaluator([rule]).Evaluate(create);

        Assert.Equal("product price 150 (≥ 100)", Assert.Single(decision.Matches).Reason);
    }

    [Fact]
    public void PriceMovingFromZeroCountsAsAnyPercentage()
    {
        var decision = Defaults.Evaluate(PriceUpdate(0m, 5m));

        var held = Assert.Single(decision.Matches, m => m.Held);
        Assert.Equal("price moves from 0 (> 20%)", held.Reason);
    }

    [Fact]
    public void EvaluatorRefusesARuleWithAnUnknownKey()
    {
        var bad = Rule(r => r with { ValueThresholds = new Dictionary<string, decimal> { ["min_prize"] = 1m } });

        Assert.Throws<ArgumentException>(() => new ApprovalEvaluator([bad]));
    }

    private static ApprovalRuleDefinition Rule(Func<ApprovalRuleDefinition, ApprovalRuleDefinition> shape) =>
        shape(new ApprovalRuleDefinition { Name = "Test rule", EntityType = "product", RequiresApproval = true });

    private static StagedChangePlan PriceUpdate(decimal from, decimal to)
    {
        var mug = Snapshots.Mug(price: from);
        return ThreeWayDiff.Compute(mug, mug.Unlinked(), mug.WithPrice(to)).Pull!;
    }

    [Fact]
    public void AVariantRemovedInShopifyWaitsForAnApprover()
    {
        var tee = Snapshots.Tee();
        var plan = ThreeWayDiff.Compute(tee, tee, tee.WithoutVariant(2)).Pull!;

        var decision = Defaults.Evaluate(plan);

        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.Equal((1, 2), (decision.RequiredApprovalLevel, decision.Priority));
        var held = Assert.Single(decision.Matches, m => m.Held);
        Assert.Equal("Variant and Option Removals", held.RuleName);
        Assert.Equal("change type is update; removes 1 variant or option (≥ 1)", held.Reason);
    }

    [Fact]
    public void AnOptionRemovedLocallyWaitsForAnApprover()
    {
        var tee = Snapshots.Tee();
        var local = tee with { OptionNames = ["Size"], Variants = [.. tee.Variants.Select(v => v with { Options = [v.Options[0]] })] };
        var plan = ThreeWayDiff.Compute(tee, local, tee).Push!;

        var decision = Defaults.Evaluate(plan);

        Assert.Equal(ApprovalDecision.Pending, decision.Status);
        Assert.Equal("Variant and Option Removals", Assert.Single(decision.Matches, m => m.Held).RuleName);
    }

    [Fact]
    public void AVariantAddedOrAnOptionRenamedIsNotHeldAsARemoval()
    {
        var tee = Snapshots.Tee();
        var added = ThreeWayDiff.Compute(tee, tee, tee with { Variants = [.. tee.Variants, Snapshots.TeeVariant("XL", 20m, 0, id: 6004)] }).Pull!;
        var renamed = ThreeWayDiff.Compute(tee, tee with { OptionNames = ["Talla", "Color"] }, tee).Push!;

        Assert.Equal(ApprovalDecision.Approved, Defaults.Evaluate(added).Status);
        Assert.Equal(ApprovalDecision.Approved, Defaults.Evaluate(renamed).Status);
    }

    private static StagedChangePlan InventoryUpdate(int from, int to)
    {
        var mug = Snapshots.Mug(inventory: from);
        return ThreeWayDiff.Compute(mug, mug.Unlinked(), mug.WithInventory(to)).Pull!;
    }

    private static ApprovalFacts Facts(string changeType, bool hasConflicts) => new()
    {
        ChangeType = changeType,
        HasConflicts = hasConflicts,
        FieldChanges = new FieldChanges { ["title"] = new FieldChange(JsonValue.Create("a"), JsonValue.Create("b")) },
    };
}
