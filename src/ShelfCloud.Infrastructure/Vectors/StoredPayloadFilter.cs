using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>A <see cref="VectorFilter"/> resolved against one segment's rows (its tenant is the segment's).</summary>
internal readonly struct StoredPayloadFilter
{
    private readonly Guid? _storeId;
    private readonly int? _categoryCode;
    private readonly Guid? _skuId;
    private readonly VectorSource? _source;

    public StoredPayloadFilter(VectorFilter filter, RowPayloadTable table)
    {
        _storeId = filter.StoreId;
        _categoryCode = filter.Category is null ? null : table.CategoryCodeOf(filter.Category);
        _skuId = filter.SkuId;
        _source = filter.Source;
        IsTenantOnly = !filter.HasPayloadConditions;
    }

    /// <summary>True when every row of the segment matches.</summary>
    public bool IsTenantOnly { get; }

    public bool Matches(in StoredPayload payload) =>
        (_storeId is null || payload.StoreId == _storeId.Value)
        && (_categoryCode is null || payload.CategoryCode == _categoryCode.Value)
        && (_skuId is null || payload.SkuId == _skuId.Value)
        && (_source is null || payload.Source == _source.Value);
}
