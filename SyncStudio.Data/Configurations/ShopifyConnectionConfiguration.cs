using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class ShopifyConnectionConfiguration : IEntityTypeConfiguration<ShopifyConnection>
{
    public void Configure(EntityTypeBuilder<ShopifyConnection> builder)
    {
        builder.ToTable("shopify_connections");
        builder.Property(c => c.ShopDomain).HasMaxLength(255).IsRequired();
        builder.Property(c => c.ApiVersion).HasMaxLength(20).IsRequired();
        builder.Property(c => c.EncryptedAccessToken).IsRequired();
    }
}
