using System.Net;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Analytics;

/// <summary>
/// The CSV exports and the analytics pages over the real portal: what they contain, that another tenant's rows never
/// appear, and that a supplier sees its own brand and Others only, whatever it puts in the URL.
/// </summary>
public sealed class AnalyticsEndpointsTests(AnalyticsEndpointsTests.Seeded seeded) : IClassFixture<AnalyticsEndpointsTests.Seeded>
{
    /// <summary>The portal with one analysed shelf in the demo tenant (Nordkind and Fjordmjolk) and one in another tenant.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        public PortalFactory Portal { get; } = new();
        public AnalyticsScenario Demo { get; private set; } = null!;
        public AnalyticsScenario Other { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Demo = await AnalyticsScenario.SeedAsync(Portal, "demo", "Csv", "Nordkind", "Fjordmjolk");
            Other = await AnalyticsScenario.SeedAsync(Portal, "analytics-other", "Secret", "Secretbrand", "Hiddenbrand");
        }

        public ValueTask DisposeAsync() => Portal.DisposeAsync();
    }

    private PortalFactory Portal => seeded.Portal;

    private static string[] Lines(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Events_csv_lists_the_tenants_out_of_stock_events_with_their_duration()
    {
        var manager = await Portal.SignedInClientAsync(DemoUsers.StoreManager);

        var response = await manager.GetAsync($"/api/v1/availability/events.csv?storeId={seeded.Demo.StoreId}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = Lines((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        lines[0].ShouldBe("store,shelf,kind,sku_code,sku_name,brand,started_at,cleared_at,missing_minutes,open,consecutive_captures");
        var row = lines.Skip(1).ShouldHaveSingleItem().Split(',');
        (row[0], row[1], row[2], row[3], row[5], row[7], row[9], row[10]).ShouldBe(("Csv store", "Csv shelf", "MissingSku", "Csv-OTHER", "Fjordmjolk", "", "true", "3"));
        int.Parse(row[8]).ShouldBeInRange(60, 100);
    }

    [Fact]
    public async Task Totals_csv_gives_minutes_missing_per_sku_and_per_shelf_of_the_tenant_only()
    {
        var manager = await Portal.SignedInClientAsync(DemoUsers.StoreManager);

        var bySku = Lines((await manager.GetStringAsync($"/api/v1/availability/totals.csv?storeId={seeded.Demo.StoreId}")).TrimStart('\uFEFF'));
        var byShelf = Lines((await manager.GetStringAsync("/api/v1/availability/totals.csv?by=shelf")).TrimStart('\uFEFF'));

        bySku[0].ShouldBe("sku,period_start,period_end,events,missing_minutes,refilled,median_minutes_to_refill,longest_minutes_to_refill,open_at_end");
        var sku = bySku.Skip(1).ShouldHaveSingleItem().Split(',');
        (sku[0], sku[3], sku[5], sku[6], sku[8]).ShouldBe(("Fjordmjolk yoghurt (Csv-OTHER)", "1", "0", "", "1"));
        long.Parse(sku[4]).ShouldBeInRange(60, 100);
        byShelf[0].ShouldStartWith("shelf,");
        byShelf.ShouldContain(line => line.StartsWith("Csv shelf (Csv store),", StringComparison.Ordinal));
        string.Join('\n', byShelf).ShouldNotContain("Secret");
        (await manager.GetAsync("/api/v1/availability/totals.csv?by=colour")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_catalog_and_the_detections_export_as_csv_for_the_tenant_only_and_training_zips_are_for_admins()
    {
        var manager = await Portal.SignedInClientAsync(DemoUsers.StoreManager);

        var catalog = Lines((await manager.GetStringAsync("/api/v1/exports/catalog.csv")).TrimStart('\uFEFF'));
        var detections = Lines((await manager.GetStringAsync($"/api/v1/exports/detections.csv?storeId={seeded.Demo.StoreId}")).TrimStart('\uFEFF'));

        catalog[0].ShouldBe("code,gtin,name,brand,manufacturer,category,size,flavor,shape,reference_images");
        catalog.ShouldContain(line => line.StartsWith("Csv-OTHER,", StringComparison.Ordinal));
        string.Join('\n', catalog).ShouldNotContain("Secret");
        detections[0].ShouldBe("capture_id,taken_at,store,shelf,detection_id,x1,y1,x2,y2,sku_code,sku_name,unknown,review,final_score");
        detections.Skip(1).ShouldNotBeEmpty();
        detections.Skip(1).ShouldAllBe(line => line.Contains(",Csv store,Csv shelf,", StringComparison.Ordinal));
        (await manager.GetAsync("/api/v1/exports/detections.csv?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await manager.GetAsync("/api/v1/exports/detections.csv?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "more than 92 days");
        (await manager.GetAsync("/api/v1/exports/yolo.zip")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await Portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var zip = await admin.GetAsync("/api/v1/exports/crops.zip");
        zip.StatusCode.ShouldBe(HttpStatusCode.OK, await zip.Content.ReadAsStringAsync());
        zip.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
    }

    [Fact]
    public async Task Events_csv_never_shows_another_tenants_events_even_for_its_store_id()
    {
        var admin = await Portal.SignedInClientAsync(DemoUsers.TenantAdmin);

        var all = await admin.GetStringAsync("/api/v1/availability/events.csv");
        var guessed = await admin.GetStringAsync($"/api/v1/availability/events.csv?storeId={seeded.Other.StoreId}");

        all.ShouldContain("Csv shelf");
        all.ShouldNotContain("Secret");
        Lines(guessed).Length.ShouldBe(1, "only the header: the other tenant's store is not ours");
    }

    [Fact]
    public async Task Share_csv_gives_a_store_manager_every_brand_per_period_and_per_day()
    {
        var manager = await Portal.SignedInClientAsync(DemoUsers.StoreManager);

        var csv = await manager.GetStringAsync($"/api/v1/share.csv?storeId={seeded.Demo.StoreId}&category=Dairy");

        var lines = Lines(csv.TrimStart('\uFEFF'));
        lines[0].ShouldBe("period_start,period_end,brand,is_others,facings,facing_share,linear_width_px,linear_share");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        lines.ShouldContain($"{today.AddDays(-13):yyyy-MM-dd},{today:yyyy-MM-dd},Nordkind,false,12,0.923077,600,0.923077");
        lines.ShouldContain($"{today.AddDays(-13):yyyy-MM-dd},{today:yyyy-MM-dd},Fjordmjolk,false,1,0.076923,50,0.076923");
        csv.ShouldNotContain("Secretbrand");
    }

    [Fact]
    public async Task A_supplier_gets_its_brand_and_Others_whatever_the_query_asks()
    {
        var supplier = await Portal.SignedInClientAsync(DemoUsers.Supplier);

        foreach (var query in new[] { "", "?by=brand&brand=Fjordmjolk", "?category=Dairy&brand=Fjordmjolk&key=Fjordmjolk", "?by=manufacturer" })
        {
            var csv = await supplier.GetStringAsync("/api/v1/share.csv" + query);
            csv.ShouldNotContain("Fjordmjolk", customMessage: query);
            csv.ShouldNotContain("Secretbrand", customMessage: query);
            csv.ShouldContain("Others,true", customMessage: query);
        }

        (await supplier.GetStringAsync("/api/v1/share.csv?category=Dairy")).ShouldContain("Nordkind,false,12,");
        (await supplier.GetAsync("/api/v1/availability/events.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Malformed_export_parameters_are_a_400()
    {
        var manager = await Portal.SignedInClientAsync(DemoUsers.StoreManager);

        (await manager.GetAsync("/api/v1/share.csv?by=colour")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await manager.GetAsync("/api/v1/share.csv?from=2026-03-10&to=2026-03-01")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await manager.GetAsync("/api/v1/availability/events.csv?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await manager.GetAsync("/api/v1/availability/events.csv?from=yesterday")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Availability_pages_show_the_heatmap_events_and_gaps_of_the_tenants_shelves_only()
    {
        var manager = await Portal.SignedInClientAsync(DemoUsers.StoreManager);

        var store = await manager.GetStringAsync($"/availability?store={seeded.Demo.StoreId}");
        store.ShouldContain($"/availability/shelves/{seeded.Demo.ShelfId}");
        store.ShouldContain("data-testid=\"open-events\"");
        store.ShouldContain("Fjordmjolk yoghurt");

        var shelf = await manager.GetStringAsync($"/availability/shelves/{seeded.Demo.ShelfId}");
        shelf.ShouldContain($"/api/v1/captures/{seeded.Demo.LatestCaptureId}/photo");
        shelf.ShouldContain("data-testid=\"heat-cell\"");
        shelf.ShouldContain("data-testid=\"latest-gap\"");

        (await manager.GetStringAsync($"/availability/shelves/{seeded.Other.ShelfId}")).ShouldContain("data-testid=\"shelf-not-found\"");
        (await manager.GetStringAsync($"/availability?store={seeded.Other.StoreId}")).ShouldNotContain("Secret");
    }

    [Fact]
    public async Task Share_page_and_overview_show_a_supplier_its_brand_and_Others_only()
    {
        var supplier = await Portal.SignedInClientAsync(DemoUsers.Supplier);

        foreach (var page in new[] { "/share", "/share?by=brand&brand=Fjordmjolk&category=Dairy", "/share?by=manufacturer", "/" })
        {
            var html = await supplier.GetStringAsync(page);
            html.ShouldNotContain("Fjordmjolk", customMessage: page);
            html.ShouldContain("Others", customMessage: page);
        }

        (await supplier.GetStringAsync("/share?category=Dairy")).ShouldContain("data-testid=\"supplier-scope\"");
        var manager = await Portal.SignedInClientAsync(DemoUsers.StoreManager);
        var managerShare = await manager.GetStringAsync("/share?category=Dairy");
        managerShare.ShouldContain("Fjordmjolk");
        managerShare.ShouldNotContain("Secretbrand");
        (await manager.GetStringAsync("/")).ShouldContain("data-testid=\"metric-availability\"");
    }
}
