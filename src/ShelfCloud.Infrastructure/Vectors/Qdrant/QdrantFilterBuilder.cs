using System.Text.Json.Nodes;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Turns a <see cref="VectorFilter"/> into a Qdrant <c>Filter</c>: a tenant match first, then one match per set field.</summary>
internal static class QdrantFilterBuilder
{
    /// <summary>The filter, optionally narrowed to some point ids or one SKU.</summary>
    public static JsonObject Build(VectorFilter filter, IEnumerable<Guid>? pointIds = null, Guid? skuId = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var must = new JsonArray { Match(QdrantPayloadFields.TenantId, QdrantPayloadFields.IdValue(TenantGuard.Require(filter.TenantId))) };
        if (filter.StoreId is { } store)
        {
            must.Add(Match(QdrantPayloadFields.StoreId, QdrantPayloadFields.IdValue(store)));
        }

        if (filter.Category is { } category)
        {
            must.Add(Match(QdrantPayloadFields.Category, category));
        }

        if (filter.SkuId is { } sku)
        {
            must.Add(Match(QdrantPayloadFields.SkuId, QdrantPayloadFields.IdValue(sku)));
        }

        if (skuId is { } extraSku && extraSku != filter.SkuId)
        {
            must.Add(Match(QdrantPayloadFields.SkuId, QdrantPayloadFields.IdValue(extraSku)));
        }

        if (filter.Source is { } source)
        {
            must.Add(Match(QdrantPayloadFields.Source, QdrantPayloadFields.SourceValue(source)));
        }

        if (pointIds is not null)
        {
            var ids = new JsonArray();
            foreach (var id in pointIds.Distinct())
            {
                ids.Add(QdrantPayloadFields.IdValue(id));
            }

            must.Add(new JsonObject { ["has_id"] = ids });
        }

        return new JsonObject { ["must"] = must };
    }

    private static JsonObject Match(string key, string value) =>
        new() { ["key"] = key, ["match"] = new JsonObject { ["value"] = value } };
}
