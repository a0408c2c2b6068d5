using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// Queues an event for every webhook of the tenant that subscribed to it, in the caller's unit of work: the deliveries
/// commit with what caused them or not at all. <see cref="WebhookSender"/> sends them.
/// </summary>
public sealed class AlertOutbox(TimeProvider clock, WebhookSender sender)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="body">Serialized as the JSON body; its <c>event</c> property is set to <paramref name="eventName"/> first.</param>
    public async Task EnqueueAsync(ShelfCloudDbContext db, string eventName, IReadOnlyDictionary<string, object?> body, CancellationToken ct) =>
        Enqueue(db, await db.Webhooks.AsNoTracking().ToListAsync(ct), eventName, body);

    /// <summary>The same with the tenant's webhooks already loaded (for callers inside a synchronous unit of work).</summary>
    public void Enqueue(ShelfCloudDbContext db, IReadOnlyList<Webhook> webhooks, string eventName, IReadOnlyDictionary<string, object?> body)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        var subscribed = webhooks.Where(w => w.Subscribes(eventName)).ToList();
        if (subscribed.Count == 0)
            return;
        var payload = new Dictionary<string, object?> { ["event"] = eventName };
        foreach (var (key, value) in body)
            payload[key] = value;
        var json = JsonSerializer.Serialize(payload, Json);
        var now = clock.GetUtcNow();
        db.WebhookDeliveries.AddRange(subscribed.Select(w => new WebhookDelivery
        {
            WebhookId = w.Id, Event = eventName, Body = json, CreatedAt = now, NextAttemptAt = now,
        }));
        sender.KickAfterCommit();
    }
}
