using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Learning;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Learning;

/// <summary>What one learning run did for a tenant; a null part was skipped for lack of decisions.</summary>
public sealed record LearningOutcome(RealgramTuningRun? Realgram, TenantRankerModel? Ranker, int Decisions);

/// <summary>
/// Learns from the current tenant's annotators: searches its realgram parameters and trains its second-level ranker on
/// the decisions log, checks each on the latest decisions it did not learn from, and applies only an improvement. Every
/// run is recorded (<see cref="RealgramTuningRun"/>, <see cref="TenantRankerModel"/>), applied or not.
/// </summary>
public sealed class LearningFromAnnotators(
    ShelfCloudDbContext db, AnnotatorDecisions decisions, RankerSource rankers, ITenantContext tenant, TimeProvider clock,
    ILogger<LearningFromAnnotators> logger)
{
    public async Task<LearningOutcome> RunAsync(CancellationToken ct)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Learning runs inside a tenant scope.");
        var realgramDecisions = await decisions.ForRealgramAsync(ct);
        var realgram = await TuneRealgramAsync(tenantId, realgramDecisions, ct);
        var ranker = await TrainRankerAsync(ct);
        await db.SaveChangesAsync(ct);
        return new LearningOutcome(realgram, ranker, realgramDecisions.Count);
    }

    private async Task<RealgramTuningRun?> TuneRealgramAsync(Guid tenantId, IReadOnlyList<RealgramDecision> log, CancellationToken ct)
    {
        if (log.Count < RealgramTuner.MinimumDecisions)
        {
            logger.LogInformation("Realgram search skipped: {Decisions} decision(s), {Minimum} needed", log.Count, RealgramTuner.MinimumDecisions);
            return null;
        }

        var owner = await db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
        var before = owner.Realgram.Copy();
        var result = RealgramTuner.Tune(log, before);
        var run = new RealgramTuningRun
        {
            RanAt = clock.GetUtcNow(),
            SearchDecisions = result.SearchDecisions,
            HeldOutDecisions = result.HeldOutDecisions,
            BeforeTop1 = result.BeforeTop1,
            AfterTop1 = result.AfterTop1,
            Before = before.Describe(),
            After = result.Best.Describe(),
            Applied = result.Improves,
        };
        db.RealgramTuningRuns.Add(run);
        if (result.Improves)
        {
            owner.Realgram.WindowDays = result.Best.WindowDays;
            owner.Realgram.HalfLifeHours = result.Best.HalfLifeHours;
            owner.Realgram.Weight = result.Best.Weight;
            owner.Realgram.Overlap = result.Best.Overlap;
        }

        logger.LogInformation("Realgram search: held-out top-1 {Before:F4} with {Old} -> {After:F4} with {New}; applied: {Applied}",
            result.BeforeTop1, run.Before, result.AfterTop1, run.After, result.Improves);
        return run;
    }

    private async Task<TenantRankerModel?> TrainRankerAsync(CancellationToken ct)
    {
        var examples = await decisions.ForRankerAsync(ct);
        var trainable = (int)(examples.Count * (1 - TenantRankerTraining.HeldOutShare));
        if (examples.Take(trainable).Count(e => e.Right >= 0) < RankerTrainer.MinimumFacings)
        {
            logger.LogInformation("Ranker training skipped: {Decisions} decision(s) with recorded features, {Minimum} needed", examples.Count, RankerTrainer.MinimumFacings);
            return null;
        }

        var (current, _) = await rankers.ForTenantAsync(db, ct);
        var baseline = current as LinearCandidateRanker;
        var now = clock.GetUtcNow();
        var version = "tenant-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var result = TenantRankerTraining.Train(examples, baseline, version, $"{examples.Count} annotator decisions");
        var tracking = baseline?.Model.Tracking ?? rankers.Default?.Tracking;
        var model = new TenantRankerModel
        {
            Version = version,
            ModelJson = (result.Model with { Tracking = tracking }).ToJson(),
            TrainedAt = now,
            TrainingFacings = result.TrainingFacings,
            HeldOutFacings = result.HeldOutFacings,
            HeldOutTop1 = result.HeldOutTop1,
            BaselineVersion = current?.Version ?? "realgram",
            BaselineTop1 = result.BaselineTop1,
            Adopted = result.Improves,
        };
        db.TenantRankerModels.Add(model);
        logger.LogInformation("Ranker {Version}: held-out top-1 {Top1:F4} against {Baseline} {BaselineTop1:F4}; adopted: {Adopted}",
            version, result.HeldOutTop1, model.BaselineVersion, result.BaselineTop1, result.Improves);
        return model;
    }
}
