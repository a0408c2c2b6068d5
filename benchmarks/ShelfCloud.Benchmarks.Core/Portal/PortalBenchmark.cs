using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Catalog;
using ShelfCloud.Infrastructure.Dashboard;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Share;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Benchmarks.Core.Portal;

/// <summary>The seeded data and the median and worst time of each measured read, in milliseconds.</summary>
public sealed record PortalBenchmarkResult(
    PortalBenchmarkData Data, IReadOnlyDictionary<string, double> MedianMs, IReadOnlyDictionary<string, double> MaxMs, long DatabaseBytes);

/// <summary>
/// Seeds a tenant (<see cref="PortalBenchmarkSeeder"/>) and times the reads behind the overview, the availability
/// heatmaps and share of shelf exactly as the pages call them — each run in a fresh DI scope, so with a fresh
/// DbContext as a page request gets — plus re-analysing a capture. One warm-up run, then the median of
/// <see cref="PortalBenchmarkSettings.Repetitions"/> timed runs.
/// </summary>
public sealed class PortalBenchmark(IServiceProvider services, TimeProvider clock)
{
    /// <summary>The figures, in the order they are reported.</summary>
    public static readonly IReadOnlyList<string> Figures =
    [
        "dashboard_ms", "dashboard_supplier_ms", "heatmap_24h_ms", "heatmap_14d_ms", "shelf_heatmap_ms",
        "share_14d_ms", "share_14d_store_category_ms", "share_14d_supplier_ms", "analyze_capture_ms",
        "catalog_page_ms", "catalog_deep_page_ms", "catalog_search_ms", "catalog_filter_ms", "catalog_facets_ms",
    ];

    private sealed record Measure(string Key, string? UserId, Func<IServiceProvider, int, CancellationToken, Task<int>> Run);

    /// <summary>Seeds, then measures; <paramref name="progress"/> gets one line per stage.</summary>
    public async Task<PortalBenchmarkResult> RunAsync(PortalBenchmarkSettings settings, Action<string> progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = await new PortalBenchmarkSeeder(services, clock).SeedAsync(settings, progress, ct);
        progress($"seeded {data.Detections:N0} detections, {data.Captures:N0} captures, {data.Events:N0} events in {data.Took.TotalSeconds:F0} s");
        var latest = await LatestCapturesAsync(data, settings.Repetitions + 1, ct);
        var median = new Dictionary<string, double>();
        var max = new Dictionary<string, double>();
        foreach (var measure in Measures(data, latest))
        {
            var times = new List<double>();
            for (var run = 0; run <= settings.Repetitions; run++)
            {
                await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(data.TenantId, "bench", measure.UserId);
                var watch = Stopwatch.StartNew();
                var rows = await measure.Run(scope.ServiceProvider, run, ct);
                watch.Stop();
                if (rows == 0)
                    throw new InvalidOperationException($"{measure.Key} read nothing: the seeded data is not what the services read.");
                if (run > 0)
                    times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            median[measure.Key] = times[times.Count / 2];
            max[measure.Key] = times[^1];
            progress($"{measure.Key,-28} p50 {median[measure.Key],8:F1} ms   max {max[measure.Key],8:F1} ms");
        }

        return new PortalBenchmarkResult(data, median, max, DatabaseBytes());
    }

    private IEnumerable<Measure> Measures(PortalBenchmarkData data, IReadOnlyList<Guid> latest)
    {
        var store = data.StoreIds[0];
        var shelf = data.ShelfIds[0];
        var now = clock.GetUtcNow();
        var last14 = ShareOfShelfQuery.LastDays(DateOnly.FromDateTime(now.UtcDateTime), 14);
        yield return new("dashboard_ms", null, async (sp, _, ct) => (await sp.GetRequiredService<DashboardSummary>().GetAsync(ct)).ShelvesMeasured);
        yield return new("dashboard_supplier_ms", data.SupplierUserId, async (sp, _, ct) =>
            (await sp.GetRequiredService<DashboardSummary>().GetSupplierShareAsync(ct)).Shares.Count);
        yield return new("heatmap_24h_ms", null, (sp, _, ct) => StoreHeatmapAsync(sp, store, HeatmapPeriod.Hours, now, ct));
        yield return new("heatmap_14d_ms", null, (sp, _, ct) => StoreHeatmapAsync(sp, store, HeatmapPeriod.Days, now, ct));
        yield return new("shelf_heatmap_ms", null, async (sp, _, ct) =>
        {
            var view = await sp.GetRequiredService<ShelfGapHeatmap>().GetAsync(shelf, ct);
            await sp.GetRequiredService<OutOfStockEventLog>().ListAsync(new OutOfStockEventQuery(null, now.AddDays(-14), now, shelf, Limit: 100), ct);
            return view.CapturesAccumulated;
        });
        yield return new("share_14d_ms", null, async (sp, _, ct) => (await sp.GetRequiredService<ShareOfShelfService>().GetAsync(last14, ct)).Shares.Count);
        yield return new("share_14d_store_category_ms", null, async (sp, _, ct) =>
            (await sp.GetRequiredService<ShareOfShelfService>().GetAsync(last14 with { StoreId = store, Category = "Dairy" }, ct)).Shares.Count);
        yield return new("share_14d_supplier_ms", data.SupplierUserId, async (sp, _, ct) =>
            (await sp.GetRequiredService<ShareOfShelfService>().GetAsync(last14, ct)).Shares.Count);
        yield return new("analyze_capture_ms", null, async (sp, run, ct) =>
            (await sp.GetRequiredService<CaptureAnalyzer>().AnalyzeAsync(latest[run], ct)).Products);

        // What the catalog page reads per interaction: a page of 25 (the total included), searched or filtered.
        var lastPage = Math.Max(0, (data.CatalogSkus - 1) / 25);
        yield return new("catalog_page_ms", null, (sp, _, ct) => CatalogAsync(sp, new SkuQuery(), ct));
        yield return new("catalog_deep_page_ms", null, (sp, _, ct) => CatalogAsync(sp, new SkuQuery(Page: lastPage), ct));
        yield return new("catalog_search_ms", null, (sp, _, ct) => CatalogAsync(sp, new SkuQuery(Search: "product 001"), ct));
        yield return new("catalog_filter_ms", null, (sp, _, ct) => CatalogAsync(sp, new SkuQuery(Brand: "Brand 00", Category: "Dairy"), ct));
        yield return new("catalog_facets_ms", null, async (sp, _, ct) => (await sp.GetRequiredService<SkuCatalog>().FacetsAsync(ct)).Brands.Count);
    }

    private static async Task<int> CatalogAsync(IServiceProvider sp, SkuQuery query, CancellationToken ct) =>
        (await sp.GetRequiredService<SkuCatalog>().SearchAsync(query, ct)).Items.Count;

    /// <summary>What the availability page reads: the heatmap and the store's events of the period.</summary>
    private static async Task<int> StoreHeatmapAsync(IServiceProvider sp, Guid store, HeatmapPeriod period, DateTimeOffset now, CancellationToken ct)
    {
        var heatmap = await sp.GetRequiredService<StoreAvailability>().GetHeatmapAsync(store, period, ct);
        await sp.GetRequiredService<OutOfStockEventLog>().ListAsync(new OutOfStockEventQuery(store, heatmap.Columns[0].Start, now, Limit: 500), ct);
        return heatmap.Rows.Sum(r => r.Cells.Count(c => c is not null));
    }

    /// <summary>The latest capture of as many shelves as there are runs, so each analysis run works on another capture.</summary>
    private async Task<List<Guid>> LatestCapturesAsync(PortalBenchmarkData data, int count, CancellationToken ct)
    {
        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(data.TenantId, "bench");
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
        var latest = new List<Guid>();
        foreach (var shelf in data.ShelfIds.Take(count))
            latest.Add(await db.CaptureShelfStats.Where(s => s.ShelfId == shelf).OrderByDescending(s => s.TakenAt).Select(s => s.CaptureId).FirstAsync(ct));
        while (latest.Count < count)
            latest.Add(latest[latest.Count % data.ShelfIds.Count]);
        return latest;
    }

    private long DatabaseBytes()
    {
        var file = services.GetRequiredService<DataFolder>().Combine("shelfcloud.db");
        return new[] { file, file + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
    }
}
