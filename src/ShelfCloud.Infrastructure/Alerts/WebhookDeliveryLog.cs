using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>One delivery as the log shows it.</summary>
public sealed record WebhookDeliveryView(
    long Id, Guid WebhookId, string Url, string Event, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? DeliveredAt, int? LastStatus,
    string? LastError, DateTimeOffset NextAttemptAt, bool GivenUp, string Body);

/// <summary>The current tenant's webhook deliveries, newest first, and redelivery of one of them.</summary>
public sealed class WebhookDeliveryLog(IDbContextFactory<ShelfCloudDbContext> dbFactory, TimeProvider clock, WebhookSender sender)
{
    public const int Shown = 100;

    public async Task<IReadOnlyList<WebhookDeliveryView>> ListAsync(Guid? webhookId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var urls = await db.Webhooks.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Url, ct);
        var deliveries = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => webhookId == null || d.WebhookId == webhookId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Shown)
            .ToListAsync(ct);
        return deliveries.Select(d => new WebhookDeliveryView(
            d.Id, d.WebhookId, urls.GetValueOrDefault(d.WebhookId, "(removed webhook)"), d.Event, d.CreatedAt, d.Attempts, d.DeliveredAt,
            d.LastStatus, d.LastError, d.NextAttemptAt, d.DeliveredAt is null && d.Attempts >= WebhookRetry.MaxAttempts, d.Body)).ToList();
    }

    /// <summary>
    /// Sends a delivery's body again as a new delivery (the old one stays in the log as it was); the receiver sees the
    /// same <c>event</c> and body with a new <c>X-ShelfCloud-Delivery</c>. Null when there is no such delivery or its webhook is gone.
    /// </summary>
    public async Task<long?> RedeliverAsync(long deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var original = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (original is null || !await db.Webhooks.AnyAsync(w => w.Id == original.WebhookId, ct))
            return null;
        var now = clock.GetUtcNow();
        var copy = new WebhookDelivery { WebhookId = original.WebhookId, Event = original.Event, Body = original.Body, CreatedAt = now, NextAttemptAt = now };
        db.WebhookDeliveries.Add(copy);
        await db.SaveChangesAsync(ct);
        sender.KickAfterCommit();
        return copy.Id;
    }
}
