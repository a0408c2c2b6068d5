using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Payload keys and values ShelfCloud stores on each Qdrant point.</summary>
internal static class QdrantPayloadFields
{
    public const string TenantId = "tenant_id";
    public const string SkuId = "sku_id";
    public const string StoreId = "store_id";
    public const string Category = "category";
    public const string Source = "source";

    /// <summary>Fields filtered on besides the tenant; each gets a keyword index.</summary>
    public static readonly string[] Filtered = [SkuId, StoreId, Category, Source];

    public static string SourceValue(VectorSource source) => source switch
    {
        VectorSource.Reference => "reference",
        VectorSource.Annotation => "annotation",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown vector source."),
    };

    public static string IdValue(Guid id) => id.ToString("D");
}
