using ShelfCloud.TestSupport;
using ShelfCloud.Vision.Imaging;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Imaging;

/// <summary>
/// <see cref="ImageDecoder.Decode(ReadOnlySpan{byte}, int)"/>: photos larger than the working size decode scaled down
/// (JPEG by DCT scaling, WebP by its scaler, PNG decoded whole and shrunk, one at a time), keep their colours and layout, and
/// report the file's upright size.
/// </summary>
public class ScaledDecodingTests
{
    private readonly ImageDecoder _decoder = new();

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, 2400, 1600, 1000, 900, 600)] // DCT scaling by the largest M/8 that fits: 3/8
    [InlineData(SKEncodedImageFormat.Webp, 2400, 1600, 1000, 1000, 667)]
    [InlineData(SKEncodedImageFormat.Png, 2400, 1600, 1000, 1000, 666)] // decoded whole, then shrunk
    [InlineData(SKEncodedImageFormat.Png, 1000, 1500, 500, 333, 500)]
    [InlineData(SKEncodedImageFormat.Jpeg, 800, 600, 1000, 800, 600)] // small enough: full size
    public void A_photo_over_the_working_size_decodes_scaled_with_its_quadrants_in_place(
        SKEncodedImageFormat format, int width, int height, int maxSide, int expectedWidth, int expectedHeight)
    {
        using var original = TestImages.Quadrants(width, height, SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.White);

        using var image = _decoder.Decode(TestImages.Encode(original, format, quality: 95), maxSide);

        image.Width.ShouldBeInRange(expectedWidth - 1, expectedWidth + 1);
        image.Height.ShouldBeInRange(expectedHeight - 1, expectedHeight + 1);
        (image.OriginalWidth, image.OriginalHeight).ShouldBe((width, height));
        image.ScaleToOriginal.ShouldBe((double)width / image.Width);
        ShouldBeClose(image.Bitmap.GetPixel(image.Width / 4, image.Height / 4), SKColors.Red);
        ShouldBeClose(image.Bitmap.GetPixel(image.Width * 3 / 4, image.Height / 4), SKColors.Lime);
        ShouldBeClose(image.Bitmap.GetPixel(image.Width / 4, image.Height * 3 / 4), SKColors.Blue);
        ShouldBeClose(image.Bitmap.GetPixel(image.Width * 3 / 4, image.Height * 3 / 4), SKColors.White);
    }

    [Fact]
    public void A_sideways_photo_reports_its_upright_size_when_scaled()
    {
        using var upright = TestImages.Quadrants(1200, 2000, SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.White);

        using var image = _decoder.Decode(TestImages.SidewaysJpeg(upright), maxSide: 1000);

        (image.OriginalWidth, image.OriginalHeight).ShouldBe((1200, 2000));
        (image.Width, image.Height).ShouldBe((600, 1000));
        ShouldBeClose(image.Bitmap.GetPixel(150, 250), SKColors.Red);
        ShouldBeClose(image.Bitmap.GetPixel(450, 750), SKColors.White);
    }

    [Fact]
    public void A_truncated_png_is_refused_while_scaling()
    {
        using var original = TestImages.Noise(1200, 900, seed: 2);
        var png = TestImages.Png(original);

        Should.Throw<ImageRejectedException>(() => _decoder.Decode(png[..(png.Length / 2)], maxSide: 400).Dispose());
    }

    private static void ShouldBeClose(SKColor actual, SKColor expected)
    {
        Math.Abs(actual.Red - expected.Red).ShouldBeLessThan(24, $"{actual} vs {expected}");
        Math.Abs(actual.Green - expected.Green).ShouldBeLessThan(24, $"{actual} vs {expected}");
        Math.Abs(actual.Blue - expected.Blue).ShouldBeLessThan(24, $"{actual} vs {expected}");
    }
}
