namespace SyncStudio.Services.Sync;

/// <summary>
/// One variant as each side holds it, under the key its <c>variants[&lt;key&gt;]</c> paths use (Shopify's key when
/// Shopify has it). <see cref="LocalKey"/> and <see cref="RemoteKey"/> are what each side itself calls the variant
/// there, which differs from <see cref="Key"/> when one side changed its SKU or options.
/// </summary>
public sealed record AlignedVariant(string Key, VariantSnapshot? Base, VariantSnapshot? Local, VariantSnapshot? Remote)
{
    public string? LocalKey { get; init; }

    public string? RemoteKey { get; init; }
}

internal readonly record struct VariantGroup(string Key, CanonicalVariant? Base, CanonicalVariant? Local, CanonicalVariant? Remote);

/// <summary>
/// Lines up the variants of base, local and remote: by Shopify variant id, then SKU, then option values.
/// Two variants that both carry an id and differ in it are never paired by SKU or options.
/// A group's key is Shopify's key for the variant when Shopify has it, else the base's, else the local one.
/// </summary>
internal static class VariantAlignment
{
    // Below this many candidate pairs, nested loops beat building dictionaries.
    private const int DictionaryThreshold = 256;

    public static VariantGroup[] Align(CanonicalProduct? b, CanonicalProduct? l, CanonicalProduct? r)
    {
        var bv = b?.Variants ?? [];
        var lv = l?.Variants ?? [];
        var rv = r?.Variants ?? [];

        var bToL = Match(bv, lv);
        var bToR = Match(bv, rv);
        var lTaken = new bool[lv.Length];
        var rTaken = new bool[rv.Length];
        var groups = new List<VariantGroup>(Math.Max(bv.Length, Math.Max(lv.Length, rv.Length)) + 1);
        for (var i = 0; i < bv.Length; i++)
        {
            CanonicalVariant? lm = null, rm = null;
            if (bToL[i] >= 0)
            {
                lm = lv[bToL[i]];
                lTaken[bToL[i]] = true;
            }

            if (bToR[i] >= 0)
            {
                rm = rv[bToR[i]];
                rTaken[bToR[i]] = true;
            }

            groups.Add(new VariantGroup(string.Empty, bv[i], lm, rm));
        }

        var lRest = Untaken(lv, lTaken);
        var rRest = Untaken(rv, rTaken);
        var lToR = Match(lRest, rRest);
        var rRestTaken = new bool[rRest.Length];
        for (var i = 0; i < lRest.Length; i++)
        {
            CanonicalVariant? rm = null;
            if (lToR[i] >= 0)
            {
                rm = rRest[lToR[i]];
                rRestTaken[lToR[i]] = true;
            }

            groups.Add(new VariantGroup(string.Empty, null, lRest[i], rm));
        }

        for (var j = 0; j < rRest.Length; j++)
        {
            if (!rRestTaken[j])
                groups.Add(new VariantGroup(string.Empty, null, null, rRest[j]));
        }

        var keys = new string[groups.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var g = groups[i];
            keys[i] = (g.Remote ?? g.Base ?? g.Local)!.Key;
        }

        CanonicalProduct.MakeUnique(keys);
        var result = new VariantGroup[groups.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = groups[i] with { Key = keys[i] };
        if (result.Length > 1)
            Array.Sort(result, static (x, y) => string.CompareOrdinal(x.Key, y.Key));
        return result;
    }

    /// <summary>For each variant of <paramref name="a"/>, the index of its match in <paramref name="b"/>, or -1.</summary>
    public static int[] Match(CanonicalVariant[] a, CanonicalVariant[] b)
    {
        var aToB = new int[a.Length];
        Array.Fill(aToB, -1);
        if (a.Length == 0 || b.Length == 0)
            return aToB;

        var taken = new bool[b.Length];
        var large = (long)a.Length * b.Length > DictionaryThreshold;
        if (large)
        {
            MatchIdsWithDictionary(a, b, aToB, taken);
            MatchTextWithDictionary(a, b, aToB, taken, static v => v.Sku);
            MatchTextWithDictionary(a, b, aToB, taken, static v => string.Join('\u001f', v.Options));
        }
        else
        {
            MatchLinear(a, b, aToB, taken, static (x, y) => x.ShopifyVariantId is { } id && id == y.ShopifyVariantId);
            MatchLinear(a, b, aToB, taken, static (x, y) => x.Sku is { } sku && sku == y.Sku && IdsCompatible(x, y));
            MatchLinear(a, b, aToB, taken, static (x, y) => SameOptions(x, y) && IdsCompatible(x, y));
        }

        return aToB;
    }

    private static bool IdsCompatible(CanonicalVariant x, CanonicalVariant y) =>
        x.ShopifyVariantId is null || y.ShopifyVariantId is null || x.ShopifyVariantId == y.ShopifyVariantId;

    private static bool SameOptions(CanonicalVariant x, CanonicalVariant y)
    {
        if (x.Options.Count != y.Options.Count)
            return false;
        for (var i = 0; i < x.Options.Count; i++)
        {
            if (!string.Equals(x.Options[i], y.Options[i], StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    private static void MatchLinear(
        CanonicalVariant[] a, CanonicalVariant[] b, int[] aToB, bool[] taken, Func<CanonicalVariant, CanonicalVariant, bool> same)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (aToB[i] >= 0)
                continue;
            for (var j = 0; j < b.Length; j++)
            {
                if (!taken[j] && same(a[i], b[j]))
                {
                    aToB[i] = j;
                    taken[j] = true;
                    break;
                }
            }
        }
    }

    private static void MatchIdsWithDictionary(CanonicalVariant[] a, CanonicalVariant[] b, int[] aToB, bool[] taken)
    {
        var byId = new Dictionary<long, int>(b.Length);
        for (var j = 0; j < b.Length; j++)
        {
            if (b[j].ShopifyVariantId is { } id)
                byId.TryAdd(id, j);
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].ShopifyVariantId is { } id && byId.Remove(id, out var j))
            {
                aToB[i] = j;
                taken[j] = true;
            }
        }
    }

    private static void MatchTextWithDictionary(
        CanonicalVariant[] a, CanonicalVariant[] b, int[] aToB, bool[] taken, Func<CanonicalVariant, string?> keyOf)
    {
        var byKey = new Dictionary<string, int>(b.Length, StringComparer.Ordinal);
        for (var j = 0; j < b.Length; j++)
        {
            if (!taken[j] && keyOf(b[j]) is { } key)
                byKey.TryAdd(key, j);
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (aToB[i] >= 0 || keyOf(a[i]) is not { } key || !byKey.TryGetValue(key, out var j))
                continue;
            if (!IdsCompatible(a[i], b[j]))
                continue;
            byKey.Remove(key);
            aToB[i] = j;
            taken[j] = true;
        }
    }

    private static CanonicalVariant[] Untaken(CanonicalVariant[] variants, bool[] taken)
    {
        var count = 0;
        foreach (var t in taken)
        {
            if (!t)
                count++;
        }

        if (count == variants.Length)
            return variants;

        var rest = new CanonicalVariant[count];
        var k = 0;
        for (var i = 0; i < variants.Length; i++)
        {
            if (!taken[i])
                rest[k++] = variants[i];
        }

        return rest;
    }
}
