using System.Text.Json.Nodes;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Bodies of the point write and count requests.</summary>
internal static class QdrantPointRequests
{
    /// <summary><c>PointInsertOperations</c> (the <c>PointsList</c> form).</summary>
    public static JsonObject Upsert(IEnumerable<VectorPoint> points)
    {
        var list = new JsonArray();
        foreach (var point in points)
        {
            var vector = new JsonArray();
            foreach (var value in point.Vector)
            {
                vector.Add(value);
            }

            list.Add(new JsonObject
            {
                ["id"] = QdrantPayloadFields.IdValue(point.Id),
                ["vector"] = vector,
                ["payload"] = Payload(point.Payload),
            });
        }

        return new JsonObject { ["points"] = list };
    }

    /// <summary><c>PointsSelector</c> (the <c>FilterSelector</c> form) for every point the filter matches.</summary>
    public static JsonObject DeleteByFilter(VectorFilter filter) => new() { ["filter"] = QdrantFilterBuilder.Build(filter) };

    /// <summary>
    /// <c>PointsSelector</c> for some ids, as a tenant filter plus <c>has_id</c> rather than a bare id list,
    /// so an id of another tenant's point is never deleted.
    /// </summary>
    public static JsonObject DeleteByIds(Guid tenantId, IEnumerable<Guid> ids) =>
        new() { ["filter"] = QdrantFilterBuilder.Build(new VectorFilter(tenantId), ids) };

    /// <summary><c>CountRequest</c>, exact.</summary>
    public static JsonObject Count(VectorFilter filter) => new()
    {
        ["filter"] = QdrantFilterBuilder.Build(filter),
        ["exact"] = true,
    };

    private static JsonObject Payload(VectorPayload payload)
    {
        var json = new JsonObject
        {
            [QdrantPayloadFields.TenantId] = QdrantPayloadFields.IdValue(payload.TenantId),
            [QdrantPayloadFields.SkuId] = QdrantPayloadFields.IdValue(payload.SkuId),
            [QdrantPayloadFields.Source] = QdrantPayloadFields.SourceValue(payload.Source),
        };
        if (payload.StoreId is { } store)
        {
            json[QdrantPayloadFields.StoreId] = QdrantPayloadFields.IdValue(store);
        }

        if (payload.Category is { } category)
        {
            json[QdrantPayloadFields.Category] = category;
        }

        return json;
    }
}
