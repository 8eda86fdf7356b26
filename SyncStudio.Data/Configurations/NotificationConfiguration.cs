using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class NotificationEventConfiguration : IEntityTypeConfiguration<NotificationEvent>
{
    public void Configure(EntityTypeBuilder<NotificationEvent> builder)
    {
        builder.ToTable("notification_events");
        builder.Property(e => e.Kind).HasMaxLength(NotificationEvent.KindLength).IsRequired();
        builder.Property(e => e.BatchId).HasMaxLength(100);
        builder.HasIndex(e => e.ExpandedAt);
    }
}

public sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.ToTable("notification_deliveries");
        builder.Property(d => d.Kind).HasMaxLength(NotificationEvent.KindLength).IsRequired();
        builder.Property(d => d.Channel).HasMaxLength(20).IsRequired();
        builder.Property(d => d.Address).HasMaxLength(NotificationDelivery.AddressLength);
        builder.Property(d => d.Status).HasMaxLength(20).IsRequired();
        builder.Property(d => d.LastError).HasMaxLength(NotificationDelivery.ErrorLength);
        builder.Property(d => d.Subject).HasMaxLength(NotificationDelivery.SubjectLength);
        builder.HasOne<NotificationEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        // The sender's query: what is due.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // A recipient's last digest, for its window.
        builder.HasIndex(d => new { d.Kind, d.Channel, d.UserId });
    }
}

public sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("notification_preferences");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).ValueGeneratedNever();
        builder.Property(p => p.Events).HasMaxLength(NotificationPreference.EventsLength).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
