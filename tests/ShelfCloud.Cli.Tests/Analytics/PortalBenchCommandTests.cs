using ShelfCloud.Cli.Tests.Recognition;

namespace ShelfCloud.Cli.Tests.Analytics;

/// <summary><c>bench portal</c> on a small history: the JSON contract, a kept data folder, and refusals.</summary>
public sealed class PortalBenchCommandTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "shelfcloud-portal-bench-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _cli.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    [Fact]
    public async Task Bench_portal_seeds_the_asked_detections_and_reports_every_read()
    {
        var json = Path.Combine(_folder, "portal.json");
        var data = Path.Combine(_folder, "data");

        var result = await _cli.RunAsync("bench", "portal", "--detections", "3000", "--skus", "2000", "--repetitions", "1", "--data", data, "--json", json);

        result.ExitCode.ShouldBe(0, result.Error);
        var root = JsonAssertions.ReadJson(json);
        root.ShouldHaveKeys(
            "detections", "captures", "stores", "shelves", "skus", "catalog_skus", "out_of_stock_events", "database_mb", "seed_s", "repetitions",
            "dashboard_ms", "dashboard_supplier_ms", "heatmap_24h_ms", "heatmap_14d_ms", "shelf_heatmap_ms", "share_14d_ms",
            "share_14d_store_category_ms", "share_14d_supplier_ms", "analyze_capture_ms",
            "catalog_page_ms", "catalog_deep_page_ms", "catalog_search_ms", "catalog_filter_ms", "catalog_facets_ms", "max_ms");
        root.GetProperty("detections").GetInt32().ShouldBeInRange(3000, 3300);
        root.GetProperty("share_14d_ms").GetDouble().ShouldBeGreaterThan(0);
        root.GetProperty("catalog_skus").GetInt32().ShouldBe(2000);
        root.GetProperty("catalog_deep_page_ms").GetDouble().ShouldBeGreaterThan(0);
        File.Exists(Path.Combine(data, "shelfcloud.db")).ShouldBeTrue("--data keeps the seeded folder for the portal");
        result.Output.ShouldContain("supplier@bench.shelfcloud.test");
    }

    [Fact]
    public async Task Bench_portal_refuses_a_data_folder_that_is_not_empty()
    {
        var data = Path.Combine(_folder, "used");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "shelfcloud.db"), "not empty");

        var result = await _cli.RunAsync("bench", "portal", "--data", data, "--json", Path.Combine(_folder, "x.json"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("is not empty");
    }
}
