using System.Diagnostics;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Imaging;

public class ImageDecoderTests
{
    private readonly ImageDecoder _decoder = new();

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, ImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg, ImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp, ImageFormat.Webp)]
    public void Decodes_each_supported_format_to_rgba_with_its_size_and_colours(SKEncodedImageFormat encoded, ImageFormat expected)
    {
        using var original = TestImages.Quadrants(64, 32, SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.White);

        using var image = _decoder.Decode(TestImages.Encode(original, encoded, quality: 100));

        image.Format.ShouldBe(expected);
        (image.Width, image.Height).ShouldBe((64, 32));
        image.Bitmap.ColorType.ShouldBe(SKColorType.Rgba8888);
        ShouldBeClose(image.Bitmap.GetPixel(8, 8), SKColors.Red);
        ShouldBeClose(image.Bitmap.GetPixel(56, 8), SKColors.Lime);
        ShouldBeClose(image.Bitmap.GetPixel(8, 24), SKColors.Blue);
        ShouldBeClose(image.Bitmap.GetPixel(56, 24), SKColors.White);
    }

    [Fact]
    public void Decodes_from_a_stream()
    {
        using var original = TestImages.Solid(10, 7, SKColors.Teal);
        using var stream = new MemoryStream(TestImages.Encode(original, SKEncodedImageFormat.Png));

        using var image = _decoder.Decode(stream);

        (image.Width, image.Height).ShouldBe((10, 7));
    }

    [Fact]
    public void Png_declaring_60000_by_60000_is_refused_from_its_header_without_allocating_pixels()
    {
        var bomb = TestImages.PngHeaderOnly(60000, 60000);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();

        var refused = Should.Throw<ImageRejectedException>(() => _decoder.Decode(bomb));

        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore).ShouldBeLessThan(1_000_000);
        refused.Reason.ShouldBe(ImageRejectionReason.TooLarge);
        (refused.DeclaredWidth, refused.DeclaredHeight).ShouldBe((60000, 60000));
        refused.DeclaredPixels.ShouldBe(3_600_000_000L);
        refused.Message.ShouldContain("60000×60000");
    }

    [Fact]
    public void Jpeg_whose_frame_header_declares_a_huge_size_is_refused_as_too_large()
    {
        using var original = TestImages.Solid(16, 16, SKColors.Gray);
        var huge = TestImages.WithJpegFrameSize(TestImages.Encode(original, SKEncodedImageFormat.Jpeg), 60000, 60000);

        Should.Throw<ImageRejectedException>(() => _decoder.ReadHeader(huge)).Reason.ShouldBe(ImageRejectionReason.TooLarge);
        Should.Throw<ImageRejectedException>(() => _decoder.Decode(huge)).Reason.ShouldBe(ImageRejectionReason.TooLarge);
    }

    [Fact]
    public void Pixel_limit_is_configurable()
    {
        var decoder = new ImageDecoder(new ImageLimits { MaxPixels = 1000 });
        using var original = TestImages.Solid(40, 40, SKColors.Gray);

        Should.Throw<ImageRejectedException>(() => decoder.Decode(TestImages.Encode(original, SKEncodedImageFormat.Png)))
            .Reason.ShouldBe(ImageRejectionReason.TooLarge);
    }

    [Fact]
    public void Stream_longer_than_the_byte_limit_is_refused_while_reading()
    {
        var decoder = new ImageDecoder(new ImageLimits { MaxEncodedBytes = 100 });
        using var stream = new MemoryStream(new byte[1000]);

        Should.Throw<ImageRejectedException>(() => decoder.Decode(stream)).Reason.ShouldBe(ImageRejectionReason.FileTooLarge);
    }

    [Fact]
    public void Truncated_jpeg_is_refused_as_undecodable()
    {
        using var noise = TestImages.Noise(64, 64, seed: 7);
        var jpeg = TestImages.Encode(noise, SKEncodedImageFormat.Jpeg);

        var halfFile = Should.Throw<ImageRejectedException>(() => _decoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2)));
        var headerOnly = Should.Throw<ImageRejectedException>(() => _decoder.Decode(jpeg.AsSpan(0, 20)));

        halfFile.Reason.ShouldBe(ImageRejectionReason.Undecodable);
        halfFile.Message.ShouldContain("truncated");
        headerOnly.Reason.ShouldBe(ImageRejectionReason.Undecodable);
    }

    [Fact]
    public async Task Text_file_named_jpg_is_refused_as_unsupported_format()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("shelfcloud-vision-").FullName, "photo.jpg");
        await File.WriteAllTextAsync(path, "This is not a photo.", TestContext.Current.CancellationToken);
        await using var stream = File.OpenRead(path);

        var refused = await Should.ThrowAsync<ImageRejectedException>(() => _decoder.DecodeAsync(stream, TestContext.Current.CancellationToken));

        refused.Reason.ShouldBe(ImageRejectionReason.UnsupportedFormat);
        refused.Message.ShouldContain("not a JPEG, PNG or WebP");
    }

    [Fact]
    public void Empty_content_is_refused()
    {
        Should.Throw<ImageRejectedException>(() => _decoder.Decode(ReadOnlySpan<byte>.Empty)).Reason.ShouldBe(ImageRejectionReason.Empty);
    }

    [Fact]
    public void Exif_orientation_6_gives_an_upright_image_with_width_and_height_swapped()
    {
        // Stored 40×20 with red top-left; orientation 6 means "rotate 90° clockwise to view".
        using var stored = TestImages.Quadrants(40, 20, SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.White);
        var jpeg = TestImages.WithExifOrientation(TestImages.Encode(stored, SKEncodedImageFormat.Jpeg, quality: 100), orientation: 6);

        var header = _decoder.ReadHeader(jpeg);
        using var image = _decoder.Decode(jpeg);

        header.Origin.ShouldBe(SKEncodedOrigin.RightTop);
        (header.Width, header.Height).ShouldBe((20, 40));
        image.OriginalOrigin.ShouldBe(SKEncodedOrigin.RightTop);
        (image.Width, image.Height).ShouldBe((20, 40));
        // Rotated clockwise: stored top-left → top-right, stored top-right → bottom-right, stored bottom-left → top-left.
        ShouldBeClose(image.Bitmap.GetPixel(15, 5), SKColors.Red);
        ShouldBeClose(image.Bitmap.GetPixel(15, 35), SKColors.Lime);
        ShouldBeClose(image.Bitmap.GetPixel(5, 5), SKColors.Blue);
        ShouldBeClose(image.Bitmap.GetPixel(5, 35), SKColors.White);
    }

    [Fact]
    public void Read_header_reports_format_and_size_without_decoding()
    {
        using var original = TestImages.Solid(30, 12, SKColors.Gray);

        var header = _decoder.ReadHeader(TestImages.Encode(original, SKEncodedImageFormat.Webp));

        header.ShouldBe(new ImageHeader(ImageFormat.Webp, 30, 12, SKEncodedOrigin.TopLeft));
        header.Pixels.ShouldBe(360);
    }

    private static void ShouldBeClose(SKColor actual, SKColor expected, int tolerance = 12)
    {
        Math.Abs(actual.Red - expected.Red).ShouldBeLessThanOrEqualTo(tolerance, $"red of {actual} vs {expected}");
        Math.Abs(actual.Green - expected.Green).ShouldBeLessThanOrEqualTo(tolerance, $"green of {actual} vs {expected}");
        Math.Abs(actual.Blue - expected.Blue).ShouldBeLessThanOrEqualTo(tolerance, $"blue of {actual} vs {expected}");
    }
}
