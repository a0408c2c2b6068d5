using Microsoft.EntityFrameworkCore;
using MimeKit;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>What a user asks for when subscribing to alert mails.</summary>
/// <param name="StoreId">One store; null: every store.</param>
/// <param name="QuietFrom">Start of the quiet hours (store time); give both ends or neither.</param>
public sealed record AlertSubscriptionInput(
    string Email, Guid? StoreId, AlertSeverity MinSeverity, TimeOnly? QuietFrom = null, TimeOnly? QuietTo = null, bool Digest = false,
    TimeOnly? DigestAt = null);

/// <summary>A subscription as its owner sees it.</summary>
public sealed record AlertSubscriptionView(
    Guid Id, string Email, Guid? StoreId, string StoreName, AlertSeverity MinSeverity, TimeOnly? QuietFrom, TimeOnly? QuietTo, bool Digest, TimeOnly DigestAt,
    int Sent, int Waiting);

/// <summary>Refused subscription input, with the reason.</summary>
public sealed class AlertSubscriptionException(string message) : Exception(message);

/// <summary>A user's alert mail subscriptions in the current tenant: list, add, remove — only their own.</summary>
public sealed class AlertSubscriptions(IDbContextFactory<ShelfCloudDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<AlertSubscriptionView>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscriptions = await db.AlertSubscriptions.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var ids = subscriptions.Select(s => s.Id).ToList();
        var counts = await db.EmailMessages.AsNoTracking().Where(m => ids.Contains(m.SubscriptionId))
            .GroupBy(m => m.SubscriptionId)
            .Select(g => new { g.Key, Sent = g.Count(m => m.SentAt != null), Waiting = g.Count(m => m.SentAt == null && m.Attempts < WebhookRetry.MaxAttempts) })
            .ToDictionaryAsync(g => g.Key, ct);
        var stores = await db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return subscriptions.Select(s => new AlertSubscriptionView(
            s.Id, s.Email, s.StoreId, s.StoreId is { } store ? stores.GetValueOrDefault(store, "(removed store)") : "All stores",
            s.MinSeverity, s.QuietFrom, s.QuietTo, s.Digest, s.DigestAt, counts.GetValueOrDefault(s.Id)?.Sent ?? 0, counts.GetValueOrDefault(s.Id)?.Waiting ?? 0)).ToList();
    }

    /// <exception cref="AlertSubscriptionException">Not an email address, a store of another tenant, half-given quiet hours.</exception>
    public async Task<Guid> AddAsync(string userId, AlertSubscriptionInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        ArgumentNullException.ThrowIfNull(input);
        var email = input.Email.Trim();
        if (!MailboxAddress.TryParse(email, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal) || mailbox.Address != email)
            throw new AlertSubscriptionException($"'{input.Email}' is not an email address.");
        if (input.StoreId is { } storeId && !await db.Stores.AnyAsync(s => s.Id == storeId, ct))
            throw new AlertSubscriptionException("That store does not exist.");
        if (input.QuietFrom.HasValue != input.QuietTo.HasValue)
            throw new AlertSubscriptionException("Quiet hours need both a start and an end.");
        if (input.QuietFrom is { } from && from == input.QuietTo)
            throw new AlertSubscriptionException("Quiet hours must not start and end at the same time.");
        if (!Enum.IsDefined(input.MinSeverity))
            throw new AlertSubscriptionException($"Unknown severity '{input.MinSeverity}'.");
        var subscription = new AlertSubscription
        {
            UserId = userId, Email = email, StoreId = input.StoreId, MinSeverity = input.MinSeverity, QuietFrom = input.QuietFrom, QuietTo = input.QuietTo,
            Digest = input.Digest, DigestAt = input.DigestAt ?? new TimeOnly(7, 0), CreatedAt = clock.GetUtcNow(),
        };
        db.AlertSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return subscription.Id;
    }

    /// <summary>Removes one of the user's subscriptions (and its unsent mails); false when it is not theirs.</summary>
    public async Task<bool> RemoveAsync(string userId, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await db.AlertSubscriptions.SingleOrDefaultAsync(s => s.Id == id && s.UserId == userId, ct);
        if (subscription is null)
            return false;
        db.EmailMessages.RemoveRange(await db.EmailMessages.Where(m => m.SubscriptionId == id && m.SentAt == null).ToListAsync(ct));
        db.AlertSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
