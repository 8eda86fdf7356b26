using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(w => w.WebhookId).HasMaxLength(100).IsRequired();
        builder.Property(w => w.Topic).HasMaxLength(50).IsRequired();
        builder.Property(w => w.ShopifyProductId).HasMaxLength(50);
        builder.Property(w => w.BatchId).HasMaxLength(100);
        builder.HasIndex(w => w.WebhookId).IsUnique();
        builder.HasIndex(w => w.ProcessedAt);
    }
}
