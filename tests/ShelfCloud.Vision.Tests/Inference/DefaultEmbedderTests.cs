using System.Numerics.Tensors;
using ShelfCloud.TestSupport;
using ShelfCloud.Vision.Inference;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Inference;

/// <summary>
/// The committed default embedder (src/ShelfCloud.Vision/Models): the int8 model the CPU uses and its fp32 twin for GPU
/// workers must describe themselves alike and embed alike, and the int8 one must carry its open-set threshold.
/// </summary>
public class DefaultEmbedderTests
{
    private static readonly string Models = Path.Combine(Repository.Root, "src", "ShelfCloud.Vision", "Models");

    [Fact]
    public void The_int8_default_and_its_fp32_twin_share_their_card_and_calibrated_threshold()
    {
        using var int8 = OnnxEmbedder.Load(Path.Combine(Models, "embedder.onnx"), TestModels.CpuSessions());
        using var fp32 = OnnxEmbedder.Load(Path.Combine(Models, "gpu", "embedder.onnx"), TestModels.CpuSessions());

        int8.Card.Name.ShouldBe(fp32.Card.Name);
        int8.Card.Version.ShouldBe(fp32.Card.Version);
        (int8.Card.InputWidth, int8.Dimension).ShouldBe((fp32.Card.InputWidth, fp32.Dimension));
        int8.Card.UnknownThreshold.ShouldNotBeNull();
        int8.Card.UnknownThreshold.ShouldBe(fp32.Card.UnknownThreshold);
        int8.Card.UnknownThreshold!.Value.ShouldBeInRange(0f, 1f);
    }

    [Fact]
    public void The_int8_default_embeds_like_its_fp32_twin()
    {
        using var int8 = OnnxEmbedder.Load(Path.Combine(Models, "embedder.onnx"), TestModels.CpuSessions());
        using var fp32 = OnnxEmbedder.Load(Path.Combine(Models, "gpu", "embedder.onnx"), TestModels.CpuSessions());
        using var pack = TestImages.Quadrants(90, 140, SKColors.Red, SKColors.White, SKColors.Navy, SKColors.Gold);
        using var noise = TestImages.Noise(120, 120, seed: 7);

        var quantised = int8.Embed([pack, noise]).Vectors;
        var reference = fp32.Embed([pack, noise]).Vectors;

        for (var i = 0; i < 2; i++)
        {
            TensorPrimitives.Norm<float>(quantised[i]).ShouldBe(1f, 1e-4);
            TensorPrimitives.Dot<float>(quantised[i], reference[i]).ShouldBeGreaterThan(0.98f, "int8 quantisation may cost little");
        }

        TensorPrimitives.Dot<float>(quantised[0], quantised[1]).ShouldBeLessThan(0.9f, "different images stay apart");
    }
}
