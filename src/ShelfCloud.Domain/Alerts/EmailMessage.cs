using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Alerts;

/// <summary>
/// One alert for one subscriber's inbox: written with what caused it (an outbox, so a restart loses nothing), sent
/// when due — at once, after the quiet hours, or gathered with the other digest alerts of its recipient.
/// </summary>
public sealed class EmailMessage : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SubscriptionId { get; set; }
    public string To { get; set; } = "";

    /// <summary>The event name (<see cref="WebhookEvents"/>).</summary>
    public string Event { get; set; } = "";

    public AlertSeverity Severity { get; set; }

    /// <summary>What the alert is about (an SKU on a shelf, a camera's state): the same key to the same inbox is sent once per debounce window.</summary>
    public string Key { get; set; } = "";

    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>Sent in the recipient's daily digest rather than alone.</summary>
    public bool Digest { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}
