using ShelfCloud.Vision.Inference;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Inference;

public class SessionOptionsFactoryTests
{
    [Fact]
    public void Cuda_requested_on_a_machine_without_it_falls_back_to_cpu_with_one_warning()
    {
        var warnings = new List<string>();
        var factory = new SessionOptionsFactory(new InferenceOptions { ExecutionProvider = ExecutionProvider.Cuda }, warnings.Add);

        using var detector = OnnxDetector.Load(TestModels.Detector, factory);
        using var embedder = OnnxEmbedder.Load(TestModels.Embedder, factory);
        using var image = TestImages.Solid(64, 64, SKColors.White);

        detector.ExecutionProvider.ShouldBe(ExecutionProvider.Cpu);
        embedder.ExecutionProvider.ShouldBe(ExecutionProvider.Cpu);
        detector.Detect(image).ShouldNotBeEmpty();
        warnings.ShouldHaveSingleItem().ShouldContain("CUDA execution provider");
        warnings[0].ShouldContain("running on CPU");
    }

    [Fact]
    public void Cpu_requested_gives_cpu_without_warning()
    {
        var warnings = new List<string>();
        var factory = new SessionOptionsFactory(new InferenceOptions { IntraOpThreads = 2 }, warnings.Add);

        using var options = factory.Create(out var provider);

        provider.ShouldBe(ExecutionProvider.Cpu);
        options.IntraOpNumThreads.ShouldBe(2);
        warnings.ShouldBeEmpty();
    }
}
