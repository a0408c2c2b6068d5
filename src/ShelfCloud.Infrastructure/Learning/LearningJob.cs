using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Learning;

/// <summary>
/// Hangfire jobs that learn from annotators: one tenant on demand ("Learn now" on the recognition settings page), and
/// every tenant once a day (<see cref="RecurringJobId"/>).
/// </summary>
public sealed class LearningJob(TenantScopeFactory tenantScopes, IDbContextFactory<ShelfCloudDbContext> dbFactory, IBackgroundJobClient jobs)
{
    public const string RecurringJobId = "learn-from-annotators";

    [Queue(JobQueues.Default)]
    [JobDisplayName("Learn realgram settings and ranker from the annotators of tenant {0}")]
    public async Task RunAsync(Guid tenantId, CancellationToken ct)
    {
        await using var scope = tenantScopes.CreateScope(tenantId, "jobs");
        await scope.ServiceProvider.GetRequiredService<LearningFromAnnotators>().RunAsync(ct);
    }

    [Queue(JobQueues.Default)]
    [JobDisplayName("Learn from the annotators of every tenant")]
    public async Task RunForEveryTenantAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var tenantId in await db.Tenants.AsNoTracking().Select(t => t.Id).ToListAsync(ct))
            jobs.Enqueue<LearningJob>(job => job.RunAsync(tenantId, CancellationToken.None));
    }
}
