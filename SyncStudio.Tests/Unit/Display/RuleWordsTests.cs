using SyncStudio.Data;
using SyncStudio.Services.Approvals;
using SyncStudio.Web.Display;

namespace SyncStudio.Tests.Unit.Display;

public sealed class RuleWordsTests
{
    private static RuleShape Rule(string[] patterns, Dictionary<string, decimal>? thresholds = null, bool requires = true, int level = 1,
        string? changeType = null, Dictionary<string, decimal>? conditions = null, bool? noConflicts = null) =>
        new(changeType, patterns, thresholds ?? [], requires, level, conditions ?? [], noConflicts);

    [Fact]
    public void APriceRuleReadsAsTheSentenceAManagerWouldSay()
    {
        var rule = Rule(["price", "variants[*].price"], new() { [ApprovalVocabulary.MinPriceChangePercent] = 20, [ApprovalVocabulary.MinPrice] = 100 });

        Assert.Equal("When price changes by more than 20% on products priced at least $100 \u2192 hold for Approver", RuleWords.Sentence(rule, "USD"));
    }

    [Fact]
    public void SeveralFieldsAreNamedAsTheAdminNamesThemAndAnAutoApprovalSaysItsConditions()
    {
        var rule = Rule(["variants[*].compare_at_price", "handle", "body_html"], requires: false,
            conditions: new() { [ApprovalVocabulary.MaxFieldsChanged] = 3 }, noConflicts: true);

        Assert.Equal("When URL handle, description or compare-at price changes \u2192 approve automatically if at most 3 fields change and there are no conflicts",
            RuleWords.Sentence(rule, null));
    }

    [Fact]
    public void ARuleOnNewProductsOrRemovalsSaysSo()
    {
        Assert.Equal("When a new product arrives on products priced between \u20AC10 and \u20AC20.50 \u2192 hold for Admin",
            RuleWords.Sentence(Rule([], new() { [ApprovalVocabulary.MinPrice] = 10, [ApprovalVocabulary.MaxPrice] = 20.5m }, level: 2, changeType: ChangeTypes.Create), "EUR"));
        Assert.Equal("When option names or a variant changes and at least 1 variant or option is removed \u2192 hold for Approver",
            RuleWords.Sentence(Rule(["variants[*]", "option_names"], new() { [ApprovalVocabulary.MinRemovals] = 1 }), null));
    }

    [Fact]
    public void AHoldingRuleWithConditionsSaysWhatReleasesTheChange() =>
        Assert.Equal("When price changes on products priced at least $100 \u2192 hold for Approver unless the price moves by at most 5%",
            RuleWords.Sentence(Rule(["price"], new() { [ApprovalVocabulary.MinPrice] = 100 }, conditions: new() { [ApprovalVocabulary.MaxPriceChange] = 5 }), "USD"));

    [Fact]
    public void ThePickerSelectsAFieldByAnyOfItsPatternsAndKeepsPatternsItHasNoFieldFor()
    {
        var (fields, other) = RuleWords.Split(["variants[*].inventory_quantity", "variants[S*].price", "title"]);

        Assert.Equal(["Title", "Quantity"], fields.Select(f => f.Label));
        Assert.Equal(["variants[S*].price"], other);
        Assert.All(RuleWords.Fields.SelectMany(f => f.Patterns), p => Assert.Null(GlobPattern.Validate(p)));
    }

    [Theory]
    [InlineData("field_patterns[1]", GlobPattern.InvalidGlob, "\u201Cprice[\u201D is not a field this rule can watch: pick the fields from the list.")]
    [InlineData("field_patterns[0]", GlobPattern.UnknownField, "\u201Ctitle\u201D names no product or variant field: pick the fields from the list.")]
    [InlineData("rule_name", "is required", "Name is required.")]
    [InlineData("value_thresholds.min_price_change_percent", "must not be negative", "\u201CPrice moves by more than (%)\u201D must not be negative.")]
    [InlineData("value_thresholds.max_price", "must not be less than min_price", "\u201CPrice at most\u201D must not be less than the lowest price.")]
    public void ValidatorMessagesAreSaidInWords(string key, string message, string expected) =>
        Assert.Equal(expected, RuleWords.Message(key, message, ["title", "price["]));
}
