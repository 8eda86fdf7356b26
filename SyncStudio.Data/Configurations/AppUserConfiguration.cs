using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.SystemActor).HasMaxLength(AppUser.SystemActorMaxLength);
        // One row per system actor: the database, not a check-then-insert at start, keeps two instances from adding two.
        builder.HasIndex(u => u.SystemActor).IsUnique().HasFilter("system_actor IS NOT NULL");
    }
}
