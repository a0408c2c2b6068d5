using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Alerts;

/// <summary>
/// One user's wish to receive alerts by email: for one store or all of them, from a severity up, outside quiet hours
/// (in the store's time zone), one mail per alert or one daily digest.
/// </summary>
public sealed class AlertSubscription : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }

    /// <summary>The portal user it belongs to.</summary>
    public string UserId { get; set; } = "";

    /// <summary>Where the mails go.</summary>
    public string Email { get; set; } = "";

    /// <summary>The store it covers; null: every store of the tenant.</summary>
    public Guid? StoreId { get; set; }

    public AlertSeverity MinSeverity { get; set; } = AlertSeverity.Warning;

    /// <summary>Start of the quiet hours in the store's local time; alerts then wait until they end. Null: none.</summary>
    public TimeOnly? QuietFrom { get; set; }

    /// <summary>End of the quiet hours (may be earlier than <see cref="QuietFrom"/>: the quiet hours span midnight).</summary>
    public TimeOnly? QuietTo { get; set; }

    /// <summary>Collect the alerts into one mail a day, sent at <see cref="DigestAt"/> store time, instead of one mail each.</summary>
    public bool Digest { get; set; }

    public TimeOnly DigestAt { get; set; } = new(7, 0);

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether an alert of this store and severity is for this subscription.</summary>
    public bool Covers(Guid? storeId, AlertSeverity severity) => severity >= MinSeverity && (StoreId is null || StoreId == storeId);

    /// <summary>When a mail about an alert raised at <paramref name="now"/> may go: at once, after the quiet hours, or with the next digest.</summary>
    public DateTimeOffset SendAt(DateTimeOffset now, TimeZoneInfo storeZone) =>
        Digest ? AlertClock.NextAt(now, DigestAt, storeZone) : AlertClock.AfterQuietHours(now, QuietFrom, QuietTo, storeZone);
}
