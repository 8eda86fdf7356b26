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

        builder.HasIndex(c => c.ChangeId).IsUnique();

        // One index per filter of GET /api/sync/staged, led by the filter and then the id (the list's order), and
        // covering the other filter columns and the priority sort: a COUNT(*) or a page of ids under any mix of
        // filters is read from one index, never from the table's wide JSON rows (at a million changes, milliseconds
        // instead of seconds); the page's rows are fetched by id afterwards. Only the status index holds the status:
        // a decision rewrites that index entry alone, so approving 100,000 changes does not rewrite every index,
        // and any filter that includes a status is served by it. SQLite has no INCLUDE, so covered columns are
        // trailing key columns; after the unique id they do not change the order.
        builder.HasIndex(c => new { c.Status, c.Id, c.BatchId, c.ChangeType, c.HasConflicts, c.SyncDirection, c.Priority, c.ProductId })
            .HasDatabaseName("ix_staged_product_changes_status_covering");
        builder.HasIndex(c => new { c.BatchId, c.Id, c.ChangeType, c.HasConflicts, c.SyncDirection, c.Priority, c.ProductId })
            .HasDatabaseName("ix_staged_product_changes_batch_id_covering");
        builder.HasIndex(c => new { c.ChangeType, c.Id, c.BatchId, c.HasConflicts, c.SyncDirection, c.Priority, c.ProductId })
            .HasDatabaseName("ix_staged_product_changes_change_type_covering");
        builder.HasIndex(c => new { c.HasConflicts, c.Id, c.BatchId, c.ChangeType, c.SyncDirection, c.Priority, c.ProductId })
            .HasDatabaseName("ix_staged_product_changes_has_conflicts_covering");
        builder.HasIndex(c => new { c.SyncDirection, c.Id, c.BatchId, c.ChangeType, c.HasConflicts, c.Priority, c.ProductId })
            .HasDatabaseName("ix_staged_product_changes_sync_direction_covering");
        // The priority sort, and the plain id order (deep pages walk this narrow index rather than the table).
        builder.HasIndex(c => new { c.Priority, c.Id, c.BatchId, c.ChangeType, c.HasConflicts, c.SyncDirection, c.ProductId })
            .HasDatabaseName("ix_staged_product_changes_priority_covering");
        builder.HasIndex(c => c.Id).HasDatabaseName("ix_staged_product_changes_id");
        builder.HasIndex(c => c.CreatedAt);
        // A bulk decision's audit events find the rows it stamped (reviewed_at, reviewed_by_id) without a table scan.
        builder.HasIndex(c => new { c.ReviewedAt, c.ReviewedById });
        builder.HasIndex(c => new { c.ProductId, c.SyncDirection, c.Status });
        // Staging looks up the changes still waiting for products that exist only in Shopify (no local product yet)
        // by their Shopify id, once per chunk: without this index a first pull's 100,000 creates scan each other.
        builder.HasIndex(c => new { c.ShopifyProductId, c.Status });
        builder.HasIndex(c => c.AppliedBatchId);
    }
}
