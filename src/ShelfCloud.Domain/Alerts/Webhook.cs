using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Alerts;

/// <summary>An HTTPS endpoint of a tenant that receives the events it subscribed to, signed with its secret.</summary>
public sealed class Webhook : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public string Url { get; set; } = "";

    /// <summary>The HMAC-SHA256 key of <c>X-ShelfCloud-Signature</c>; shown once, when the webhook is made.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Subscribed event names, comma-separated (<see cref="WebhookEvents"/>).</summary>
    public string Events { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public bool Subscribes(string eventName) => Events.Split(',').Contains(eventName, StringComparer.Ordinal);
}

/// <summary>
/// One event for one webhook: written in the same transaction as what caused it (an outbox, so nothing is lost across
/// a restart), sent until the receiver answers 2xx or the attempts run out.
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid WebhookId { get; set; }
    public string Event { get; set; } = "";

    /// <summary>The JSON body, exactly as signed and sent.</summary>
    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
}
