using ShelfCloud.Infrastructure.Exports;
using ShelfCloud.Web.Analytics;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web.Exports;

/// <summary>
/// <c>/api/v1/exports</c>: the tenant's data for its own tools — the catalog and detections per period as CSV, and its
/// annotated captures as YOLO (photos and labels) or as an ImageFolder of crops, for training its own models.
/// </summary>
internal static class ExportEndpoints
{
    private const int DefaultDays = 30;
    private const int MaxDays = 92;

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/exports").WithTags("Exports");
        api.MapGet("/catalog.csv", CatalogAsync).RequireAuthorization(Policies.CatalogReader)
            .WithSummary("The catalog: code, GTIN, name, brand, manufacturer, category, size, flavor, shape, reference images.");
        api.MapGet("/detections.csv", DetectionsAsync).RequireAuthorization(Policies.StoreMonitor)
            .WithSummary("Product detections of the captures taken in [from, to) (default the last 30 days, at most 92), one store or all, as CSV.");
        api.MapGet("/yolo.zip", (DateTimeOffset? from, DateTimeOffset? to, TrainingExports exports, TimeProvider clock, CancellationToken ct) =>
                ZipAsync(from, to, clock, "shelfcloud-yolo.zip", (zip, since, until) => exports.WriteYoloAsync(zip, since, until, ct)))
            .RequireAuthorization(Policies.TenantAdmin)
            .WithSummary("Annotated captures of [from, to) as YOLO: images/, labels/ and data.yaml naming the SKU codes.");
        api.MapGet("/crops.zip", (DateTimeOffset? from, DateTimeOffset? to, TrainingExports exports, TimeProvider clock, CancellationToken ct) =>
                ZipAsync(from, to, clock, "shelfcloud-crops.zip", (zip, since, until) => exports.WriteCropsAsync(zip, since, until, ct)))
            .RequireAuthorization(Policies.TenantAdmin)
            .WithSummary("The annotated crops of [from, to) as an ImageFolder: one folder per SKU code.");
        return app;
    }

    private static async Task<IResult> CatalogAsync(TableExports exports, CancellationToken ct)
    {
        var csv = new CsvTable("code", "gtin", "name", "brand", "manufacturer", "category", "size", "flavor", "shape", "reference_images");
        foreach (var s in await exports.CatalogAsync(ct))
            csv.Row(s.Code, s.Gtin, s.Name, s.Brand, s.Manufacturer, s.Category, s.Size, s.Flavor, s.Shape, s.ReferenceImages);
        return TypedResults.File(csv.ToUtf8(), "text/csv; charset=utf-8", "catalog.csv");
    }

    private static async Task<IResult> DetectionsAsync(DateTimeOffset? from, DateTimeOffset? to, Guid? storeId, TableExports exports, TimeProvider clock, CancellationToken ct)
    {
        if (Period(from, to, clock) is not { } period)
            return TypedResults.Problem($"'from' must be before 'to', at most {MaxDays} days apart.", statusCode: StatusCodes.Status400BadRequest);
        var csv = new CsvTable("capture_id", "taken_at", "store", "shelf", "detection_id", "x1", "y1", "x2", "y2", "sku_code", "sku_name", "unknown", "review", "final_score");
        foreach (var d in await exports.DetectionsAsync(period.Since, period.Until, storeId, ct))
            csv.Row(d.CaptureId, d.TakenAt, d.Store, d.Shelf, d.DetectionId, d.X1, d.Y1, d.X2, d.Y2, d.SkuCode, d.SkuName, d.Unknown, d.Review.ToString(), d.FinalScore);
        return TypedResults.File(csv.ToUtf8(), "text/csv; charset=utf-8", "detections.csv");
    }

    /// <summary>Builds the archive in a temporary file (the zip writer is synchronous) and streams it; the file goes when the response is done.</summary>
    private static async Task<IResult> ZipAsync(DateTimeOffset? from, DateTimeOffset? to, TimeProvider clock, string name, Func<Stream, DateTimeOffset, DateTimeOffset, Task<ExportSummary>> write)
    {
        if (Period(from, to, clock) is not { } period)
            return TypedResults.Problem($"'from' must be before 'to', at most {MaxDays} days apart.", statusCode: StatusCodes.Status400BadRequest);
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await write(file, period.Since, period.Until);
        file.Position = 0;
        return TypedResults.File(file, "application/zip", name);
    }

    private static (DateTimeOffset Since, DateTimeOffset Until)? Period(DateTimeOffset? from, DateTimeOffset? to, TimeProvider clock)
    {
        var until = to ?? clock.GetUtcNow();
        var since = from ?? until.AddDays(-DefaultDays);
        return since < until && until - since <= TimeSpan.FromDays(MaxDays) ? (since, until) : null;
    }
}
