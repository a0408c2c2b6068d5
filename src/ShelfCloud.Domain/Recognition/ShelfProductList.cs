namespace ShelfCloud.Domain.Recognition;

/// <summary>
/// What a shelf holds according to its annotations: for each SKU, the largest number of facings
/// annotated in any single capture. Taking the maximum rather than the sum keeps repeated
/// annotation of the same shelf from inflating counts; taking the union keeps a SKU that was
/// only annotated once.
/// </summary>
public sealed class ShelfProductList
{
    private readonly Dictionary<Guid, int> _counts;

    private ShelfProductList(Dictionary<Guid, int> counts) => _counts = counts;

    /// <summary>The list with no products.</summary>
    public static ShelfProductList Empty { get; } = new([]);

    /// <summary>Facings per SKU.</summary>
    public IReadOnlyDictionary<Guid, int> Counts => _counts;

    /// <summary>The SKUs on the list.</summary>
    public IEnumerable<Guid> Skus => _counts.Keys;

    /// <summary>True when no SKU is on the list.</summary>
    public bool IsEmpty => _counts.Count == 0;

    /// <summary>Builds the max-count union of the annotation sets; one set per capture.</summary>
    public static ShelfProductList FromAnnotations(IEnumerable<ShelfAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var counts = new Dictionary<Guid, int>();
        var countsPerCapture = annotations
            .GroupBy(a => (a.CaptureId, a.SkuId))
            .Select(g => (g.Key.SkuId, Count: g.Count()));
        foreach (var (skuId, count) in countsPerCapture)
        {
            counts[skuId] = Math.Max(count, counts.GetValueOrDefault(skuId));
        }

        return new ShelfProductList(counts);
    }

    /// <summary>Facings of <paramref name="skuId"/>; 0 when it is not on the list.</summary>
    public int CountOf(Guid skuId) => _counts.GetValueOrDefault(skuId);

    /// <summary>True when <paramref name="skuId"/> is on the list.</summary>
    public bool Contains(Guid skuId) => _counts.ContainsKey(skuId);
}
