using System.Buffers.Binary;
using ShelfCloud.Vision.Inference;
using SkiaSharp;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>
/// The tiny test models (linked from the Vision tests' Assets) and shelf-like images made for them. The test
/// detector's boxes are constants in its 128×128 input (see make_test_models.py); its scores scale with the
/// image's brightness, so images here are white with coloured packs painted exactly where those boxes land.
/// </summary>
internal static class RecognitionAssets
{
    public static string Detector => Asset("detector.onnx");

    public static string Embedder => Asset("embedder.onnx");

    public static readonly SKColor Red = new(255, 0, 0);
    public static readonly SKColor Green = new(0, 255, 0);
    public static readonly SKColor Blue = new(0, 0, 255);
    public static readonly SKColor Yellow = new(255, 255, 0);

    /// <summary>The detector's boxes, highest score first, on a 256×128 image (letterboxed at scale 0.5, 32 rows of padding).</summary>
    public static readonly SKRect[] WideBoxes = [new(44, 2, 84, 62), new(162, 24, 222, 104), new(124, 0, 156, 20)];

    public static string Asset(string name) => Path.Combine(AppContext.BaseDirectory, "Assets", name);

    public static SessionOptionsFactory CpuSessions() =>
        new(new InferenceOptions { IntraOpThreads = 1, InterOpThreads = 1 }, message => throw new InvalidOperationException($"Unexpected warning: {message}"));

    /// <summary>A white image of <paramref name="scale"/> × 256×128 with one pack per detector box, in the given colours.</summary>
    public static SKBitmap Shelf(int scale, params SKColor[] packs)
    {
        var bitmap = Solid(256 * scale, 128 * scale, SKColors.White);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = false };
        for (var i = 0; i < packs.Length; i++)
        {
            paint.Color = packs[i];
            var box = WideBoxes[i];
            canvas.DrawRect(new SKRect(box.Left * scale, box.Top * scale, box.Right * scale, box.Bottom * scale), paint);
        }

        return bitmap;
    }

    public static SKBitmap Solid(int width, int height, SKColor color)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(color);
        return bitmap;
    }

    public static byte[] Png(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// The upright image stored as a camera held sideways writes it: pixels turned 90° anticlockwise and EXIF
    /// orientation 6 (turn 90° clockwise to display).
    /// </summary>
    public static byte[] SidewaysJpeg(SKBitmap upright)
    {
        using var stored = new SKBitmap(new SKImageInfo(upright.Height, upright.Width, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(stored))
        {
            canvas.Translate(0, upright.Width);
            canvas.RotateDegrees(-90);
            canvas.DrawBitmap(upright, SKRect.Create(upright.Width, upright.Height), new SKSamplingOptions(SKFilterMode.Nearest));
        }

        using var data = stored.Encode(SKEncodedImageFormat.Jpeg, 100);
        return WithExifOrientation(data.ToArray(), 6);
    }

    /// <summary>Inserts an APP1 EXIF segment holding only an Orientation tag right after the JPEG's SOI marker.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[26];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), orientation);
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
