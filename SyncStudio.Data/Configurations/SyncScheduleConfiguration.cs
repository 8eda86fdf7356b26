using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class SyncScheduleConfiguration : IEntityTypeConfiguration<SyncSchedule>
{
    public void Configure(EntityTypeBuilder<SyncSchedule> builder)
    {
        builder.ToTable("sync_schedules");
        builder.Property(s => s.Name).HasMaxLength(255).IsRequired();
        builder.Property(s => s.CronExpression).HasMaxLength(120).IsRequired();
        builder.Property(s => s.TimeZone).HasMaxLength(100).IsRequired();
        builder.Property(s => s.SyncType).HasMaxLength(50).IsRequired();
        builder.Property(s => s.LastBatchId).HasMaxLength(100);
        builder.Property(s => s.LastOutcome).HasMaxLength(255);
        builder.HasOne(s => s.CreatedBy).WithMany().HasForeignKey(s => s.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.Enabled);
    }
}
