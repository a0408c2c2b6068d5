using System.Text.Json.Nodes;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Bodies of the collection set-up requests.</summary>
internal static class QdrantCollectionRequests
{
    /// <summary><c>CreateCollection</c>: one unnamed dense vector with cosine distance.</summary>
    public static JsonObject CreateCollection(int dimension) => new()
    {
        ["vectors"] = new JsonObject { ["size"] = dimension, ["distance"] = "Cosine" },
    };

    /// <summary><c>CreateFieldIndex</c> for the tenant field, marked <c>is_tenant</c> so Qdrant co-locates each tenant's points.</summary>
    public static JsonObject CreateTenantIndex() => new()
    {
        ["field_name"] = QdrantPayloadFields.TenantId,
        ["field_schema"] = new JsonObject { ["type"] = "keyword", ["is_tenant"] = true },
    };

    /// <summary><c>CreateFieldIndex</c> for another filtered keyword field.</summary>
    public static JsonObject CreateKeywordIndex(string field) => new()
    {
        ["field_name"] = field,
        ["field_schema"] = new JsonObject { ["type"] = "keyword" },
    };
}
