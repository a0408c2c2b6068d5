using System.Buffers.Binary;
using System.IO.Compression;

namespace ShelfCloud.Vision.Imaging;

/// <summary>
/// Checks a PNG completely without decoding it into pixels: the chunk sequence (IHDR first, every chunk inside the
/// file with a correct CRC where libpng insists on one, a palette before the data of a palette image, IDAT, an IEND
/// that ends it), then the image data itself, inflated as a stream through a small buffer: every row must start with
/// a valid filter type and the data must hold exactly the rows IHDR declares.
/// <para>
/// Why stream instead of decoding: PNG has no scaled decoding, so a decode of a 12 KB file declaring 100 megapixels
/// holds 400 MB. The stream holds 64 KB whatever the size, and what it costs is bounded by the file: deflate expands
/// at most about 1,032 times, so a small file that declares a huge image runs out of data after a few megabytes of
/// inflating and is refused as truncated.
/// </para>
/// </summary>
public static class PngStructureCheck
{
    private const int SignatureLength = 8;
    private const int ChunkOverhead = 12; // length, type, CRC

    /// <summary>Null when the PNG is sound; otherwise what is wrong, phrased to follow "The Png image ".</summary>
    public static string? FindDefect(ReadOnlySpan<byte> png)
    {
        var position = SignatureLength;
        var sawPalette = false;
        var imageData = new List<(int Start, int Length)>();
        Header? header = null;
        while (position + ChunkOverhead <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            var type = png.Slice(position + 4, 4);
            if (length > (uint)(png.Length - position - ChunkOverhead))
                return "is truncated";
            var data = png.Slice(position + 8, (int)length);
            var critical = (type[0] & 0x20) == 0;
            if (critical && BinaryPrimitives.ReadUInt32BigEndian(png[(position + 8 + (int)length)..]) != Crc32.Of(png.Slice(position + 4, 4 + (int)length)))
                return $"has a corrupt {System.Text.Encoding.ASCII.GetString(type)} chunk (CRC mismatch)";

            if (position == SignatureLength)
            {
                if (!type.SequenceEqual("IHDR"u8) || (header = Header.Read(data)) is null)
                    return "does not start with a valid IHDR chunk";
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                sawPalette = true;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                if (header!.ColourType == 3 && !sawPalette)
                    return "is a palette image without a palette";
                imageData.Add((position + 8, (int)length));
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                return imageData.Count == 0 ? "has no image data" : CheckImageData(png, imageData, header!);
            }

            position += ChunkOverhead + (int)length;
        }

        return "is truncated";
    }

    private static string? CheckImageData(ReadOnlySpan<byte> png, List<(int Start, int Length)> chunks, Header header)
    {
        var compressed = new byte[chunks.Sum(c => c.Length)];
        var at = 0;
        foreach (var (start, length) in chunks)
        {
            png.Slice(start, length).CopyTo(compressed.AsSpan(at));
            at += length;
        }

        using var inflater = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
        var buffer = new byte[65536];
        try
        {
            foreach (var (rows, rowBytes) in header.Passes())
            {
                for (long row = 0; row < rows; row++)
                {
                    if (!ReadExactly(inflater, buffer, 1) )
                        return "is truncated";
                    if (buffer[0] > 4)
                        return $"has a row with the invalid filter type {buffer[0]}";
                    for (var left = rowBytes; left > 0;)
                    {
                        var take = (int)Math.Min(left, buffer.Length);
                        if (!ReadExactly(inflater, buffer, take))
                            return "is truncated";
                        left -= take;
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
            return "has corrupt compressed image data";
        }

        return null;
    }

    private static bool ReadExactly(Stream stream, byte[] buffer, int count)
    {
        var read = stream.ReadAtLeast(buffer.AsSpan(0, count), count, throwOnEndOfStream: false);
        return read == count;
    }

    private sealed record Header(long Width, long Height, int BitDepth, int ColourType, bool Interlaced)
    {
        public static Header? Read(ReadOnlySpan<byte> ihdr)
        {
            if (ihdr.Length != 13)
                return null;
            var header = new Header(BinaryPrimitives.ReadUInt32BigEndian(ihdr), BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]),
                ihdr[8], ihdr[9], ihdr[12] == 1);
            var validDepth = header.ColourType switch
            {
                0 => header.BitDepth is 1 or 2 or 4 or 8 or 16,
                3 => header.BitDepth is 1 or 2 or 4 or 8,
                2 or 4 or 6 => header.BitDepth is 8 or 16,
                _ => false,
            };
            return validDepth && header.Width > 0 && header.Height > 0 && ihdr[10] == 0 && ihdr[11] == 0 && ihdr[12] <= 1 ? header : null;
        }

        private int Channels => ColourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

        /// <summary>(rows, bytes per row without the filter byte) of each pass: one pass, or Adam7's seven.</summary>
        public IEnumerable<(long Rows, long RowBytes)> Passes()
        {
            if (!Interlaced)
            {
                yield return (Height, RowBytesOf(Width));
                yield break;
            }

            (int X, int Y, int Dx, int Dy)[] adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
            foreach (var (x, y, dx, dy) in adam7)
            {
                var columns = (Width - x + dx - 1) / dx;
                var rows = (Height - y + dy - 1) / dy;
                if (columns > 0 && rows > 0)
                    yield return (rows, RowBytesOf(columns));
            }
        }

        private long RowBytesOf(long pixels) => (pixels * Channels * BitDepth + 7) / 8;
    }

    /// <summary>CRC-32 as PNG defines it (ISO 3309, polynomial 0xEDB88320).</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            return c;
        }).ToArray();

        public static uint Of(ReadOnlySpan<byte> data)
        {
            var crc = 0xFFFF_FFFFu;
            foreach (var b in data)
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return ~crc;
        }
    }
}
