using ShelfCloud.Vision.Tooling.Recognition;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Vision.Tooling.Datasets;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using SkiaSharp;
using static ShelfCloud.TestSupport.TestImages;
using static ShelfCloud.TestSupport.TestModels;
using static ShelfCloud.TestSupport.TestShelves;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>The pipeline end to end on the tiny real models and the real embedded index.</summary>
public sealed class RecognitionPipelineTests : IDisposable
{
    private readonly OnnxDetector _detector = OnnxDetector.Load(Detector, CpuSessions());
    private readonly OnnxEmbedder _embedder = OnnxEmbedder.Load(Embedder, CpuSessions());
    private readonly EmbeddedVectorIndex _store = new(new EmbeddedVectorIndexOptions());
    private readonly CountingVectorIndex _index;
    private readonly ImageFolderGallery _gallery;

    public RecognitionPipelineTests()
    {
        _index = new CountingVectorIndex(_store);
        _gallery = new ImageFolderGallery(_index, Guid.NewGuid());
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _detector.Dispose();
        _embedder.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task Crops_of_all_images_share_embedder_calls_and_one_search_and_boxes_are_in_original_pixels()
    {
        await AddReferencesAsync(("red", Red), ("green", Green), ("blue", Blue), ("yellow", Yellow));
        using var wide = Shelf(1, Red, Green, Blue);
        using var large = Shelf(2, Green, Blue, Red);
        using var sideways = Shelf(1, Blue, Red, Green);
        var request = new RecognitionRequest(
        [
            new RecognitionImage("wide.png", Png(wide)),
            new RecognitionImage("large.png", Png(large)),
            new RecognitionImage("sideways.jpg", SidewaysJpeg(sideways)),
        ]) { SearchFilter = _gallery.Filter };

        var result = await new RecognitionPipeline(_detector, _embedder, _index).RecognizeAsync(request, Token);

        result.Crops.ShouldBe(9);
        result.EmbeddingChunks.ShouldBe(1);
        _index.SearchBatchSizes.ShouldBe([9]);
        _index.Filters.ShouldAllBe(filter => filter.TenantId == _gallery.Filter.TenantId);

        ShouldHaveBoxes(result.Images[0], 1);
        ShouldHaveBoxes(result.Images[1], 2);
        // Stored 128×256 with EXIF orientation 6: boxes are in the upright 256×128 frame.
        (result.Images[2].Width, result.Images[2].Height).ShouldBe((256, 128));
        ShouldHaveBoxes(result.Images[2], 1);

        Predicted(result.Images[0]).ShouldBe(["red", "green", "blue"]);
        Predicted(result.Images[1]).ShouldBe(["green", "blue", "red"]);
        Predicted(result.Images[2]).ShouldBe(["blue", "red", "green"]);
        result.Images[0].Products.Select(p => p.ClassName).ShouldBe(["product", "empty", "product"]);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    public async Task A_photo_over_the_working_size_is_decoded_smaller_and_its_boxes_are_still_in_the_files_pixels(string format)
    {
        await AddReferencesAsync(("red", Red), ("green", Green), ("blue", Blue), ("yellow", Yellow));
        using var large = Shelf(4, Green, Blue, Red); // 1024 × 512, decoded at 640 × 320 (JPEG: 5/8 = 640 × 320)
        var bytes = format == "png" ? Png(large) : Encode(large, SKEncodedImageFormat.Jpeg, 95);
        var request = new RecognitionRequest([new RecognitionImage("large." + format, bytes)]) { SearchFilter = _gallery.Filter };

        var options = new RecognitionPipelineOptions { MaxDecodedSide = 640 };
        var result = await new RecognitionPipeline(_detector, _embedder, _index, options: options).RecognizeAsync(request, Token);

        var image = result.Images.Single();
        (image.Width, image.Height).ShouldBe((1024, 512));
        image.Products.Count.ShouldBe(WideBoxes.Length);
        for (var i = 0; i < WideBoxes.Length; i++)
        {
            var (expected, box) = (WideBoxes[i], image.Products[i].Box);
            new[] { box.X1, box.Y1, box.X2, box.Y2 }.ShouldBe([expected.Left * 4, expected.Top * 4, expected.Right * 4, expected.Bottom * 4], tolerance: 6f);
        }

        Predicted(image).ShouldBe(["green", "blue", "red"]);
    }

    [Fact]
    public async Task Known_boxes_replace_the_detector_for_their_image_only_in_the_files_pixels()
    {
        await AddReferencesAsync(("red", Red), ("green", Green), ("blue", Blue), ("yellow", Yellow));
        using var large = Shelf(4, Green, Blue, Red); // decoded at 640 × 320: the known boxes are scaled in and back out
        using var detected = Shelf(1, Red, Green, Blue);
        var known = new BoundingBox(WideBoxes[2].Left * 4, WideBoxes[2].Top * 4, WideBoxes[2].Right * 4, WideBoxes[2].Bottom * 4);
        var request = new RecognitionRequest(
        [
            new RecognitionImage("known.png", Png(large)) { KnownBoxes = [known] },
            new RecognitionImage("detected.png", Png(detected)),
        ]) { SearchFilter = _gallery.Filter };

        var result = await new RecognitionPipeline(_detector, _embedder, _index, new RecognitionPipelineOptions { MaxDecodedSide = 640 })
            .RecognizeAsync(request, Token);

        var product = result.Images[0].Products.ShouldHaveSingleItem();
        new[] { product.Box.X1, product.Box.Y1, product.Box.X2, product.Box.Y2 }.ShouldBe([known.X1, known.Y1, known.X2, known.Y2], tolerance: 0.01f);
        (product.ClassId, product.DetectorScore).ShouldBe((0, 1f));
        Predicted(result.Images[0]).ShouldBe(["red"]);
        result.Images[1].Products.Count.ShouldBe(WideBoxes.Length, "the other image was detected as usual");
    }

    [Fact]
    public async Task A_pacer_is_asked_before_decoding_before_each_photos_detection_and_before_each_embedder_chunk()
    {
        await AddReferencesAsync(("red", Red), ("green", Green), ("blue", Blue));
        using var one = Shelf(1, Red, Green, Blue);
        using var two = Shelf(1, Blue, Red, Green);
        var pacer = new CountingPacer();
        var request = new RecognitionRequest([new RecognitionImage("a.png", Png(one)), new RecognitionImage("b.png", Png(two))])
        {
            SearchFilter = _gallery.Filter,
            Pacer = pacer,
        };

        var result = await new RecognitionPipeline(_detector, _embedder, _index, new RecognitionPipelineOptions { CropChunkSize = 2 })
            .RecognizeAsync(request, Token);

        result.Crops.ShouldBe(6);
        pacer.Turns.ShouldBe(1 + 2 + 3, "decode, one detection per photo, one per chunk of 2 crops");
        Predicted(result.Images[0]).ShouldBe(["red", "green", "blue"]);
    }

    [Fact]
    public void Upload_priority_holds_recognition_back_only_while_uploads_arrive()
    {
        // A window long enough that a busy CI machine cannot stall past it between noting the upload and asking for a turn.
        var priority = new UploadPriority(Microsoft.Extensions.Options.Options.Create(new ShelfCloud.Infrastructure.Jobs.JobOptions { YieldToUploadsMilliseconds = 1_500 }));

        priority.WaitForTurn(Token);
        priority.Waits.ShouldBe(0);

        priority.NoteUpload();
        priority.WaitForTurn(Token);
        priority.Waits.ShouldBe(1);
        priority.WaitForTurn(Token); // the uploads have been quiet for the whole window by now
        priority.Waits.ShouldBe(1);
    }

    private sealed class CountingPacer : IRecognitionPacer
    {
        public int Turns { get; private set; }

        public void WaitForTurn(CancellationToken cancellationToken) => Turns++;
    }

    [Fact]
    public async Task Crops_are_cut_into_chunks_across_image_boundaries()
    {
        await AddReferencesAsync(("red", Red), ("green", Green));
        using var shelf = Shelf(1, Red, Green, Red);
        var image = new RecognitionImage("shelf.png", Png(shelf));
        var request = new RecognitionRequest([image, image, image]) { SearchFilter = _gallery.Filter };

        var result = await new RecognitionPipeline(_detector, _embedder, _index, new RecognitionPipelineOptions { CropChunkSize = 8 })
            .RecognizeAsync(request, Token);

        // 3 images × 3 crops in chunks of 8: the third image's crops are split 2 | 1, and each still gets its own vector.
        result.EmbeddingChunks.ShouldBe(2);
        var vectors = result.Images.SelectMany(i => i.Products).Select(p => p.Embedding!).ToList();
        vectors.Count.ShouldBe(9);
        for (var i = 3; i < 9; i++)
        {
            vectors[i].ShouldBe(vectors[i % 3], tolerance: 1e-5f);
        }
    }

    [Fact]
    public async Task A_recent_annotation_moves_the_prediction_to_the_sku_the_shelf_had_there()
    {
        await AddReferencesAsync(("red", Red), ("yellow", Yellow));
        using var shelf = Shelf(1, new SKColor(255, 128, 0));
        var pipeline = new RecognitionPipeline(_detector, _embedder, _index);
        var capturedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var settings = new RealgramSettings { TopK = 1, Weight = 1.0 };
        var plain = new RecognitionRequest([new RecognitionImage("shelf.png", Png(shelf))]) { SearchFilter = _gallery.Filter, Realgram = settings };

        var before = (await pipeline.RecognizeAsync(plain, Token)).Images[0].Products[0];
        var visualWinner = before.SkuId!.Value;
        var shelfSku = _gallery.Classes.Skus.Single(sku => sku != visualWinner);
        var annotated = plain with
        {
            Images = [plain.Images[0] with { Shelf = new ShelfContext([new ShelfAnnotation(shelfSku, before.Box, capturedAt.AddHours(-1), Guid.NewGuid())], capturedAt) }],
        };
        var after = (await pipeline.RecognizeAsync(annotated, Token)).Images[0].Products[0];

        before.Candidates.ShouldHaveSingleItem().RealgramCoefficient.ShouldBe(0);
        after.SkuId.ShouldBe(shelfSku);
        var moved = after.Candidates[0];
        // Outside the visual top-1: its similarity was looked up for it alone.
        moved.VisualRank.ShouldBeNull();
        _index.BestSimilarityRequests.ShouldHaveSingleItem().ShouldBe([shelfSku]);
        var stored = await _store.BestSimilarityBySkuAsync(after.Embedding!, _gallery.Filter, [shelfSku], Token);
        moved.VisualScore.ShouldBe(stored[shelfSku], tolerance: 1e-5f);
        moved.RealgramCoefficient.ShouldBe((float)ShelfRealgram.TemporalCoefficient(TimeSpan.FromHours(1), settings.HalfLifeHours), tolerance: 1e-4f);
        moved.FinalScore.ShouldBe(moved.VisualScore + moved.RealgramCoefficient, tolerance: 1e-5f);
        var demoted = after.Candidates[1];
        demoted.SkuId.ShouldBe(visualWinner);
        demoted.VisualRank.ShouldBe(1);
        demoted.VisualScore.ShouldBe(before.Candidates[0].VisualScore, tolerance: 1e-6f);
        demoted.FinalScore.ShouldBe(demoted.VisualScore);
    }

    [Fact]
    public async Task A_product_absent_from_the_catalog_is_answered_unknown_with_its_candidates_kept()
    {
        await AddReferencesAsync(("red", Red), ("green", Green));
        using var shelf = Shelf(1, Red, Green, Blue);
        var request = new RecognitionRequest([new RecognitionImage("shelf.png", Png(shelf))]) { SearchFilter = _gallery.Filter };
        var open = (await new RecognitionPipeline(_detector, _embedder, _index).RecognizeAsync(request, Token)).Images[0].Products;
        var best = open.Select(p => p.Candidates.Max(c => c.VisualScore)).ToList();
        best[2].ShouldBeLessThan(Math.Min(best[0], best[1]), "the blue pack should look least like any reference");
        var threshold = (best[2] + Math.Min(best[0], best[1])) / 2;

        var products = (await new RecognitionPipeline(_detector, _embedder, _index, new RecognitionPipelineOptions { UnknownThreshold = threshold })
            .RecognizeAsync(request, Token)).Images[0].Products;

        open.ShouldAllBe(p => !p.Unknown);
        products.Select(p => p.Unknown).ShouldBe([false, false, true]);
        Predicted(new RecognizedImage("shelf.png", 256, 128, products, null)).ShouldBe(["red", "green", null]);
        products[2].Candidates.Select(c => c.SkuId).ShouldBe(open[2].Candidates.Select(c => c.SkuId));
    }

    [Fact]
    public async Task The_shelf_history_cannot_turn_an_unknown_product_into_a_sku()
    {
        await AddReferencesAsync(("red", Red), ("green", Green));
        using var shelf = Shelf(1, Blue);
        var capturedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var settings = new RealgramSettings { TopK = 2, Weight = 100.0 };
        var plain = new RecognitionRequest([new RecognitionImage("shelf.png", Png(shelf))]) { SearchFilter = _gallery.Filter, Realgram = settings };
        var pipeline = new RecognitionPipeline(_detector, _embedder, _index, new RecognitionPipelineOptions { UnknownThreshold = 0.9999f });
        var before = (await pipeline.RecognizeAsync(plain, Token)).Images[0].Products[0];
        var red = _gallery.Classes.Skus.Single(sku => _gallery.Classes.ClassOf(sku) == "red");
        var annotated = plain with
        {
            Images = [plain.Images[0] with { Shelf = new ShelfContext([new ShelfAnnotation(red, before.Box, capturedAt.AddMinutes(-30), Guid.NewGuid())], capturedAt) }],
        };

        var after = (await pipeline.RecognizeAsync(annotated, Token)).Images[0].Products[0];

        after.Candidates[0].SkuId.ShouldBe(red, "the history still ranks red first among the candidates");
        after.Candidates[0].RealgramCoefficient.ShouldBeGreaterThan(0);
        after.Unknown.ShouldBeTrue();
        after.SkuId.ShouldBeNull();
    }

    [Theory]
    [InlineData(-1.5f)]
    [InlineData(1.01f)]
    public void An_unknown_threshold_outside_the_similarity_range_is_refused(float threshold)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new RecognitionPipeline(_detector, _embedder, _index, new RecognitionPipelineOptions { UnknownThreshold = threshold }))
            .ParamName.ShouldBe(nameof(RecognitionPipelineOptions.UnknownThreshold));
    }

    [Fact]
    public async Task Every_stage_is_timed_and_onnx_time_is_part_of_its_stage()
    {
        await AddReferencesAsync(("red", Red), ("green", Green));
        using var shelf = Shelf(1, Red, Green, Red);
        var request = new RecognitionRequest([new RecognitionImage("shelf.png", Png(shelf))]) { SearchFilter = _gallery.Filter };

        var timings = (await new RecognitionPipeline(_detector, _embedder, _index).RecognizeAsync(request, Token)).Timings;

        foreach (var stage in new[] { timings.Decode, timings.Detect, timings.CropAndEmbed, timings.Search, timings.Fuse, timings.DetectorInference, timings.EmbedderInference })
        {
            stage.ShouldBeGreaterThan(TimeSpan.Zero);
        }

        timings.DetectorInference.ShouldBeLessThanOrEqualTo(timings.Detect);
        timings.EmbedderInference.ShouldBeLessThanOrEqualTo(timings.CropAndEmbed);
        timings.Total.ShouldBeGreaterThanOrEqualTo(timings.Decode + timings.Detect + timings.CropAndEmbed + timings.Search + timings.Fuse);
    }

    [Fact]
    public async Task Without_an_index_products_get_boxes_and_no_sku()
    {
        using var shelf = Shelf(1, Red, Green, Blue);
        var pipeline = new RecognitionPipeline(_detector, _embedder, index: null);

        var result = await pipeline.RecognizeAsync(new RecognitionRequest([new RecognitionImage("shelf.png", Png(shelf))]), Token);

        pipeline.IsDetectionOnly.ShouldBeTrue();
        ShouldHaveBoxes(result.Images[0], 1);
        result.Images[0].Products.ShouldAllBe(p => p.SkuId == null && p.Candidates.Count == 0 && p.Embedding == null);
        result.Crops.ShouldBe(0);
        result.Timings.EmbedderInference.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task Searching_without_a_tenant_filter_is_refused()
    {
        using var shelf = Shelf(1, Red);
        var request = new RecognitionRequest([new RecognitionImage("shelf.png", Png(shelf))]);

        var error = await Should.ThrowAsync<ArgumentException>(() => new RecognitionPipeline(_detector, _embedder, _index).RecognizeAsync(request, Token));

        error.Message.ShouldContain("tenant");
        _index.SearchBatchSizes.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_undecodable_image_is_reported_and_the_others_are_recognised()
    {
        await AddReferencesAsync(("red", Red), ("green", Green));
        using var shelf = Shelf(1, Red, Green, Red);
        var request = new RecognitionRequest(
        [
            new RecognitionImage("broken.jpg", new byte[] { 0xFF, 0xD8, 0xFF, 0x00, 0x01 }),
            new RecognitionImage("shelf.png", Png(shelf)),
        ]) { SearchFilter = _gallery.Filter };

        var result = await new RecognitionPipeline(_detector, _embedder, _index).RecognizeAsync(request, Token);

        result.Images[0].IsRecognised.ShouldBeFalse();
        result.Images[0].Products.ShouldBeEmpty();
        result.Images[1].IsRecognised.ShouldBeTrue();
        Predicted(result.Images[1]).ShouldBe(["red", "green", "red"]);
    }

    private async Task AddReferencesAsync(params (string Sku, SKColor Colour)[] skus)
    {
        var references = new List<EmbeddedImage>();
        foreach (var (sku, colour) in skus)
        {
            using var pack = Solid(40, 60, colour);
            references.Add(new EmbeddedImage(new LabelledImage($"{sku}.png", $"{sku}/{sku}.png", sku), _embedder.Embed(pack), null));
        }

        await _gallery.AddAsync(references, Token);
    }

    private List<string?> Predicted(RecognizedImage image) =>
        image.Products.Select(p => p.SkuId is { } sku ? _gallery.Classes.ClassOf(sku) : null).ToList();

    private static void ShouldHaveBoxes(RecognizedImage image, int scale)
    {
        image.IsRecognised.ShouldBeTrue();
        (image.Width, image.Height).ShouldBe((256 * scale, 128 * scale));
        image.Products.Count.ShouldBe(WideBoxes.Length);
        for (var i = 0; i < WideBoxes.Length; i++)
        {
            var expected = WideBoxes[i];
            var box = image.Products[i].Box;
            new[] { box.X1, box.Y1, box.X2, box.Y2 }.ShouldBe(
                [expected.Left * scale, expected.Top * scale, expected.Right * scale, expected.Bottom * scale], tolerance: 0.01f);
        }
    }
}
