using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>A stored row's payload as plain values, so filters compare integers and GUIDs only.</summary>
/// <param name="SkuId">The SKU.</param>
/// <param name="StoreId">The store, or <see cref="Guid.Empty"/> when the point has none.</param>
/// <param name="CategoryCode">Index into the segment's category list, or -1 when the point has none.</param>
/// <param name="Source">Reference or annotation.</param>
internal readonly record struct StoredPayload(Guid SkuId, Guid StoreId, int CategoryCode, VectorSource Source);

/// <summary>Point ids and payloads of a segment's rows, row-aligned with its vector stores.</summary>
internal sealed class RowPayloadTable
{
    public const int NoCategory = -1;

    /// <summary>The code of a category no row has: it matches nothing.</summary>
    public const int UnknownCategory = -2;

    private readonly Dictionary<Guid, int> _rowById = [];
    private readonly Dictionary<string, int> _categoryCodes = new(StringComparer.Ordinal);
    private readonly List<string> _categories = [];
    private Guid[] _ids = [];
    private StoredPayload[] _payloads = [];

    public int BytesPerRow => 16 + System.Runtime.CompilerServices.Unsafe.SizeOf<StoredPayload>();

    public IReadOnlyList<string> Categories => _categories;

    public void EnsureCapacity(int rows)
    {
        if (rows <= _ids.Length)
        {
            return;
        }

        var capacity = Math.Max(rows, Math.Max(_ids.Length * 2, 64));
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _payloads, capacity);
    }

    public bool TryGetRow(Guid id, out int row) => _rowById.TryGetValue(id, out row);

    public Guid IdAt(int row) => _ids[row];

    public ref readonly StoredPayload PayloadAt(int row) => ref _payloads[row];

    public void Set(int row, Guid id, in PointFields fields)
    {
        _ids[row] = id;
        _payloads[row] = new StoredPayload(fields.SkuId, fields.StoreId ?? Guid.Empty, Intern(fields.Category), fields.Source);
        _rowById[id] = row;
    }

    /// <summary>Copies row <paramref name="from"/> over row <paramref name="to"/> (swap-remove).</summary>
    public void Move(int from, int to)
    {
        _ids[to] = _ids[from];
        _payloads[to] = _payloads[from];
        _rowById[_ids[to]] = to;
    }

    public void Forget(Guid id) => _rowById.Remove(id);

    public int CategoryCodeOf(string? category) =>
        category is null ? NoCategory : _categoryCodes.GetValueOrDefault(category, UnknownCategory);

    public PointFields FieldsAt(int row)
    {
        ref readonly var payload = ref _payloads[row];
        return new PointFields(
            payload.SkuId,
            payload.StoreId == Guid.Empty ? null : payload.StoreId,
            payload.CategoryCode == NoCategory ? null : _categories[payload.CategoryCode],
            payload.Source);
    }

    private int Intern(string? category)
    {
        if (category is null)
        {
            return NoCategory;
        }

        if (!_categoryCodes.TryGetValue(category, out var code))
        {
            code = _categories.Count;
            _categories.Add(category);
            _categoryCodes.Add(category, code);
        }

        return code;
    }
}
