using ShelfCloud.Domain.Availability;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>What the out-of-stock totals are grouped by.</summary>
public enum OutOfStockGrouping
{
    Sku,
    Shelf,
    Store,
}

/// <summary>
/// Out-of-stock minutes and time to refill per SKU, shelf or store of the current tenant over a period, from the event
/// log (<see cref="OutOfStockTotals"/>): the availability page's table and its CSV read the same.
/// </summary>
public sealed class OutOfStockTotalsReader(OutOfStockEventLog events, TimeProvider clock)
{
    public async Task<IReadOnlyList<OutOfStockTotal>> ReadAsync(
        OutOfStockGrouping grouping, Guid? storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var listed = await events.ListAsync(new OutOfStockEventQuery(storeId, from, to), ct);
        return OutOfStockTotals.Of(listed.Select(e => Span(grouping, e)), from, to, clock.GetUtcNow());
    }

    private static OutOfStockSpan Span(OutOfStockGrouping grouping, OutOfStockEventView e) => grouping switch
    {
        OutOfStockGrouping.Store => new OutOfStockSpan(e.StoreId.ToString("N"), e.StoreName, e.StartedAt, e.ClearedAt),
        OutOfStockGrouping.Shelf => new OutOfStockSpan(e.ShelfId.ToString("N"), $"{e.ShelfName} ({e.StoreName})", e.StartedAt, e.ClearedAt),
        _ => e.SkuId is { } sku
            ? new OutOfStockSpan(sku.ToString("N"), e.SkuCode is null ? e.SkuName ?? "?" : $"{e.SkuName} ({e.SkuCode})", e.StartedAt, e.ClearedAt)
            : new OutOfStockSpan("empty-facing", "Empty facings (no SKU named)", e.StartedAt, e.ClearedAt),
    };
}
