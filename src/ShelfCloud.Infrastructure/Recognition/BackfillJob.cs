using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>Hangfire job: one tenant's back-fill (<see cref="CaptureBackfill"/>), asked for from the portal or after an inbox decision.</summary>
public sealed class BackfillJob(TenantScopeFactory tenantScopes)
{
    [Queue(JobQueues.Default)]
    [JobDisplayName("Back-fill the last {1} days of tenant {0}")]
    public async Task RunAsync(Guid tenantId, int days, Guid? shelfId, string trigger, CancellationToken ct)
    {
        await using var scope = tenantScopes.CreateScope(tenantId, "jobs");
        await scope.ServiceProvider.GetRequiredService<CaptureBackfill>().RunAsync(new BackfillRequest(days, shelfId, trigger), ct: ct);
    }
}

/// <summary>The current tenant's back-fills: ask for one (a job), and the latest runs with their progress.</summary>
public sealed class BackfillRequests(IDbContextFactory<ShelfCloudDbContext> dbFactory, ITenantContext tenant, IBackgroundJobClient jobs)
{
    public const int Shown = 5;

    public void Request(string trigger, int days = BackfillRequest.DefaultDays, Guid? shelfId = null)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("A back-fill is asked for inside a tenant scope.");
        jobs.Enqueue<BackfillJob>(job => job.RunAsync(tenantId, days, shelfId, trigger, CancellationToken.None));
    }

    public async Task<IReadOnlyList<BackfillRun>> LatestAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BackfillRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(Shown).ToListAsync(ct);
    }
}
