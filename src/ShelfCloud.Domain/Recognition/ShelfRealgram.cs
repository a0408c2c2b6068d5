using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Recognition;

/// <summary>
/// A shelf's annotations as of one moment: those inside the window, each weighted by its age,
/// and the product list they imply. Built once per capture and queried for every crop in it.
/// </summary>
public sealed class ShelfRealgram
{
    private readonly IReadOnlyList<(ShelfAnnotation Annotation, double Temporal)> _instances;

    private readonly RealgramOverlap _overlap;

    private ShelfRealgram(IReadOnlyList<(ShelfAnnotation, double)> instances, ShelfProductList productList, RealgramOverlap overlap)
    {
        _instances = instances;
        _overlap = overlap;
        ProductList = productList;
    }

    /// <summary>The max-count union of the annotation sets inside the window.</summary>
    public ShelfProductList ProductList { get; }

    /// <summary>The annotations inside the window.</summary>
    public IEnumerable<ShelfAnnotation> Annotations => _instances.Select(i => i.Annotation);

    /// <summary>True when no annotation falls inside the window.</summary>
    public bool IsEmpty => _instances.Count == 0;

    /// <summary>
    /// Keeps the annotations captured in the <see cref="RealgramSettings.WindowDays"/> up to
    /// <paramref name="now"/>. Annotations captured after <paramref name="now"/> are ignored too:
    /// re-recognising an old capture must not see labels that did not exist yet.
    /// </summary>
    /// <remarks>Annotations of the capture being scored count as age 0; callers re-scoring an annotated capture leave them out.</remarks>
    /// <param name="selection">
    /// Which annotated instances vote: all of the window's, or for each SKU only those of the annotation set that holds
    /// the most of it (the max-count merge of the design). docs/realgram.md measures both.
    /// </param>
    public static ShelfRealgram Build(
        IEnumerable<ShelfAnnotation> annotations, DateTimeOffset now, RealgramSettings settings,
        RealgramInstances selection = RealgramInstances.All)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        RealgramSettingsGuard.Validate(settings);
        var windowStart = now - TimeSpan.FromDays(settings.WindowDays);
        var inWindow = annotations.Where(a => a.CapturedAt >= windowStart && a.CapturedAt <= now).ToList();
        var voting = selection == RealgramInstances.MaxCountMerge ? MaxCountSets(inWindow) : inWindow;
        var instances = voting.Select(a => (a, TemporalCoefficient(now - a.CapturedAt, settings.HalfLifeHours))).ToList();
        return new ShelfRealgram(instances, ShelfProductList.FromAnnotations(inWindow), settings.Overlap);
    }

    /// <summary>Per SKU, the instances of the one capture that annotated the most of it (the latest on a tie).</summary>
    private static List<ShelfAnnotation> MaxCountSets(List<ShelfAnnotation> annotations) =>
        annotations
            .GroupBy(a => a.SkuId)
            .SelectMany(sku => sku
                .GroupBy(a => a.CaptureId)
                .OrderByDescending(set => set.Count())
                .ThenByDescending(set => set.Max(a => a.CapturedAt))
                .First())
            .ToList();

    /// <summary>Halves with every <paramref name="halfLifeHours"/> of age: 1 when fresh.</summary>
    public static double TemporalCoefficient(TimeSpan age, double halfLifeHours) =>
        Math.Pow(0.5, Math.Max(0, age.TotalHours) / halfLifeHours);

    /// <summary>
    /// IoU of the annotated box with the crop's box. IoU rather than intersection over the crop
    /// area: the camera is fixed, so the same facing comes back with a box of nearly the same size
    /// and place, and IoU also penalises an annotated box that merely swallows the crop (a wide
    /// multipack next to a single can) instead of scoring it as a perfect match.
    /// </summary>
    public static double SpatialCoefficient(BoundingBox annotated, BoundingBox crop) => annotated.IoU(crop);

    /// <summary>The spatial coefficient in the given form (<see cref="RealgramOverlap"/>).</summary>
    public static double SpatialCoefficient(BoundingBox annotated, BoundingBox crop, RealgramOverlap overlap) => overlap switch
    {
        RealgramOverlap.CropCoverage => crop.Area <= 0 ? 0 : annotated.IntersectionArea(crop) / crop.Area,
        _ => annotated.IoU(crop),
    };

    /// <summary>
    /// c_p for every SKU with an instance overlapping <paramref name="crop"/>: the maximum over
    /// p's instances of temporal × spatial. SKUs with no overlapping instance are absent (c_p = 0).
    /// </summary>
    public IReadOnlyDictionary<Guid, double> CoefficientsFor(BoundingBox crop)
    {
        var coefficients = new Dictionary<Guid, double>();
        foreach (var (annotation, temporal) in _instances)
        {
            var c = temporal * SpatialCoefficient(annotation.Box, crop, _overlap);
            if (c > coefficients.GetValueOrDefault(annotation.SkuId))
            {
                coefficients[annotation.SkuId] = c;
            }
        }

        return coefficients;
    }
}
