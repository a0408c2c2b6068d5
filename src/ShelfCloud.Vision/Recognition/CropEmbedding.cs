using ShelfCloud.Vision.Inference;
using SkiaSharp;

namespace ShelfCloud.Vision.Recognition;

/// <summary>
/// Cuts the detected boxes of many images and embeds them in chunks that run across image boundaries,
/// so a batch of sparse images still fills the embedder's batches. Crops are sampled straight to the
/// embedder's input size (see <see cref="CropSampler"/>) and at most one chunk of them is alive at a time.
/// </summary>
internal sealed class CropEmbedding(OnnxEmbedder embedder, RecognitionPipelineOptions options)
{
    /// <summary>One vector per crop location, in order, the time spent in the embedder's Run calls, and the embedder calls made.</summary>
    public (float[][] Vectors, TimeSpan Inference, int Chunks) EmbedAll(
        IReadOnlyList<SKBitmap?> images,
        IReadOnlyList<IReadOnlyList<DetectedObject>> detections,
        IReadOnlyList<CropLocation> locations,
        IRecognitionPacer? pacer,
        CancellationToken cancellationToken)
    {
        var vectors = new float[locations.Count][];
        var inference = TimeSpan.Zero;
        var chunks = 0;
        var (inputWidth, inputHeight) = (embedder.Card.InputWidth, embedder.Card.InputHeight);
        for (var start = 0; start < locations.Count; start += options.CropChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pacer?.WaitForTurn(cancellationToken);
            var count = Math.Min(options.CropChunkSize, locations.Count - start);
            var crops = new SKBitmap?[count];
            try
            {
                // Crops are independent; sampling them in parallel keeps the cores busy between embedder runs.
                Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    var (image, detection) = locations[start + i];
                    crops[i] = CropSampler.Sample(images[image]!, detections[image][detection].Box, options.CropPadding, inputWidth, inputHeight);
                });

                var embedded = embedder.Embed(crops!);
                inference += embedded.InferenceTime;
                chunks++;
                for (var i = 0; i < count; i++)
                {
                    vectors[start + i] = embedded.Vectors[i];
                }
            }
            finally
            {
                foreach (var crop in crops)
                {
                    crop?.Dispose();
                }
            }
        }

        return (vectors, inference, chunks);
    }

    /// <summary>Every detection of every decoded image, image by image.</summary>
    public static List<CropLocation> Locate(IReadOnlyList<IReadOnlyList<DetectedObject>> detections)
    {
        var locations = new List<CropLocation>();
        for (var image = 0; image < detections.Count; image++)
        {
            for (var detection = 0; detection < detections[image].Count; detection++)
            {
                locations.Add(new CropLocation(image, detection));
            }
        }

        return locations;
    }
}
