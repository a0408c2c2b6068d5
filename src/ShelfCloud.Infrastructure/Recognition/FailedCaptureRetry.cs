using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>Gives the current tenant's Failed captures a fresh set of attempts: they become Pending and are dispatched again.</summary>
public sealed class FailedCaptureRetry(IDbContextFactory<ShelfCloudDbContext> dbFactory, DispatchSignal dispatch)
{
    /// <summary>Returns how many captures were put back.</summary>
    public async Task<int> RetryAllAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failed = await db.Captures.Where(c => c.Status == CaptureStatus.Failed).ToListAsync(ct);
        foreach (var capture in failed)
        {
            capture.Status = CaptureStatus.Pending;
            capture.Attempts = 0;
            capture.FailureReason = null;
            capture.LeaseUntil = null;
            capture.Version = Guid.NewGuid();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Retried by someone else at the same moment; what they saved stands.
            return 0;
        }

        if (failed.Count > 0)
            dispatch.Kick();
        return failed.Count;
    }
}
