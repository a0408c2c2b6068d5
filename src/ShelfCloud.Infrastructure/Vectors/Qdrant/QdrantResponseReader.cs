using System.Text.Json;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Reads the <c>result</c> parts of Qdrant's replies.</summary>
internal static class QdrantResponseReader
{
    /// <summary>A <c>QueryResponse</c> (<c>{"points": [ScoredPoint…]}</c>) as matches, best first.</summary>
    public static IReadOnlyList<VectorMatch> Matches(JsonElement queryResponse)
    {
        var points = queryResponse.GetProperty("points");
        var matches = new List<VectorMatch>(points.GetArrayLength());
        foreach (var point in points.EnumerateArray())
        {
            var sku = point.TryGetProperty("payload", out var payload)
                && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty(QdrantPayloadFields.SkuId, out var skuValue)
                ? Guid.Parse(skuValue.GetString()!)
                : Guid.Empty;
            matches.Add(new VectorMatch(PointId(point.GetProperty("id")), sku, point.GetProperty("score").GetSingle()));
        }

        return matches;
    }

    /// <summary>The reply to <c>/points/query/batch</c>: one <c>QueryResponse</c> per search.</summary>
    public static IReadOnlyList<IReadOnlyList<VectorMatch>> BatchMatches(JsonElement result) =>
        result.EnumerateArray().Select(Matches).ToList();

    public static long Count(JsonElement countResult) => countResult.GetProperty("count").GetInt64();

    public static bool Exists(JsonElement collectionExistence) => collectionExistence.GetProperty("exists").GetBoolean();

    private static Guid PointId(JsonElement id) => id.ValueKind == JsonValueKind.String
        ? Guid.Parse(id.GetString()!)
        : throw new InvalidDataException($"Qdrant returned a numeric point id ({id.GetRawText()}); ShelfCloud only writes UUIDs.");
}
