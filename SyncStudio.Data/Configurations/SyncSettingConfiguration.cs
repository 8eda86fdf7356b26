using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class SyncSettingConfiguration : IEntityTypeConfiguration<SyncSetting>
{
    public void Configure(EntityTypeBuilder<SyncSetting> builder)
    {
        builder.ToTable("sync_settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
        builder.Property(s => s.Value).IsRequired();
    }
}
