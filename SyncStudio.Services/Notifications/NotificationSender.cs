using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SyncStudio.Services.Notifications;

/// <summary>
/// Drains the outbox in the background: expands new events into deliveries and sends what is due, then waits a poll
/// interval. Whatever a channel does (slow, refusing, gone) stays here: the work that raised the event has long
/// committed, and an undelivered message stays in the table for the next round or the next start.
/// </summary>
public sealed class NotificationSender(
    NotificationDispatcher dispatcher,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.ExpandAsync(stoppingToken);
                // A full round leaves more due: go on at once rather than a poll interval later.
                while (await dispatcher.SendDueAsync(stoppingToken) > 0 && !stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A busy database costs a round, never the sender.
                logger.LogWarning(ex, "The notification sender's round failed; it tries again after {Interval}", options.Value.PollInterval);
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class NotificationRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NotificationSettingsService>();
        services.AddSingleton<NotificationPreferences>();
        services.AddSingleton<WebhookSender>();
        // The webhook's address is its credential: this client logs nothing (the factory's handlers log request URIs).
        services.AddHttpClient(WebhookSender.HttpClientName).RemoveAllLoggers();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService<NotificationSender>();
        return services;
    }
}
