using ShelfCloud.Vision.Imaging;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Imaging;

public class NchwTensorWriterTests
{
    private static readonly float[] Mean = [0.5f, 0.25f, 0f];
    private static readonly float[] Std = [0.5f, 0.25f, 2f];

    [Theory]
    [InlineData(SKColorType.Rgba8888)]
    [InlineData(SKColorType.Bgra8888)]
    public void Writes_planar_rgb_normalised_with_mean_and_std(SKColorType colorType)
    {
        using var image = new SKBitmap(new SKImageInfo(2, 2, colorType, SKAlphaType.Premul));
        image.SetPixel(0, 0, new SKColor(255, 0, 0));
        image.SetPixel(1, 0, new SKColor(0, 255, 0));
        image.SetPixel(0, 1, new SKColor(0, 0, 255));
        image.SetPixel(1, 1, new SKColor(51, 102, 204));
        var tensor = new float[12];

        NchwTensorWriter.Write(image, tensor, Mean, Std);

        float[] expected =
        [
            // R plane: (v/255 - 0.5) / 0.5
            1f, -1f, -1f, -0.6f,
            // G plane: (v/255 - 0.25) / 0.25
            -1f, 3f, -1f, 0.6f,
            // B plane: v/255 / 2
            0f, 0f, 0.5f, 0.4f,
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            tensor[i].ShouldBe(expected[i], 1e-5, $"element {i}");
        }
    }

    [Fact]
    public void Batch_item_is_written_into_its_own_slice_only()
    {
        using var image = TestImages.Solid(2, 2, SKColors.White);
        var batch = new float[3 * 12];
        Array.Fill(batch, 42f);

        NchwTensorWriter.WriteBatchItem(image, batch, 1, [0f, 0f, 0f], [1f, 1f, 1f]);

        batch[..12].ShouldAllBe(v => v == 42f);
        batch[12..24].ShouldAllBe(v => v == 1f);
        batch[24..].ShouldAllBe(v => v == 42f);
    }

    [Fact]
    public void Destination_of_the_wrong_length_is_refused()
    {
        using var image = TestImages.Solid(2, 2, SKColors.White);

        Should.Throw<ArgumentException>(() => NchwTensorWriter.Write(image, new float[11], Mean, Std));
    }
}
