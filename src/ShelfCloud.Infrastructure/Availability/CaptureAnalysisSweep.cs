using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>
/// Finds Recognized captures of every tenant that have no figures yet and analyses them, oldest first, each inside its
/// tenant's scope. The safety net behind the recognition job's own call: the database, not a queue, says what is left.
/// </summary>
public sealed class CaptureAnalysisSweep(IServiceScopeFactory scopes, TenantScopeFactory tenantScopes, ILogger<CaptureAnalysisSweep> logger)
{
    /// <summary>Analyses up to <paramref name="maxCaptures"/> captures; returns how many were analysed.</summary>
    public async Task<int> RunOnceAsync(int maxCaptures = 500, CancellationToken ct = default)
    {
        var pending = await FindUnanalysedAsync(maxCaptures, ct);
        var analysed = 0;
        foreach (var tenant in pending.GroupBy(p => p.TenantId))
        {
            await using var scope = tenantScopes.CreateScope(tenant.Key, "analysis-sweep");
            var analyzer = scope.ServiceProvider.GetRequiredService<CaptureAnalyzer>();
            foreach (var capture in tenant)
            {
                try
                {
                    if ((await analyzer.AnalyzeAsync(capture.CaptureId, ct)).Status == CaptureAnalysisStatus.Analyzed)
                        analysed++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Analysis of capture {CaptureId} of tenant {TenantId} failed; the next sweep tries again", capture.CaptureId, tenant.Key);
                }
            }
        }

        return analysed;
    }

    private async Task<List<(Guid TenantId, Guid CaptureId)>> FindUnanalysedAsync(int maxCaptures, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
        // A platform query: it must see every tenant's captures, so it lifts the tenant filter by name.
        var rows = await db.Captures.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter])
            .Where(c => c.Status == CaptureStatus.Recognized && c.QualityStatus != CaptureQualityStatus.Poor && !db.CaptureShelfStats.Any(s => s.CaptureId == c.Id))
            .OrderBy(c => c.TakenAt)
            .Take(maxCaptures)
            .Select(c => new { c.TenantId, c.Id })
            .ToListAsync(ct);
        return rows.Select(r => (r.TenantId, r.Id)).ToList();
    }
}
