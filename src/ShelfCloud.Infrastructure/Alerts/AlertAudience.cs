using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// Who hears about the current tenant's events, loaded once per unit of work: its webhooks, its users' email
/// subscriptions, its stores' time zones (for quiet hours and digests) and which alerts each inbox got lately (debounce).
/// </summary>
public sealed class AlertAudience
{
    /// <summary>The same alert to the same inbox is mailed once within this window (a camera flapping on and off, a gap reopening).</summary>
    public static readonly TimeSpan DebounceWindow = TimeSpan.FromMinutes(30);

    private readonly IReadOnlyDictionary<Guid, string> _storeZones;
    private readonly HashSet<(Guid Subscription, string Key)> _recent;

    private AlertAudience(
        IReadOnlyList<Webhook> webhooks, IReadOnlyList<AlertSubscription> subscriptions, IReadOnlyDictionary<Guid, string> storeZones,
        HashSet<(Guid, string)> recent)
    {
        Webhooks = webhooks;
        Subscriptions = subscriptions;
        _storeZones = storeZones;
        _recent = recent;
    }

    public IReadOnlyList<Webhook> Webhooks { get; }
    public IReadOnlyList<AlertSubscription> Subscriptions { get; }

    public static async Task<AlertAudience> LoadAsync(ShelfCloudDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var webhooks = await db.Webhooks.AsNoTracking().ToListAsync(ct);
        var subscriptions = await db.AlertSubscriptions.AsNoTracking().ToListAsync(ct);
        var zones = subscriptions.Count == 0 ? new Dictionary<Guid, string>()
            : await db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.TimeZone, ct);
        var since = now - DebounceWindow;
        var recent = subscriptions.Count == 0 ? []
            : (await db.EmailMessages.AsNoTracking().Where(m => m.CreatedAt >= since).Select(m => new { m.SubscriptionId, m.Key }).ToListAsync(ct))
                .Select(m => (m.SubscriptionId, m.Key)).ToHashSet();
        return new AlertAudience(webhooks, subscriptions, zones, recent);
    }

    /// <summary>The store's time zone (UTC for an alert without a store or a store with an unknown zone).</summary>
    public TimeZoneInfo ZoneOf(Guid? storeId) => StoreTime.For(storeId is { } id ? _storeZones.GetValueOrDefault(id) : null).Zone;

    /// <summary>True the first time in the window this subscription is told about <paramref name="key"/>; false after.</summary>
    public bool FirstWithinWindow(Guid subscriptionId, string key) => _recent.Add((subscriptionId, key));
}
