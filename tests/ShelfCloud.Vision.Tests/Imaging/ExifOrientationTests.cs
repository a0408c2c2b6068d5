using ShelfCloud.Vision.Imaging;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Imaging;

public class ExifOrientationTests
{
    // Where the stored top-left pixel lands in the upright image, for a stored 4×2 image.
    [Theory]
    [InlineData(SKEncodedOrigin.TopRight, 4, 2, 3, 0)]
    [InlineData(SKEncodedOrigin.BottomRight, 4, 2, 3, 1)]
    [InlineData(SKEncodedOrigin.BottomLeft, 4, 2, 0, 1)]
    [InlineData(SKEncodedOrigin.LeftTop, 2, 4, 0, 0)]
    [InlineData(SKEncodedOrigin.RightTop, 2, 4, 1, 0)]
    [InlineData(SKEncodedOrigin.RightBottom, 2, 4, 1, 3)]
    [InlineData(SKEncodedOrigin.LeftBottom, 2, 4, 0, 3)]
    public void Every_orientation_moves_the_stored_corner_where_exif_says(SKEncodedOrigin origin, int width, int height, int x, int y)
    {
        using var stored = TestImages.Solid(4, 2, SKColors.Black);
        stored.SetPixel(0, 0, SKColors.Red);

        using var upright = ExifOrientation.ToUpright(stored, origin);

        upright.ShouldNotBeNull();
        (upright.Width, upright.Height).ShouldBe((width, height));
        upright.GetPixel(x, y).ShouldBe(SKColors.Red);
        ExifOrientation.SwapsDimensions(origin).ShouldBe(width != 4);
    }

    [Fact]
    public void Upright_image_is_left_alone()
    {
        using var stored = TestImages.Solid(4, 2, SKColors.Black);

        ExifOrientation.ToUpright(stored, SKEncodedOrigin.TopLeft).ShouldBeNull();
    }
}
