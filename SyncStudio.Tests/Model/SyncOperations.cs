using System.Globalization;
using System.Text;
using CsCheck;

namespace SyncStudio.Tests.Model;

/// <summary>What one step of a history does. The numbers of a <see cref="SyncOp"/> say which product, change, field
/// and value it picks, resolved against the state the history has reached (an index modulo the candidates), so any
/// history runs and a shorter or smaller one still means something: that is what lets CsCheck shrink.</summary>
public enum OpKind
{
    LocalEdit,
    LocalCreate,
    LocalDelete,
    ImportCsv,
    ShopifyEdit,
    ShopifyInventory,
    ShopifyReorderVariants,
    ShopifyRenameOption,
    ShopifyDelete,
    ShopifyCreate,
    ShopifyRecreate,
    ShopifyJoinCollection,
    PullFull,
    PullIncremental,
    PullCollection,
    PullUpdatedSince,
    Approve,
    ApproveNotesOnly,
    ApproveWrongType,
    Reject,
    BulkApprove,
    BulkReject,
    Push,
    PushWithFaults,
    PushNothing,
    Rollback,
    RollbackForce,
    BreakerOn,
    ReleaseHeld,
    DiscardHeld,
}

/// <summary>One step: a kind and three small numbers (which product or change, which field, which value).</summary>
public sealed record SyncOp(OpKind Kind, int A, int B, int C)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({A},{B},{C})");
}

/// <summary>A history: the catalog Shopify starts with (variants per product) and the steps.</summary>
public sealed record SyncHistory(int[] VariantCounts, SyncOp[] Ops)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("catalog [").Append(string.Join(",", VariantCounts)).Append("] ops: ");
        text.Append(string.Join("; ", Ops.Select(o => o.ToString())));
        return text.ToString();
    }

    /// <summary>Reads back what <see cref="ToString"/> prints (for <c>SYNC_MODEL_REPLAY</c>).</summary>
    public static SyncHistory Parse(string text)
    {
        var catalog = text[(text.IndexOf('[', StringComparison.Ordinal) + 1)..text.IndexOf(']', StringComparison.Ordinal)];
        var ops = text[(text.IndexOf("ops:", StringComparison.Ordinal) + 4)..]
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(op =>
            {
                var open = op.IndexOf('(', StringComparison.Ordinal);
                var numbers = op[(open + 1)..op.IndexOf(')', StringComparison.Ordinal)].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
                return new SyncOp(Enum.Parse<OpKind>(op[..open]), numbers[0], numbers[1], numbers[2]);
            }).ToArray();
        return new SyncHistory(catalog.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray(), ops);
    }
}

/// <summary>The field a local or Shopify edit changes (B of an edit step, modulo the count).</summary>
public enum EditField
{
    Title,
    Handle,
    BodyHtml,
    Vendor,
    ProductType,
    TagAdd,
    TagRemove,
    TagCaseOnly,
    Status,
    OptionName,
    Sku,
    Price,
    CompareAtPrice,
    CompareAtPriceClear,
    InventoryQuantity,
    Barcode,
    BarcodeClear,
    Weight,
    WeightClear,
    WeightUnit,
    WeightUnitUnparsable,
    OptionValue,
    VariantAdd,
    VariantRemove,
    SeoTitle,
    Cost,
    CostClear,
    InventoryPolicy,
    Taxable,
    InventoryAtSecondLocation,
    OptionAdd,
    OptionRemove,
    OptionReorder,
    MetafieldProduct,
    MetafieldVariant,
    MetafieldClear,
}

public static class SyncOperations
{
    public static readonly int EditFieldCount = Enum.GetValues<EditField>().Length;

    /// <summary>Relative frequencies: edits and reviews dominate, as in a merchant's week; pulls and pushes often
    /// enough that most edits travel.</summary>
    private static readonly (int Weight, OpKind Kind)[] Weights =
    [
        (14, OpKind.LocalEdit), (2, OpKind.LocalCreate), (2, OpKind.LocalDelete), (2, OpKind.ImportCsv),
        (12, OpKind.ShopifyEdit), (3, OpKind.ShopifyInventory), (2, OpKind.ShopifyReorderVariants), (1, OpKind.ShopifyRenameOption),
        (2, OpKind.ShopifyDelete), (2, OpKind.ShopifyCreate), (1, OpKind.ShopifyRecreate), (2, OpKind.ShopifyJoinCollection),
        (6, OpKind.PullFull), (4, OpKind.PullIncremental), (2, OpKind.PullCollection), (2, OpKind.PullUpdatedSince),
        (8, OpKind.Approve), (2, OpKind.ApproveNotesOnly), (1, OpKind.ApproveWrongType), (2, OpKind.Reject),
        (4, OpKind.BulkApprove), (1, OpKind.BulkReject),
        (6, OpKind.Push), (3, OpKind.PushWithFaults), (1, OpKind.PushNothing),
        (3, OpKind.Rollback), (2, OpKind.RollbackForce),
        (1, OpKind.BreakerOn), (2, OpKind.ReleaseHeld), (1, OpKind.DiscardHeld),
    ];

    public static Gen<SyncOp> Op { get; } =
        Gen.Frequency(Weights.Select(w => (w.Weight, (IGen<OpKind>)Gen.Const(w.Kind))).ToArray())
            .Select(Gen.Int[0, 7], Gen.Int[0, EditFieldCount - 1], Gen.Int[0, 99], (kind, a, b, c) => new SyncOp(kind, a, b, c));

    /// <summary>2–5 products of 1–3 variants, and <paramref name="minSteps"/>..<paramref name="maxSteps"/> steps.</summary>
    public static Gen<SyncHistory> Histories(int minSteps, int maxSteps) =>
        Gen.Int[1, 3].Array[2, 5].Select(Op.Array[minSteps, maxSteps], (counts, ops) => new SyncHistory(counts, ops));
}
