namespace SyncStudio.Services.Approvals;

/// <summary>
/// The closed vocabulary of approval rules (design §5). A key outside it is refused when a rule is saved, so no
/// rule silently never fires.
/// </summary>
public static class ApprovalVocabulary
{
    /// <summary>Threshold: the product's price (the larger of old and new) is at least this.</summary>
    public const string MinPrice = "min_price";

    /// <summary>Threshold: the product's price (the larger of old and new) is at most this.</summary>
    public const string MaxPrice = "max_price";

    /// <summary>Threshold: the price moves by more than this percentage of the old price.</summary>
    public const string MinPriceChangePercent = "min_price_change_percent";

    /// <summary>Threshold: inventory falls by more than this percentage of the old quantity.</summary>
    public const string MinInventoryReductionPercent = "min_inventory_reduction_percent";

    /// <summary>
    /// Threshold: the change removes at least this many variants or options (a <c>variants[&lt;key&gt;]</c> path whose new
    /// value is null, or each name by which <c>option_names</c> gets shorter), on whichever side it writes.
    /// </summary>
    public const string MinRemovals = "min_removals";

    /// <summary>Threshold and auto-approve condition: at most this many paths change.</summary>
    public const string MaxFieldsChanged = "max_fields_changed";

    /// <summary>Auto-approve condition: the price moves by at most this percentage.</summary>
    public const string MaxPriceChange = "max_price_change";

    /// <summary>Auto-approve condition: inventory moves by at most this percentage.</summary>
    public const string MaxInventoryChange = "max_inventory_change";

    /// <summary>Auto-approve condition (true/false): the change has no conflicts.</summary>
    public const string NoConflicts = "no_conflicts";

    public const string ProductEntity = "product";

    public static IReadOnlyList<string> ThresholdKeys { get; } =
        [MinPrice, MaxPrice, MinPriceChangePercent, MinInventoryReductionPercent, MinRemovals, MaxFieldsChanged];

    public static IReadOnlyList<string> AutoApproveKeys { get; } =
        [MaxPriceChange, MaxInventoryChange, MaxFieldsChanged, NoConflicts];

    public static IReadOnlyList<string> EntityTypes { get; } = [ProductEntity];
}
