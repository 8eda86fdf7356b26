using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SyncStudio.Data;

/// <summary>
/// Stamps created/updated times and bumps the concurrency tokens on every tracked write: a staged change's row version,
/// and a product's version when the product or one of its variants is written (ids learned from Shopify alone are not
/// a write: linking must not make an apply in flight fail as stale).
/// </summary>
public sealed class TimestampInterceptor(TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
            return;
        var now = time.GetUtcNow().UtcDateTime;
        var written = new HashSet<Product>(ReferenceEqualityComparer.Instance);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is ProductVariant variant && entry.State is (EntityState.Added or EntityState.Deleted or EntityState.Modified)
                && (entry.State != EntityState.Modified || WritesBeyond(entry, IdColumns)) && OwnerOf(context, variant) is { } owner)
                written.Add(owner);
            // Stock moved between locations (the total unchanged) is a write of the product too (docs/decisions/0019);
            // on_hand alone is Shopify's figure shown, not a write.
            if (entry.Entity is VariantStockLevel level && entry.State is (EntityState.Added or EntityState.Deleted or EntityState.Modified)
                && (entry.State != EntityState.Modified || WritesBeyond(entry, OnHandColumn))
                && (level.Variant ?? context.ChangeTracker.Entries<ProductVariant>().FirstOrDefault(e => e.Entity.Id == level.ProductVariantId)?.Entity) is { } stocked
                && OwnerOf(context, stocked) is { } stockOwner)
                written.Add(stockOwner);
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            var added = entry.State == EntityState.Added;
            switch (entry.Entity)
            {
                case Product p:
                    if (added && p.CreatedAt == default) p.CreatedAt = now;
                    if (!added && WritesBeyond(entry, IdColumns))
                        written.Add(p);
                    if (added || !entry.Property(nameof(Product.UpdatedAt)).IsModified) p.UpdatedAt = now;
                    break;
                case StagedProductChange c:
                    if (added && c.CreatedAt == default) c.CreatedAt = now;
                    c.UpdatedAt = now;
                    if (!added) c.RowVersion++;
                    break;
                case SyncBatch b:
                    if (added && b.CreatedAt == default) b.CreatedAt = now;
                    b.UpdatedAt = now;
                    break;
                case SyncApprovalRule r:
                    if (added && r.CreatedAt == default) r.CreatedAt = now;
                    r.UpdatedAt = now;
                    break;
                case SyncSafetySettings safety:
                    if (added && safety.CreatedAt == default) safety.CreatedAt = now;
                    safety.UpdatedAt = now;
                    break;
                case SyncSchedule s:
                    if (added && s.CreatedAt == default) s.CreatedAt = now;
                    s.UpdatedAt = now;
                    break;
                case ShopifyConnection sc:
                    if (added && sc.CreatedAt == default) sc.CreatedAt = now;
                    sc.UpdatedAt = now;
                    break;
                case SyncVersion v when added && v.CreatedAt == default:
                    v.CreatedAt = now;
                    break;
                case AuditEvent a when added && a.OccurredAt == default:
                    a.OccurredAt = now;
                    break;
                case AppUser u when added && u.CreatedAt == default:
                    u.CreatedAt = now;
                    break;
            }
        }
        // Through the entry, not the property setter: a context with automatic change detection off (staging's) still
        // writes the new value.
        foreach (var product in written)
        {
            var owner = context.Entry(product);
            var version = owner.Property(p => p.Version);
            if (owner.State != EntityState.Added && !version.IsModified)
                version.CurrentValue = version.OriginalValue + 1;
        }
    }

    /// <summary>Columns whose change alone is not a write of the product: Shopify ids (learned by linking) and stamps.</summary>
    private static readonly HashSet<string> IdColumns =
    [
        nameof(Product.ShopifyProductId), nameof(Product.UpdatedAt), nameof(Product.Version),
        nameof(ProductVariant.ShopifyVariantId), nameof(ProductVariant.ShopifyInventoryItemId),
    ];

    private static readonly HashSet<string> OnHandColumn = [nameof(VariantStockLevel.OnHand)];

    private static bool WritesBeyond(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, HashSet<string> ignored) =>
        entry.Properties.Any(p => p.IsModified && !ignored.Contains(p.Metadata.Name));

    private static Product? OwnerOf(DbContext context, ProductVariant variant) =>
        variant.Product ?? context.ChangeTracker.Entries<Product>().FirstOrDefault(e => e.Entity.Id == variant.ProductId)?.Entity;
}
