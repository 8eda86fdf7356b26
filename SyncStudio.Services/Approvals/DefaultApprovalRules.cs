using SyncStudio.Data;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Approvals;

/// <summary>The rules seeded on first start (design §5), and the spec's example of a custom rule.</summary>
public static class DefaultApprovalRules
{
    public static ApprovalRuleDefinition CriticalPriceChanges { get; } = new()
    {
        Name = "Critical Price Changes",
        Description = "Require approval for price changes over 20%",
        EntityType = ApprovalVocabulary.ProductEntity,
        FieldPatterns = [FieldPaths.Price, "variants[*].price"],
        ValueThresholds = new Dictionary<string, decimal> { [ApprovalVocabulary.MinPriceChangePercent] = 20m },
        RequiresApproval = true,
        ApprovalLevel = 1,
        Priority = 1,
    };

    public static ApprovalRuleDefinition InventoryReduction { get; } = new()
    {
        Name = "Inventory Reduction",
        Description = "Require approval for inventory reductions over 50%",
        EntityType = ApprovalVocabulary.ProductEntity,
        // Per location too (docs/decisions/0019): a location falling by more than the threshold holds the change; the
        // total cannot fall by more than its most-fallen location, so that covers the total as well.
        FieldPatterns = [FieldPaths.InventoryQuantity, "variants[*].inventory_quantity", "inventory[*]", "variants[*].inventory[*]"],
        ValueThresholds = new Dictionary<string, decimal> { [ApprovalVocabulary.MinInventoryReductionPercent] = 50m },
        RequiresApproval = true,
        ApprovalLevel = 1,
        Priority = 2,
    };

    public static ApprovalRuleDefinition MinorUpdates { get; } = new()
    {
        Name = "Minor Updates",
        Description = "Auto-approve minor updates without conflicts",
        EntityType = ApprovalVocabulary.ProductEntity,
        ChangeType = ChangeTypes.Update,
        RequiresApproval = false,
        AutoApproveConditions = new Dictionary<string, ConditionValue> { [ApprovalVocabulary.NoConflicts] = true },
        ApprovalLevel = 1,
        Priority = 3,
    };

    public static ApprovalRuleDefinition NewProducts { get; } = new()
    {
        Name = "New Products",
        Description = "Require approval for new product creation",
        EntityType = ApprovalVocabulary.ProductEntity,
        ChangeType = ChangeTypes.Create,
        RequiresApproval = true,
        ApprovalLevel = 1,
        Priority = 1,
    };

    /// <summary>
    /// Removing a variant or an option takes its stock, its history in orders' reports and (for an option) every
    /// variant's value with it: it waits for an Approver whatever else the change does (decision 0018). Seeded on its
    /// own (<see cref="Generations"/>) so databases seeded before it get it too.
    /// </summary>
    public static ApprovalRuleDefinition VariantAndOptionRemovals { get; } = new()
    {
        Name = "Variant and Option Removals",
        Description = "Require approval for removing variants or options",
        EntityType = ApprovalVocabulary.ProductEntity,
        ChangeType = ChangeTypes.Update,
        FieldPatterns = ["variants[*]", FieldPaths.OptionNames],
        ValueThresholds = new Dictionary<string, decimal> { [ApprovalVocabulary.MinRemovals] = 1m },
        RequiresApproval = true,
        ApprovalLevel = 1,
        Priority = 2,
    };

    /// <summary>
    /// What an item costs the merchant drives margins and reports, and is never seen by a shopper who could notice a
    /// mistake: a cost change, on either side, waits for an Approver whatever else the change does (docs/decisions/0022).
    /// Seeded on its own (<see cref="Generations"/>) so databases seeded before it get it too.
    /// </summary>
    public static ApprovalRuleDefinition CostChanges { get; } = new()
    {
        Name = "Cost changes need approval",
        Description = "Require approval for any change of cost per item (never auto-approved)",
        EntityType = ApprovalVocabulary.ProductEntity,
        FieldPatterns = [FieldPaths.Cost, "variants[*].cost"],
        RequiresApproval = true,
        ApprovalLevel = 1,
        Priority = 1,
    };

    /// <summary>
    /// Metafields carry what a merchant's theme and apps read (sizes, care, compliance data) with no check of their own in
    /// the review beyond their type: a change of any synced metafield, on either side, waits for an Approver
    /// (docs/decisions/0023). Seeded as its own generation so databases seeded before it get it once.
    /// </summary>
    public static ApprovalRuleDefinition MetafieldChanges { get; } = new()
    {
        Name = "Metafield changes need approval",
        Description = "Require approval for any change of a product's or variant's metafields",
        EntityType = ApprovalVocabulary.ProductEntity,
        FieldPatterns = ["metafields.*", "variants[*].metafields.*"],
        RequiresApproval = true,
        ApprovalLevel = 1,
        Priority = 1,
    };

    /// <summary>
    /// Images are what shoppers see first, and an image removed from Shopify cannot be recovered from Shopify: a change
    /// of a product's images (added, removed, reordered, alt text) or of a variant's image, on either side, waits for an
    /// Approver (docs/decisions/0029). Seeded as its own generation so databases seeded before it get it once.
    /// </summary>
    public static ApprovalRuleDefinition MediaChanges { get; } = new()
    {
        Name = "Media changes need approval",
        Description = "Require approval for any change of a product's images or a variant's image",
        EntityType = ApprovalVocabulary.ProductEntity,
        FieldPatterns = [FieldPaths.Images, "images[*].alt", FieldPaths.Image, "variants[*].image"],
        RequiresApproval = true,
        ApprovalLevel = 1,
        Priority = 1,
    };

    /// <summary>The spec's custom-rule example; not seeded.</summary>
    public static ApprovalRuleDefinition HighValueProductChanges { get; } = new()
    {
        Name = "High Value Product Changes",
        Description = "Require approval for changes to products over $100",
        EntityType = ApprovalVocabulary.ProductEntity,
        ChangeType = ChangeTypes.Update,
        FieldPatterns = [FieldPaths.Price],
        ValueThresholds = new Dictionary<string, decimal> { [ApprovalVocabulary.MinPrice] = 100m },
        RequiresApproval = true,
        AutoApproveConditions = new Dictionary<string, ConditionValue> { [ApprovalVocabulary.MaxPriceChange] = 5m },
        ApprovalLevel = 1,
        Priority = 1,
    };

    /// <summary>The rules seeded on first start: the design's four in its order, then those added since.</summary>
    public static IReadOnlyList<ApprovalRuleDefinition> All { get; } =
        [CriticalPriceChanges, InventoryReduction, MinorUpdates, NewProducts, VariantAndOptionRemovals, CostChanges, MetafieldChanges, MediaChanges];

    /// <summary>
    /// The rules seeded in each generation, by its marker: a database seeded by an earlier generation gets the later ones
    /// on its next start, each exactly once (a rule an Admin deleted is never seeded again).
    /// </summary>
    public static IReadOnlyList<(string Marker, IReadOnlyList<ApprovalRuleDefinition> Rules)> Generations { get; } =
    [
        ("defaults-v1", [CriticalPriceChanges, InventoryReduction, MinorUpdates, NewProducts]),
        ("defaults-v2", [VariantAndOptionRemovals]),
        ("defaults-v3", [CostChanges]),
        ("defaults-v4", [MetafieldChanges]),
        ("defaults-v5", [MediaChanges]),
    ];

}
