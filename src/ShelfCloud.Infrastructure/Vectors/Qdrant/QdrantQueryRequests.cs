using System.Text.Json.Nodes;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Bodies of the nearest-neighbour query requests.</summary>
internal static class QdrantQueryRequests
{
    /// <summary><c>QueryRequest</c>: nearest points to <paramref name="vector"/>, returning the SKU payload field.</summary>
    public static JsonObject Query(float[] vector, JsonObject filter, int limit)
    {
        var query = new JsonArray();
        foreach (var value in vector)
        {
            query.Add(value);
        }

        return new JsonObject
        {
            ["query"] = query,
            ["filter"] = filter,
            ["limit"] = limit,
            ["with_payload"] = new JsonArray { QdrantPayloadFields.SkuId },
        };
    }

    /// <summary><c>QueryRequestBatch</c> with one search per query, all under the same filter.</summary>
    public static JsonObject QueryBatch(IEnumerable<float[]> vectors, VectorFilter filter, int limit)
    {
        var searches = new JsonArray();
        foreach (var vector in vectors)
        {
            searches.Add(Query(vector, QdrantFilterBuilder.Build(filter), limit));
        }

        return new JsonObject { ["searches"] = searches };
    }

    /// <summary><c>QueryRequestBatch</c> asking for the single nearest point of each SKU.</summary>
    public static JsonObject BestPerSku(float[] vector, VectorFilter filter, IEnumerable<Guid> skuIds)
    {
        var searches = new JsonArray();
        foreach (var sku in skuIds)
        {
            searches.Add(Query(vector, QdrantFilterBuilder.Build(filter, skuId: sku), 1));
        }

        return new JsonObject { ["searches"] = searches };
    }
}
