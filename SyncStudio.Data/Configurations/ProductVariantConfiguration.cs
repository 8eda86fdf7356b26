using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class ProductVariantConfiguration : IEntityTypeConfiguration<ProductVariant>
{
    public void Configure(EntityTypeBuilder<ProductVariant> builder)
    {
        builder.ToTable("product_variants");
        builder.Property(v => v.Sku).HasMaxLength(255);
        builder.Property(v => v.Barcode).HasMaxLength(255);
        builder.Property(v => v.WeightUnit).HasMaxLength(20);
        builder.Property(v => v.InventoryPolicy).HasMaxLength(20);
        builder.Property(v => v.HarmonizedSystemCode).HasMaxLength(20);
        builder.Property(v => v.CountryOfOrigin).HasMaxLength(2);
        builder.Property(v => v.Option1).HasMaxLength(255);
        builder.Property(v => v.Option2).HasMaxLength(255);
        builder.Property(v => v.Option3).HasMaxLength(255);
        builder.HasIndex(v => new { v.ProductId, v.Position });
        builder.HasIndex(v => v.Sku);
        builder.HasIndex(v => v.ShopifyVariantId);
    }
}
