using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class StagedProductChangeConfiguration : IEntityTypeConfiguration<StagedProductChange>
{
    public void Configure(EntityTypeBuilder<StagedProductChange> builder)
    {
        builder.ToTable("staged_product_changes");
        builder.Property(c => c.ChangeId).HasMaxLength(100).IsRequired();
        builder.Property(c => c.ShopifyProductId).HasMaxLength(50);
        builder.Property(c => c.ChangeType).HasMaxLength(20).IsRequired();
        builder.Property(c => c.SyncDirection).HasMaxLength(30).IsRequired();
        builder.Property(c => c.SourceVersion).HasMaxLength(64);
        builder.Property(c => c.TargetVersion).HasMaxLength(64);
        builder.Property(c => c.BaseVersion).HasMaxLength(64);
        builder.Property(c => c.Status).HasMaxLength(20).IsRequired();
        builder.Property(c => c.SourceSystem).HasMaxLength(50);
        builder.Property(c => c.BatchId).HasMaxLength(100);
        builder.Property(c => c.AppliedBatchId).HasMaxLength(100);
        builder.Property(c => c.FailureReason).HasMaxLength(40);
        builder.Property(c => c.Priority).HasDefaultValue(3);
        builder.Property(c => c.RowVersion).IsConcurrencyToken();

        builder.HasOne(c => c.Product).WithMany().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.ReviewedBy).WithMany().HasForeignKey(c => c.ReviewedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.AppliedBy).WithMany().HasForeignKey(c => c.AppliedById).OnDelete(DeleteBehavior.Restrict);

        // One index per filter of GET /api/sync/staged, plus the list's default order.
        builder.HasIndex(c => c.ChangeId).IsUnique();
        builder.HasIndex(c => new { c.Status, c.Id });
        builder.HasIndex(c => new { c.BatchId, c.Id });
        builder.HasIndex(c => new { c.ChangeType, c.Id });
        builder.HasIndex(c => new { c.HasConflicts, c.Id });
        builder.HasIndex(c => new { c.SyncDirection, c.Id });
        builder.HasIndex(c => c.CreatedAt);
        builder.HasIndex(c => new { c.ProductId, c.SyncDirection, c.Status });
        builder.HasIndex(c => c.AppliedBatchId);
    }
}
