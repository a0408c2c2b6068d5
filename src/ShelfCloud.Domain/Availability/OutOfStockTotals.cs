namespace ShelfCloud.Domain.Availability;

/// <summary>One out-of-stock period as the totals see it: what it belongs to (a SKU, a shelf, a store) and when.</summary>
public sealed record OutOfStockSpan(string Key, string Name, DateTimeOffset StartedAt, DateTimeOffset? ClearedAt);

/// <summary>The out-of-stock figures of one SKU, shelf or store over a period.</summary>
/// <param name="Events">Out-of-stock events that overlapped the period.</param>
/// <param name="MissingMinutes">Minutes missing within the period (an event still open counts until now).</param>
/// <param name="Refilled">Events that ended (were refilled) within the period.</param>
/// <param name="MedianMinutesToRefill">Median time from missing to refilled of those; null when none was refilled.</param>
/// <param name="LongestMinutesToRefill">The longest of them; null when none was refilled.</param>
/// <param name="OpenNow">Events still open at the end of the period.</param>
public sealed record OutOfStockTotal(
    string Key, string Name, int Events, long MissingMinutes, int Refilled, double? MedianMinutesToRefill, double? LongestMinutesToRefill, int OpenNow);

/// <summary>Out-of-stock minutes and time to refill per SKU, shelf or store over a period.</summary>
public static class OutOfStockTotals
{
    /// <summary>The totals of each key, most minutes missing first.</summary>
    /// <param name="now">Open events count as missing until now (or the period's end, if earlier).</param>
    public static IReadOnlyList<OutOfStockTotal> Of(IEnumerable<OutOfStockSpan> spans, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (from >= to)
            throw new ArgumentException("The period must end after it starts.", nameof(to));
        return spans
            .Where(s => s.StartedAt < to && (s.ClearedAt ?? now) > from)
            .GroupBy(s => s.Key)
            .Select(g =>
            {
                var refills = g.Where(s => s.ClearedAt is { } cleared && cleared >= from && cleared < to)
                    .Select(s => (s.ClearedAt!.Value - s.StartedAt).TotalMinutes).Order().ToList();
                var missing = g.Sum(s => Math.Max(0, (Min(s.ClearedAt ?? now, to) - Max(s.StartedAt, from)).TotalMinutes));
                return new OutOfStockTotal(
                    g.Key, g.First().Name, g.Count(), (long)Math.Round(missing), refills.Count,
                    refills.Count == 0 ? null : Median(refills), refills.Count == 0 ? null : refills[^1],
                    g.Count(s => s.ClearedAt is null || s.ClearedAt >= to));
            })
            .OrderByDescending(t => t.MissingMinutes).ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
