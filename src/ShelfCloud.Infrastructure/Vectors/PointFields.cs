using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>A point's payload without the tenant, which its segment already implies.</summary>
internal readonly record struct PointFields(Guid SkuId, Guid? StoreId, string? Category, VectorSource Source)
{
    public static PointFields From(VectorPayload payload) => new(payload.SkuId, payload.StoreId, payload.Category, payload.Source);
}
