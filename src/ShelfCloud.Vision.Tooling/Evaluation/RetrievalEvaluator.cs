using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Recognition;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>
/// Scores query embeddings against an <see cref="ImageFolderGallery"/>: each query's classes are ranked by
/// their best similarity over the class's gallery vectors (per-class max, ties by class name), as recognition
/// ranks SKUs. Queries of products absent from the gallery (<see cref="AddUnknownAsync"/>) measure the open-set answer:
/// every query's score is its best similarity (<see cref="OpenSetRule.Score"/>), as the pipeline decides.
/// </summary>
public sealed class RetrievalEvaluator(ImageFolderGallery gallery)
{
    private readonly Dictionary<string, (int Correct, int Queries)> _perClass = new(StringComparer.Ordinal);
    private int _top1;
    private int _top5;
    private int _queries;
    private readonly List<float> _knownScores = [];
    private readonly List<float> _unknownScores = [];

    /// <summary>Share of known-product queries that keep a SKU when the threshold is calibrated on them.</summary>
    public const double CalibratedKnownAcceptance = 0.95;

    /// <summary>Ranks the gallery's classes for one query and counts whether its class came first or in the first five.</summary>
    public async Task AddAsync(string className, float[] query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(className);
        ArgumentNullException.ThrowIfNull(query);
        var best = await BestClassesAsync(query, cancellationToken).ConfigureAwait(false);
        _knownScores.Add(best.Count == 0 ? -1f : best[0].Similarity);
        var rank = best.FindIndex(entry => entry.Class == className);
        _queries++;
        _top1 += rank == 0 ? 1 : 0;
        _top5 += rank is >= 0 and < 5 ? 1 : 0;
        var (correct, queries) = _perClass.GetValueOrDefault(className);
        _perClass[className] = (correct + (rank == 0 ? 1 : 0), queries + 1);
    }

    /// <summary>Scores a query of a product that is not in the gallery (for the open-set figures).</summary>
    public async Task AddUnknownAsync(float[] query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var best = await BestClassesAsync(query, cancellationToken).ConfigureAwait(false);
        _unknownScores.Add(best.Count == 0 ? -1f : best[0].Similarity);
    }

    /// <summary>
    /// The figures over every query added so far. The open-set operating point is <paramref name="threshold"/> when
    /// given, else the threshold that keeps <see cref="CalibratedKnownAcceptance"/> of the known queries.
    /// </summary>
    public RetrievalReport Report(float? threshold = null, string thresholdSource = "option") => new(
        _queries == 0 ? 0 : (double)_top1 / _queries,
        _queries == 0 ? 0 : (double)_top5 / _queries,
        _queries,
        gallery.ImageCount,
        gallery.Classes.Count,
        _perClass.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => new ClassRetrieval((double)pair.Value.Correct / pair.Value.Queries, pair.Value.Queries), StringComparer.Ordinal),
        _unknownScores.Count == 0 || _knownScores.Count == 0 ? null : OpenSet(threshold, thresholdSource));

    private OpenSetReport OpenSet(float? threshold, string thresholdSource)
    {
        var (operatingPoint, source) = threshold is { } given
            ? (given, thresholdSource)
            : (OpenSetMetrics.ThresholdKeeping(_knownScores, CalibratedKnownAcceptance), "calibrated on these queries");
        return new OpenSetReport(
            OpenSetMetrics.Auroc(_knownScores, _unknownScores),
            _unknownScores.Count(score => score < operatingPoint) / (double)_unknownScores.Count,
            _knownScores.Count(score => score >= operatingPoint) / (double)_knownScores.Count,
            operatingPoint, source, _knownScores.Count, _unknownScores.Count);
    }

    private async Task<List<(string Class, float Similarity)>> BestClassesAsync(float[] query, CancellationToken cancellationToken)
    {
        var similarities = await gallery.Index.BestSimilarityBySkuAsync(query, gallery.Filter, gallery.Classes.Skus, cancellationToken).ConfigureAwait(false);
        return similarities
            .Select(pair => (Class: gallery.Classes.ClassOf(pair.Key)!, Similarity: pair.Value))
            .OrderByDescending(entry => entry.Similarity)
            .ThenBy(entry => entry.Class, StringComparer.Ordinal)
            .ToList();
    }
}
