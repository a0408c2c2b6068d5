using System.Numerics.Tensors;
using ShelfCloud.Vision.Inference;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Inference;

public class OnnxEmbedderTests
{
    [Fact]
    public void Card_comes_from_the_model_metadata()
    {
        using var embedder = OnnxEmbedder.Load(TestModels.Embedder, TestModels.CpuSessions());

        embedder.Card.Name.ShouldBe("quadrant-embedder");
        embedder.Card.Version.ShouldBe("1.2.0");
        (embedder.Card.InputWidth, embedder.Card.InputHeight).ShouldBe((32, 32));
        embedder.Card.Mean.ShouldBe([0.5f, 0.5f, 0.5f]);
        embedder.Card.Std.ShouldBe([0.25f, 0.25f, 0.25f]);
        embedder.Dimension.ShouldBe(16);
    }

    [Fact]
    public void Vectors_have_unit_length_and_tell_different_crops_apart()
    {
        using var embedder = OnnxEmbedder.Load(TestModels.Embedder, TestModels.CpuSessions());
        using var redTop = TestImages.Quadrants(60, 90, SKColors.Red, SKColors.Red, SKColors.Blue, SKColors.Blue);
        using var blueTop = TestImages.Quadrants(60, 90, SKColors.Blue, SKColors.Blue, SKColors.Red, SKColors.Red);
        using var noise = TestImages.Noise(40, 40, seed: 3);

        var result = embedder.Embed([redTop, blueTop, noise]);

        result.Vectors.Count.ShouldBe(3);
        result.Vectors.ShouldAllBe(v => v.Length == 16);
        foreach (var vector in result.Vectors)
        {
            TensorPrimitives.Norm<float>(vector).ShouldBe(1f, 1e-5);
        }

        TensorPrimitives.Dot<float>(result.Vectors[0], result.Vectors[1]).ShouldBeLessThan(0.99f);
        result.InferenceTime.ShouldBeGreaterThan(TimeSpan.Zero);
        embedder.TotalInferenceTime.ShouldBeGreaterThanOrEqualTo(result.InferenceTime);
    }

    [Fact]
    public void Same_crop_gives_the_same_vector_alone_or_in_batches_of_any_size()
    {
        using var embedder = OnnxEmbedder.Load(TestModels.Embedder, TestModels.CpuSessions());
        using var twoPerRun = OnnxEmbedder.Load(TestModels.Embedder, TestModels.CpuSessions(), maxBatchSize: 2);
        var crops = Enumerable.Range(0, 5).Select(i => TestImages.Noise(30 + i, 50, seed: i)).ToArray();
        try
        {
            var alone = embedder.Embed(crops[3]);
            var batched = embedder.Embed(crops).Vectors;
            var split = twoPerRun.Embed(crops).Vectors;

            batched.Count.ShouldBe(5);
            split.Count.ShouldBe(5);
            batched[3].ShouldBe(alone, 1e-5);
            for (var i = 0; i < crops.Length; i++)
            {
                split[i].ShouldBe(batched[i], 1e-5);
            }
        }
        finally
        {
            foreach (var crop in crops)
            {
                crop.Dispose();
            }
        }
    }

    [Fact]
    public void Sidecar_card_describes_a_model_without_metadata()
    {
        using var embedder = OnnxEmbedder.Load(TestModels.EmbedderWithSidecar, TestModels.CpuSessions());

        embedder.Card.Name.ShouldBe("quadrant-embedder-sidecar");
        embedder.Card.Version.ShouldBe("2.0.0");
        embedder.Card.Mean.ShouldBe(ModelCard.ImageNetMean);
        embedder.Card.Std.ShouldBe(ModelCard.ImageNetStd);
        embedder.Dimension.ShouldBe(16);
    }

    [Fact]
    public void Sidecar_card_wins_over_metadata()
    {
        var model = TestModels.CopyToTemporaryFolder(TestModels.Embedder);
        File.WriteAllText(Path.ChangeExtension(model, ".json"), """{ "version": "9.9", "std": [0.5, 0.5, 0.5] }""");

        using var embedder = OnnxEmbedder.Load(model, TestModels.CpuSessions());

        embedder.Card.Version.ShouldBe("9.9");
        embedder.Card.Std.ShouldBe([0.5f, 0.5f, 0.5f]);
        embedder.Card.Name.ShouldBe("quadrant-embedder");
    }

    [Fact]
    public void A_detector_loaded_as_embedder_is_refused_as_the_wrong_shape()
    {
        var error = Should.Throw<InvalidModelShapeException>(() => OnnxEmbedder.Load(TestModels.Detector, TestModels.CpuSessions()));

        error.Message.ShouldContain("wrong shape for an embedder");
        error.Message.ShouldContain("expected float32 [N, D]");
    }

    [Fact]
    public void Card_dimension_that_contradicts_the_output_is_refused()
    {
        var model = TestModels.CopyToTemporaryFolder(TestModels.Embedder);
        File.WriteAllText(Path.ChangeExtension(model, ".json"), """{ "embeddingDim": 8 }""");

        Should.Throw<InvalidModelShapeException>(() => OnnxEmbedder.Load(model, TestModels.CpuSessions()))
            .Message.ShouldContain("8 values");
    }

    [Fact]
    public void Card_input_size_that_contradicts_the_static_input_is_refused()
    {
        var model = TestModels.CopyToTemporaryFolder(TestModels.Embedder);
        File.WriteAllText(Path.ChangeExtension(model, ".json"), """{ "imgsz": 64 }""");

        Should.Throw<InvalidModelShapeException>(() => OnnxEmbedder.Load(model, TestModels.CpuSessions()))
            .Message.ShouldContain("64×64");
    }
}
