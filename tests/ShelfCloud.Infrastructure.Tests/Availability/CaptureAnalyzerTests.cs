using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Tests.Availability;

public sealed class CaptureAnalyzerTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private TestDatabase Database => fixture.Database;

    private static DateTimeOffset At(int capture) => Start.AddMinutes(30 * capture);

    private async Task<CaptureAnalysisResult> AnalyzeAsync(ShelfScenario shelf, Guid captureId)
    {
        await using var scope = Database.InTenant(shelf.TenantId);
        return await scope.ServiceProvider.GetRequiredService<CaptureAnalyzer>().AnalyzeAsync(captureId);
    }

    private async Task<T> ReadAsync<T>(Guid tenantId, Func<ShelfCloudDbContext, Task<T>> read)
    {
        await using var scope = Database.InTenant(tenantId);
        return await read(scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>());
    }

    private Task<List<OutOfStockEvent>> EventsAsync(ShelfScenario shelf) =>
        ReadAsync(shelf.TenantId, db => db.OutOfStockEvents.Where(e => e.ShelfId == shelf.ShelfId).OrderBy(e => e.StartedAt).ToListAsync());

    [Fact]
    public async Task A_gap_between_products_becomes_empty_facings_and_lowers_availability()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "gaps");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var capture = await shelf.AddCaptureAsync(At(0), milk, milk, null, null, milk, milk);

        var result = await AnalyzeAsync(shelf, capture);

        result.ShouldBe(new CaptureAnalysisResult(capture, CaptureAnalysisStatus.Analyzed, Products: 4, EmptyFacings: 2));
        var stats = await ReadAsync(tenant, db => db.CaptureShelfStats.SingleAsync(s => s.CaptureId == capture));
        (stats.Products, stats.EmptyFacings, stats.Rows, stats.Day).ShouldBe((4, 2, 1, new DateOnly(2026, 3, 2)));
        stats.Availability.ShouldBe(4.0 / 6);
        var gap = stats.Gaps.ShouldHaveSingleItem();
        (gap.X1, gap.X2, gap.MissingFacings).ShouldBe((100f, 200f, 2f));
    }

    [Fact]
    public async Task A_box_the_detector_classed_as_empty_is_an_empty_facing_not_a_product()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "labelled");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var capture = await shelf.AddCaptureAsync(At(0), milk, milk, ShelfScenario.DetectedEmpty, milk);

        var result = await AnalyzeAsync(shelf, capture);

        (result.Products, result.EmptyFacings).ShouldBe((3, 1));
        var stats = await ReadAsync(tenant, db => db.CaptureShelfStats.SingleAsync(s => s.CaptureId == capture));
        stats.Gaps.ShouldHaveSingleItem().X1.ShouldBe(100);
    }

    [Fact]
    public async Task Facings_per_sku_count_products_and_sum_their_widths_with_annotators_decisions_winning()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "facings");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        var capture = await shelf.AddCaptureAsync(At(0), milk, milk, oat, oat);
        await using (var scope = Database.InTenant(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            var detections = await db.Detections.Where(d => d.CaptureId == capture).OrderBy(d => d.X1).ToListAsync();
            detections[1].ReviewStatus = Domain.Captures.ReviewStatus.Corrected;
            db.Annotations.Add(new Domain.Captures.Annotation
            {
                ShelfId = shelf.ShelfId, CaptureId = capture, DetectionId = detections[1].Id, SkuId = oat,
                X1 = detections[1].X1, Y1 = detections[1].Y1, X2 = detections[1].X2, Y2 = detections[1].Y2, CapturedAt = At(0), AnnotatedAt = At(1),
            });
            detections[3].ReviewStatus = Domain.Captures.ReviewStatus.Rejected;
            await db.SaveChangesAsync();
        }

        await AnalyzeAsync(shelf, capture);

        var facings = await ReadAsync(tenant, db => db.CaptureSkuFacings.Where(f => f.CaptureId == capture).ToListAsync());
        facings.Select(f => (f.SkuId, f.Facings, f.LinearWidth)).ShouldBe([(milk, 1, 50.0), (oat, 2, 100.0)], ignoreOrder: true);
        var stats = await ReadAsync(tenant, db => db.CaptureShelfStats.SingleAsync(s => s.CaptureId == capture));
        (stats.Products, stats.Reviewed, stats.Accepted).ShouldBe((3, 2, 0), "the rejected box is no product; both reviews count, neither accepted");
    }

    [Fact]
    public async Task Unknown_products_are_counted_until_an_annotator_names_them_and_hold_up_no_sku()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "unknown");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var capture = await shelf.AddCaptureAsync(At(0), milk, milk, milk);
        await using (var scope = Database.InTenant(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            var detections = await db.Detections.Where(d => d.CaptureId == capture).OrderBy(d => d.X1).ToListAsync();
            foreach (var unknown in detections.Skip(1))
            {
                unknown.Unknown = true;
                unknown.PredictedSkuId = null;
            }

            db.Annotations.Add(new Domain.Captures.Annotation
            {
                ShelfId = shelf.ShelfId, CaptureId = capture, DetectionId = detections[2].Id, SkuId = milk,
                X1 = detections[2].X1, Y1 = detections[2].Y1, X2 = detections[2].X2, Y2 = detections[2].Y2, CapturedAt = At(0), AnnotatedAt = At(1),
            });
            await db.SaveChangesAsync();
        }

        await AnalyzeAsync(shelf, capture);

        var stats = await ReadAsync(tenant, db => db.CaptureShelfStats.SingleAsync(s => s.CaptureId == capture));
        (stats.Products, stats.UnknownProducts).ShouldBe((3, 1), "the named one counts as its SKU, the other stays unknown");
        var facings = await ReadAsync(tenant, db => db.CaptureSkuFacings.Where(f => f.CaptureId == capture).ToListAsync());
        facings.ShouldHaveSingleItem().Facings.ShouldBe(2, "an unknown product is no facing of any SKU");
    }

    [Fact]
    public async Task A_missing_sku_is_raised_after_three_captures_and_cleared_when_it_is_back()
    {
        var (shelf, milk, oat, _) = await AnnotatedMilkAndOatAsync("oos");

        (await AnalyzeAsync(shelf, await shelf.AddCaptureAsync(At(1), milk, null))).EventsRaised.ShouldBe(0);
        (await AnalyzeAsync(shelf, await shelf.AddCaptureAsync(At(2), milk, null))).EventsRaised.ShouldBe(0);
        (await EventsAsync(shelf)).ShouldBeEmpty("two captures without the SKU are not yet an out-of-stock");
        (await AnalyzeAsync(shelf, await shelf.AddCaptureAsync(At(3), milk, null))).EventsRaised.ShouldBe(1);

        var raised = (await EventsAsync(shelf)).ShouldHaveSingleItem();
        (raised.SkuId, raised.StoreId, raised.Kind, raised.StartedAt, raised.ClearedAt, raised.ConsecutiveCaptures)
            .ShouldBe((oat, shelf.StoreId, OutOfStockKind.MissingSku, At(1), null, 3));

        await AnalyzeAsync(shelf, await shelf.AddCaptureAsync(At(4), milk, null));
        (await EventsAsync(shelf)).ShouldHaveSingleItem().ConsecutiveCaptures.ShouldBe(4);

        (await AnalyzeAsync(shelf, await shelf.AddCaptureAsync(At(5), milk, oat))).EventsCleared.ShouldBe(1);
        var cleared = (await EventsAsync(shelf)).ShouldHaveSingleItem();
        cleared.ClearedAt.ShouldBe(At(5));
        cleared.ConsecutiveCaptures.ShouldBe(4);
    }

    [Fact]
    public async Task Poor_photos_are_no_evidence_three_covered_captures_raise_nothing_and_the_shelf_keeps_its_last_good_figures()
    {
        var (shelf, milk, _, annotated) = await AnnotatedMilkAndOatAsync("poor");

        for (var i = 1; i <= 3; i++)
        {
            // A covered lens: the detector found nothing, which without the quality check reads as both SKUs missing.
            var covered = await shelf.AddCaptureAsync(At(i));
            await MarkPoorAsync(shelf, covered);
            (await AnalyzeAsync(shelf, covered)).Status.ShouldBe(CaptureAnalysisStatus.PoorQuality);
        }

        (await EventsAsync(shelf)).ShouldBeEmpty("no false out-of-stock from a covered camera");
        var stats = await ReadAsync(shelf.TenantId, db => db.CaptureShelfStats.Where(s => s.ShelfId == shelf.ShelfId).ToListAsync());
        stats.ShouldHaveSingleItem().CaptureId.ShouldBe(annotated, "the shelf's latest figures are still its last good photo's");
        (await AnalyzeAsync(shelf, await shelf.AddCaptureAsync(At(4), milk, null))).EventsRaised.ShouldBe(0, "the good photo after them is the first miss");
    }

    /// <summary>A shelf of milk and oat whose first capture was annotated and analysed: the SKUs it should hold.</summary>
    private async Task<(ShelfScenario Shelf, Guid Milk, Guid Oat, Guid Annotated)> AnnotatedMilkAndOatAsync(string slug)
    {
        var shelf = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, slug));
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        var annotated = await shelf.AddCaptureAsync(At(0), milk, oat);
        await shelf.AnnotateAsync(annotated);
        await AnalyzeAsync(shelf, annotated);
        return (shelf, milk, oat, annotated);
    }

    private async Task MarkPoorAsync(ShelfScenario shelf, Guid captureId)
    {
        await using var scope = Database.InTenant(shelf.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var capture = await db.Captures.SingleAsync(c => c.Id == captureId);
        capture.QualityStatus = ShelfCloud.Domain.Captures.Quality.CaptureQualityStatus.Poor;
        capture.QualityIssues = "covered";
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task One_capture_showing_the_sku_restarts_the_count()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "reset");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        var annotated = await shelf.AddCaptureAsync(At(0), milk, oat);
        await shelf.AnnotateAsync(annotated);
        Guid?[][] layouts = [[milk, null], [milk, null], [milk, oat], [milk, null], [milk, null]];
        for (var i = 0; i < layouts.Length; i++)
            await AnalyzeAsync(shelf, await shelf.AddCaptureAsync(At(i + 1), layouts[i]));
        (await EventsAsync(shelf)).ShouldBeEmpty();

        await AnalyzeAsync(shelf, await shelf.AddCaptureAsync(At(6), milk, null));

        (await EventsAsync(shelf)).ShouldHaveSingleItem().StartedAt.ShouldBe(At(4));
    }

    [Fact]
    public async Task Analysing_again_replaces_the_figures_and_never_duplicates_events()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "again");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        var captures = new List<Guid> { await shelf.AddCaptureAsync(At(0), milk, oat) };
        await shelf.AnnotateAsync(captures[0]);
        foreach (var i in Enumerable.Range(1, 4))
            captures.Add(await shelf.AddCaptureAsync(At(i), milk, null, milk));
        captures.Add(await shelf.AddCaptureAsync(At(5), milk, oat, milk));
        foreach (var capture in captures)
            await AnalyzeAsync(shelf, capture);
        var first = await EventsAsync(shelf);

        foreach (var capture in captures.AsEnumerable().Reverse().Concat(captures))
            await AnalyzeAsync(shelf, capture);

        var again = await EventsAsync(shelf);
        again.Select(e => (e.Id, e.StartedAt, e.ClearedAt, e.ConsecutiveCaptures)).ShouldBe(first.Select(e => (e.Id, e.StartedAt, e.ClearedAt, e.ConsecutiveCaptures)));
        first.ShouldHaveSingleItem().ClearedAt.ShouldBe(At(5));
        (await ReadAsync(tenant, db => db.CaptureShelfStats.CountAsync(s => s.ShelfId == shelf.ShelfId))).ShouldBe(captures.Count);
        (await ReadAsync(tenant, db => db.CaptureSkuFacings.CountAsync(f => f.ShelfId == shelf.ShelfId))).ShouldBe(1 + 4 + 1 + 2);
    }

    [Fact]
    public async Task Captures_that_are_not_recognised_or_belong_to_another_tenant_are_left_alone()
    {
        var ours = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "ours"));
        var theirs = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "theirs"));
        var theirCapture = await theirs.AddCaptureAsync(At(0), await theirs.AddSkuAsync("Nordkind"));
        var pending = await ours.AddCaptureAsync(At(0), await ours.AddSkuAsync("Nordkind"));
        await using (var scope = Database.InTenant(ours.TenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            await db.Captures.Where(c => c.Id == pending).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, Domain.Captures.CaptureStatus.Pending));
        }

        (await AnalyzeAsync(ours, theirCapture)).Status.ShouldBe(CaptureAnalysisStatus.NotFound);
        (await AnalyzeAsync(ours, pending)).Status.ShouldBe(CaptureAnalysisStatus.NotRecognized);

        (await ReadAsync(theirs.TenantId, db => db.CaptureShelfStats.AnyAsync())).ShouldBeFalse();
        (await ReadAsync(ours.TenantId, db => db.CaptureShelfStats.AnyAsync())).ShouldBeFalse();
    }

    [Fact]
    public async Task The_sweep_analyses_every_tenants_unanalysed_captures_once()
    {
        var a = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "sweep-a"));
        var b = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "sweep-b"));
        var inA = await a.AddCaptureAsync(At(0), await a.AddSkuAsync("Nordkind"));
        var inB = await b.AddCaptureAsync(At(1), await b.AddSkuAsync("Nordkind"));
        var sweep = Database.Services.GetRequiredService<CaptureAnalysisSweep>();

        (await sweep.RunOnceAsync()).ShouldBeGreaterThanOrEqualTo(2);

        (await ReadAsync(a.TenantId, db => db.CaptureShelfStats.Select(s => s.CaptureId).ToListAsync())).ShouldBe([inA]);
        (await ReadAsync(b.TenantId, db => db.CaptureShelfStats.Select(s => s.CaptureId).ToListAsync())).ShouldBe([inB]);
        (await sweep.RunOnceAsync()).ShouldBe(0);
    }
}
