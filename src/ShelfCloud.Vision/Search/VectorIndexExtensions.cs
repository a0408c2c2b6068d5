namespace ShelfCloud.Vision.Search;

/// <summary>Conveniences over <see cref="IVectorIndex"/>.</summary>
public static class VectorIndexExtensions
{
    /// <summary>Top-<paramref name="limit"/> points for a single query, best first.</summary>
    public static async Task<IReadOnlyList<VectorMatch>> SearchAsync(
        this IVectorIndex index, float[] query, VectorFilter filter, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var results = await index.SearchAsync([query], filter, limit, cancellationToken).ConfigureAwait(false);
        return results[0];
    }
}
