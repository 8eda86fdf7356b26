using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class SyncSafetySettingsConfiguration : IEntityTypeConfiguration<SyncSafetySettings>
{
    public void Configure(EntityTypeBuilder<SyncSafetySettings> builder)
    {
        builder.ToTable("sync_safety_settings");
    }
}
