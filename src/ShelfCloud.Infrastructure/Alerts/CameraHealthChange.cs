using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// One change of a camera's health — its photos turned poor (<c>attention</c>), it went <c>offline</c>, or it is
/// <c>ok</c> again — as the <c>camera_health</c> webhook body and the notification say it.
/// </summary>
/// <param name="CaptureId">The photo that showed the change; null when the camera went offline or came back.</param>
/// <param name="At">When: the photo's time, or the camera's last photo when it went offline or came back.</param>
public sealed record CameraHealthChange(
    Guid CameraId, string? Camera, Guid? StoreId, string? Store, Guid ShelfId, string? Shelf, string State, IReadOnlyList<string> Issues,
    Guid? CaptureId, DateTimeOffset? At)
{
    public const string Attention = "attention";
    public const string Offline = "offline";
    public const string Ok = "ok";

    /// <summary>Records the change as an event in the caller's unit of work (<see cref="AlertOutbox"/>).</summary>
    public void Enqueue(AlertOutbox outbox, ShelfCloudDbContext db, AlertAudience audience) =>
        outbox.Enqueue(db, audience, WebhookEvents.CameraHealth,
            new AlertText(Title(), StoreId, CaptureId, Severity, $"{WebhookEvents.CameraHealth}:{CameraId:N}:{State}"), Body());

    /// <summary>Offline is critical (nothing is watched), attention a warning, back to ok good news.</summary>
    public AlertSeverity Severity => State switch
    {
        Offline => AlertSeverity.Critical,
        Attention => AlertSeverity.Warning,
        _ => AlertSeverity.Info,
    };

    private string Title()
    {
        var camera = $"Camera {Camera} ({Store} · {Shelf})";
        return State switch
        {
            Attention => $"{camera} needs attention: {string.Join(", ", Issues)}",
            Offline => $"{camera} is offline: no photo since {At:yyyy-MM-dd HH:mm} UTC",
            _ => CaptureId is null ? $"{camera} is sending photos again" : $"{camera} sends good photos again",
        };
    }

    private Dictionary<string, object?> Body() => new()
    {
        ["camera_id"] = CameraId, ["camera"] = Camera, ["store_id"] = StoreId, ["store"] = Store, ["shelf_id"] = ShelfId, ["shelf"] = Shelf,
        ["capture_id"] = CaptureId, [CaptureId is null ? "last_seen_at" : "taken_at"] = At, ["state"] = State, ["issues"] = Issues,
    };
}
