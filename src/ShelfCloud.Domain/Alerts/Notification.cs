using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Alerts;

/// <summary>An in-app notification of the tenant's store monitors: what happened, and the capture it concerns.</summary>
public sealed class Notification : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The event name (<see cref="WebhookEvents"/>).</summary>
    public string Kind { get; set; } = "";

    public string Title { get; set; } = "";
    public Guid? StoreId { get; set; }
    public Guid? CaptureId { get; set; }
}

/// <summary>That one user has read one notification.</summary>
public sealed class NotificationReceipt : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public long NotificationId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset ReadAt { get; set; }
}
