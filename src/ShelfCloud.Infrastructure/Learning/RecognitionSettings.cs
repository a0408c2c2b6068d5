using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Learning;

/// <summary>What the recognition settings page shows.</summary>
/// <param name="Realgram">The tenant's realgram settings (a copy).</param>
/// <param name="RankerVersion">The ranker its captures are decided with ("realgram": the realgram's order).</param>
/// <param name="RankerModels">Its latest ranker training runs, newest first.</param>
/// <param name="TuningRuns">Its latest realgram searches, newest first.</param>
/// <param name="Decisions">Annotator decisions so far (accepted or corrected predictions).</param>
public sealed record RecognitionSettingsView(
    RealgramSettings Realgram, string RankerVersion, IReadOnlyList<TenantRankerModel> RankerModels, IReadOnlyList<RealgramTuningRun> TuningRuns, int Decisions);

/// <summary>
/// The current tenant's recognition settings: read them with what learning did, edit the realgram's parameters
/// (validated, audited), and ask for a learning run now.
/// </summary>
public sealed class RecognitionSettings(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, ITenantContext tenant, RankerSource rankers, AuditLog audit, IBackgroundJobClient jobs)
{
    private const int RunsShown = 10;

    public async Task<RecognitionSettingsView> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == TenantId, ct);
        var (ranker, _) = await rankers.ForTenantAsync(db, ct);
        var models = await db.TenantRankerModels.AsNoTracking().OrderByDescending(m => m.TrainedAt).Take(RunsShown).ToListAsync(ct);
        var runs = await db.RealgramTuningRuns.AsNoTracking().OrderByDescending(r => r.RanAt).Take(RunsShown).ToListAsync(ct);
        var decisions = await db.Detections.CountAsync(d => d.ReviewStatus == Domain.Captures.ReviewStatus.Accepted || d.ReviewStatus == Domain.Captures.ReviewStatus.Corrected, ct);
        return new RecognitionSettingsView(owner.Realgram.Copy(), ranker?.Version ?? "realgram", models, runs, decisions);
    }

    /// <summary>Saves new realgram parameters.</summary>
    /// <exception cref="ArgumentException">A value out of range, with the reason.</exception>
    public async Task UpdateRealgramAsync(RealgramSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.Tenants.SingleAsync(t => t.Id == TenantId, ct);
        var before = owner.Realgram.Describe();
        owner.Realgram.WindowDays = settings.WindowDays;
        owner.Realgram.HalfLifeHours = settings.HalfLifeHours;
        owner.Realgram.Weight = settings.Weight;
        owner.Realgram.Overlap = settings.Overlap;
        owner.Realgram.TopK = settings.TopK;
        audit.Record(db, AuditActions.RealgramSettingsChanged, $"{before} -> {owner.Realgram.Describe()} top_k={settings.TopK}", TenantId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Enqueues a learning run for the tenant.</summary>
    public async Task RequestLearningAsync(CancellationToken ct = default)
    {
        var tenantId = TenantId;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        audit.Record(db, AuditActions.LearningRequested, "realgram search and ranker training", tenantId);
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<LearningJob>(job => job.RunAsync(tenantId, CancellationToken.None));
    }

    /// <exception cref="ArgumentException">A value out of range, with the reason.</exception>
    public static void Validate(RealgramSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? problem = settings switch
        {
            { WindowDays: < 1 or > 365 } => "The window must be 1 to 365 days.",
            { HalfLifeHours: <= 0 or > 8760 } => "The half-life must be more than 0 and at most 8760 hours.",
            { Weight: < 0 or > 1 } => "The weight must be between 0 and 1.",
            { TopK: < 1 or > 50 } => "Top-K must be 1 to 50 candidates.",
            _ => null,
        };
        if (problem is not null)
            throw new ArgumentException(problem, nameof(settings));
    }

    private Guid TenantId => tenant.TenantId ?? throw new InvalidOperationException("Recognition settings belong to a tenant.");

    /// <summary>"0.912" for a share.</summary>
    public static string Share(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
