using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Share;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web.Analytics;

/// <summary>
/// CSV exports of the analytics pages: <c>GET /api/v1/availability/events.csv</c> and
/// <c>GET /api/v1/availability/totals.csv</c> for store monitors and <c>GET /api/v1/share.csv</c> for store monitors and
/// suppliers. Both read the same services as the pages, so a
/// supplier's export folds other brands into Others exactly as its page does.
/// </summary>
internal static class AnalyticsEndpoints
{
    private const int DefaultDays = 14;

    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Analytics");
        api.MapGet("/availability/events.csv", EventsAsync)
            .RequireAuthorization(Policies.StoreMonitor)
            .WithSummary("Out-of-stock events that overlap [from, to) (ISO 8601; default the last 14 days), one store or all, as CSV.");
        api.MapGet("/availability/totals.csv", TotalsAsync)
            .RequireAuthorization(Policies.StoreMonitor)
            .WithSummary("Out-of-stock minutes and time to refill per SKU, shelf or store (by=sku|shelf|store) over [from, to) (default the last 14 days), as CSV.");
        api.MapGet("/share.csv", ShareAsync)
            .RequireAuthorization(Policies.ShareOfShelfReader)
            .WithSummary("Share of shelf by brand or manufacturer over the local days [from, to] (default the last 14), per day and in total, as CSV.");
        return app;
    }

    private static async Task<IResult> EventsAsync(
        Guid? storeId, DateTimeOffset? from, DateTimeOffset? to, OutOfStockEventLog events, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = to ?? now;
        var since = from ?? until.AddDays(-DefaultDays);
        if (since >= until)
            return TypedResults.Problem("'from' must be before 'to'.", statusCode: StatusCodes.Status400BadRequest);

        var csv = new CsvTable("store", "shelf", "kind", "sku_code", "sku_name", "brand", "started_at", "cleared_at", "missing_minutes", "open", "consecutive_captures");
        foreach (var e in await events.ListAsync(new OutOfStockEventQuery(storeId, since, until), ct))
        {
            csv.Row(e.StoreName, e.ShelfName, e.Kind.ToString(), e.SkuCode, e.SkuName, e.Brand, e.StartedAt, e.ClearedAt,
                (long)e.DurationAt(now).TotalMinutes, e.IsOpen, e.ConsecutiveCaptures);
        }

        return TypedResults.File(csv.ToUtf8(), "text/csv; charset=utf-8", "out-of-stock-events.csv");
    }

    private static async Task<IResult> TotalsAsync(
        string? by, Guid? storeId, DateTimeOffset? from, DateTimeOffset? to, OutOfStockTotalsReader totals, TimeProvider clock, CancellationToken ct)
    {
        if (by is not null && !Enum.TryParse<OutOfStockGrouping>(by, ignoreCase: true, out _))
            return TypedResults.Problem("'by' is sku, shelf or store.", statusCode: StatusCodes.Status400BadRequest);
        var grouping = by is null ? OutOfStockGrouping.Sku : Enum.Parse<OutOfStockGrouping>(by, ignoreCase: true);
        var until = to ?? clock.GetUtcNow();
        var since = from ?? until.AddDays(-DefaultDays);
        if (since >= until)
            return TypedResults.Problem("'from' must be before 'to'.", statusCode: StatusCodes.Status400BadRequest);

        var csv = new CsvTable(grouping.ToString().ToLowerInvariant(), "period_start", "period_end", "events", "missing_minutes", "refilled",
            "median_minutes_to_refill", "longest_minutes_to_refill", "open_at_end");
        foreach (var t in await totals.ReadAsync(grouping, storeId, since, until, ct))
        {
            csv.Row(t.Name, since, until, t.Events, t.MissingMinutes, t.Refilled,
                t.MedianMinutesToRefill is { } median ? Math.Round(median, 1) : null, t.LongestMinutesToRefill is { } longest ? Math.Round(longest, 1) : null, t.OpenNow);
        }

        return TypedResults.File(csv.ToUtf8(), "text/csv; charset=utf-8", $"out-of-stock-by-{grouping.ToString().ToLowerInvariant()}.csv");
    }

    private static async Task<IResult> ShareAsync(
        string? by, DateOnly? from, DateOnly? to, Guid? storeId, string? category, ShareOfShelfService share, TimeProvider clock, CancellationToken ct)
    {
        if (by is not null && !Enum.TryParse<ShareGrouping>(by, ignoreCase: true, out _))
            return TypedResults.Problem("'by' is brand or manufacturer.", statusCode: StatusCodes.Status400BadRequest);
        var grouping = by is null ? ShareGrouping.Brand : Enum.Parse<ShareGrouping>(by, ignoreCase: true);
        var last = to ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = from ?? last.AddDays(1 - DefaultDays);
        ShareOfShelfReport report;
        try
        {
            report = await share.GetAsync(new ShareOfShelfQuery(grouping, first, last, storeId, string.IsNullOrWhiteSpace(category) ? null : category), ct);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        var csv = new CsvTable("period_start", "period_end", grouping == ShareGrouping.Brand ? "brand" : "manufacturer", "is_others",
            "facings", "facing_share", "linear_width_px", "linear_share");
        foreach (var s in report.Shares)
            csv.Row(first, last, s.Key, s.IsOthers, s.Facings, s.FacingShare, s.LinearWidth, s.LinearShare);
        foreach (var point in report.Trend)
        {
            foreach (var s in point.Shares)
                csv.Row(point.Day, point.Day, s.Key, s.IsOthers, s.Facings, s.FacingShare, s.LinearWidth, s.LinearShare);
        }

        return TypedResults.File(csv.ToUtf8(), "text/csv; charset=utf-8", "share-of-shelf.csv");
    }
}
