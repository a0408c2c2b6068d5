using System.Diagnostics;
using System.Globalization;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Search;
using SkiaSharp;

namespace ShelfCloud.Vision.Recognition;

/// <summary>
/// Recognises the products on many shelf images at once: decode (EXIF-upright) → detect (batched) → crop and
/// embed (batched across images) → one batched vector search for all crops → per-SKU visual scores fused with
/// the shelf's realgram; a crop whose visual evidence is too weak is answered unknown (<see cref="OpenSetRule"/>).
/// Without an embedder or an index it only detects. Thread-safe.
/// </summary>
public sealed class RecognitionPipeline
{
    private readonly OnnxDetector _detector;
    private readonly OnnxEmbedder? _embedder;
    private readonly IVectorIndex? _index;
    private readonly ImageDecoder _decoder;
    private readonly RecognitionPipelineOptions _options;

    /// <summary>Creates the pipeline; the caller keeps ownership of the models and the index.</summary>
    /// <param name="detector">Finds the product boxes.</param>
    /// <param name="embedder">Embeds the crops; null for detection-only.</param>
    /// <param name="index">The tenant's stored vectors; null for detection-only.</param>
    /// <param name="options">Crop batching and padding; defaults when null.</param>
    /// <param name="decoder">Decodes the images; the default limits when null.</param>
    public RecognitionPipeline(
        OnnxDetector detector,
        OnnxEmbedder? embedder,
        IVectorIndex? index,
        RecognitionPipelineOptions? options = null,
        ImageDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _options = options ?? new RecognitionPipelineOptions();
        _options.Validate();
        _detector = detector;
        _embedder = embedder;
        _index = index;
        _decoder = decoder ?? new ImageDecoder();
    }

    /// <summary>True when the pipeline has no embedder or no index: products get boxes but no SKU.</summary>
    public bool IsDetectionOnly => _embedder is null || _index is null;

    /// <summary>The detector's card (input size, class names).</summary>
    public ModelCard DetectorCard => _detector.Card;

    /// <summary>The open-set threshold crops are answered unknown below (configured, else the embedder card's); null: none.</summary>
    public float? UnknownThreshold => _embedder is null ? null : OpenSetRule.For(_embedder.Card, _options.UnknownThreshold)?.Threshold;

    /// <summary>The embedder's card; null in detection-only mode without an embedder.</summary>
    public ModelCard? EmbedderCard => _embedder?.Card;

    /// <summary>
    /// Recognises every image of the request. An image that cannot be decoded is reported as rejected and the
    /// others go on; a model or index failure fails the whole batch.
    /// </summary>
    /// <exception cref="ArgumentException">The pipeline searches but the request has no <see cref="RecognitionRequest.SearchFilter"/>.</exception>
    public async Task<RecognitionResult> RecognizeAsync(RecognitionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Images);
        if (!IsDetectionOnly && request.SearchFilter is null)
        {
            throw new ArgumentException("Recognition searches the vector index, which needs a tenant: set RecognitionRequest.SearchFilter.", nameof(request));
        }

        var start = Stopwatch.GetTimestamp();
        var images = new DecodedImage?[request.Images.Count];
        try
        {
            var rejections = new ImageRejectedException?[images.Length];
            var figures = new PhotoFigures?[images.Length];
            request.Pacer?.WaitForTurn(cancellationToken);
            var decode = Time(() => DecodeAll(request.Images, images, rejections, figures, cancellationToken));

            cancellationToken.ThrowIfCancellationRequested();
            var bitmaps = images.Select(image => image?.Bitmap).ToArray();
            var (detected, detect) = Timed(() => Detect(bitmaps, request.Images, images, request.Pacer, cancellationToken));

            var products = detected.Images.Select(found => new RecognizedProduct[found.Count]).ToArray();
            var inFilePixels = InFilePixels(detected.Images, images);
            var stages = new StageTimes(decode, detect);
            if (IsDetectionOnly)
            {
                FillDetectionOnly(inFilePixels, products);
            }
            else
            {
                stages = await RecognizeSkusAsync(request, bitmaps, detected.Images, inFilePixels, products, stages, cancellationToken).ConfigureAwait(false);
            }

            var timings = new RecognitionTimings(
                stages.Decode, stages.Detect, stages.CropAndEmbed, stages.Search, stages.Fuse,
                detected.InferenceTime, stages.EmbedderInference, Stopwatch.GetElapsedTime(start));
            var results = request.Images
                .Select((image, i) => new RecognizedImage(image.Name, images[i]?.OriginalWidth ?? 0, images[i]?.OriginalHeight ?? 0, products[i], rejections[i])
                {
                    Figures = figures[i],
                })
                .ToList();
            return new RecognitionResult(results, timings, stages.Crops, stages.EmbeddingChunks);
        }
        finally
        {
            foreach (var image in images)
            {
                image?.Dispose();
            }
        }
    }

    /// <summary>Decodes every image and measures its quality figures (<see cref="PhotoFigureMeter"/>, a few milliseconds each).</summary>
    private void DecodeAll(
        IReadOnlyList<RecognitionImage> requested, DecodedImage?[] images, ImageRejectedException?[] rejections, PhotoFigures?[] figures,
        CancellationToken cancellationToken)
    {
        // Decoding is independent per image and runs while ONNX Runtime's threads are idle.
        Parallel.For(0, requested.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                images[i] = _decoder.Decode(requested[i].EncodedBytes.Span, _options.MaxDecodedSide);
                figures[i] = PhotoFigureMeter.Measure(images[i]!.Bitmap);
            }
            catch (ImageRejectedException rejected)
            {
                rejections[i] = rejected;
            }
        });
    }

    /// <summary>The detections with their boxes in the file's pixels (history, results); crops are cut from the decoded bitmap.</summary>
    private static IReadOnlyList<IReadOnlyList<DetectedObject>> InFilePixels(IReadOnlyList<IReadOnlyList<DetectedObject>> detections, DecodedImage?[] images) =>
        detections.Select((found, i) => images[i] is { ScaleToOriginal: var scale } && scale != 1.0
            ? found.Select(d => d with { Box = Scaled(d.Box, (float)scale) }).ToList()
            : found).ToList();

    private static BoundingBox Scaled(BoundingBox box, float scale) => new(box.X1 * scale, box.Y1 * scale, box.X2 * scale, box.Y2 * scale);

    private DetectionBatchResult Detect(
        SKBitmap?[] bitmaps, IReadOnlyList<RecognitionImage> requested, DecodedImage?[] images, IRecognitionPacer? pacer, CancellationToken cancellationToken)
    {
        var toDetect = Enumerable.Range(0, bitmaps.Length).Where(i => bitmaps[i] is not null && requested[i].KnownBoxes is null).ToList();
        var decoded = toDetect.Select(i => bitmaps[i]!).ToList();
        var batch = decoded.Count == 0 ? new DetectionBatchResult([], TimeSpan.Zero)
            : pacer is null ? _detector.Detect(decoded) : DetectPaced(decoded, pacer, cancellationToken);
        var perImage = new IReadOnlyList<DetectedObject>[bitmaps.Length];
        var next = 0;
        for (var i = 0; i < bitmaps.Length; i++)
        {
            perImage[i] = bitmaps[i] is null ? []
                : requested[i].KnownBoxes is { } known ? KnownProducts(known, images[i]!)
                : batch.Images[next++];
        }

        return batch with { Images = perImage };
    }

    /// <summary>Known boxes as detections in the decoded bitmap's pixels (the file may have been decoded smaller).</summary>
    private static List<DetectedObject> KnownProducts(IReadOnlyList<BoundingBox> boxes, DecodedImage image)
    {
        var toDecoded = (float)(1.0 / image.ScaleToOriginal);
        return boxes.Select(box => new DetectedObject(Scaled(box, toDecoded), 1f, 0)).ToList();
    }

    /// <summary>One image per detector run, with a turn asked for before each: the pacer never waits behind a whole batch.</summary>
    private DetectionBatchResult DetectPaced(List<SKBitmap> images, IRecognitionPacer pacer, CancellationToken cancellationToken)
    {
        var results = new List<IReadOnlyList<DetectedObject>>(images.Count);
        var inference = TimeSpan.Zero;
        foreach (var image in images)
        {
            pacer.WaitForTurn(cancellationToken);
            var one = _detector.Detect([image]);
            results.Add(one.Images[0]);
            inference += one.InferenceTime;
        }

        return new DetectionBatchResult(results, inference);
    }

    private async Task<StageTimes> RecognizeSkusAsync(
        RecognitionRequest request,
        SKBitmap?[] bitmaps,
        IReadOnlyList<IReadOnlyList<DetectedObject>> detections,
        IReadOnlyList<IReadOnlyList<DetectedObject>> inFilePixels,
        RecognizedProduct[][] products,
        StageTimes stages,
        CancellationToken cancellationToken)
    {
        var locations = CropEmbedding.Locate(detections);
        var ((vectors, embedderInference, chunks), cropAndEmbed) = Timed(() =>
            new CropEmbedding(_embedder!, _options).EmbedAll(bitmaps, detections, locations, request.Pacer, cancellationToken));

        var filter = request.SearchFilter!;
        var searchStart = Stopwatch.GetTimestamp();
        IReadOnlyList<IReadOnlyList<VectorMatch>> hits = vectors.Length == 0
            ? []
            : await _index!.SearchAsync(vectors, filter, request.Realgram.TopK, cancellationToken).ConfigureAwait(false);
        var search = Stopwatch.GetElapsedTime(searchStart);

        var fuseStart = Stopwatch.GetTimestamp();
        var fused = await FuseAsync(
            vectors, hits, locations.Select(l => inFilePixels[l.Image][l.Detection].Box).ToList(), locations.Select(l => l.Image).ToList(),
            request.Images.Select(image => image.Shelf).ToList(), filter, request.Realgram, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < locations.Count; i++)
        {
            var (image, index) = locations[i];
            products[image][index] = Product(inFilePixels[image][index], fused[i].Candidates, vectors[i], fused[i].Unknown);
        }

        var fuse = Stopwatch.GetElapsedTime(fuseStart);
        return stages with
        {
            CropAndEmbed = cropAndEmbed,
            Search = search,
            Fuse = fuse,
            EmbedderInference = embedderInference,
            Crops = locations.Count,
            EmbeddingChunks = chunks,
        };
    }

    /// <summary>
    /// Recognises crops detected and embedded earlier (a back-fill after the catalog or the annotations changed): one
    /// batched search, the realgram of each image's shelf and the open-set rule, exactly as <see cref="RecognizeAsync"/>
    /// does after embedding. A crop without a vector keeps its box without candidates.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pipeline only detects.</exception>
    public async Task<IReadOnlyList<IReadOnlyList<RecognizedProduct>>> RescoreAsync(
        IReadOnlyList<RescoreImage> images, VectorFilter filter, RealgramSettings realgram, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(filter);
        if (IsDetectionOnly)
            throw new InvalidOperationException("A detection-only pipeline cannot score crops.");
        var located = images.SelectMany((image, i) => image.Crops.Select((crop, k) => (Image: i, Crop: k, crop.Vector)))
            .Where(c => c.Vector is { Length: > 0 }).ToList();
        var vectors = located.Select(c => c.Vector!).ToArray();
        IReadOnlyList<IReadOnlyList<VectorMatch>> hits = vectors.Length == 0
            ? []
            : await _index!.SearchAsync(vectors, filter, realgram.TopK, cancellationToken).ConfigureAwait(false);
        var fused = await FuseAsync(
            vectors, hits, located.Select(c => images[c.Image].Crops[c.Crop].Box).ToList(), located.Select(c => c.Image).ToList(),
            images.Select(i => i.Shelf).ToList(), filter, realgram, cancellationToken).ConfigureAwait(false);
        var products = images.Select(image => image.Crops.Select(crop => Product(crop.AsDetected(), [], null)).ToArray()).ToArray();
        for (var i = 0; i < located.Count; i++)
        {
            var (image, crop, vector) = located[i];
            products[image][crop] = Product(images[image].Crops[crop].AsDetected(), fused[i].Candidates, vector, fused[i].Unknown);
        }

        return products;
    }

    /// <summary>Each crop's candidates — visual hits fused with its image's realgram — and whether it is unknown.</summary>
    private async Task<IReadOnlyList<(IReadOnlyList<RankedCandidate> Candidates, bool Unknown)>> FuseAsync(
        float[][] vectors, IReadOnlyList<IReadOnlyList<VectorMatch>> hits, IReadOnlyList<BoundingBox> boxes, IReadOnlyList<int> imageOf,
        IReadOnlyList<ShelfContext?> shelvesOfImages, VectorFilter filter, RealgramSettings realgram, CancellationToken cancellationToken)
    {
        var scorer = new RealgramScorer(realgram);
        var fusion = new CandidateFusion(_index!, filter, scorer);
        var openSet = OpenSetRule.For(_embedder!.Card, _options.UnknownThreshold);
        var noHistory = scorer.Prepare([], DateTimeOffset.UnixEpoch);
        var shelves = shelvesOfImages.Select(shelf => shelf is not null ? scorer.Prepare(shelf.Annotations, shelf.CapturedAt) : noHistory).ToArray();
        var fused = new (IReadOnlyList<RankedCandidate>, bool)[vectors.Length];
        for (var i = 0; i < vectors.Length; i++)
        {
            var candidates = await fusion.RankAsync(vectors[i], boxes[i], hits[i], shelves[imageOf[i]], cancellationToken).ConfigureAwait(false);
            fused[i] = (candidates, openSet?.IsUnknown(hits[i]) ?? false);
        }

        return fused;
    }

    private void FillDetectionOnly(IReadOnlyList<IReadOnlyList<DetectedObject>> detections, RecognizedProduct[][] products)
    {
        for (var image = 0; image < detections.Count; image++)
        {
            for (var index = 0; index < detections[image].Count; index++)
            {
                products[image][index] = Product(detections[image][index], [], null);
            }
        }
    }

    private RecognizedProduct Product(DetectedObject detection, IReadOnlyList<RankedCandidate> candidates, float[]? embedding, bool unknown = false) =>
        new(detection.Box, detection.Score, detection.ClassId, ClassNameOf(detection.ClassId), candidates, embedding, unknown);

    private string ClassNameOf(int classId)
    {
        var names = _detector.Card.ClassNames;
        return classId >= 0 && classId < names.Length ? names[classId] : classId.ToString(CultureInfo.InvariantCulture);
    }

    private static TimeSpan Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start);
    }

    private static (T Value, TimeSpan Elapsed) Timed<T>(Func<T> work)
    {
        var start = Stopwatch.GetTimestamp();
        var value = work();
        return (value, Stopwatch.GetElapsedTime(start));
    }

    private readonly record struct StageTimes(
        TimeSpan Decode,
        TimeSpan Detect,
        TimeSpan CropAndEmbed = default,
        TimeSpan Search = default,
        TimeSpan Fuse = default,
        TimeSpan EmbedderInference = default,
        int Crops = 0,
        int EmbeddingChunks = 0);
}
