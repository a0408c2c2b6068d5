using ShelfCloud.Infrastructure.Tests.Recognition;
using SkiaSharp;
using static ShelfCloud.Infrastructure.Tests.Recognition.RecognitionAssets;

namespace ShelfCloud.Infrastructure.Tests.Jobs;

/// <summary>Images the tiny test detector finds products on.</summary>
internal static class ShelfImages
{
    /// <summary>A white 256×128 shelf with three packs where the detector's boxes land: every capture of it gets the same detections.</summary>
    public static readonly byte[] Png = Encode();

    /// <summary>A packshot: one colour, for reference images.</summary>
    public static byte[] Packshot(SKColor colour)
    {
        using var bitmap = Solid(64, 96, colour);
        return RecognitionAssets.Png(bitmap);
    }

    private static byte[] Encode()
    {
        using var shelf = Shelf(1, Red, Green, Blue);
        return RecognitionAssets.Png(shelf);
    }
}
