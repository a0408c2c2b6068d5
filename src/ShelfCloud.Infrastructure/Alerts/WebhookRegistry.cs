using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>A webhook as listed: never its secret.</summary>
public sealed record WebhookSummary(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, int Delivered, int Pending, int Failed);

/// <summary>Refused webhook input, with the reason.</summary>
public sealed class WebhookInputException(string message) : Exception(message);

/// <summary>The current tenant's webhooks: add one (its secret is returned once), list them with their delivery counts.</summary>
public sealed class WebhookRegistry(ShelfCloudDbContext db, TimeProvider clock)
{
    /// <exception cref="WebhookInputException">Not an absolute http(s) URL, or no or unknown events.</exception>
    public async Task<(Guid Id, string Secret)> AddAsync(string url, IReadOnlyCollection<string> events, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new WebhookInputException($"'{url}' is not an absolute http or https URL.");
        var unknown = events.Except(WebhookEvents.All).ToList();
        if (events.Count == 0 || unknown.Count > 0)
            throw new WebhookInputException($"Events must be some of {string.Join(", ", WebhookEvents.All)}{(unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}" : "")}.");
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var webhook = new Webhook { Url = uri.ToString(), Secret = secret, Events = string.Join(',', events.Distinct()), CreatedAt = clock.GetUtcNow() };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(ct);
        return (webhook.Id, secret);
    }

    public async Task<IReadOnlyList<WebhookSummary>> ListAsync(CancellationToken ct = default)
    {
        var webhooks = await db.Webhooks.AsNoTracking().OrderBy(w => w.CreatedAt).ToListAsync(ct);
        var counts = await db.WebhookDeliveries.AsNoTracking()
            .GroupBy(d => d.WebhookId)
            .Select(g => new
            {
                g.Key,
                Delivered = g.Count(d => d.DeliveredAt != null),
                Failed = g.Count(d => d.DeliveredAt == null && d.Attempts >= WebhookRetry.MaxAttempts),
                Total = g.Count(),
            })
            .ToDictionaryAsync(g => g.Key, ct);
        return webhooks.Select(w =>
        {
            var c = counts.GetValueOrDefault(w.Id);
            return new WebhookSummary(w.Id, w.Url, w.Events.Split(','), w.CreatedAt, c?.Delivered ?? 0, (c?.Total ?? 0) - (c?.Delivered ?? 0) - (c?.Failed ?? 0), c?.Failed ?? 0);
        }).ToList();
    }
}
