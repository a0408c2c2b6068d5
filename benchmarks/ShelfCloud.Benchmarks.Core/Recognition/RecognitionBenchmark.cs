using System.Diagnostics;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Datasets;
using ShelfCloud.Vision.Tooling.Recognition;
using SkiaSharp;

namespace ShelfCloud.Benchmarks.Core.Recognition;

/// <summary>
/// Measures recognition on a synthetic shelf photo with the given models: the pipeline's overhead over pure
/// ONNX Runtime time (a gallery of the photo's pack colours in an in-memory <see cref="EmbeddedVectorIndex"/>,
/// realgram annotations from a first run), and detector and embedder throughput with their inference-only
/// baselines.
/// </summary>
public sealed class RecognitionBenchmark
{
    private const int ReferencesPerSku = 3;

    /// <summary>Runs every measurement.</summary>
    /// <param name="detector">The detector to measure; the caller keeps ownership.</param>
    /// <param name="embedder">The embedder to measure; the caller keeps ownership.</param>
    /// <param name="settings">Sizes and repetitions.</param>
    /// <param name="progress">Called with a short label before each measurement.</param>
    /// <param name="cancellationToken">Stops between runs.</param>
    public async Task<RecognitionBenchmarkResult> RunAsync(
        OnnxDetector detector,
        OnnxEmbedder embedder,
        RecognitionBenchmarkSettings settings,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Repetitions, 1);
        var photo = BenchmarkShelfPhoto.Jpeg(settings.PhotoWidth, settings.PhotoHeight);

        progress?.Invoke("pipeline");
        var (ratio, endToEnd, inference, detections) = await MeasurePipelineAsync(detector, embedder, photo, settings.Repetitions, cancellationToken).ConfigureAwait(false);

        using var decoded = new ImageDecoder().Decode(photo);
        progress?.Invoke("detector");
        var (detectorRate, detectorInferenceRate) = MeasureDetector(detector, decoded.Bitmap, settings, cancellationToken);
        progress?.Invoke("embedder");
        var (embedderRate, embedderInferenceRate) = MeasureEmbedder(embedder, decoded.Bitmap, settings, cancellationToken);

        return new RecognitionBenchmarkResult(ratio, endToEnd, inference, detections, detectorRate, detectorInferenceRate, embedderRate, embedderInferenceRate);
    }

    private static async Task<(double Ratio, double EndToEndMs, double InferenceMs, int Detections)> MeasurePipelineAsync(
        OnnxDetector detector, OnnxEmbedder embedder, byte[] photo, int repetitions, CancellationToken cancellationToken)
    {
        using var index = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions());
        var gallery = new ImageFolderGallery(index, Guid.NewGuid());
        await gallery.AddAsync(ReferencePacks(embedder), cancellationToken).ConfigureAwait(false);
        var pipeline = new RecognitionPipeline(detector, embedder, index);
        var request = new RecognitionRequest([new RecognitionImage("shelf.jpg", photo)]) { SearchFilter = gallery.Filter };

        // The warm-up run also provides the shelf's history, so timed runs pay for realgram fusion.
        var warmUp = await pipeline.RecognizeAsync(request, cancellationToken).ConfigureAwait(false);
        var capturedAt = DateTimeOffset.UtcNow;
        var annotations = warmUp.Images[0].Products
            .Where(product => product.SkuId is not null)
            .Select(product => new ShelfAnnotation(product.SkuId!.Value, product.Box, capturedAt.AddDays(-1), Guid.NewGuid()))
            .ToList();
        request = request with { Images = [new RecognitionImage("shelf.jpg", photo) { Shelf = new ShelfContext(annotations, capturedAt) }] };

        var ratios = new double[repetitions];
        var totals = new double[repetitions];
        var inferences = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var timings = (await pipeline.RecognizeAsync(request, cancellationToken).ConfigureAwait(false)).Timings;
            totals[i] = timings.Total.TotalMilliseconds;
            inferences[i] = timings.Inference.TotalMilliseconds;
            ratios[i] = totals[i] / inferences[i];
        }

        return (Median(ratios), Median(totals), Median(inferences), warmUp.Images[0].Products.Count);
    }

    private static IEnumerable<EmbeddedImage> ReferencePacks(OnnxEmbedder embedder)
    {
        var packs = new List<SKBitmap>();
        var classes = new List<string>();
        try
        {
            for (var colour = 0; colour < BenchmarkShelfPhoto.Palette.Count; colour++)
            {
                for (var variant = 0; variant < ReferencesPerSku; variant++)
                {
                    packs.Add(BenchmarkShelfPhoto.Pack(colour, 60 + 20 * variant, 140 + 10 * variant));
                    classes.Add($"sku-{colour}");
                }
            }

            var vectors = embedder.Embed(packs).Vectors;
            return vectors.Select((vector, i) => new EmbeddedImage(new LabelledImage($"{classes[i]}/{i}.png", $"{classes[i]}/{i}.png", classes[i]), vector, null)).ToList();
        }
        finally
        {
            foreach (var pack in packs)
            {
                pack.Dispose();
            }
        }
    }

    private static (double Rate, double InferenceRate) MeasureDetector(OnnxDetector detector, SKBitmap photo, RecognitionBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var batch = Enumerable.Repeat(photo, settings.DetectorBatch).ToList();
        detector.Detect(batch);
        var wall = TimeSpan.Zero;
        var inference = TimeSpan.Zero;
        for (var i = 0; i < settings.Repetitions; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            inference += detector.Detect(batch).InferenceTime;
            wall += Stopwatch.GetElapsedTime(start);
        }

        var images = (double)settings.DetectorBatch * settings.Repetitions;
        return (images / wall.TotalSeconds, images / inference.TotalSeconds);
    }

    private static (double Rate, double InferenceRate) MeasureEmbedder(OnnxEmbedder embedder, SKBitmap photo, RecognitionBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        // Pack-sized boxes spread over the photo, cut and embedded the way the pipeline's crop+embed stage does.
        var boxWidth = Math.Max(8, photo.Width / 20);
        var boxHeight = Math.Max(8, photo.Height / 6);
        var boxes = Enumerable.Range(0, settings.EmbedderCrops).Select(i =>
        {
            var x = i * boxWidth / 2 % Math.Max(1, photo.Width - boxWidth);
            var y = i * 17 % Math.Max(1, photo.Height - boxHeight);
            return new BoundingBox(x, y, x + boxWidth, y + boxHeight);
        }).ToArray();

        CutAndEmbed(embedder, photo, boxes);
        var wall = TimeSpan.Zero;
        var inference = TimeSpan.Zero;
        for (var i = 0; i < settings.Repetitions; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            inference += CutAndEmbed(embedder, photo, boxes);
            wall += Stopwatch.GetElapsedTime(start);
        }

        var count = (double)settings.EmbedderCrops * settings.Repetitions;
        return (count / wall.TotalSeconds, count / inference.TotalSeconds);
    }

    private static TimeSpan CutAndEmbed(OnnxEmbedder embedder, SKBitmap photo, BoundingBox[] boxes)
    {
        var crops = new SKBitmap[boxes.Length];
        try
        {
            Parallel.For(0, boxes.Length, i => crops[i] = CropSampler.Sample(photo, boxes[i], 0, embedder.Card.InputWidth, embedder.Card.InputHeight));
            return embedder.Embed(crops).InferenceTime;
        }
        finally
        {
            foreach (var crop in crops)
            {
                crop?.Dispose();
            }
        }
    }

    private static double Median(double[] samples)
    {
        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
