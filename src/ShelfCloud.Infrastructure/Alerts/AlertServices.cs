using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>Webhooks: registry, outbox, sender and (on job hosts) its loop.</summary>
public static class AlertServices
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<WebhookSender>();
        services.AddScoped<AlertOutbox>();
        services.AddScoped<WebhookRegistry>();
        services.AddScoped<NotificationCentre>();
        return services;
    }

    /// <summary>The loop that sends due deliveries; hosts that run jobs.</summary>
    public static IServiceCollection AddWebhookSending(this IServiceCollection services) => services.AddHostedService<WebhookSenderLoop>();
}
