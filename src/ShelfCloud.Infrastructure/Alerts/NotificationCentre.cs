using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>One notification as a user sees it.</summary>
public sealed record NotificationItem(long Id, DateTimeOffset CreatedAt, string Kind, string Title, Guid? CaptureId, bool Read);

/// <summary>The current tenant's notifications for one user: the unread count of the bell, the list, marking them read.</summary>
public sealed class NotificationCentre(IDbContextFactory<ShelfCloudDbContext> dbFactory, TimeProvider clock)
{
    public const int Shown = 50;

    public async Task<int> UnreadCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => !db.NotificationReceipts.Any(r => r.NotificationId == n.Id && r.UserId == userId), ct);
    }

    /// <summary>The latest notifications, newest first.</summary>
    public async Task<IReadOnlyList<NotificationItem>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(Shown)
            .Select(n => new NotificationItem(n.Id, n.CreatedAt, n.Kind, n.Title, n.CaptureId,
                db.NotificationReceipts.Any(r => r.NotificationId == n.Id && r.UserId == userId)))
            .ToListAsync(ct);
    }

    /// <summary>Marks every notification of the tenant read for <paramref name="userId"/>.</summary>
    public async Task MarkAllReadAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unread = await db.Notifications.Where(n => !db.NotificationReceipts.Any(r => r.NotificationId == n.Id && r.UserId == userId))
            .Select(n => n.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        db.NotificationReceipts.AddRange(unread.Select(id => new NotificationReceipt { NotificationId = id, UserId = userId, ReadAt = now }));
        await db.SaveChangesAsync(ct);
    }
}
