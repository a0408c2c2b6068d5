using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Datasets;
using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Recognition;

/// <summary>
/// Embeds image files whole (reference packshots, crop datasets): reads, decodes and resizes a chunk of files
/// in parallel, embeds the chunk in the embedder's batches, and yields the results in input order. Files that
/// cannot be read or decoded are yielded with their error instead of stopping the run.
/// </summary>
public sealed class ImageFileEmbedder
{
    private readonly OnnxEmbedder _embedder;
    private readonly ImageDecoder _decoder;
    private readonly int _chunkSize;

    /// <summary>Creates the embedder of files.</summary>
    /// <param name="embedder">The model; the caller keeps ownership.</param>
    /// <param name="chunkSize">Files read and held in memory at once.</param>
    /// <param name="decoder">Decodes the files; the default limits when null.</param>
    public ImageFileEmbedder(OnnxEmbedder embedder, int chunkSize = 32, ImageDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _embedder = embedder;
        _chunkSize = chunkSize;
        _decoder = decoder ?? new ImageDecoder();
    }

    /// <summary>Time spent in the embedder's <c>InferenceSession.Run</c> by this instance's calls so far.</summary>
    public TimeSpan InferenceTime { get; private set; }

    /// <summary>Embeds the files lazily, one chunk at a time, in input order.</summary>
    public IEnumerable<EmbeddedImage> Embed(IReadOnlyList<LabelledImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        for (var start = 0; start < images.Count; start += _chunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_chunkSize, images.Count - start);
            foreach (var result in EmbedChunk(images, start, count))
            {
                yield return result;
            }
        }
    }

    private EmbeddedImage[] EmbedChunk(IReadOnlyList<LabelledImage> images, int start, int count)
    {
        var inputs = new SKBitmap?[count];
        var errors = new string?[count];
        var (width, height) = (_embedder.Card.InputWidth, _embedder.Card.InputHeight);
        try
        {
            Parallel.For(0, count, i =>
            {
                try
                {
                    using var decoded = _decoder.Decode(File.ReadAllBytes(images[start + i].Path));
                    inputs[i] = CropSampler.Sample(decoded.Bitmap, new BoundingBox(0, 0, decoded.Width, decoded.Height), 0, width, height);
                }
                catch (Exception error) when (error is ImageRejectedException or IOException or UnauthorizedAccessException)
                {
                    errors[i] = error.Message;
                }
            });

            var embedded = _embedder.Embed(inputs.OfType<SKBitmap>().ToList());
            InferenceTime += embedded.InferenceTime;
            var results = new EmbeddedImage[count];
            var next = 0;
            for (var i = 0; i < count; i++)
            {
                results[i] = inputs[i] is null
                    ? new EmbeddedImage(images[start + i], null, errors[i])
                    : new EmbeddedImage(images[start + i], embedded.Vectors[next++], null);
            }

            return results;
        }
        finally
        {
            foreach (var input in inputs)
            {
                input?.Dispose();
            }
        }
    }
}
