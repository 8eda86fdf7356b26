using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SyncStudio.Data;

/// <summary>
/// The one model of SyncStudio. Each provider has a subclass only so that its migrations have a context type of
/// their own (<see cref="SqliteSyncStudioDbContext"/>, <see cref="SqlServerSyncStudioDbContext"/>).
/// </summary>
public class SyncStudioDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, AppRole, int>(options), IDataProtectionKeyContext
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductVariant> ProductVariants => Set<ProductVariant>();
    public DbSet<StockLocation> StockLocations => Set<StockLocation>();
    public DbSet<VariantStockLevel> VariantStockLevels => Set<VariantStockLevel>();
    public DbSet<StagedProductChange> StagedProductChanges => Set<StagedProductChange>();
    public DbSet<SyncVersion> SyncVersions => Set<SyncVersion>();
    public DbSet<SyncBatch> SyncBatches => Set<SyncBatch>();
    public DbSet<SyncApprovalRule> SyncApprovalRules => Set<SyncApprovalRule>();
    public DbSet<SyncSchedule> SyncSchedules => Set<SyncSchedule>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ShopifyConnection> ShopifyConnections => Set<ShopifyConnection>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<SyncSafetySettings> SyncSafetySettings => Set<SyncSafetySettings>();
    public DbSet<SyncSetting> SyncSettings => Set<SyncSetting>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<NotificationEvent> NotificationEvents => Set<NotificationEvent>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SyncStudioDbContext).Assembly);

        // The spec's tables reference users(id): Identity's tables get plain names too.
        builder.Entity<AppUser>().ToTable("users");
        builder.Entity<AppRole>().ToTable("roles");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserRole<int>>().ToTable("user_roles");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<int>>().ToTable("user_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<int>>().ToTable("user_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<int>>().ToTable("user_tokens");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityRoleClaim<int>>().ToTable("role_claims");
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; the providers drop DateTimeKind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
        configurationBuilder.Properties<decimal?>().HavePrecision(18, 4);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

public sealed class SqliteSyncStudioDbContext(DbContextOptions<SqliteSyncStudioDbContext> options)
    : SyncStudioDbContext(options);

public sealed class SqlServerSyncStudioDbContext(DbContextOptions<SqlServerSyncStudioDbContext> options)
    : SyncStudioDbContext(options);
