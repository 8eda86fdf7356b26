using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class StockLocationConfiguration : IEntityTypeConfiguration<StockLocation>
{
    public void Configure(EntityTypeBuilder<StockLocation> builder)
    {
        builder.ToTable("stock_locations");
        builder.Property(l => l.Key).HasMaxLength(64).IsRequired();
        builder.Property(l => l.Name).HasMaxLength(255).IsRequired();
        builder.HasIndex(l => l.Key).IsUnique();
        builder.HasIndex(l => l.ShopifyLocationId).IsUnique().HasFilter("shopify_location_id IS NOT NULL");

        // Every catalog has the default location, mapped to Shopify's primary location until the merchant maps it.
        builder.HasData(new StockLocation { Id = 1, Key = StockLocation.DefaultKey, Name = "Default location", Position = 0 });
    }
}

public sealed class VariantStockLevelConfiguration : IEntityTypeConfiguration<VariantStockLevel>
{
    public void Configure(EntityTypeBuilder<VariantStockLevel> builder)
    {
        builder.ToTable("variant_stock_levels");
        builder.HasKey(l => new { l.ProductVariantId, l.LocationKey });
        builder.Property(l => l.LocationKey).HasMaxLength(64);
        builder.HasOne(l => l.Variant).WithMany(v => v.StockLevels).HasForeignKey(l => l.ProductVariantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StockLocation>().WithMany().HasForeignKey(l => l.LocationKey).HasPrincipalKey(l => l.Key).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.LocationKey);
    }
}
