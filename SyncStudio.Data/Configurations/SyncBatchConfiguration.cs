using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class SyncBatchConfiguration : IEntityTypeConfiguration<SyncBatch>
{
    public void Configure(EntityTypeBuilder<SyncBatch> builder)
    {
        builder.ToTable("sync_batches");
        builder.Property(b => b.BatchId).HasMaxLength(100).IsRequired();
        builder.Property(b => b.BatchName).HasMaxLength(255);
        builder.Property(b => b.SyncType).HasMaxLength(50).IsRequired();
        builder.Property(b => b.SyncDirection).HasMaxLength(30).IsRequired();
        builder.Property(b => b.Status).HasMaxLength(20).IsRequired();
        builder.HasOne(b => b.CreatedBy).WithMany().HasForeignKey(b => b.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(b => b.CancelledBy).WithMany().HasForeignKey(b => b.CancelledById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => b.BatchId).IsUnique();
        builder.HasIndex(b => new { b.SyncDirection, b.Id });
        builder.HasIndex(b => new { b.Status, b.Id });
        builder.HasIndex(b => b.CreatedAt);
        builder.Property(b => b.ActiveLock).HasMaxLength(20);
        builder.HasIndex(b => b.ActiveLock).IsUnique().HasFilter("active_lock IS NOT NULL");
        builder.Property(b => b.LeaseOwner).HasMaxLength(SyncBatch.LeaseOwnerMaxLength);
    }
}
