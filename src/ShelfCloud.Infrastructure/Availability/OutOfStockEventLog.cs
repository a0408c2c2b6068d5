using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>One out-of-stock event with the names people read.</summary>
public sealed record OutOfStockEventView(
    Guid Id, Guid StoreId, string StoreName, Guid ShelfId, string ShelfName, OutOfStockKind Kind,
    Guid? SkuId, string? SkuCode, string? SkuName, string? Brand,
    DateTimeOffset StartedAt, DateTimeOffset? ClearedAt, int ConsecutiveCaptures)
{
    /// <summary>True while the product is still missing.</summary>
    public bool IsOpen => ClearedAt is null;

    /// <summary>Time to refill for a closed event; time missing so far for an open one.</summary>
    public TimeSpan DurationAt(DateTimeOffset now) => (ClearedAt ?? now) - StartedAt;
}

/// <summary>Which events to list: those of a store (or all stores) that were open at some time in [From, To).</summary>
public sealed record OutOfStockEventQuery(Guid? StoreId, DateTimeOffset From, DateTimeOffset To, Guid? ShelfId = null, int Limit = OutOfStockEventQuery.MaxLimit)
{
    /// <summary>The most events one query returns.</summary>
    public const int MaxLimit = 10_000;
}

/// <summary>Out-of-stock events of the current tenant for the availability page and its CSV export, latest first.</summary>
public sealed class OutOfStockEventLog(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    /// <summary>Events that overlap the query's period, open ones included whenever they started.</summary>
    public async Task<IReadOnlyList<OutOfStockEventView>> ListAsync(OutOfStockEventQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = db.OutOfStockEvents.AsNoTracking().Where(e => e.StartedAt < query.To && (e.ClearedAt == null || e.ClearedAt >= query.From));
        if (query.StoreId is { } storeId)
            events = events.Where(e => e.StoreId == storeId);
        if (query.ShelfId is { } shelfId)
            events = events.Where(e => e.ShelfId == shelfId);
        var rows = await (
                from e in events
                join shelf in db.Shelves on e.ShelfId equals shelf.Id
                join store in db.Stores on e.StoreId equals store.Id
                join sku in db.Skus on e.SkuId equals sku.Id into skus
                from sku in skus.DefaultIfEmpty()
                orderby e.ClearedAt == null descending, e.StartedAt descending
                select new OutOfStockEventView(
                    e.Id, e.StoreId, store.Name, e.ShelfId, shelf.Name, e.Kind,
                    e.SkuId, sku == null ? null : sku.Code, sku == null ? null : sku.Name, sku == null ? null : sku.Brand,
                    e.StartedAt, e.ClearedAt, e.ConsecutiveCaptures))
            .Take(Math.Clamp(query.Limit, 1, OutOfStockEventQuery.MaxLimit))
            .ToListAsync(ct);
        return rows;
    }
}
