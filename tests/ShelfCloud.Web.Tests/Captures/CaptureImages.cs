using System.Buffers.Binary;
using SkiaSharp;

namespace ShelfCloud.Web.Tests.Captures;

/// <summary>Images made in the test with SkiaSharp, and hand-crafted headers (copied from the Vision tests' TestImages).</summary>
internal static class CaptureImages
{
    /// <summary>A small JPEG whose pixels depend on <paramref name="seed"/>, so different seeds give different bytes.</summary>
    public static byte[] Jpeg(int width = 64, int height = 48, int seed = 1)
    {
        using var bitmap = Noise(width, height, seed);
        return Encode(bitmap, SKEncodedImageFormat.Jpeg);
    }

    public static byte[] Png(int width = 32, int height = 24)
    {
        using var bitmap = Noise(width, height, 3);
        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>A JPEG of noise cut in half: the header is intact, the entropy-coded data is not.</summary>
    public static byte[] TruncatedJpeg()
    {
        var jpeg = Jpeg(128, 128, seed: 9);
        return jpeg[..(jpeg.Length / 2)];
    }

    public static SKBitmap Noise(int width, int height, int seed)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        new Random(seed).NextBytes(bitmap.GetPixelSpan());
        var pixels = bitmap.GetPixelSpan();
        for (var i = 3; i < pixels.Length; i += 4)
            pixels[i] = 255;
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 90)
    {
        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia cannot encode {format}.");
        return data.ToArray();
    }

    /// <summary>Inserts an APP1 EXIF segment holding only an Orientation tag right after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[8 + 2 + 12 + 4];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8); // offset of IFD0
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1); // one entry
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3); // SHORT
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1); // count
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), orientation);

        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>A PNG signature, an IHDR chunk with a valid CRC declaring the given size, and IEND: no pixel data at all.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var png = new List<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        AddChunk(png, "IHDR", ihdr);
        AddChunk(png, "IEND", []);
        return [.. png];
    }

    private static void AddChunk(List<byte> png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.AddRange(length);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.AddRange(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.AddRange(crc);
    }

    // The PNG chunk CRC (ISO 3309, reflected polynomial 0xEDB88320).
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return ~crc;
    }
}
