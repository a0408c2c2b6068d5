using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// Records an event in the caller's unit of work — an in-app <see cref="Notification"/> for the store monitors, a
/// delivery for every webhook of the tenant that subscribed to it, and a mail for every user subscription that covers
/// its store and severity (debounced, timed by quiet hours or the daily digest) — so all commit with what caused them
/// or not at all. <see cref="WebhookSender"/> and <see cref="EmailSender"/> send them.
/// </summary>
public sealed class AlertOutbox(TimeProvider clock, WebhookSender sender, EmailSender mailer, AlertLinks links)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="alert">What the notification says and which capture and store it concerns.</param>
    /// <param name="body">Serialized as the JSON body; its <c>event</c> property is set to <paramref name="eventName"/> first.</param>
    public async Task EnqueueAsync(ShelfCloudDbContext db, string eventName, AlertText alert, IReadOnlyDictionary<string, object?> body, CancellationToken ct) =>
        Enqueue(db, await AlertAudience.LoadAsync(db, clock.GetUtcNow(), ct), eventName, alert, body);

    /// <summary>The same with the tenant's audience already loaded (for callers inside a synchronous unit of work).</summary>
    public void Enqueue(ShelfCloudDbContext db, AlertAudience audience, string eventName, AlertText alert, IReadOnlyDictionary<string, object?> body)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(alert);
        var now = clock.GetUtcNow();
        EnqueueMail(db, audience, eventName, alert, now);
        db.Notifications.Add(new Notification
        {
            CreatedAt = now, Kind = eventName, Title = alert.Title.Length <= 300 ? alert.Title : alert.Title[..300], StoreId = alert.StoreId, CaptureId = alert.CaptureId,
        });
        var subscribed = audience.Webhooks.Where(w => w.Subscribes(eventName)).ToList();
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

    private void EnqueueMail(ShelfCloudDbContext db, AlertAudience audience, string eventName, AlertText alert, DateTimeOffset now)
    {
        var key = alert.Key ?? eventName + ":" + alert.Title;
        var mails = audience.Subscriptions
            .Where(s => s.Covers(alert.StoreId, alert.Severity) && audience.FirstWithinWindow(s.Id, key))
            .Select(s => new EmailMessage
            {
                SubscriptionId = s.Id, To = s.Email, Event = eventName, Severity = alert.Severity, Key = key,
                Subject = AlertMail.Subject(alert), Body = AlertMail.Body(alert, links, now, audience.ZoneOf(alert.StoreId)),
                Digest = s.Digest, CreatedAt = now, NextAttemptAt = s.SendAt(now, audience.ZoneOf(alert.StoreId)),
            }).ToList();
        if (mails.Count == 0)
            return;
        db.EmailMessages.AddRange(mails);
        mailer.KickAfterCommit();
    }
}

/// <summary>An event's one line for people, and the store and capture it concerns.</summary>
/// <param name="Severity">Which subscriptions receive it by mail.</param>
/// <param name="Key">What it is about (same key: the same alert, debounced); null: the event and its title.</param>
public sealed record AlertText(string Title, Guid? StoreId, Guid? CaptureId, AlertSeverity Severity = AlertSeverity.Warning, string? Key = null);
