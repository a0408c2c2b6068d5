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

    [Theory]
    [InlineData(8, 0, false)]
    [InlineData(1, 0, false)]
    [InlineData(16, 0, true)]
    [InlineData(8, 2, false)]
    [InlineData(16, 2, true)]
    [InlineData(4, 3, false)]
    [InlineData(8, 3, true)]
    [InlineData(8, 4, false)]
    [InlineData(8, 6, true)]
    [InlineData(16, 6, false)]
    public void Verify_accepts_valid_pngs_of_every_colour_type_depth_and_interlacing_as_a_decode_does(int depth, int colourType, bool interlaced)
    {
        var png = HostileImages.ValidPng(37, 23, (byte)depth, (byte)colourType, interlaced);

        using (var decoded = _decoder.Decode(png))
            (decoded.Width, decoded.Height).ShouldBe((37, 23));
        _decoder.Verify(png).Width.ShouldBe(37);
        Should.Throw<ImageRejectedException>(() => _decoder.Verify(png[..^12])).Message.ShouldBe("The Png image is truncated.");
    }
}
