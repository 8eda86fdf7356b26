using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Quartz;
using SyncStudio.Services.Approvals;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Batches;
using SyncStudio.Services.Notifications;
using SyncStudio.Services.Products;
using SyncStudio.Services.Review;
using SyncStudio.Services.Rollback;
using SyncStudio.Services.Scheduling;
using SyncStudio.Services.Setup;
using SyncStudio.Services.Sync;
using SyncStudio.Services.Users;
using SyncStudio.Services.Webhooks;

namespace SyncStudio.Services;

public static class ServiceRegistration
{
    public static IHostApplicationBuilder AddSyncStudioServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMetrics();
        services.TryAddSingleton<Diagnostics.SyncMetrics>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        services.AddSingleton<StartupInitializer>();
        services.AddSingleton(new FirstAdminNotice(Console.Out));
        services.AddMemoryCache();
        services.AddSingleton<UserStandingCache>();
        services.AddSingleton<SystemActorDirectory>();
        services.AddSingleton<Backup.DataFolderBackup>();
        services.AddSingleton<AuditLog>();
        services.AddScoped<UserService>();
        services.AddSingleton<StagedChangeQuery>();
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.SectionName);
        services.AddSingleton<ReviewService>();
        services.AddSingleton<BatchQuery>();
        services.AddSingleton<Dashboard.DashboardQuery>();
        services.AddSingleton<ProductService>();
        services.AddSingleton<Inventory.StockLocationService>();
        services.AddSingleton<Settings.MetafieldSettings>();
        services.AddSingleton<Shopify.IMetafieldNamespaceSource>(sp => sp.GetRequiredService<Settings.MetafieldSettings>());
        services.AddSingleton<ProductHistory>();
        services.AddSingleton<ProductImport>();
        services.AddSingleton<ProductExport>();
        services.AddSingleton<InventoryCsv>();
        // The saved store token is Data Protection ciphertext. The web host decides where the keys live; any other host
        // of these services (the benchmark driver, a tool) gets the default key ring rather than a missing service.
        services.AddDataProtection();
        services.AddSingleton<Shopify.ShopifyConnectionService>();
        services.AddSingleton<Shopify.IShopifyConnectionSource>(sp => sp.GetRequiredService<Shopify.ShopifyConnectionService>());
        services.AddSingleton<AuditQuery>();
        services.AddSingleton<ApprovalRuleService>();
        services.AddSingleton<RulePreview>();
        services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Safety.CircuitBreakerOptions>().BindConfiguration(Safety.CircuitBreakerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Safety.SafetySettingsService>();
        services.AddSingleton<Safety.HeldBatches>();
        services.AddSingleton<PullService>();
        services.AddSingleton<ApplyService>();
        services.AddSingleton<RollbackService>();
        services.AddScoped<IStartupStep, DefaultRulesSeeder>();
        services.AddSingleton<BatchProgressPublisher>();
        services.AddSingleton<BatchRunner>();
        // Batches hold a lease that other instances on the database respect (docs/decisions/0010-batch-leases.md).
        services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BatchLease>();
        services.AddSingleton<InterruptedBatchRecovery>();
        services.AddScoped<IStartupStep>(sp => sp.GetRequiredService<InterruptedBatchRecovery>());
        services.AddHostedService<ExpiredBatchSweeper>();
        services.AddOptions<ShopifyWebhookOptions>().BindConfiguration(ShopifyWebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<ShopifyWebhookRegistrar>();
        services.AddSingleton<WebhookStager>();
        services.AddHostedService<WebhookWorker>();
        services.AddScoped<IStartupStep, WebhookRecovery>();
        // Scheduled pulls: Quartz's in-memory store; the rows are the truth (docs/decisions/0004-scheduled-pulls.md).
        services.AddSingleton<ScheduleTriggers>();
        services.AddSingleton<ScheduleService>();
        services.AddScoped<IStartupStep, ScheduleStartup>();
        // Notifications: an outbox drained in the background (docs/decisions/0028-notifications.md).
        services.AddNotifications();
        services.AddQuartz(q => q.UseInMemoryStore());
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
