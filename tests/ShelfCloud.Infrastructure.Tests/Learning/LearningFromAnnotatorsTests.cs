using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Recognition.Tracking;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Learning;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.Learning;

/// <summary>
/// The nightly learning run on a real database: a decisions log where the realgram (switched off) and the track
/// (ignored by the realgram's order) hold the right answer, and one where nothing can be learned.
/// </summary>
public sealed class LearningFromAnnotatorsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() =>
        // No default ranker: the baseline is the realgram's order, so what the tenant's ranker learns is visible.
        _database = await TestDatabase.CreateAsync(new Dictionary<string, string?> { ["Models:Ranker"] = "/nonexistent/ranker.json" });

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_realgram_weight_and_a_ranker_are_learned_and_applied_because_they_beat_what_was_in_use()
    {
        var (shelf, _) = await DecisionsLogAsync(captures: 70, realgramWeight: 0, rightIsLookalike: true);

        var outcome = await RunAsync(shelf.TenantId);

        var search = outcome.Realgram.ShouldNotBeNull();
        search.BeforeTop1.ShouldBe(0, "with the weight at 0 the look-alike wins every time");
        search.AfterTop1.ShouldBeGreaterThan(0.95);
        search.Applied.ShouldBeTrue();
        search.Before.ShouldContain("weight=0 ");
        var ranker = outcome.Ranker.ShouldNotBeNull();
        ranker.BaselineVersion.ShouldBe("realgram");
        ranker.HeldOutTop1.ShouldBeGreaterThan(0.95);
        ranker.BaselineTop1.ShouldBe(0);
        ranker.Adopted.ShouldBeTrue();

        await using var scope = _database.InTenant(shelf.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        (await db.Tenants.SingleAsync(t => t.Id == shelf.TenantId)).Realgram.Weight.ShouldBeGreaterThan(0);
        var (inUse, _) = await scope.ServiceProvider.GetRequiredService<RankerSource>().ForTenantAsync(db, TestContext.Current.CancellationToken);
        inUse.ShouldNotBeNull().Version.ShouldBe(ranker.Version, "the adopted model now ranks the tenant's captures");
        (await db.RealgramTuningRuns.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Nothing_is_applied_when_the_best_found_does_no_better_on_the_held_out_decisions()
    {
        var (shelf, _) = await DecisionsLogAsync(captures: 70, realgramWeight: 0.15, rightIsLookalike: false);

        var outcome = await RunAsync(shelf.TenantId);

        var search = outcome.Realgram.ShouldNotBeNull();
        search.BeforeTop1.ShouldBe(1, "the look alone is right already");
        search.Applied.ShouldBeFalse();
        outcome.Ranker.ShouldNotBeNull().Adopted.ShouldBeFalse("the realgram's order is right already");
        await using var scope = _database.InTenant(shelf.TenantId);
        (await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Tenants.SingleAsync(t => t.Id == shelf.TenantId)).Realgram.Weight.ShouldBe(0.15);
    }

    [Fact]
    public async Task Too_few_decisions_learn_nothing_and_record_nothing()
    {
        var (shelf, _) = await DecisionsLogAsync(captures: 5, realgramWeight: 0, rightIsLookalike: true);

        var outcome = await RunAsync(shelf.TenantId);

        (outcome.Realgram, outcome.Ranker).ShouldBe((null, null));
        outcome.Decisions.ShouldBe(20);
    }

    [Fact]
    public async Task Another_tenants_decisions_are_not_learned_from()
    {
        var (shelf, _) = await DecisionsLogAsync(captures: 70, realgramWeight: 0, rightIsLookalike: true);
        var other = await ShelfScenario.CreateAsync(_database, await ShelfScenario.CreateTenantAsync(_database, "other"));

        var outcome = await RunAsync(other.TenantId);

        outcome.Decisions.ShouldBe(0);
        (outcome.Realgram, outcome.Ranker).ShouldBe((null, null));
        await using var scope = _database.InTenant(other.TenantId);
        (await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().RealgramTuningRuns.CountAsync()).ShouldBe(0);
    }

    private async Task<LearningOutcome> RunAsync(Guid tenantId)
    {
        await using var scope = _database.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<LearningFromAnnotators>().RunAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A shelf of four SKUs photographed and fully annotated <paramref name="captures"/> times. With
    /// <paramref name="rightIsLookalike"/> every crop looks a little more like a look-alike SKU than like itself, so only
    /// the shelf's history (and the facing's track, in the ranker's features) can name it.
    /// </summary>
    private async Task<(ShelfScenario Shelf, Guid[] Skus)> DecisionsLogAsync(int captures, double realgramWeight, bool rightIsLookalike)
    {
        var shelf = await ShelfScenario.CreateAsync(_database, await ShelfScenario.CreateTenantAsync(_database, "learn"));
        var skus = new[] { await shelf.AddSkuAsync("A"), await shelf.AddSkuAsync("B"), await shelf.AddSkuAsync("C"), await shelf.AddSkuAsync("D") };
        var lookalike = await shelf.AddSkuAsync("Lookalike");
        await using var scope = _database.InTenant(shelf.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        (await db.Tenants.SingleAsync(t => t.Id == shelf.TenantId)).Realgram.Weight = realgramWeight;
        await db.SaveChangesAsync();
        for (var i = 0; i < captures; i++)
        {
            var takenAt = Start.AddHours(6 * i);
            var id = await shelf.AddCaptureAsync(takenAt, skus.Cast<Guid?>().ToArray());
            foreach (var detection in await db.Detections.Where(d => d.CaptureId == id).ToListAsync())
            {
                var right = detection.PredictedSkuId!.Value;
                var (first, second) = rightIsLookalike ? (lookalike, right) : (right, lookalike);
                detection.Candidates = [new() { SkuId = first, VisualScore = 0.82f, FinalScore = 0.82f }, new() { SkuId = second, VisualScore = 0.80f, FinalScore = 0.80f }];
                var track = new FacingTrack(Guid.NewGuid(), detection.Box, [], right, Start, new Dictionary<Guid, double> { [right] = 2, [lookalike] = 0.5 }, i + 1);
                var context = new FacingContext(
                    [new RankedCandidate(first, 1, 0.82f, 0, 0.82f), new RankedCandidate(second, 2, 0.80f, 0, 0.80f)], i == 0 ? null : track, [], new HashSet<Guid>());
                detection.RankerFeatures = RankerFeatureJson.Write(RankerFeatures.For(context));
                detection.PredictedSkuId = first;
            }

            await db.SaveChangesAsync();
            foreach (var detection in await db.Detections.Where(d => d.CaptureId == id).ToListAsync())
            {
                var right = skus[(int)Math.Round(detection.X1 / ShelfScenario.SlotWidth)];
                db.Annotations.Add(new Annotation
                {
                    ShelfId = shelf.ShelfId, CaptureId = id, DetectionId = detection.Id, SkuId = right,
                    X1 = detection.X1, Y1 = detection.Y1, X2 = detection.X2, Y2 = detection.Y2,
                    CapturedAt = takenAt, AnnotatedAt = takenAt, AcceptedPrediction = right == detection.PredictedSkuId,
                });
                detection.ReviewStatus = right == detection.PredictedSkuId ? ReviewStatus.Accepted : ReviewStatus.Corrected;
            }

            await db.SaveChangesAsync();
        }

        return (shelf, skus);
    }
}
