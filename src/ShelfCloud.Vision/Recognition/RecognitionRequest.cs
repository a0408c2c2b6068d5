using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Vision.Recognition;

/// <summary>A batch of images recognised together: their crops share embedder batches and one vector search.</summary>
/// <param name="Images">The images, in the order the result lists them.</param>
public sealed record RecognitionRequest(IReadOnlyList<RecognitionImage> Images)
{
    /// <summary>
    /// Which stored vectors the crops are compared with: the tenant is mandatory, store and category narrow further.
    /// Required whenever the pipeline has a vector index.
    /// </summary>
    public VectorFilter? SearchFilter { get; init; }

    /// <summary>The tenant's realgram parameters; <see cref="RealgramSettings.TopK"/> is the number of search hits per crop.</summary>
    public RealgramSettings Realgram { get; init; } = new();

    /// <summary>Consulted between the pipeline's steps; null runs them back to back.</summary>
    public IRecognitionPacer? Pacer { get; init; }
}
