using ShelfCloud.TestSupport;
using SkiaSharp;
using static ShelfCloud.TestSupport.TestShelves;

namespace ShelfCloud.Infrastructure.Tests.Jobs;

/// <summary>Images the tiny test detector finds products on.</summary>
internal static class ShelfImages
{
    /// <summary>A white 256×128 shelf with three packs where the detector's boxes land: every capture of it gets the same detections.</summary>
    public static readonly byte[] Png = ShelfPng(1, Red, Green, Blue);

    /// <summary>A packshot: one colour, for reference images.</summary>
    public static byte[] Packshot(SKColor colour) => TestImages.SolidPng(64, 96, colour);
}
