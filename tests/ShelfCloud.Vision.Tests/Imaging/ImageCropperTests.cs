using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Imaging;

public class ImageCropperTests
{
    [Fact]
    public void Padding_is_a_fraction_of_the_box_and_is_clamped_to_the_image()
    {
        var region = ImageCropper.PaddedRegion(new BoundingBox(10, 10, 30, 50), 0.25f, 40, 40);

        region.ShouldBe(new SKRectI(5, 0, 35, 40));
    }

    [Fact]
    public void Fractional_box_is_rounded_outwards()
    {
        ImageCropper.PaddedRegion(new BoundingBox(1.5f, 2.2f, 3.1f, 4.9f), 0, 10, 10).ShouldBe(new SKRectI(1, 2, 4, 5));
    }

    [Fact]
    public void Crop_copies_the_region_pixels()
    {
        using var image = TestImages.Quadrants(40, 40, SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.White);

        using var crop = ImageCropper.Crop(image, new BoundingBox(15, 15, 25, 25), 0.5f);

        (crop.Width, crop.Height).ShouldBe((20, 20));
        crop.GetPixel(0, 0).ShouldBe(SKColors.Red);
        crop.GetPixel(19, 0).ShouldBe(SKColors.Lime);
        crop.GetPixel(0, 19).ShouldBe(SKColors.Blue);
        crop.GetPixel(19, 19).ShouldBe(SKColors.White);
    }

    [Fact]
    public void Box_outside_the_image_is_refused()
    {
        Should.Throw<ArgumentException>(() => ImageCropper.PaddedRegion(new BoundingBox(50, 50, 60, 60), 0, 40, 40));
    }

    [Fact]
    public void Resize_gives_the_exact_size()
    {
        using var image = TestImages.Solid(123, 45, SKColors.Navy);

        using var resized = ImageResizer.Resize(image, 32, 32);

        (resized.Width, resized.Height).ShouldBe((32, 32));
        resized.GetPixel(16, 16).ShouldBe(SKColors.Navy);
    }
}
