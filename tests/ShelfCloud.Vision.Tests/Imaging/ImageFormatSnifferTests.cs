using ShelfCloud.Vision.Imaging;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Imaging;

public class ImageFormatSnifferTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, ImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png, ImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp, ImageFormat.Webp)]
    public void Format_is_recognised_from_content(SKEncodedImageFormat encoded, ImageFormat expected)
    {
        using var bitmap = TestImages.Solid(8, 8, SKColors.Orange);

        ImageFormatSniffer.Sniff(TestImages.Encode(bitmap, encoded)).ShouldBe(expected);
    }

    [Fact]
    public void Text_gif_and_too_short_content_are_not_images()
    {
        ImageFormatSniffer.Sniff("just some text, named photo.jpg"u8).ShouldBeNull();
        ImageFormatSniffer.Sniff("GIF89a\x01\0\x01\0"u8).ShouldBeNull();
        ImageFormatSniffer.Sniff("RIFF\0\0\0\0WAVE"u8).ShouldBeNull();
        ImageFormatSniffer.Sniff([0xFF, 0xD8]).ShouldBeNull();
        ImageFormatSniffer.Sniff([]).ShouldBeNull();
    }
}
