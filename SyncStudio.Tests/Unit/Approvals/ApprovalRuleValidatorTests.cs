using System.Text.Json;
using SyncStudio.Services.Approvals;

namespace SyncStudio.Tests.Unit.Approvals;

public class ApprovalRuleValidatorTests
{
    [Fact]
    public void SpecsCustomRuleIsValid()
    {
        var result = Validate("""
            {
              "rule_name": "High Value Product Changes",
              "rule_description": "Require approval for changes to products over $100",
              "entity_type": "product",
              "change_type": "update",
              "field_patterns": ["price"],
              "value_thresholds": { "min_price": 100 },
              "requires_approval": true,
              "auto_approve_conditions": { "max_price_change": 5 },
              "priority": 1
            }
            """);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        var rule = result.Rule!;
        Assert.Equal("High Value Product Changes", rule.Name);
        Assert.Equal("update", rule.ChangeType);
        Assert.Equal(["price"], rule.FieldPatterns);
        Assert.Equal(100m, rule.ValueThresholds["min_price"]);
        Assert.Equal(5m, rule.AutoApproveConditions["max_price_change"].Number);
        Assert.Equal(1, rule.ApprovalLevel);
        Assert.Equal(1, rule.Priority);
        Assert.True(rule.IsActive);
    }

    [Fact]
    public void EveryVocabularyKeyIsAccepted()
    {
        var result = Validate("""
            {
              "rule_name": "All keys",
              "value_thresholds": { "min_price": 1, "max_price": 2.5, "min_price_change_percent": 20,
                                    "min_inventory_reduction_percent": 50, "min_removals": 1, "max_fields_changed": 3 },
              "auto_approve_conditions": { "max_price_change": 5, "max_inventory_change": 10,
                                           "max_fields_changed": 2, "no_conflicts": true },
              "approval_level": 2
            }
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(ApprovalVocabulary.ThresholdKeys.Order(), result.Rule!.ValueThresholds.Keys.Order());
        Assert.Equal(ApprovalVocabulary.AutoApproveKeys.Order(), result.Rule.AutoApproveConditions.Keys.Order());
        Assert.True(result.Rule.AutoApproveConditions["no_conflicts"].Flag);
        Assert.Equal(2, result.Rule.ApprovalLevel);
    }

    [Theory]
    [InlineData("""{"rule_name": ""}""", "rule_name", "is required")]
    [InlineData("""{"rule_name": "   "}""", "rule_name", "is required")]
    [InlineData("""{}""", "rule_name", "is required")]
    [InlineData("""{"rule_name": "r", "value_thresholds": {"foo": 1}}""", "value_thresholds.foo", "unknown key")]
    [InlineData("""{"rule_name": "r", "auto_approve_conditions": {"min_price": 1}}""", "auto_approve_conditions.min_price", "unknown key")]
    [InlineData("""{"rule_name": "r", "value_thresholds": {"min_price": -1}}""", "value_thresholds.min_price", "must not be negative")]
    [InlineData("""{"rule_name": "r", "value_thresholds": {"min_price_change_percent": "20"}}""", "value_thresholds.min_price_change_percent", "must be a number")]
    [InlineData("""{"rule_name": "r", "value_thresholds": {"max_fields_changed": 2.5}}""", "value_thresholds.max_fields_changed", "must be a whole number")]
    [InlineData("""{"rule_name": "r", "value_thresholds": {"min_price": 10, "max_price": 5}}""", "value_thresholds.max_price", "must not be less than min_price")]
    [InlineData("""{"rule_name": "r", "value_thresholds": [1]}""", "value_thresholds", "must be an object")]
    [InlineData("""{"rule_name": "r", "auto_approve_conditions": {"no_conflicts": 1}}""", "auto_approve_conditions.no_conflicts", "must be true or false")]
    [InlineData("""{"rule_name": "r", "auto_approve_conditions": {"max_price_change": true}}""", "auto_approve_conditions.max_price_change", "must be a number")]
    [InlineData("""{"rule_name": "r", "auto_approve_conditions": {"max_inventory_change": -5}}""", "auto_approve_conditions.max_inventory_change", "must not be negative")]
    [InlineData("""{"rule_name": "r", "auto_approve_conditions": "yes"}""", "auto_approve_conditions", "must be an object")]
    [InlineData("""{"rule_name": "r", "field_patterns": ["price", "variants[*.price"]}""", "field_patterns[1]", "invalid glob")]
    [InlineData("""{"rule_name": "r", "field_patterns": [""]}""", "field_patterns[0]", "invalid glob")]
    [InlineData("""{"rule_name": "r", "field_patterns": ["pri ce"]}""", "field_patterns[0]", "invalid glob")]
    [InlineData("""{"rule_name": "r", "field_patterns": ["prise"]}""", "field_patterns[0]", "unknown field")]
    [InlineData("""{"rule_name": "r", "field_patterns": [3]}""", "field_patterns[0]", "must be a string")]
    [InlineData("""{"rule_name": "r", "field_patterns": "price"}""", "field_patterns", "must be an array of strings")]
    [InlineData("""{"rule_name": "r", "approval_level": 3}""", "approval_level", "must be 1 or 2")]
    [InlineData("""{"rule_name": "r", "approval_level": 0}""", "approval_level", "must be 1 or 2")]
    [InlineData("""{"rule_name": "r", "change_type": "upsert"}""", "change_type", "must be one of create, update, delete")]
    [InlineData("""{"rule_name": "r", "entity_type": "order"}""", "entity_type", "must be product")]
    [InlineData("""{"rule_name": "r", "priority": 0}""", "priority", "must be 1 or more")]
    public void NamesEachBadField(string json, string field, string message)
    {
        var result = Validate(json);

        Assert.False(result.IsValid);
        Assert.Null(result.Rule);
        Assert.Equal(message, Assert.Contains(field, result.Errors));
    }

    [Fact]
    public void ReportsEveryErrorAtOnce()
    {
        var result = Validate("""
            {
              "rule_name": "",
              "change_type": "merge",
              "field_patterns": ["price", "]["],
              "value_thresholds": { "foo": 1, "min_price": "cheap" },
              "auto_approve_conditions": { "no_conflicts": "yes" },
              "approval_level": 5
            }
            """);

        Assert.Equal(
            ["approval_level", "auto_approve_conditions.no_conflicts", "change_type", "field_patterns[1]",
             "rule_name", "value_thresholds.foo", "value_thresholds.min_price"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MissingOptionalFieldsTakeTheTableDefaults()
    {
        var rule = Validate("""{"rule_name": "Defaults"}""").Rule!;

        Assert.Null(rule.EntityType);
        Assert.Null(rule.ChangeType);
        Assert.Empty(rule.FieldPatterns);
        Assert.Empty(rule.ValueThresholds);
        Assert.Empty(rule.AutoApproveConditions);
        Assert.True(rule.RequiresApproval);
        Assert.Equal(1, rule.ApprovalLevel);
        Assert.True(rule.IsActive);
        Assert.Equal(3, rule.Priority);
    }

    private static ApprovalRuleValidation Validate(string json) =>
        ApprovalRuleValidator.Validate(JsonSerializer.Deserialize<ApprovalRuleInput>(json)!);
}
