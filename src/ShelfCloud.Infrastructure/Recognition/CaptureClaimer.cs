using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// Claims a batch of one tenant's claimable captures — Pending, or Processing whose lease ran out — with optimistic
/// concurrency: each becomes Processing with a lease and a new <c>Version</c>, in one <c>SaveChanges</c> whose updates
/// require the versions read. When another node claimed any of them first the save fails with
/// <see cref="DbUpdateConcurrencyException"/>, nothing is written, and the claimer reads again: each capture is
/// claimed by exactly one node.
/// </summary>
public sealed class CaptureClaimer(TenantScopeFactory scopes, IOptions<JobOptions> options, TimeProvider clock, ILogger<CaptureClaimer> logger)
{
    private const int MaxRounds = 5;

    /// <summary>Captures a claim may take at <paramref name="now"/>.</summary>
    public static Expression<Func<Capture, bool>> Claimable(DateTimeOffset now) =>
        c => c.Status == CaptureStatus.Pending || (c.Status == CaptureStatus.Processing && c.LeaseUntil < now);

    /// <summary>Claims up to <paramref name="max"/> captures of the tenant, oldest first; empty when none is left to claim.</summary>
    public Task<IReadOnlyList<CaptureClaim>> ClaimAsync(Guid tenantId, int max, CancellationToken ct = default) =>
        ClaimAsync(tenantId, max, beforeSave: null, ct);

    /// <param name="tenantId">The tenant whose captures are claimed.</param>
    /// <param name="max">At most this many.</param>
    /// <param name="beforeSave">Runs between reading the candidates and saving the claim: lets tests let another node win.</param>
    /// <param name="ct">Cancels the claim.</param>
    internal async Task<IReadOnlyList<CaptureClaim>> ClaimAsync(Guid tenantId, int max, Func<Task>? beforeSave, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        for (var round = 1; round <= MaxRounds; round++)
        {
            await using var scope = scopes.CreateScope(tenantId, "jobs");
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var candidates = await db.Captures.Where(Claimable(now)).OrderBy(c => c.ReceivedAt).Take(max).ToListAsync(ct);
            if (candidates.Count == 0)
                return [];
            foreach (var capture in candidates)
            {
                capture.Status = CaptureStatus.Processing;
                capture.LeaseUntil = now + options.Value.Lease;
                capture.Version = Guid.NewGuid();
            }

            if (beforeSave is not null)
                await beforeSave();
            try
            {
                await db.SaveChangesAsync(ct);
                return candidates.Select(c => new CaptureClaim(c.Id, c.Version)).ToList();
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogDebug("Another node claimed captures of tenant {TenantId} first (round {Round}); reading again", tenantId, round);
                beforeSave = null;
            }
        }

        return [];
    }
}
