using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncStudio.Services.Sync;

/// <summary>
/// Writes <c>field_changes</c> values back onto a snapshot: what applying a change, resolving a conflict with a
/// chosen value, or rolling back needs. Pure: returns a new snapshot.
/// </summary>
public static class SnapshotPatch
{
    /// <summary>
    /// Sets <paramref name="path"/> on <paramref name="target"/> to <paramref name="value"/>. For
    /// <c>variants[&lt;key&gt;]</c> paths, <paramref name="variant"/> is the target's variant under that key (the
    /// <see cref="AlignedVariant.Local"/> or <see cref="AlignedVariant.Remote"/> of
    /// <see cref="ThreeWayDiff.AlignVariants"/>, which knows a variant whose SKU changed); when null, the key is
    /// looked up in the target itself. A null value at <c>variants[&lt;key&gt;]</c> removes the variant; an
    /// object adds it, or replaces its fields and keeps its ids.
    /// </summary>
    public static bool TryApply(
        ProductSnapshot target, string path, JsonNode? value, out ProductSnapshot result, out string? error, VariantSnapshot? variant = null)
    {
        result = target;
        if (!TryResolve(target, path, new VariantRef(variant, null, null), out var parsed, out var index, out error))
            return false;

        try
        {
            result = Apply(target, parsed, value, index);
            return true;
        }
        catch (PatchException e)
        {
            error = $"{path}: {e.Message}";
            return false;
        }
    }

    /// <summary>
    /// Applies several values at once (a change's <see cref="FieldChanges.NewValues"/> onto the side it writes, or
    /// its <see cref="FieldChanges.OldValues"/> to roll back). Variants are resolved against
    /// <paramref name="target"/> before anything is written, through <paramref name="alignment"/> when given
    /// (<paramref name="targetIsLocal"/> picks its local or its Shopify variants); removals are applied last.
    /// The alignment is <see cref="ThreeWayDiff.AlignVariants"/> of the snapshots the paths came from, with
    /// <paramref name="target"/> in its own place: paths carry Shopify's variant keys, the target may not.
    /// </summary>
    public static bool TryApplyAll(
        ProductSnapshot target, IEnumerable<KeyValuePair<string, JsonNode?>> values, IReadOnlyList<AlignedVariant>? alignment,
        bool targetIsLocal, out ProductSnapshot result, out string? error)
    {
        result = target;
        var removals = new List<int>();
        var writes = new List<(string Path, FieldPath Parsed, JsonNode? Value, int Index, VariantSnapshot? Mirror)>();
        foreach (var (path, value) in values)
        {
            var variant = default(VariantRef);
            VariantSnapshot? mirror = null;
            if (alignment is not null && FieldPaths.TryParse(path, out var named) && named.VariantKey is { } key
                && alignment.FirstOrDefault(a => a.Key == key) is { } group)
            {
                // The target is usually read afresh (not the staged snapshot the alignment holds), and its side may call
                // the variant otherwise than the path does (its SKU changed): find it by Shopify's variant id first, as
                // the diff paired it, then by the name its side gave it when staged.
                var staged = targetIsLocal ? group.Local : group.Remote;
                var other = targetIsLocal ? group.Remote : group.Local;
                variant = new VariantRef(staged, staged?.ShopifyVariantId ?? other?.ShopifyVariantId, targetIsLocal ? group.LocalKey : group.RemoteKey);
                // A variant Shopify has and the local side lacks comes with Shopify's ids: the local variant mirrors that
                // variant from now on, so a rollback (or a later change) finds it by id rather than by a SKU that may move.
                mirror = targetIsLocal ? group.Remote : null;
            }

            if (!TryResolve(target, path, variant, out var parsed, out var index, out error))
                return false;
            if (parsed.Scope == FieldPathScope.WholeVariant && IsNull(value))
            {
                if (index >= 0)
                    removals.Add(index);
            }
            else
            {
                writes.Add((path, parsed, value, index, mirror));
            }
        }

        var current = target;
        foreach (var (path, parsed, value, index, mirror) in writes)
        {
            try
            {
                current = Apply(current, parsed, value, index, mirror);
            }
            catch (PatchException e)
            {
                error = $"{path}: {e.Message}";
                return false;
            }
        }

        if (removals.Count > 0)
        {
            var variants = current.Variants.ToList();
            foreach (var index in removals.Distinct().OrderDescending())
                variants.RemoveAt(index);
            current = current with { Variants = variants };
        }

        result = current;
        error = null;
        return true;
    }

    private static bool TryResolve(
        ProductSnapshot target, string path, VariantRef variant, out FieldPath parsed, out int index, out string? error)
    {
        index = -1;
        error = null;
        if (!FieldPaths.TryParse(path, out parsed))
        {
            error = $"'{path}' is not a field path";
            return false;
        }

        if (parsed.VariantKey is null)
            return true;

        index = IndexOf(target, parsed.VariantKey, variant);
        if (index < 0 && parsed.Scope == FieldPathScope.Variant)
        {
            error = $"{path}: no such variant";
            return false;
        }

        return true;
    }

    private static ProductSnapshot Apply(ProductSnapshot p, FieldPath parsed, JsonNode? value, int index, VariantSnapshot? mirror = null) => parsed.Scope switch
    {
        FieldPathScope.Product when parsed.Image is { } src => p with { Images = WithImageAlt(p.Images, src, value) },
        FieldPathScope.Product when parsed.Metafield is { } id => p with { Metafields = WithMetafield(p.Metafields, id, value) },
        FieldPathScope.Variant when parsed.Metafield is { } id => Replace(p, index, p.Variants[index] with { Metafields = WithMetafield(p.Variants[index].Metafields, id, value) }),
        FieldPathScope.Product => SetProductField(p, parsed.Field!, value),
        FieldPathScope.SingleVariant when parsed.Location is { } location => SetSingleVariant(p, v => StockLevels.WithLevel(v, location, Quantity(value))),
        FieldPathScope.SingleVariant => SetSingleVariantField(p, parsed.Field!, value),
        FieldPathScope.Variant when parsed.Location is { } location => Replace(p, index, StockLevels.WithLevel(p.Variants[index], location, Quantity(value))),
        FieldPathScope.Variant => Replace(p, index, SetVariantField(p.Variants[index], parsed.Field!, value)),
        _ => SetWholeVariant(p, value, index, mirror),
    };

    /// <summary>
    /// The metafields with <paramref name="id"/> set to a string value, or removed for null or blank. The type stays
    /// the one held (a new metafield has none: its definition's applies when written).
    /// </summary>
    private static Dictionary<string, MetafieldEntry>? WithMetafield(IReadOnlyDictionary<string, MetafieldEntry>? metafields, string id, JsonNode? value)
    {
        if (!FieldPaths.IsMetafieldId(id))
            throw new PatchException("not a metafield's namespace.key");
        var text = Text(value);
        var result = metafields is null
            ? new Dictionary<string, MetafieldEntry>(StringComparer.Ordinal)
            : new Dictionary<string, MetafieldEntry>(metafields, StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
            result.Remove(id);
        else
            result[id] = new MetafieldEntry(metafields?.GetValueOrDefault(id)?.Type, text);
        return result.Count == 0 ? null : result;
    }

    /// <summary>
    /// The images <paramref name="value"/> lists, in its order (docs/decisions/0029). An image the target already holds
    /// keeps its own alt text and media id: alt text has paths of its own, so a list written over a side never undoes
    /// that side's alt edit; an image it lacks comes with the alt the list gives.
    /// </summary>
    private static List<ProductImage>? WithImages(IReadOnlyList<ProductImage>? held, JsonNode? value)
    {
        if (CanonicalImages.TypeError(value) is { } error)
            throw new PatchException(error);
        var listed = CanonicalImages.Parse(value)!;
        if (listed.Count == 0)
            return null;
        var result = new List<ProductImage>(listed.Count);
        foreach (var image in listed)
        {
            var kept = held?.FirstOrDefault(h => string.Equals(h.Src?.Trim(), image.Src, StringComparison.Ordinal));
            result.Add(kept ?? image);
        }

        return result;
    }

    /// <summary>The images with the alt text of the one at <paramref name="src"/> set; nothing when the target lacks it (the list path brings it with its alt).</summary>
    private static IReadOnlyList<ProductImage>? WithImageAlt(IReadOnlyList<ProductImage>? held, string src, JsonNode? value)
    {
        if (!IsNull(value) && value is not JsonValue)
            throw new PatchException("an alt text is a string or null");
        var alt = Text(value);
        if (alt is { Length: > CanonicalImages.MaxAltLength })
            throw new PatchException($"an alt text has at most {CanonicalImages.MaxAltLength} characters");
        if (held is null)
            return held;
        return [.. held.Select(h => string.Equals(h.Src?.Trim(), src, StringComparison.Ordinal) ? h with { Alt = CanonicalProduct.NullIfEmpty(alt) } : h)];
    }

    private static bool IsNull(JsonNode? value) => value is null || value.GetValueKind() == JsonValueKind.Null;

    private static ProductSnapshot SetProductField(ProductSnapshot p, string field, JsonNode? value) => field switch
    {
        FieldPaths.Title => p with { Title = Text(value) ?? string.Empty },
        FieldPaths.Handle => p with { Handle = Text(value) ?? string.Empty },
        FieldPaths.BodyHtml => p with { BodyHtml = Text(value) },
        FieldPaths.Vendor => p with { Vendor = Text(value) },
        FieldPaths.ProductType => p with { ProductType = Text(value) },
        FieldPaths.Tags => p with { Tags = Strings(value) },
        FieldPaths.Status => p with { Status = Text(value) ?? throw new PatchException("a status is required") },
        FieldPaths.OptionNames => p with { OptionNames = Strings(value) },
        FieldPaths.SeoTitle => p with { SeoTitle = Text(value) },
        FieldPaths.SeoDescription => p with { SeoDescription = Text(value) },
        FieldPaths.Images => p with { Images = WithImages(p.Images, value) },
        _ => throw new PatchException("unknown product field"),
    };

    private static ProductSnapshot SetSingleVariantField(ProductSnapshot p, string field, JsonNode? value) =>
        SetSingleVariant(p, v => SetVariantField(v, field, value));

    private static ProductSnapshot SetSingleVariant(ProductSnapshot p, Func<VariantSnapshot, VariantSnapshot> set)
    {
        if (p.Variants.Count > 1)
            throw new PatchException("the product has several variants; use variants[<key>] paths");

        var current = p.Variants.Count == 1 ? p.Variants[0] : new VariantSnapshot();
        return p with { Variants = [set(current)] };
    }

    private static ProductSnapshot SetWholeVariant(ProductSnapshot p, JsonNode? value, int index, VariantSnapshot? mirror)
    {
        if (IsNull(value))
        {
            if (index < 0)
                return p;
            var rest = p.Variants.ToList();
            rest.RemoveAt(index);
            return p with { Variants = rest };
        }

        if (value is not JsonObject)
            throw new PatchException("a variant is an object");

        VariantSnapshot incoming;
        try
        {
            // A whole variant carries its metafields as namespace.key and value (FieldValues.VariantObject), not as stored.
            var fields = value.AsObject();
            JsonObject? metafields = null;
            if (fields.ContainsKey(FieldPaths.Metafields))
            {
                fields = (JsonObject)fields.DeepClone();
                metafields = fields[FieldPaths.Metafields] as JsonObject;
                fields.Remove(FieldPaths.Metafields);
            }

            incoming = fields.Deserialize(SnapshotJsonContext.Default.VariantSnapshot) ?? throw new PatchException("a variant is an object");
            if (metafields is not null)
            {
                IReadOnlyDictionary<string, MetafieldEntry>? set = null;
                foreach (var (id, metafield) in metafields)
                    set = WithMetafield(set, id, metafield);
                incoming = incoming with { Metafields = set };
            }
        }
        catch (JsonException e)
        {
            throw new PatchException($"not a variant: {e.Message}");
        }

        if (index < 0)
        {
            if (mirror?.ShopifyVariantId is { } id && p.Variants.All(v => v.ShopifyVariantId != id))
                incoming = incoming with { ShopifyVariantId = id, ShopifyInventoryItemId = mirror.ShopifyInventoryItemId };
            return p with { Variants = [.. p.Variants, incoming] };
        }

        var existing = p.Variants[index];
        return Replace(p, index, incoming with
        {
            ShopifyVariantId = existing.ShopifyVariantId,
            ShopifyInventoryItemId = existing.ShopifyInventoryItemId,
        });
    }

    private static VariantSnapshot SetVariantField(VariantSnapshot v, string field, JsonNode? value) => field switch
    {
        FieldPaths.Sku => v with { Sku = Text(value) },
        FieldPaths.Price => v with { Price = Number(value) ?? throw new PatchException("a price is required") },
        FieldPaths.CompareAtPrice => v with { CompareAtPrice = Number(value) },
        // inventory_quantity names the stock only while it all sits at the default location (docs/decisions/0019).
        FieldPaths.InventoryQuantity => StockLevels.WithLevel(v, StockLevels.DefaultLocation, Quantity(value)),
        FieldPaths.Barcode => v with { Barcode = Text(value) },
        FieldPaths.Weight => v with { Weight = Number(value) },
        FieldPaths.WeightUnit => v with { WeightUnit = Text(value) },
        FieldPaths.Options => v with { Options = Strings(value) },
        FieldPaths.Cost => v with { Cost = Number(value) },
        FieldPaths.InventoryPolicy => v with { InventoryPolicy = Text(value) },
        FieldPaths.Tracked => v with { Tracked = Flag(value) },
        FieldPaths.RequiresShipping => v with { RequiresShipping = Flag(value) },
        FieldPaths.Taxable => v with { Taxable = Flag(value) },
        FieldPaths.HarmonizedSystemCode => v with { HarmonizedSystemCode = Text(value) },
        FieldPaths.CountryOfOrigin => v with { CountryOfOrigin = Text(value) },
        FieldPaths.Image => v with { Image = Text(value) },
        _ => throw new PatchException("unknown variant field"),
    };

    /// <summary>
    /// The index in the target of the variant a path names: the aligned variant itself when the target is the staged
    /// snapshot (by reference), else the variant with its Shopify variant id, else the one its side called it by at
    /// staging, else the one the path's key names.
    /// </summary>
    private static int IndexOf(ProductSnapshot p, string key, VariantRef variant)
    {
        if (variant.Staged is not null)
        {
            for (var i = 0; i < p.Variants.Count; i++)
            {
                if (ReferenceEquals(p.Variants[i], variant.Staged))
                    return i;
            }
        }

        if (variant.ShopifyVariantId is { } id)
        {
            for (var i = 0; i < p.Variants.Count; i++)
            {
                if (p.Variants[i].ShopifyVariantId == id)
                    return i;
            }
        }

        var canonical = CanonicalProduct.From(p)!.Variants;
        VariantSnapshot? keyed = null;
        foreach (var name in variant.StagedKey is { } staged && staged != key ? [staged, key] : new[] { key })
        {
            foreach (var v in canonical)
            {
                // A variant that carries another Shopify id is another variant, whatever it is called now.
                if (v.Key == name && (variant.ShopifyVariantId is null || v.ShopifyVariantId is null))
                {
                    keyed = v.Source;
                    break;
                }
            }

            if (keyed is not null)
                break;
        }

        for (var i = 0; keyed is not null && i < p.Variants.Count; i++)
        {
            if (ReferenceEquals(p.Variants[i], keyed))
                return i;
        }

        return -1;
    }

    /// <summary>How to find a path's variant in a target: the aligned variant of the target's side, its Shopify id, and its key there.</summary>
    private readonly record struct VariantRef(VariantSnapshot? Staged, long? ShopifyVariantId, string? StagedKey);

    private static ProductSnapshot Replace(ProductSnapshot p, int index, VariantSnapshot v)
    {
        var variants = p.Variants.ToArray();
        variants[index] = v;
        return p with { Variants = variants };
    }

    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new PatchException("must be a string"),
    };

    private static bool? Flag(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw new PatchException("must be true or false"),
    };

    private static decimal? Number(JsonNode? value)
    {
        if (IsNull(value))
            return null;
        return FieldValues.TryGetNumber(value, out var number) ? number : throw new PatchException("must be a number");
    }

    private static int Quantity(JsonNode? value)
    {
        var number = Number(value) ?? throw new PatchException("a quantity is required");
        if (decimal.Truncate(number) != number || number < int.MinValue || number > int.MaxValue)
            throw new PatchException("must be a whole number");
        return (int)number;
    }

    private static List<string> Strings(JsonNode? value)
    {
        var list = new List<string>();
        if (IsNull(value))
            return list;
        if (value is not JsonArray array)
            throw new PatchException("must be an array of strings");
        foreach (var item in array)
            list.Add(Text(item) ?? throw new PatchException("must be an array of strings"));
        return list;
    }

    private sealed class PatchException(string message) : Exception(message);
}
