using ShelfCloud.TestSupport;
using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Vision.Tests.Imaging;

/// <summary>
/// The upload check (<see cref="ImageDecoder.Verify"/>) against the corpus of broken and hostile images: every one is
/// refused with an <see cref="ImageRejectedException"/>, cheaply (no pixel memory for what a header or structure walk
/// refuses).
/// </summary>
public class HostileImageTests
{
    private readonly ImageDecoder _decoder = new(new ImageLimits { MaxPixels = 100_000_000 });

    public static TheoryData<HostileImage> Corpus() => [.. HostileImages.All()];

    [Fact]
    public void The_corpus_holds_at_least_150_images_with_distinct_names()
    {
        var corpus = HostileImages.All();

        corpus.Count.ShouldBeGreaterThanOrEqualTo(150);
        corpus.Select(image => image.Name).Distinct().Count().ShouldBe(corpus.Count);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Verify_refuses_every_broken_or_hostile_image(HostileImage image)
    {
        var refusal = Should.Throw<ImageRejectedException>(() => _decoder.Verify(image.Bytes), image.Name);

        refusal.Message.ShouldNotBeNullOrWhiteSpace();
    }
}
