using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Imaging;

public class LetterboxerTests
{
    [Fact]
    public void Wide_image_is_scaled_to_the_width_and_padded_above_and_below_with_grey_114()
    {
        using var source = TestImages.Solid(256, 128, SKColors.White);

        using var letterboxed = Letterboxer.Letterbox(source, 128);

        letterboxed.Transform.ShouldBe(new LetterboxTransform(0.5f, 0.5f, 0, 32, 256, 128));
        (letterboxed.Bitmap.Width, letterboxed.Bitmap.Height).ShouldBe((128, 128));
        letterboxed.Bitmap.GetPixel(64, 10).ShouldBe(new SKColor(114, 114, 114));
        letterboxed.Bitmap.GetPixel(64, 31).ShouldBe(new SKColor(114, 114, 114));
        letterboxed.Bitmap.GetPixel(64, 32).ShouldBe(SKColors.White);
        letterboxed.Bitmap.GetPixel(64, 95).ShouldBe(SKColors.White);
        letterboxed.Bitmap.GetPixel(64, 96).ShouldBe(new SKColor(114, 114, 114));
    }

    [Fact]
    public void Box_on_the_letterbox_maps_back_to_the_original_image_exactly()
    {
        using var source = TestImages.Solid(256, 128, SKColors.White);
        using var letterboxed = Letterboxer.Letterbox(source, 128);

        letterboxed.Transform.ToSource(new BoundingBox(22, 33, 42, 63)).ShouldBe(new BoundingBox(44, 2, 84, 62));
    }

    [Theory]
    [InlineData(640, 480, 320)]
    [InlineData(333, 1000, 224)]
    [InlineData(1000, 333, 640)]
    [InlineData(50, 50, 640)]
    public void Box_survives_a_round_trip_through_the_letterbox(int width, int height, int size)
    {
        using var source = TestImages.Solid(width, height, SKColors.White);
        using var letterboxed = Letterboxer.Letterbox(source, size);
        var box = new BoundingBox(width * 0.1f, height * 0.2f, width * 0.7f, height * 0.9f);

        var back = letterboxed.Transform.ToSource(letterboxed.Transform.ToLetterbox(box));

        back.X1.ShouldBe(box.X1, 1e-3);
        back.Y1.ShouldBe(box.Y1, 1e-3);
        back.X2.ShouldBe(box.X2, 1e-3);
        back.Y2.ShouldBe(box.Y2, 1e-3);
    }

    [Fact]
    public void Tall_image_is_centred_horizontally()
    {
        using var source = TestImages.Solid(100, 200, SKColors.White);

        using var letterboxed = Letterboxer.Letterbox(source, 64);

        letterboxed.Transform.ShouldBe(new LetterboxTransform(0.32f, 0.32f, 16, 0, 100, 200));
    }

    [Fact]
    public void Box_mapped_back_is_clamped_to_the_original_image()
    {
        var transform = new LetterboxTransform(0.5f, 0.5f, 0, 32, 256, 128);

        transform.ToSource(new BoundingBox(-10, 0, 140, 40)).ShouldBe(new BoundingBox(0, 0, 256, 16));
    }
}
