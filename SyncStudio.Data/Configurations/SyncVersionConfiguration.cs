using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class SyncVersionConfiguration : IEntityTypeConfiguration<SyncVersion>
{
    public void Configure(EntityTypeBuilder<SyncVersion> builder)
    {
        builder.ToTable("sync_versions");
        builder.Property(v => v.EntityType).HasMaxLength(50).IsRequired();
        builder.Property(v => v.ShopifyId).HasMaxLength(50);
        builder.Property(v => v.VersionHash).HasMaxLength(64).IsRequired();
        builder.Property(v => v.DataSnapshot).IsRequired();
        builder.Property(v => v.SourceSystem).HasMaxLength(50).IsRequired();
        builder.Property(v => v.SyncDirection).HasMaxLength(30);
        builder.Property(v => v.ChangeId).HasMaxLength(100);
        builder.HasOne(v => v.CreatedBy).WithMany().HasForeignKey(v => v.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(v => new { v.EntityType, v.EntityId, v.VersionNumber }).IsUnique();
        builder.HasIndex(v => v.ShopifyId);
    }
}
