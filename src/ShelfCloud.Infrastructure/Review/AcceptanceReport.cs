using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Review;

public sealed record AcceptanceRow(string Key, int Accepted, int Reviewed)
{
    public double? Rate => Reviewed == 0 ? null : (double)Accepted / Reviewed;
}

/// <summary>The headline metric, live: the share of reviewed predictions that annotators accepted unchanged.</summary>
public sealed record AcceptanceSummary(AcceptanceRow Overall, IReadOnlyList<AcceptanceRow> ByStore, IReadOnlyList<AcceptanceRow> ByCategory, IReadOnlyList<AcceptanceRow> ByModel);

public sealed class AcceptanceReport(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    private sealed record ReviewedGroup(string Store, string Category, Guid? EmbedderModelId, ReviewStatus Status, int Count);

    public async Task<AcceptanceSummary> ComputeAsync(DateTimeOffset? since = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var captures = since is { } from ? db.Captures.Where(c => c.TakenAt >= from) : db.Captures;
        var reviewed = await (
                from d in db.Detections
                join c in captures on d.CaptureId equals c.Id
                join s in db.Stores on c.StoreId equals s.Id
                join k in db.Skus on d.PredictedSkuId equals k.Id into predicted
                from k in predicted.DefaultIfEmpty()
                where d.ReviewStatus != ReviewStatus.Unreviewed
                group d by new { Store = s.Name, Category = k == null ? "" : k.Category, c.EmbedderModelId, d.ReviewStatus } into g
                select new ReviewedGroup(g.Key.Store, g.Key.Category, g.Key.EmbedderModelId, g.Key.ReviewStatus, g.Count()))
            .ToListAsync(ct);
        var models = await db.ModelVersions.ToDictionaryAsync(m => m.Id, m => $"{m.Name} {m.Version}", ct);

        return new AcceptanceSummary(
            Row("All", reviewed),
            By(reviewed, r => r.Store),
            By(reviewed, r => r.Category.Length == 0 ? "(unrecognised)" : r.Category),
            By(reviewed, r => r.EmbedderModelId is { } id && models.TryGetValue(id, out var name) ? name : "(unknown model)"));
    }

    private static IReadOnlyList<AcceptanceRow> By(IEnumerable<ReviewedGroup> rows, Func<ReviewedGroup, string> keyOf) =>
        rows.GroupBy(keyOf).Select(g => Row(g.Key, g)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

    private static AcceptanceRow Row(string key, IEnumerable<ReviewedGroup> rows)
    {
        var rate = AcceptanceRate.Of(rows.SelectMany(r => Enumerable.Repeat(r.Status, r.Count)));
        return new AcceptanceRow(key, rate.Accepted, rate.Reviewed);
    }
}
