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
        builder.Property(c => c.Mode).HasMaxLength(32).IsRequired().HasDefaultValue("access_token");
        builder.Property(c => c.ClientId).HasMaxLength(255);
        builder.Property(c => c.GrantedScopes).HasMaxLength(2000);
        builder.Property(c => c.Problem).HasMaxLength(64);
        builder.Property(c => c.BaseAddress).HasMaxLength(500);
    }
}
