using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Inference;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Inference;

/// <summary>
/// The test detector's boxes are constants in its 128×128 input and its scores are base scores times the
/// input's mean brightness (see make_test_models.py). A white 256×128 image is letterboxed at scale 0.5 with
/// 32 grey rows above and below, so its mean brightness is (255 + 114) / 2 / 255.
/// </summary>
public class OnnxDetectorTests
{
    private const float WideWhiteBrightness = (255f + 114f) / 2f / 255f;

    // Anchor 1 (class 1) overlaps anchor 0 (class 0) with IoU 0.85 and is suppressed; anchor 3 is below 0.25.
    private static readonly DetectedObject[] WideWhiteExpected =
    [
        new(new BoundingBox(44, 2, 84, 62), 0.9f * WideWhiteBrightness, 0),
        new(new BoundingBox(162, 24, 222, 104), 0.7f * WideWhiteBrightness, 1),
        new(new BoundingBox(124, 0, 156, 20), 0.6f * WideWhiteBrightness, 0),
    ];

    [Fact]
    public void Reads_input_size_and_class_names_from_ultralytics_metadata()
    {
        using var detector = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions());

        (detector.Card.InputWidth, detector.Card.InputHeight).ShouldBe((128, 128));
        detector.Card.ClassNames.ShouldBe(["product", "empty"]);
        detector.ExecutionProvider.ShouldBe(ExecutionProvider.Cpu);
    }

    [Fact]
    public void Boxes_are_mapped_back_to_the_original_image_pixels()
    {
        using var detector = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions());
        using var image = TestImages.Solid(256, 128, SKColors.White);

        var detections = detector.Detect(image);

        ShouldMatch(detections, WideWhiteExpected);
    }

    [Theory]
    [InlineData("detector_transposed.onnx")]
    [InlineData("detector_bare.onnx")]
    public void Transposed_output_and_a_model_without_metadata_give_identical_boxes(string model)
    {
        using var channelsFirst = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions());
        using var other = OnnxDetector.Load(TestModels.Asset(model), TestModels.CpuSessions());
        using var image = TestImages.Solid(256, 128, SKColors.White);

        other.Detect(image).ShouldBe(channelsFirst.Detect(image));
    }

    [Fact]
    public void Nms_is_class_agnostic()
    {
        var lenient = new DetectionOptions { IouThreshold = 0.9f };
        using var detector = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions());
        using var lenientDetector = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions(), lenient);
        using var image = TestImages.Solid(128, 128, SKColors.White);

        var suppressed = detector.Detect(image);
        var kept = lenientDetector.Detect(image);

        // Anchor 1 is class 1 on top of anchor 0's class 0: only a lenient IoU threshold lets it through.
        suppressed.Select(d => d.ClassId).ShouldBe([0, 1, 0]);
        kept.Count.ShouldBe(4);
        kept[1].ShouldBe(new DetectedObject(new BoundingBox(23, 34, 43, 64), 0.8f, 1), new DetectedObjectComparer());
    }

    [Fact]
    public void Many_images_in_one_batch_each_get_their_own_detections()
    {
        using var detector = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions());
        using var wide = TestImages.Solid(256, 128, SKColors.White);
        using var black = TestImages.Solid(100, 100, SKColors.Black);
        using var square = TestImages.Solid(128, 128, SKColors.White);

        var result = detector.Detect([wide, black, square]);

        result.Images.Count.ShouldBe(3);
        ShouldMatch(result.Images[0], WideWhiteExpected);
        result.Images[1].ShouldBeEmpty();
        result.Images[2].Select(d => d.Box).ShouldBe([new BoundingBox(22, 33, 42, 63), new BoundingBox(81, 44, 111, 84), new BoundingBox(62, 18, 78, 42)]);
        result.InferenceTime.ShouldBeGreaterThan(TimeSpan.Zero);
        detector.TotalInferenceTime.ShouldBeGreaterThanOrEqualTo(result.InferenceTime);
    }

    [Fact]
    public void Splitting_into_smaller_batches_gives_the_same_detections()
    {
        using var oneRun = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions());
        using var twoPerRun = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions(), new DetectionOptions { MaxBatchSize = 2 });
        using var wide = TestImages.Solid(256, 128, SKColors.White);
        using var black = TestImages.Solid(100, 100, SKColors.Black);
        using var tall = TestImages.Solid(90, 300, SKColors.White);

        var expected = oneRun.Detect([wide, black, tall]).Images;
        var actual = twoPerRun.Detect([wide, black, tall]).Images;

        actual.Count.ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            ShouldMatch(actual[i], expected[i]);
        }
    }

    [Fact]
    public void Model_exported_with_a_fixed_batch_gets_runs_of_exactly_that_size()
    {
        using var dynamicBatch = OnnxDetector.Load(TestModels.Detector, TestModels.CpuSessions());
        using var fixedBatch = OnnxDetector.Load(TestModels.Asset("detector_batch2.onnx"), TestModels.CpuSessions());
        using var wide = TestImages.Solid(256, 128, SKColors.White);
        using var black = TestImages.Solid(100, 100, SKColors.Black);
        using var square = TestImages.Solid(128, 128, SKColors.White);

        // Three images: one full run of two, then one image padded with an empty slot.
        var expected = dynamicBatch.Detect([wide, black, square]).Images;
        var actual = fixedBatch.Detect([wide, black, square]).Images;

        actual.Count.ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            ShouldMatch(actual[i], expected[i]);
        }
    }

    [Fact]
    public void An_embedder_loaded_as_detector_is_refused_as_the_wrong_shape()
    {
        var error = Should.Throw<InvalidModelShapeException>(() => OnnxDetector.Load(TestModels.Embedder, TestModels.CpuSessions()));

        error.Message.ShouldContain("wrong shape for a detector");
        error.Message.ShouldContain("[?, 16]");
    }

    [Fact]
    public void Class_names_that_do_not_fit_the_output_are_refused()
    {
        var model = TestModels.CopyToTemporaryFolder(TestModels.Detector);
        File.WriteAllText(Path.ChangeExtension(model, ".json"), """{ "names": ["a", "b", "c"] }""");

        var error = Should.Throw<InvalidModelShapeException>(() => OnnxDetector.Load(model, TestModels.CpuSessions()));

        error.Message.ShouldContain("3 class names");
    }

    private static void ShouldMatch(IReadOnlyList<DetectedObject> actual, IReadOnlyList<DetectedObject> expected) =>
        actual.ShouldBe(expected, new DetectedObjectComparer());

    private sealed class DetectedObjectComparer : IEqualityComparer<DetectedObject>
    {
        public bool Equals(DetectedObject a, DetectedObject b) =>
            a.ClassId == b.ClassId && Math.Abs(a.Score - b.Score) < 1e-4
            && Math.Abs(a.Box.X1 - b.Box.X1) < 1e-3 && Math.Abs(a.Box.Y1 - b.Box.Y1) < 1e-3
            && Math.Abs(a.Box.X2 - b.Box.X2) < 1e-3 && Math.Abs(a.Box.Y2 - b.Box.Y2) < 1e-3;

        public int GetHashCode(DetectedObject obj) => obj.ClassId;
    }
}
