using System.Buffers.Binary;
using SkiaSharp;

namespace ShelfCloud.TestSupport;

/// <summary>Images made in the test: solid colours, quadrants, noise, encoded files, and hand-crafted headers.</summary>
public static class TestImages
{
    public static SKBitmap Solid(int width, int height, SKColor color)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(color);
        return bitmap;
    }

    /// <summary>Four solid quadrants: top-left, top-right, bottom-left, bottom-right.</summary>
    public static SKBitmap Quadrants(int width, int height, SKColor topLeft, SKColor topRight, SKColor bottomLeft, SKColor bottomRight)
    {
        var bitmap = Solid(width, height, SKColors.Black);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = false };
        var (halfW, halfH) = (width / 2f, height / 2f);
        foreach (var (color, x, y) in new[] { (topLeft, 0f, 0f), (topRight, halfW, 0f), (bottomLeft, 0f, halfH), (bottomRight, halfW, halfH) })
        {
            paint.Color = color;
            canvas.DrawRect(SKRect.Create(x, y, halfW, halfH), paint);
        }

        return bitmap;
    }

    /// <summary>Deterministic noise, so that a JPEG of it has plenty of entropy-coded data to truncate.</summary>
    public static SKBitmap Noise(int width, int height, int seed)
    {
        var bitmap = Solid(width, height, SKColors.Black);
        var random = new Random(seed);
        random.NextBytes(bitmap.GetPixelSpan());
        var pixels = bitmap.GetPixelSpan();
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 95)
    {
        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia cannot encode {format}.");
        return data.ToArray();
    }

    /// <summary>Encodes in the format a file extension names (.jpg/.jpeg, .webp, anything else PNG), at quality 95.</summary>
    public static byte[] EncodeAs(SKBitmap bitmap, string extension) => Encode(bitmap, extension.ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
        ".webp" => SKEncodedImageFormat.Webp,
        _ => SKEncodedImageFormat.Png,
    });

    public static byte[] Png(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Png, 100);

    /// <summary>A solid-colour PNG: a packshot for reference images.</summary>
    public static byte[] SolidPng(int width, int height, SKColor color)
    {
        using var bitmap = Solid(width, height, color);
        return Png(bitmap);
    }

    /// <summary>A small JPEG whose pixels depend on <paramref name="seed"/>, so different seeds give different bytes.</summary>
    public static byte[] Jpeg(int width = 64, int height = 48, int seed = 1)
    {
        using var bitmap = Noise(width, height, seed);
        return Encode(bitmap, SKEncodedImageFormat.Jpeg, 90);
    }

    /// <summary>A small PNG of noise.</summary>
    public static byte[] Png(int width = 32, int height = 24)
    {
        using var bitmap = Noise(width, height, 3);
        return Png(bitmap);
    }

    /// <summary>A JPEG of noise cut in half: the header is intact, the entropy-coded data is not.</summary>
    public static byte[] TruncatedJpeg()
    {
        var jpeg = Jpeg(128, 128, seed: 9);
        return jpeg[..(jpeg.Length / 2)];
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

        return WithExifOrientation(Encode(stored, SKEncodedImageFormat.Jpeg, 100), 6);
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
        // Bytes 22..25: no next IFD.

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
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
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Rewrites the width and height in a JPEG's first SOF segment.</summary>
    public static byte[] WithJpegFrameSize(byte[] jpeg, ushort width, ushort height)
    {
        var patched = (byte[])jpeg.Clone();
        var position = 2;
        while (position < patched.Length - 9)
        {
            var marker = patched[position + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(patched.AsSpan(position + 2));
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(patched.AsSpan(position + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(patched.AsSpan(position + 7), width);
                return patched;
            }

            position += 2 + length;
        }

        throw new InvalidOperationException("No SOF segment found.");
    }
}
