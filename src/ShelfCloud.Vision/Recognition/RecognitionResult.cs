namespace ShelfCloud.Vision.Recognition;

/// <summary>The outcome of one <see cref="RecognitionRequest"/>.</summary>
/// <param name="Images">One entry per requested image, in request order; rejected images are included and marked.</param>
/// <param name="Timings">Per-stage times of the whole batch.</param>
/// <param name="Crops">Crops embedded, over all images.</param>
/// <param name="EmbeddingChunks">
/// Embedder calls those crops took: crops of different images share a call, so this is
/// ⌈<paramref name="Crops"/> / <see cref="RecognitionPipelineOptions.CropChunkSize"/>⌉, not one per image.
/// </param>
public sealed record RecognitionResult(IReadOnlyList<RecognizedImage> Images, RecognitionTimings Timings, int Crops, int EmbeddingChunks);
