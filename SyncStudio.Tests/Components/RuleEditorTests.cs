using Bunit;
using SyncStudio.Services.Approvals;
using SyncStudio.Web.Components.Pages.Rules;

namespace SyncStudio.Tests.Components;

/// <summary>The rule form checks with the rule validator and shows each message against its field.</summary>
public sealed class RuleEditorTests : DashboardTestContext
{
    private ApprovalRuleInput? _saved;

    private IRenderedComponent<RuleEditor> RenderEditor(RuleForm form) =>
        Render<RuleEditor>(p => p
            .Add(e => e.Form, form)
            .Add(e => e.OnSave, input => _saved = input));

    private static Dictionary<string, string> Errors(IRenderedComponent<RuleEditor> cut) =>
        cut.FindAll("[data-testid=rule-error]").ToDictionary(e => e.GetAttribute("data-field")!, e => e.TextContent);

    [Fact]
    public void ARuleWithoutANameIsNotSavedAndSaysTheNameIsRequired()
    {
        var cut = RenderEditor(new RuleForm());

        cut.Find("[data-testid=rule-save]").Click();

        Assert.Null(_saved);
        Assert.Contains("is required", Errors(cut)["rule_name"], StringComparison.Ordinal);
        Assert.Contains("is required", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ANegativeThresholdIsReportedAgainstThatThreshold()
    {
        var form = new RuleForm { Name = "Big price cuts" };
        form.Thresholds[ApprovalVocabulary.MinPriceChangePercent] = -5;
        var cut = RenderEditor(form);

        cut.Find("[data-testid=rule-save]").Click();

        Assert.Null(_saved);
        var errors = Errors(cut);
        Assert.Equal(["value_thresholds.min_price_change_percent"], errors.Keys);
        Assert.Contains("must not be negative", errors["value_thresholds.min_price_change_percent"], StringComparison.Ordinal);
    }

    [Fact]
    public void AMaximumPriceBelowTheMinimumIsRefused()
    {
        var form = new RuleForm { Name = "Mid-range" };
        form.Thresholds[ApprovalVocabulary.MinPrice] = 100;
        form.Thresholds[ApprovalVocabulary.MaxPrice] = 50;
        var cut = RenderEditor(form);

        cut.Find("[data-testid=rule-save]").Click();

        Assert.Null(_saved);
        Assert.Contains("value_thresholds.max_price", Errors(cut).Keys);
    }

    [Fact]
    public void AValidRuleIsSavedWithOnlyTheKeysThatWereSet()
    {
        var form = new RuleForm { Name = "Small stock moves", RequiresApproval = false, NoConflicts = true, FieldPatterns = ["variants[*].inventory_quantity"] };
        form.Conditions[ApprovalVocabulary.MaxInventoryChange] = 10;
        var cut = RenderEditor(form);

        cut.Find("[data-testid=rule-save]").Click();

        Assert.Empty(cut.FindAll("[data-testid=rule-error]"));
        Assert.NotNull(_saved);
        var rule = ApprovalRuleValidator.Validate(_saved).Rule;
        Assert.NotNull(rule);
        Assert.Empty(rule.ValueThresholds);
        Assert.Equal(10m, rule.AutoApproveConditions[ApprovalVocabulary.MaxInventoryChange].Number);
        Assert.True(rule.AutoApproveConditions[ApprovalVocabulary.NoConflicts].Flag);
        Assert.Equal(["variants[*].inventory_quantity"], rule.FieldPatterns);
    }

    [Fact]
    public void FieldsArePickedByNameNotTypedAsGlobsAndTheRuleReadsBackAsASentence()
    {
        var form = new RuleForm { Name = "Big price moves" };
        form.Thresholds[ApprovalVocabulary.MinPriceChangePercent] = 20;
        var cut = RenderEditor(form);
        Assert.Empty(cut.FindAll("textarea"));

        var box = cut.Find("[data-testid=rule-field][data-field=Price]");
        (box.TagName == "INPUT" ? box : box.QuerySelector("input")!).Change(true);

        Assert.Equal(["price", "variants[*].price"], form.FieldPatterns);
        Assert.Contains("When price changes by more than 20% \u2192 hold for Approver", cut.Find("[data-testid=rule-editor-sentence]").TextContent,
            StringComparison.Ordinal);
        cut.Find("[data-testid=rule-save]").Click();
        Assert.Equal(["price", "variants[*].price"], ApprovalRuleValidator.Validate(_saved!).Rule!.FieldPatterns);
    }

    [Fact]
    public void AFieldPatternTheValidatorRefusesIsExplainedInWords()
    {
        var cut = RenderEditor(new RuleForm { Name = "Old rule", FieldPatterns = ["title", "price["] });

        cut.Find("[data-testid=rule-save]").Click();

        Assert.Null(_saved);
        var message = Errors(cut)["field_patterns[1]"];
        Assert.Equal("\u201Cprice[\u201D is not a field this rule can watch: pick the fields from the list.", message);
        Assert.DoesNotContain("invalid glob", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Other: price[", cut.Find("[data-testid=rule-field-other]").TextContent, StringComparison.Ordinal);
    }
}
