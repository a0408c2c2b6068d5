using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Recognition;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>
/// Scores query embeddings against an <see cref="ImageFolderGallery"/>: each query's classes are ranked by
/// their best similarity over the class's gallery vectors (per-class max, ties by class name), as recognition
/// ranks SKUs.
/// </summary>
public sealed class RetrievalEvaluator(ImageFolderGallery gallery)
{
    private readonly Dictionary<string, (int Correct, int Queries)> _perClass = new(StringComparer.Ordinal);
    private int _top1;
    private int _top5;
    private int _queries;

    /// <summary>Ranks the gallery's classes for one query and counts whether its class came first or in the first five.</summary>
    public async Task AddAsync(string className, float[] query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(className);
        ArgumentNullException.ThrowIfNull(query);
        var best = await BestClassesAsync(query, cancellationToken).ConfigureAwait(false);
        var rank = best.IndexOf(className);
        _queries++;
        _top1 += rank == 0 ? 1 : 0;
        _top5 += rank is >= 0 and < 5 ? 1 : 0;
        var (correct, queries) = _perClass.GetValueOrDefault(className);
        _perClass[className] = (correct + (rank == 0 ? 1 : 0), queries + 1);
    }

    /// <summary>The figures over every query added so far.</summary>
    public RetrievalReport Report() => new(
        _queries == 0 ? 0 : (double)_top1 / _queries,
        _queries == 0 ? 0 : (double)_top5 / _queries,
        _queries,
        gallery.ImageCount,
        gallery.Classes.Count,
        _perClass.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => new ClassRetrieval((double)pair.Value.Correct / pair.Value.Queries, pair.Value.Queries), StringComparer.Ordinal));

    private async Task<List<string>> BestClassesAsync(float[] query, CancellationToken cancellationToken)
    {
        var similarities = await gallery.Index.BestSimilarityBySkuAsync(query, gallery.Filter, gallery.Classes.Skus, cancellationToken).ConfigureAwait(false);
        return similarities
            .Select(pair => (Class: gallery.Classes.ClassOf(pair.Key)!, Similarity: pair.Value))
            .OrderByDescending(entry => entry.Similarity)
            .ThenBy(entry => entry.Class, StringComparer.Ordinal)
            .Select(entry => entry.Class)
            .ToList();
    }
}
