using SyncStudio.Services.Approvals;

namespace SyncStudio.Services.Sync;

/// <summary>Which side owns a field: its value wins, and the other side's edits of it are undone (docs/decisions/0026).</summary>
public enum FieldOwner
{
    /// <summary>No owner: the three-way diff of design §4 (the default).</summary>
    TwoWay,
    Local,
    Shopify,
}

/// <summary>One saved policy: a field-path glob (the approval rules' syntax) and its owner.</summary>
public sealed record FieldOwnershipEntry(string Pattern, FieldOwner Owner);

/// <summary>
/// The field ownership policies, compiled once and read by the three-way diff for each path it stages. The first
/// pattern that matches decides. A bare variant field (<c>price</c>) also names that field of every variant
/// (<c>variants[*].price</c>): owning the price means owning every price, whatever the product's shape.
/// </summary>
public sealed class FieldOwnership
{
    public const string LocalReason = "owned by local";
    public const string ShopifyReason = "owned by Shopify";

    private readonly (GlobPattern Pattern, GlobPattern? Variants, FieldOwner Owner)[] _entries;

    public FieldOwnership(IEnumerable<FieldOwnershipEntry> entries)
    {
        _entries = [.. entries.Select(e => (
            GlobPattern.Compile(e.Pattern),
            !e.Pattern.StartsWith("variants[", StringComparison.Ordinal) && !e.Pattern.Contains('*', StringComparison.Ordinal) && FieldPaths.IsVariantField(e.Pattern)
                ? GlobPattern.Compile("variants[*]." + e.Pattern)
                : null,
            e.Owner))];
        Entries = [.. entries];
    }

    /// <summary>No owned fields: every path is two-way.</summary>
    public static FieldOwnership None { get; } = new([]);

    public IReadOnlyList<FieldOwnershipEntry> Entries { get; }

    public bool IsEmpty => _entries.Length == 0;

    public FieldOwner OwnerOf(string path)
    {
        foreach (var (pattern, variants, owner) in _entries)
        {
            if (pattern.IsMatch(path) || variants?.IsMatch(path) == true)
                return owner;
        }
        return FieldOwner.TwoWay;
    }

    /// <summary>The text a staged field change carries when ownership decided it.</summary>
    public static string? Reason(FieldOwner owner) => owner switch
    {
        FieldOwner.Local => LocalReason,
        FieldOwner.Shopify => ShopifyReason,
        _ => null,
    };

    /// <summary>
    /// What an owned path becomes: every difference goes toward the owner's value. The owner's own edit is staged as
    /// usual; the other side's edit, a conflict, or a difference with no base is staged back toward the owner.
    /// </summary>
    public static PathDecision Decide(PathDecision decision, FieldOwner owner) => (decision, owner) switch
    {
        (PathDecision.Pull or PathDecision.Push or PathDecision.Conflict, FieldOwner.Local) => PathDecision.Push,
        (PathDecision.Pull or PathDecision.Push or PathDecision.Conflict, FieldOwner.Shopify) => PathDecision.Pull,
        _ => decision,
    };
}
