using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// Records an event in the caller's unit of work — an in-app <see cref="Notification"/> for the store monitors and a
/// delivery for every webhook of the tenant that subscribed to it — so both commit with what caused them or not at all.
/// <see cref="WebhookSender"/> sends the deliveries.
/// </summary>
public sealed class AlertOutbox(TimeProvider clock, WebhookSender sender)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="alert">What the notification says and which capture and store it concerns.</param>
    /// <param name="body">Serialized as the JSON body; its <c>event</c> property is set to <paramref name="eventName"/> first.</param>
    public async Task EnqueueAsync(ShelfCloudDbContext db, string eventName, AlertText alert, IReadOnlyDictionary<string, object?> body, CancellationToken ct) =>
        Enqueue(db, await db.Webhooks.AsNoTracking().ToListAsync(ct), eventName, alert, body);

    /// <summary>The same with the tenant's webhooks already loaded (for callers inside a synchronous unit of work).</summary>
    public void Enqueue(ShelfCloudDbContext db, IReadOnlyList<Webhook> webhooks, string eventName, AlertText alert, IReadOnlyDictionary<string, object?> body)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        ArgumentNullException.ThrowIfNull(alert);
        var now = clock.GetUtcNow();
        db.Notifications.Add(new Notification
        {
            CreatedAt = now, Kind = eventName, Title = alert.Title.Length <= 300 ? alert.Title : alert.Title[..300], StoreId = alert.StoreId, CaptureId = alert.CaptureId,
        });
        var subscribed = webhooks.Where(w => w.Subscribes(eventName)).ToList();
        if (subscribed.Count == 0)
            return;
        var payload = new Dictionary<string, object?> { ["event"] = eventName };
        foreach (var (key, value) in body)
            payload[key] = value;
        var json = JsonSerializer.Serialize(payload, Json);
        db.WebhookDeliveries.AddRange(subscribed.Select(w => new WebhookDelivery
        {
            WebhookId = w.Id, Event = eventName, Body = json, CreatedAt = now, NextAttemptAt = now,
        }));
        sender.KickAfterCommit();
    }
}

/// <summary>An event's one line for people, and the store and capture it concerns.</summary>
public sealed record AlertText(string Title, Guid? StoreId, Guid? CaptureId);
