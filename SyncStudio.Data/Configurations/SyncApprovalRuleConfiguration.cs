using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class SyncApprovalRuleConfiguration : IEntityTypeConfiguration<SyncApprovalRule>
{
    public void Configure(EntityTypeBuilder<SyncApprovalRule> builder)
    {
        builder.ToTable("sync_approval_rules");
        builder.Property(r => r.RuleName).HasMaxLength(255).IsRequired();
        builder.Property(r => r.EntityType).HasMaxLength(50);
        builder.Property(r => r.ChangeType).HasMaxLength(20);
        builder.Property(r => r.ApprovalLevel).HasDefaultValue(1);
        builder.Property(r => r.Priority).HasDefaultValue(3);
        builder.Property(r => r.SeedKey).HasMaxLength(100);
        builder.HasOne(r => r.CreatedBy).WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.SeedKey).IsUnique().HasFilter("seed_key IS NOT NULL");
        builder.HasIndex(r => new { r.IsActive, r.Priority });
    }
}
