namespace SyncStudio.Services.Sync;

/// <summary>
/// What the changes of one product applied so far in one push left on each side. Changes of a product apply in order,
/// and each is checked against the side as it was staged; a later change was staged against the state before the
/// earlier ones wrote, so it also accepts a side that moved only by them: the side is still exactly as the last of them
/// left it, that chain started from the state this change was staged against, and the paths this change writes still
/// hold their staged values (<see cref="ChangePlan.LocalHoldsStagedValues"/>). Anyone else moving the side in between
/// changes its hash, so the change is stale as before (docs/decisions/0006).
/// </summary>
internal sealed class ProductApplyChain
{
    private Side _local;
    private Side _shopify;

    /// <summary>True when <paramref name="hashNow"/> is what earlier changes of this push left, starting from <paramref name="stagedHash"/>.</summary>
    public bool LocalMovedOnlyByEarlierChanges(string? stagedHash, string? hashNow) => _local.Explains(stagedHash, hashNow);

    /// <summary>True when <paramref name="hashNow"/> is what earlier changes of this push left, starting from <paramref name="stagedHash"/>.</summary>
    public bool ShopifyMovedOnlyByEarlierChanges(string? stagedHash, string? hashNow) => _shopify.Explains(stagedHash, hashNow);

    /// <summary>
    /// A change applied: on each side it wrote, it found <c>before</c> (its staged hash, or what earlier changes left)
    /// and left <c>after</c>.
    /// </summary>
    public void Applied(bool wroteLocal, string? localStaged, string? localAfter, bool wroteShopify, string? shopifyStaged, string? shopifyAfter)
    {
        if (wroteLocal)
            _local = _local.Then(localStaged, localAfter);
        if (wroteShopify)
            _shopify = _shopify.Then(shopifyStaged, shopifyAfter);
    }

    private readonly record struct Side(string? From, string? After)
    {
        public bool Explains(string? stagedHash, string? hashNow) =>
            stagedHash is not null && hashNow is not null && After is not null && From == stagedHash && After == hashNow;

        /// <summary>A change staged against where this chain started extends it; any other starts a new one.</summary>
        public Side Then(string? staged, string? after) => new(From is not null && From == staged ? From : staged, after);
    }
}
