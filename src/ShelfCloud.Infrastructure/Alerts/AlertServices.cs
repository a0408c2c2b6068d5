using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>Alerts: webhooks, mail subscriptions, the outbox, the senders and (on job hosts) their loops.</summary>
public static class AlertServices
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<WebhookSender>();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        services.AddSingleton<EmailSender>();
        services.AddSingleton(sp => new AlertLinks(sp.GetRequiredService<IConfiguration>()["Alerts:PortalUrl"]));
        services.AddScoped<AlertSubscriptions>();
        services.AddScoped<WebhookDeliveryLog>();
        services.AddScoped<AlertRules>();
        services.AddScoped<AlertOutbox>();
        services.AddScoped<WebhookRegistry>();
        services.AddScoped<NotificationCentre>();
        return services;
    }

    /// <summary>The loops that send due webhook deliveries and mails; hosts that run jobs.</summary>
    public static IServiceCollection AddAlertSending(this IServiceCollection services) =>
        services.AddHostedService<OutboxSenderLoop<WebhookSender>>().AddHostedService<OutboxSenderLoop<EmailSender>>();
}
