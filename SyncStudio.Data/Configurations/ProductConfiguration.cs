using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SyncStudio.Data.Configurations;

public sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.Property(p => p.Title).HasMaxLength(255).IsRequired();
        builder.Property(p => p.Handle).HasMaxLength(255).IsRequired();
        builder.Property(p => p.Vendor).HasMaxLength(255);
        builder.Property(p => p.ProductType).HasMaxLength(255);
        builder.Property(p => p.SeoTitle).HasMaxLength(255);
        builder.Property(p => p.Tags).HasMaxLength(4000);
        builder.Property(p => p.Status).HasMaxLength(20).IsRequired();
        builder.Property(p => p.Option1Name).HasMaxLength(255);
        builder.Property(p => p.Option2Name).HasMaxLength(255);
        builder.Property(p => p.Option3Name).HasMaxLength(255);
        builder.HasIndex(p => p.Handle).IsUnique().HasFilter("deleted_at IS NULL");
        builder.HasIndex(p => p.ShopifyProductId).IsUnique().HasFilter("shopify_product_id IS NOT NULL");
        builder.HasIndex(p => p.UpdatedAt);
        builder.HasIndex(p => p.Title);
        builder.HasMany(p => p.Variants).WithOne(v => v.Product).HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
