using System.Text.Json;
using SyncStudio.Services.Approvals;

namespace SyncStudio.Tests.Unit.Approvals;

public class DefaultApprovalRulesTests
{
    [Fact]
    public void SeedsTheFourRulesOfTheDesignThenTheRemovalsRuleThenTheCostRuleThenTheMetafieldRuleThenTheMediaRule()
    {
        Assert.Equal(
            ["Critical Price Changes", "Inventory Reduction", "Minor Updates", "New Products", "Variant and Option Removals", "Cost changes need approval",
                "Metafield changes need approval", "Media changes need approval"],
            DefaultApprovalRules.All.Select(r => r.Name));
        Assert.All(DefaultApprovalRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
        Assert.Equal([1, 2, 3, 1, 2, 1, 1, 1], DefaultApprovalRules.All.Select(r => r.Priority));
        Assert.Equal([true, true, false, true, true, true, true, true], DefaultApprovalRules.All.Select(r => r.RequiresApproval));
        Assert.Equal(DefaultApprovalRules.All, DefaultApprovalRules.Generations.SelectMany(g => g.Rules));
    }

    [Fact]
    public void EveryDefaultRuleAndTheCustomExamplePassTheValidator()
    {
        foreach (var rule in DefaultApprovalRules.All.Append(DefaultApprovalRules.HighValueProductChanges))
        {
            var input = new ApprovalRuleInput
            {
                RuleName = rule.Name,
                RuleDescription = rule.Description,
                EntityType = rule.EntityType,
                ChangeType = rule.ChangeType,
                FieldPatterns = JsonSerializer.SerializeToElement(rule.FieldPatterns),
                ValueThresholds = JsonSerializer.SerializeToElement(rule.ValueThresholds),
                RequiresApproval = rule.RequiresApproval,
                AutoApproveConditions = JsonSerializer.SerializeToElement(rule.AutoApproveConditions),
                ApprovalLevel = rule.ApprovalLevel,
                Priority = rule.Priority,
            };

            var result = ApprovalRuleValidator.Validate(input);

            Assert.True(result.IsValid, $"{rule.Name}: {string.Join("; ", result.Errors)}");
            Assert.Equal(rule.FieldPatterns, result.Rule!.FieldPatterns);
            Assert.Equal(rule.AutoApproveConditions, result.Rule.AutoApproveConditions);
        }
    }

    [Fact]
    public void ConditionsSerialiseAsBareJsonValues()
    {
        Assert.Equal("""{"no_conflicts":true}""", JsonSerializer.Serialize(DefaultApprovalRules.MinorUpdates.AutoApproveConditions));
        Assert.Equal("""{"max_price_change":5}""", JsonSerializer.Serialize(DefaultApprovalRules.HighValueProductChanges.AutoApproveConditions));
    }
}
